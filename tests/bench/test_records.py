"""Reading strangers' records, outside the default run: pytest -m benchmark_run --benchmark-enable.

Target (issue 11): finding the line of a problem costs a fraction of a
second even in a record near the 50 MB limit, and nesting is measured in
a fraction of a second too.
"""

from __future__ import annotations

import json

import pytest

from engine.jsonsafe import JsonPositions, too_deep
from engine.orders import Orders
from engine.record import MAX_RECORD_BYTES, Session
from engine.tables import Settings, compile_scenario
from game.files import open_scenario

pytestmark = pytest.mark.benchmark_run
SECONDS = 0.5  # "a fraction of a second"


@pytest.fixture(scope="module")
def big_text() -> tuple[str, tuple[str | int, ...]]:
    """A record of some 45 MB: a long list inside a turn, an unknown key in the last turn."""
    tables = compile_scenario(open_scenario("italy"), Settings())
    session = Session.start(tables, 3)
    while not session.over:
        session.play(Orders(response="comply"))
    data = json.loads(session.record.to_json())
    # well-formed, only replay refuses it; four decimals, as a log writes its numbers
    data["outcome"]["score_parts"] += [0.2531] * 4_000_000
    last = len(data["turns"]) - 1
    data["turns"][last]["colour"] = "red"
    text = json.dumps(data, indent=1, sort_keys=True)
    assert 40_000_000 < len(text) <= MAX_RECORD_BYTES
    return text, ("turns", last, "colour")


def test_finding_a_problem_in_a_45_mb_record(benchmark, big_text) -> None:
    text, path = big_text
    def find() -> tuple[str, int, int]:  # the index of the text is built anew each round
        return JsonPositions(text, "big.json").key(path)

    where = benchmark.pedantic(find, rounds=3)
    assert text.splitlines()[where[1] - 1].strip().startswith('"colour"')
    assert benchmark.stats.stats.median < SECONDS


def test_measuring_the_nesting_of_a_45_mb_record(benchmark, big_text) -> None:
    text, _ = big_text
    assert benchmark.pedantic(too_deep, args=(text,), rounds=3) is None
    assert benchmark.stats.stats.median < SECONDS
