"""The Far from Moscow simulation engine: pure, deterministic, batched.

No pygame, no printing, no clock. The modules, by what they hold:
`model` (the scenario format), `loader`/`checks`/`yamlsafe` (reading it
safely), `tables` (compiled rule tables), `state`, `game` (new_game, step),
`centre`, `mechanics`, `orders`, `explain`, `record` (the game record).
"""

__version__ = "0.2.0"
