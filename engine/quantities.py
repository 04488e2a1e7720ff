"""Named quantities of a game, for triggers, goals, outcomes and scores.

Pure. A quantity is regional (one value per region, read through a
selector: a region id, or mean, min or max) or national. Every value is
computed for the whole batch at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from engine.model import CONDITIONS, NATIONAL, Trigger

if TYPE_CHECKING:
    from engine.state import State

REGION_SELECTORS = ("mean", "min", "max")
NATIONAL_EXTRA = ("informers", "members_ratio", "members_of_peak", "alive", "setbacks", "envoys",
                  "replacements",
                  "ally_turned")
SHARE_QUANTITIES = (*CONDITIONS, "influence", "organisation", "unity", "trust", "security",
                    "training", "dogmatism", "alive", "ally_turned")


def quantity_kind(name: str) -> str | None:
    """'regional', 'national', or None for an unknown name."""
    if name in CONDITIONS or name in ("influence", "organisation"):
        return "regional"
    if name in NATIONAL or name in NATIONAL_EXTRA:
        return "national"
    return None


def regional_values(state: State, name: str) -> NDArray[np.float64]:
    """A regional quantity for every game and region, shape (B, R)."""
    if name in CONDITIONS:
        return state.cond[:, :, CONDITIONS.index(name)]
    value: NDArray[np.float64] = getattr(state, name)
    return value


def value(state: State, name: str, region: str = "mean",
          regions: list[str] | None = None) -> NDArray[np.float64]:
    """The quantity `name` for every game of the batch, shape (B,)."""
    if quantity_kind(name) == "regional":
        per_region = regional_values(state, name)
        reduced: NDArray[np.float64]
        if region in REGION_SELECTORS:
            reduced = getattr(per_region, region)(axis=1)
        else:
            assert regions is not None, "a region id needs the scenario's region list"
            reduced = per_region[:, regions.index(region)]
        return reduced
    if name == "members_ratio":
        return state.members / np.maximum(state.start_members, 1.0)
    if name == "members_of_peak":
        return state.members / np.maximum(state.peak_members, 1.0)
    raw: NDArray[np.float64] = np.asarray(getattr(state, name), dtype=np.float64)
    return raw


Compare = Callable[[NDArray[np.float64], float], NDArray[np.bool_]]
_OPS: dict[str, Compare] = {
    "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
    "==": np.isclose, "!=": lambda a, b: ~np.isclose(a, b),
}


def holds(state: State, triggers: list[Trigger], regions: list[str]) -> NDArray[np.bool_]:
    """Whether all triggers hold, for every game: shape (B,). No triggers: all true."""
    out = np.ones(state.size, dtype=bool)
    for trig in triggers:
        out &= _OPS[trig.op](value(state, trig.quantity, trig.region, regions), trig.value)
    return out
