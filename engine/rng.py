"""Keyed randomness: every draw is a pure function of (game key, turn, purpose, slot).

Pure. Each game gets a 64-bit key from the seed (through numpy's
`SeedSequence`) and its index, so game *i* of a batch draws exactly what the
same game played alone draws. Per-turn draws are then a counter-based hash (the
SplitMix64 finaliser) of the key and the draw's coordinates, vectorised
over the batch: building a numpy Generator per game per turn would cost a
hundred times more in a 10,000-game batch, and this needs no generator
state in the game state, so a replay can re-derive any draw on its own.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_TURN = np.uint64(0xD6E8FEB86659FD93)
_PURPOSE = np.uint64(0xA0761D6478BD642F)


class Purpose(IntEnum):
    """What a draw is for; each purpose has its own stream."""

    DRIFT = 1
    EVENT = 2
    SUCCESS = 3
    SETBACK = 4
    LEAK = 5
    LEAK_REGION = 6
    ALLY_TURN = 7
    SPLIT = 8
    POLICY = 9
    VIEW = 10


SEED_MAX = 2**63 - 1  # seeds are whole numbers from 0 to this
GAME_MAX = 2**32 - 1  # and game indices from 0 to this


def game_keys(seed: int, first_game: int, n: int) -> NDArray[np.uint64]:
    """The 64-bit keys of games first_game .. first_game + n - 1 under `seed`.

    The seed goes through numpy's SeedSequence once; each game's key is then
    a hash of that root and the game's index, so a key depends on nothing
    else and 100,000 keys cost no more than one.
    """
    root = np.random.SeedSequence(seed).generate_state(2, np.uint64)
    games = np.arange(first_game, first_game + n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return _mix(_mix(root[0] + games * _GOLDEN) ^ root[1])


def _mix(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


def uniform(keys: NDArray[np.uint64], turn: int, purpose: Purpose,
            slots: int = 1) -> NDArray[np.float64]:
    """Draws in [0, 1) of shape (batch, slots) for this turn and purpose."""
    with np.errstate(over="ignore"):
        base = keys ^ (np.uint64(turn + 1) * _TURN) ^ (np.uint64(int(purpose)) * _PURPOSE)
        counter = (np.arange(1, slots + 1, dtype=np.uint64) * _GOLDEN)[None, :]
        bits = _mix(_mix(base[:, None] + counter))
    return (bits >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)
