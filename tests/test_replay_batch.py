"""Replaying many logs as one batch: the same verdicts, sessions and facts as one by one.

A class report replays every student's log (`engine.record.replay_all`):
the games of one scenario step together and each game's facts are made for
the whole batch at once (`engine.explain.turn_facts`). None of that may
change what a replay finds: these tests hold the batch to the lone replay.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from debrief_helpers import play, tables_of, varied_orders, write_log
from hypothesis import given
from hypothesis import strategies as st

from engine.explain import _rs, turn_facts
from engine.facts import Turn
from engine.game import step
from engine.orders import to_batch
from engine.problems import ProblemError
from engine.record import GameRecord, Session, parse_record, replay, replay_all
from engine.state import concat, digest, digests
from game.logs import open_log, open_logs


def _tampered(session: Session, turn: int) -> GameRecord:
    """The record of `session` with the result of one turn changed."""
    data = json.loads(session.record.to_json())
    data["turns"][turn]["record"]["resolution"]["roll"] = 0.5
    data["turns"][turn]["record"]["draws"]["success"] = 0.5
    return GameRecord.model_validate(data)


def _cut(session: Session, turns: int) -> GameRecord:
    """The record of `session` as saved after `turns` turns, before the end."""
    data = json.loads(session.record.to_json())
    data["turns"], data["outcome"] = data["turns"][:turns], None
    return GameRecord.model_validate(data)


@pytest.mark.parametrize("ident", ["germany", "china"])
def test_a_batch_finds_what_each_lone_replay_finds(ident: str) -> None:
    tables = tables_of(ident)
    sessions = [play(ident, seed) for seed in (1, 2, 3, 4)]
    records = [sessions[0].record, _tampered(sessions[1], 5), _cut(sessions[2], 9),
               sessions[3].record]
    together = replay_all(tables, records, [f"log{k}" for k in range(4)])
    alone = [replay(tables, r, f"log{k}") for k, r in enumerate(records)]
    for (s1, d1), (s2, d2) in zip(together, alone, strict=True):
        assert d1 == d2
        assert s1.record.to_json() == s2.record.to_json()
        assert digest(s1.state) == digest(s2.state) and s1.state.turn == s2.state.turn
    verdicts = [d for _, d in together]
    assert verdicts[0] is None and verdicts[2] is None and verdicts[3] is None
    assert verdicts[1] is not None and verdicts[1].turn == 5
    assert verdicts[1].field.startswith("record.draws")
    assert together[2][0].state.turn == 9  # an unfinished game stops where its log stops
    assert together[0][0].record.to_json() == sessions[0].record.to_json()


def test_a_batch_replays_games_that_stop_at_different_turns() -> None:
    tables = tables_of("china")
    sessions = [play("china", seed) for seed in range(1, 7)]
    cuts = [2, 25, 7, None, 13, 1]
    records = [s.record if cut is None else _cut(s, cut) for s, cut in zip(sessions, cuts,
                                                                        strict=True)]
    found = replay_all(tables, records)
    assert all(d is None for _, d in found)
    for (session, _), record, cut in zip(found, records, cuts, strict=True):
        assert session.state.turn == (cut if cut is not None else len(record.turns))
        assert session.record.to_json() == record.to_json()


def test_the_facts_of_a_batch_are_the_facts_of_each_game_alone() -> None:
    tables = tables_of("germany")
    lone = [Session.start(tables, seed) for seed in (5, 6, 7)]
    state = concat([s.state for s in lone])
    rng = np.random.default_rng(11)
    for _ in range(20):
        orders = [varied_orders(tables, session, rng) for session in lone]
        after, rec = step(tables, state, to_batch(tables, orders))
        facts = turn_facts(tables, rec, [0, 1, 2])
        hashes = digests(after, [0, 1, 2])
        for k, session in enumerate(lone):
            assert session.play(orders[k]).model_dump() == facts[k]
            assert hashes[k] == digest(session.state)
        state = after


def test_plain_facts_are_exactly_what_the_typed_facts_hold() -> None:
    session = play("usa", 3)
    for entry in session.record.turns:
        dumped = entry.record.model_dump()
        assert Turn.model_validate(dumped).model_dump() == dumped
    assert session.record.turns


@given(st.lists(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False), min_size=1,
                max_size=40),
       st.integers(min_value=0, max_value=99_999))
def test_rounding_an_array_is_rounding_each_value(values: list[float], tie: int) -> None:
    values = [*values, tie / 1e4 + 0.00005, -(tie / 1e4 + 0.00005), tie * 0.5]
    assert _rs(np.array(values)) == [round(v, 4) for v in values]
    assert math.isinf(_rs(np.array([-math.inf]))[0])


def test_the_fast_reading_of_a_log_is_the_careful_reading(tmp_path: Path) -> None:
    text = play("italy", 2).record.to_json()
    fast = parse_record(text, "log.json")
    careful = GameRecord.model_validate(json.loads(text))
    assert fast == careful


@pytest.mark.parametrize("change", ['"seed": 123456789012345678901234',
                                    '"seed": 1e999', '"seed": NaN'])
def test_a_number_no_record_holds_gets_the_careful_error(change: str) -> None:
    text = play("italy", 2).record.to_json()
    seed = json.loads(text)["seed"]
    broken = text.replace(f'"seed": {seed}', change, 1)
    with pytest.raises(ProblemError) as caught:
        parse_record(broken, "log.json")
    problem = caught.value.problems[0]
    assert problem.file == "log.json" and problem.line > 1 and problem.code == "E400"


def test_opening_logs_together_keeps_their_order_and_their_errors(tmp_path: Path) -> None:
    good = [write_log(play(ident, seed), tmp_path / f"{ident}{seed}.json")
            for ident, seed in (("italy", 1), ("china", 2), ("italy", 3))]
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    paths = [str(good[0]), str(bad), str(good[1]), str(good[2])]
    opened = open_logs(paths)
    assert isinstance(opened[1], ProblemError)
    for path, log in zip([paths[0], paths[2], paths[3]], [opened[0], opened[2], opened[3]],
                         strict=True):
        assert not isinstance(log, ProblemError)
        alone = open_log(path)
        assert log.path == path and log.divergence is None
        assert log.session.record.to_json() == alone.session.record.to_json()
    assert not isinstance(opened[0], ProblemError) and not isinstance(opened[3], ProblemError)
    assert opened[0].tables is opened[3].tables  # one scenario and settings: one batch


def test_a_lone_log_keeps_the_openings_its_report_starts_from(tmp_path: Path) -> None:
    from engine.counterfactual import openings
    path = write_log(play("usa", 4), tmp_path / "usa.json")
    opened = open_log(str(path))
    record = opened.session.record
    again = openings(opened.tables, record.seed, record.game, [t.orders for t in record.turns])
    assert len(opened.openings) == len(record.turns) + 1 == len(again)
    assert [digest(s) for s in opened.openings] == [digest(s) for s in again]
    assert [s.turn for s in opened.openings] == list(range(len(record.turns) + 1))
    assert open_logs([str(path)])[0].openings == ()  # a class's logs keep none
