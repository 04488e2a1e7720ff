"""A seed and the orders reproduce a game exactly; game i of a batch is game i alone."""

from __future__ import annotations

import numpy as np

from engine.game import new_game, step
from engine.policies import always_adapt, random_orders
from engine.state import digest


def play(tables, seed, n, first_game=0, turns=None):
    s = new_game(tables, seed, n, first_game)
    hashes = [[digest(s, i)] for i in range(n)]
    for _ in range(turns or tables.n_turns):
        s, _ = step(tables, s, random_orders(tables, s))
        for i in range(n):
            hashes[i].append(digest(s, i))
    return s, hashes


def test_same_seed_same_game(germany):
    _, a = play(germany, 42, 3)
    _, b = play(germany, 42, 3)
    assert a == b


def test_other_seed_other_game(germany):
    _, a = play(germany, 42, 1, turns=8)
    _, b = play(germany, 43, 1, turns=8)
    assert a[0][-1] != b[0][-1]


def test_game_i_of_a_batch_equals_game_i_alone(germany):
    batch, batch_hashes = play(germany, 9, 16)
    for i in (0, 5, 15):
        alone, alone_hashes = play(germany, 9, 1, first_game=i)
        assert alone_hashes[0] == batch_hashes[i]
        assert np.array_equal(alone.members, batch.members[i:i + 1])


def test_games_of_a_batch_differ(germany):
    _, hashes = play(germany, 9, 4, turns=10)
    assert len({h[-1] for h in hashes}) == 4


def test_a_game_in_a_large_batch_equals_it_alone(germany):
    """Large batches take other numerical paths (BLAS blocking); results must not change."""
    picks = (0, 4321, 9999)
    big = new_game(germany, 5, 10_000)
    alone = [new_game(germany, 5, 1, first_game=g) for g in picks]
    for _ in range(3):
        big, _ = step(germany, big, always_adapt(germany, big))
        alone = [step(germany, s, always_adapt(germany, s))[0] for s in alone]
    assert [digest(big, g) for g in picks] == [digest(s, 0) for s in alone]
