"""The game state: numpy arrays with a leading batch axis, never changed in place.

Pure. A single game is a batch of one. `State.copy()` gives the mutable
working copy that `step` fills in; everything else treats a State as a
value. `digest` hashes one game's state for replays and tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]


@dataclass(frozen=True)
class State:
    """Every game of a batch at the opening of turn `turn` (phases 1 and 2 done)."""

    turn: int
    game: I64  # game index within its seed: game i of a batch is game i played alone
    keys: NDArray[np.uint64]
    # conditions (B, R, C): now, and the long-run level they drift back to
    cond: F64
    anchor: F64
    # the party, per region (B, R) and national (B,)
    influence: F64
    organisation: F64
    members: F64
    cadres: F64
    funds: F64
    unity: F64
    trust: F64
    security: F64
    training: F64
    dogmatism: F64
    informers: F64
    # the Centre: its picture now, and rings (B, lag + 1, ...) of what couriers carry;
    # a report is (R, C + 2): the conditions, then the party's influence and organisation
    picture: F64
    report_ring: F64
    picture_ring: F64
    strength_ring: F64  # (B, lag + 1, 2, R): the influence and organisation the Centre used
    directive_action: I64  # -1: no directive (before the Centre exists)
    directive_region: I64
    directive_sent: I64
    directive_initiative: I64  # the historical initiative it carries out, -1 none
    memory_ring: F64  # (B, lag + 1, A): the Centre's memory of its orders when it sent each
    memory: F64  # (B, A) the Centre's recent orders of each action, fading
    # what the party consulted about, for the revised card: directive and picture
    prior_action: I64
    prior_region: I64
    prior_picture: F64  # (B, R, C)
    # sanctions and situation
    envoy_turns: I64
    funds_cut_turns: I64
    channel_cut_turns: I64
    consulted: B
    ally_turned: B
    alive: B
    fired: B  # (B, E) events that have fired
    fired_now: B  # (B, E) events that fired at this turn's opening
    damage_taken: F64  # (B, E) share of each event's damage the party took when it fired
    event_changes: F64  # (B, E, 3) what each event of this opening did to members, cadres, funds
    # counters for outcomes and the debrief
    setbacks: I64
    envoys: I64
    replacements: I64
    start_members: F64
    peak_members: F64
    last_response: I64  # the response carried out last turn (-1 before the first)

    @property
    def size(self) -> int:
        return int(self.game.shape[0])

    def copy(self) -> State:
        """A deep copy whose arrays the engine may fill in."""
        arrays: dict[str, Any] = {f.name: np.array(getattr(self, f.name), copy=True)
                                  for f in fields(self)
                                  if isinstance(getattr(self, f.name), np.ndarray)}
        return replace(self, **arrays)

    def select(self, index: int) -> State:
        """Game `index` of the batch, as a batch of one."""
        arrays: dict[str, Any] = {f.name: getattr(self, f.name)[index:index + 1].copy()
                                  for f in fields(self)
                                  if isinstance(getattr(self, f.name), np.ndarray)}
        return replace(self, **arrays)


def concat(states: Sequence[State]) -> State:
    """Batches of games at the same turn, as one batch."""
    first = states[0]
    arrays: dict[str, Any] = {f.name: np.concatenate([getattr(s, f.name) for s in states])
                              for f in fields(first)
                              if isinstance(getattr(first, f.name), np.ndarray)}
    return replace(first, **arrays)


def digest(state: State, index: int = 0) -> str:
    """A short hash of game `index`: equal states, equal digests (`digests`)."""
    return digests(state, [index])[0]


def digests(state: State, games: Sequence[int]) -> list[str]:
    """A short hash of each of `games`: equal states, equal digests.

    Floats are rounded to 1e-9 so that a last-bit difference in a maths
    library on another machine does not read as a divergence. Each field is
    rounded once for all the games.
    """
    hashes = [hashlib.sha256(str(state.turn).encode()) for _ in games]
    for f in fields(state):
        value: Any = getattr(state, f.name)
        if not isinstance(value, np.ndarray) or f.name == "keys":
            continue
        rows = value[list(games)]
        if rows.dtype.kind == "f":
            rows = np.round(rows, 9) + 0.0  # + 0.0 folds -0.0 into 0.0
        rows = np.ascontiguousarray(rows)
        name = f.name.encode()
        for h, row in zip(hashes, rows, strict=True):
            h.update(name)
            h.update(row.tobytes())
    return [h.hexdigest()[:16] for h in hashes]
