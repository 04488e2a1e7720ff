"""Shared mechanics: how well actions fit places, and how effects change a state.

Pure functions over batched arrays; `apply_effects` fills in a working
copy of the state that `step` owns.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from engine.model import CONDITIONS
from engine.state import State
from engine.tables import EFFECT_INDEX, Tables

F64 = NDArray[np.float64]
_C = len(CONDITIONS)
_INFL = EFFECT_INDEX["influence"]
_ORG = EFFECT_INDEX["organisation"]


def fit_table(tables: Tables, cond: F64, influence: F64, organisation: F64) -> F64:
    """Fit of every action in every region, 0..1, shape (B, A, R).

    National actions are judged on the average over regions, so every
    region shows the same value for them.
    """
    raw = (tables.fit_base[None, :, None]
           + np.einsum("brc,ac->bar", cond, tables.fit_cond)
           + tables.fit_influence[None, :, None] * influence[:, None, :]
           + tables.fit_organisation[None, :, None] * organisation[:, None, :])
    national = tables.national
    if national.any():
        raw[:, national, :] = raw[:, national, :].mean(axis=2, keepdims=True)
    return np.clip(raw, 0.0, 1.0)


def fit_one(tables: Tables, cond: F64, influence: F64, organisation: F64,
            action: NDArray[np.int64], region: NDArray[np.int64]) -> F64:
    """Fit of one chosen action and region per game, shape (B,). Actions < 0 give 0."""
    a = np.maximum(action, 0)
    rows = np.arange(cond.shape[0])
    national = tables.national[a]
    c = np.where(national[:, None], cond.mean(axis=1), cond[rows, np.maximum(region, 0)])
    infl = np.where(national, influence.mean(axis=1), influence[rows, np.maximum(region, 0)])
    org = np.where(national, organisation.mean(axis=1),
                   organisation[rows, np.maximum(region, 0)])
    raw = (tables.fit_base[a] + (c * tables.fit_cond[a]).sum(axis=1)
           + tables.fit_influence[a] * infl + tables.fit_organisation[a] * org)
    return np.where(action >= 0, np.clip(raw, 0.0, 1.0), 0.0)


def apply_effects(s: State, who: NDArray[np.bool_], vec: F64, region_mask: NDArray[np.bool_],
                  scale: F64 | float = 1.0, lasting: NDArray[np.bool_] | bool = False) -> None:
    """Apply effect vectors `vec` (K,) or (B, K) to the games in `who`, in place on `s`.

    Regional effects act where `region_mask` (R,) or (B, R) is true; numeric
    effects are multiplied by `scale`; sanction turns are not. Lasting
    condition changes move the long-run level too, so drift keeps them.
    """
    n = s.size
    vec = np.broadcast_to(vec, (n, vec.shape[-1]))
    k = np.where(who, np.broadcast_to(scale, (n,)), 0.0)[:, None] * vec
    mask = np.broadcast_to(region_mask, s.influence.shape).astype(np.float64)
    cond_delta = k[:, None, :_C] * mask[:, :, None]
    s.cond[:] = np.clip(s.cond + cond_delta, 0.0, 1.0)
    lasting_arr = np.broadcast_to(np.asarray(lasting), (n,))
    s.anchor[:] = np.clip(s.anchor + cond_delta * lasting_arr[:, None, None], 0.0, 1.0)
    s.influence[:] = np.clip(s.influence + k[:, _INFL, None] * mask, 0.0, 1.0)
    s.organisation[:] = np.clip(s.organisation + k[:, _ORG, None] * mask, 0.0, 1.0)
    s.members[:] = np.maximum(s.members * (1.0 + k[:, EFFECT_INDEX["members"]]), 0.0)
    s.cadres[:] = np.maximum(s.cadres * (1.0 + k[:, EFFECT_INDEX["cadres"]]), 0.0)
    s.funds[:] = np.maximum(s.funds + k[:, EFFECT_INDEX["funds"]], 0.0)
    s.informers[:] = np.maximum(s.informers + k[:, EFFECT_INDEX["informers"]], 0.0)
    for name in ("unity", "trust", "security", "training", "dogmatism"):
        arr = getattr(s, name)
        arr[:] = np.clip(arr + k[:, EFFECT_INDEX[name]], 0.0, 1.0)
    for name in ("envoy_turns", "funds_cut_turns", "channel_cut_turns"):
        arr = getattr(s, name)
        turns = np.where(who, vec[:, EFFECT_INDEX[name]], 0).astype(np.int64)
        arr[:] = np.maximum(arr, turns)


def sigmoid(x: F64) -> F64:
    result: F64 = 1.0 / (1.0 + np.exp(-x))
    return result
