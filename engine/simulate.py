"""Many games at once: run a policy over a batch and summarise the outcomes as tidy rows.

Pure. A row carries everything needed to reproduce it (scenario and its
hash, policy, rigidity, seed, number of games) beside the statistics, so a
table of rows is its own record. The same engine plays these games as a
single player's: there is no separate fast path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.game import new_game, step
from engine.loader import content_hash
from engine.outcomes import categories, scores
from engine.policies import POLICIES, Policy
from engine.state import State
from engine.tables import Tables

Progress = Callable[[int, int], None]  # (turns done, turns in all)


def run_batch(tables: Tables, policy: Policy, seed: int, games: int,
              progress: Progress | None = None) -> State:
    """Play `games` games of `seed` to the end under `policy`; return the final states."""
    state = new_game(tables, seed, games)
    while state.turn < tables.n_turns and state.alive.any():
        state, _ = step(tables, state, policy(tables, state))
        if progress:
            progress(state.turn, tables.n_turns)
    return state


def _spread(values: NDArray[np.float64]) -> dict[str, float]:
    return {"mean": float(values.mean()), "sd": float(values.std()),
            "p10": float(np.percentile(values, 10)), "p90": float(np.percentile(values, 90))}


def summarise(tables: Tables, policy: str, seed: int, state: State) -> dict[str, Any]:
    """One tidy row: the parameters of the run and the statistics of its games."""
    sc = tables.scenario
    cats = categories(tables, state)
    historical = [c.id for c in sc.outcomes].index(sc.historical.outcome)
    row: dict[str, Any] = {
        "scenario": sc.id, "scenario_hash": content_hash(sc), "policy": policy,
        "rigidity": tables.settings.rigidity, "seed": seed, "games": state.size,
        "survival": float(state.alive.mean()),
        "historical_outcome": float((cats == historical).mean()),
    }
    stats = {
        "score": scores(tables, state), "members": state.members,
        "influence": state.influence.mean(axis=1), "organisation": state.organisation.mean(axis=1),
        "setbacks": state.setbacks.astype(np.float64), "envoys": state.envoys.astype(np.float64),
        "trust": state.trust,
    }
    for name, values in stats.items():
        for stat, number in _spread(values).items():
            row[f"{name}_{stat}"] = round(number, 4)
    for k, category in enumerate(sc.outcomes):
        row[f"outcome_{category.id}"] = float((cats == k).mean())
    return row


def simulate(tables: Tables, policy: str, seed: int, games: int,
             progress: Progress | None = None) -> dict[str, Any]:
    """Run `policy` (a name from `POLICIES`) and return its summary row."""
    state = run_batch(tables, POLICIES[policy], seed, games, progress)
    return summarise(tables, policy, seed, state)
