"""What the party's leadership sees of its own country: the view players and policies act on.

Pure. The party knows its regions better than Moscow does, but not
perfectly: a dogmatic leadership with little Moscow training takes the
Centre's picture for its own, so its view leans toward that picture by
dogmatism x (1 - training); and every leadership misjudges a little, the
less the better trained (`rules.party.view_noise`). Everything a player is shown as "the party
sees", and every lab policy that is not an oracle, reads this view and
never the true conditions.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from engine.game import arriving_slot
from engine.mechanics import fit_one, fit_table
from engine.rng import Purpose, uniform
from engine.state import State
from engine.tables import Tables

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def party_view(tables: Tables, state: State) -> F64:
    """Conditions as each game's party sees them, (B, R, C).

    Besides the lean toward Moscow's picture, the leadership misjudges each
    condition by its own error, drawn fresh each turn from the game's keyed
    stream and smaller the better trained its cadres are.
    """
    k = (state.dogmatism * (1.0 - state.training))[:, None, None]
    pic = state.picture_ring[:, arriving_slot(tables, state.turn)]
    n, r, c = state.cond.shape
    spread = tables.scenario.rules.party.view_noise * (1.0 - state.training)[:, None, None]
    error = (uniform(state.keys, state.turn, Purpose.VIEW, r * c).reshape(n, r, c) - 0.5)
    result: F64 = np.clip((1.0 - k) * state.cond + k * pic + spread * np.sqrt(12.0) * error,
                          0.0, 1.0)
    return result


def view_fits(tables: Tables, state: State) -> F64:
    """The fit of every action in every region as the party sees it, (B, A, R)."""
    return fit_table(tables, party_view(tables, state), state.influence, state.organisation)


def best_of(tables: Tables, state: State, fit: F64,
            within_line: bool = True) -> tuple[I64, I64, F64]:
    """Per game, the action and region with the highest `fit` (B, A, R), and that fit.

    With `within_line` only the actions the current line allows.
    """
    if within_line:
        line = tables.line_of_turn[state.turn]
        fit = np.where(tables.allowed[line][None, :, None], fit, -1.0)
    flat = fit.reshape(state.size, -1)
    best = flat.argmax(axis=1)
    n_regions = len(tables.regions)
    return best // n_regions, best % n_regions, flat[np.arange(state.size), best]


def best_seen(tables: Tables, state: State, within_line: bool = True) -> tuple[I64, I64, F64]:
    """Per game, the action and region that fit best in the party's view, and that fit.

    With `within_line` only the actions the current line allows (adapting);
    without, any action (defying).
    """
    return best_of(tables, state, view_fits(tables, state), within_line)


def arriving_fit(tables: Tables, state: State, cond: F64) -> F64:
    """The fit under conditions `cond` (B, R, C) of the directive arriving now (0 if none)."""
    slot = arriving_slot(tables, state.turn)
    return fit_one(tables, cond, state.influence, state.organisation,
                   state.directive_action[:, slot], state.directive_region[:, slot])


def directive_seen_fit(tables: Tables, state: State) -> F64:
    """The fit of the arriving directive as the party sees it (0 where there is none)."""
    return arriving_fit(tables, state, party_view(tables, state))
