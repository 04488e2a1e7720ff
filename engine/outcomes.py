"""How games end, for a whole batch at once: outcome category and score.

Pure. The scenario defines both: its outcome categories (the first whose
triggers all hold) and its score terms. The single-game view in
`engine.explain.outcome` and the batch statistics of `engine.simulate` both
read these functions, so they can never disagree.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from engine.quantities import holds, value
from engine.state import State
from engine.tables import Tables


def categories(tables: Tables, state: State) -> NDArray[np.int64]:
    """Index into `scenario.outcomes` of each game's category, shape (B,)."""
    outcomes = tables.scenario.outcomes
    result = np.full(state.size, len(outcomes) - 1, dtype=np.int64)
    open_ = np.ones(state.size, dtype=bool)
    for k, category in enumerate(outcomes):
        hit = open_ & holds(state, category.when, tables.regions)
        result[hit] = k
        open_ &= ~hit
    return result


def score_parts(tables: Tables, state: State) -> NDArray[np.float64]:
    """What each of the scenario's score terms gives each game, shape (B, T); rows sum to
    `scores`."""
    parts = np.zeros((state.size, len(tables.scenario.score)))
    for k, term in enumerate(tables.scenario.score):
        v = value(state, term.quantity, term.region, tables.regions)
        parts[:, k] = term.weight * np.clip(v / term.scale, 0.0, 1.0)
    return parts


def scores(tables: Tables, state: State) -> NDArray[np.float64]:
    """Each game's score by the scenario's own terms, shape (B,)."""
    total: NDArray[np.float64] = score_parts(tables, state).sum(axis=1)
    return total
