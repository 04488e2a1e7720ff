"""Shared mechanics: how well actions fit places, and how effects change a state.

Pure functions over batched arrays; `apply_effects` fills in a working
copy of the state that `step` owns.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from engine.model import CONDITIONS
from engine.state import State
from engine.tables import EFFECT_FIELDS, EFFECT_INDEX, Tables

F64 = NDArray[np.float64]
_C = len(CONDITIONS)
_INFL = EFFECT_INDEX["influence"]
_ORG = EFFECT_INDEX["organisation"]
_SANCTIONS = ("envoy_turns", "funds_cut_turns", "channel_cut_turns")


def fit_table(tables: Tables, cond: F64, influence: F64, organisation: F64) -> F64:
    """Fit of every action in every region, 0..1, shape (B, A, R).

    National actions are judged on the average over regions, so every
    region shows the same value for them.
    """
    # Computed in (B, R, A) layout as one matrix product, several times faster
    # over a large batch than einsum; the result is a transposed view.
    by_region = np.tensordot(cond, tables.fit_cond, axes=([2], [1]))
    by_region += tables.fit_base[None, None, :]
    by_region += tables.fit_influence[None, None, :] * influence[:, :, None]
    by_region += tables.fit_organisation[None, None, :] * organisation[:, :, None]
    raw = by_region.transpose(0, 2, 1)
    national = tables.national
    if national.any():
        raw[:, national, :] = raw[:, national, :].mean(axis=2, keepdims=True)
    result: F64 = np.clip(raw, 0.0, 1.0)
    return result


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
    result: F64 = np.where(action >= 0, np.clip(raw, 0.0, 1.0), 0.0)
    return result


def apply_effects(s: State, who: NDArray[np.bool_], vec: F64, region_mask: NDArray[np.bool_],
                  scale: F64 | float = 1.0, lasting: NDArray[np.bool_] | bool = False) -> None:
    """Apply effect vectors `vec` (K,) or (B, K) to the games in `who`, in place on `s`.

    Regional effects act where `region_mask` (R,) or (B, R) is true; numeric
    effects are multiplied by `scale`; sanction turns are not. Lasting
    condition changes move the long-run level too, so drift keeps them.
    Only the games and fields concerned are touched: most effects reach few
    games of a large batch.
    """
    rows = np.flatnonzero(who)
    if rows.size == 0:
        return
    n = s.size
    raw = vec[rows] if vec.ndim == 2 else np.broadcast_to(vec, (rows.size, vec.shape[-1]))
    k = np.broadcast_to(np.asarray(scale, dtype=np.float64), (n,))[rows][:, None] * raw
    active = np.flatnonzero((raw != 0).any(axis=0))
    if active.size == 0:
        return
    mask = np.broadcast_to(region_mask, (n, s.influence.shape[1]))[rows].astype(np.float64)
    keep = np.broadcast_to(np.asarray(lasting), (n,))[rows]
    for field in active:
        if field < _C:
            delta = k[:, field, None] * mask
            s.cond[rows, :, field] = np.clip(s.cond[rows, :, field] + delta, 0.0, 1.0)
            if keep.any():
                moved = np.clip(s.anchor[rows, :, field] + delta * keep[:, None], 0.0, 1.0)
                s.anchor[rows, :, field] = moved
        elif field in (_INFL, _ORG):
            arr = s.influence if field == _INFL else s.organisation
            arr[rows] = np.clip(arr[rows] + k[:, field, None] * mask, 0.0, 1.0)
        else:
            name = EFFECT_FIELDS[field]
            arr = getattr(s, name)
            if name in ("members", "cadres"):
                arr[rows] = np.maximum(arr[rows] * (1.0 + k[:, field]), 0.0)
            elif name in ("funds", "informers"):
                arr[rows] = np.maximum(arr[rows] + k[:, field], 0.0)
            elif name in _SANCTIONS:
                arr[rows] = np.maximum(arr[rows], raw[:, field].astype(np.int64))
            else:
                arr[rows] = np.clip(arr[rows] + k[:, field], 0.0, 1.0)


def sigmoid(x: F64) -> F64:
    result: F64 = 1.0 / (1.0 + np.exp(-x))
    return result
