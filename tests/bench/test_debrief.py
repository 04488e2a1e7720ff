"""The debrief's speed, outside the default run: pytest -m benchmark_run --benchmark-enable.

Targets (issue 8, on this 2-core machine): a student's report from a full Germany log,
counterfactuals included (200 fresh-luck continuations per alternative at every key
moment), in under 3 s; a class report of 30 Germany logs in under 5 s. Both are timed
from the log files on disk to the HTML, as `comintern debrief` makes them (its imports
excepted). The continuations run as engine batches, one per core
(`game.debrief.batches`); the per-game cost of a turn in a batch is printed beside a
lone game's turn.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from debrief_helpers import play, write_log

from engine.counterfactual import alternatives_at, moments, openings, what_if
from engine.game import step
from engine.orders import to_batch
from game.debrief.make import student_page, write_class
from game.logs import open_log

pytestmark = pytest.mark.benchmark_run
FRESH = 200  # fresh-luck games per alternative, as the report makes by default
STUDENT_SECONDS = 3.0
CLASS_SECONDS = 5.0
CLASS_SIZE = 30
MEDIANS: dict[str, float] = {}


@pytest.fixture(scope="module")
def germany_logs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Thirty whole Germany games with a seeded mix of answers, as a class hands them in."""
    folder = tmp_path_factory.mktemp("class")
    return [write_log(play("germany", seed), folder / f"student{seed:02d}.json")
            for seed in range(1, CLASS_SIZE + 1)]


def test_student_report_of_a_full_germany_log(benchmark, germany_logs) -> None:
    log = str(germany_logs[0])

    def report() -> tuple[int, bool, int, str]:
        made, page = student_page(open_log(log), games=FRESH)
        return made.turns, made.finished, len(made.moments), page

    turns, finished, found, page = benchmark.pedantic(report, rounds=3, iterations=1)
    assert finished  # a whole game
    assert found > 0 and f"Fresh luck ({FRESH} games)" in page
    median = benchmark.stats.stats.median
    print(f"\nstudent report: {turns} turns, {found} moments, {FRESH} fresh-luck games per "
          f"alternative: {median:.2f} s (target {STUDENT_SECONDS:.0f} s)")
    assert median < STUDENT_SECONDS


def test_class_report_of_30_germany_logs(benchmark, germany_logs, tmp_path) -> None:
    out = tmp_path / "class.html"

    def report() -> int:
        made = write_class([str(p) for p in germany_logs], out)
        return sum(len(s.games) for s in made.scenarios)

    games = benchmark.pedantic(report, rounds=2, iterations=1)
    assert games == CLASS_SIZE and out.stat().st_size > 0
    median = benchmark.stats.stats.median
    print(f"\nclass report of {games} logs: {median:.2f} s (target {CLASS_SECONDS:.0f} s)")
    assert median < CLASS_SECONDS


@pytest.fixture(scope="module")
def moment(germany_logs):
    """The first key moment of the first log: its tables, opening, later orders and options."""
    opened = open_log(str(germany_logs[0]))
    record, tables = opened.session.record, opened.tables
    orders = [t.orders for t in record.turns]
    states = openings(tables, record.seed, record.game, orders)
    first = moments([t.record for t in record.turns])[0].turn
    options = alternatives_at(tables, states[first], orders[first])
    return tables, record, orders, states, first, options


def test_turn_lone_game(benchmark, moment) -> None:
    tables, _record, orders, states, first, _options = moment
    benchmark(step, tables, states[first], to_batch(tables, [orders[first]]))
    MEDIANS["lone"] = benchmark.stats.stats.median


def test_turn_of_the_counterfactual_batch(benchmark, moment) -> None:
    """One moment's whole batch, every alternative with its same luck and fresh luck, to
    the end of the game; its cost per game and turn played."""
    tables, record, orders, states, first, options = moment
    found = benchmark.pedantic(what_if, args=(tables, states[first], orders[first + 1:],
                                              options, record.seed, record.game),
                               kwargs={"games": FRESH}, rounds=3, iterations=1)
    assert len(found) == len(options) and found[0].fresh_luck is not None
    assert found[0].fresh_luck.games == FRESH
    games = len(options) * (1 + FRESH)
    turns = min(len(orders), tables.n_turns) - first  # the moment's turn and every later one
    per = benchmark.stats.stats.median / (games * turns)
    MEDIANS["batch"] = per
    line = (f"\ncounterfactual batch at turn {first}: {games:,} games x {turns} turns in "
            f"{benchmark.stats.stats.median:.2f} s; per game-turn {per * 1e6:.1f} us")
    if "lone" in MEDIANS:
        line += (f", a lone game's turn {MEDIANS['lone'] * 1e6:.0f} us "
                 f"(1/{MEDIANS['lone'] / per:.0f})")
    print(line)
    if "lone" in MEDIANS:
        assert per < MEDIANS["lone"]  # the batch is worth making at all
