"""The debrief's counterfactuals, outside the default run (-m benchmark_run --benchmark-enable).

Target (issue 8): a full Germany game's alternatives at every key moment,
200 games of fresh luck each, as one batch per moment; and the per-game
cost of a turn in such a batch beside a lone game's turn.
"""

from __future__ import annotations

import pytest
from test_counterfactual import played

from engine.counterfactual import _repeat, _repeated, alternatives_at, moments, openings, what_if
from engine.game import step
from engine.orders import to_batch
from engine.tables import Settings, compile_scenario
from game.files import open_scenario

pytestmark = pytest.mark.benchmark_run
FRESH = 200
MEDIANS: dict[str, float] = {}


@pytest.fixture(scope="module")
def germany_game():
    tables = compile_scenario(open_scenario("germany"), Settings())
    session = played(tables, 11)
    orders = [e.orders for e in session.record.turns]
    return tables, session, orders, openings(tables, session.record.seed, 0, orders)


def test_every_moment_of_a_germany_game(benchmark, germany_game) -> None:
    tables, session, orders, states = germany_game
    found = moments([e.record for e in session.record.turns])
    assert found

    def all_moments() -> int:
        played_games = 0
        for moment in found:
            options = alternatives_at(tables, states[moment.turn], orders[moment.turn])
            what_if(tables, states[moment.turn], orders[moment.turn + 1:], options,
                    session.record.seed, 0, games=FRESH)
            played_games += len(options) * (1 + FRESH)
        return played_games

    games = benchmark.pedantic(all_moments, rounds=3)
    print(f"\n{len(found)} moments, {games:,} games in their batches")


def test_turn_lone_game(benchmark, germany_game) -> None:
    tables, _, orders, states = germany_game
    benchmark(step, tables, states[10], to_batch(tables, [orders[10]]))
    MEDIANS["lone"] = benchmark.stats.stats.median


def test_turn_of_a_moment_batch(benchmark, germany_game) -> None:
    tables, session, orders, states = germany_game
    state = _repeat(states[10], 5 * (1 + FRESH))
    benchmark(step, tables, state, _repeated(tables, orders[10], state.size))
    MEDIANS["batch"] = benchmark.stats.stats.median / state.size
    if "lone" in MEDIANS:
        print(f"\nper game-turn: batch {MEDIANS['batch'] * 1e6:.1f} us, lone "
              f"{MEDIANS['lone'] * 1e6:.1f} us, ratio {MEDIANS['lone'] / MEDIANS['batch']:.0f}")
