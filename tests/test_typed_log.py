"""The log as a document: typed facts without words, format 2, the upgrade of format 1,
its published schema, the player's name and the spreadsheet export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from builders import json_nodes

from engine.loader import content_hash
from engine.problems import ProblemError
from engine.record import (
    FORMAT_VERSION,
    Session,
    name_problem,
    parse_record,
    read_record,
    record_schema,
    replay,
    settings_of,
)
from engine.tables import Tables, compile_scenario
from game.cli import main
from game.export import COLUMNS, turns_csv
from game.files import open_scenario
from game.narrate import Names

FORMAT1 = Path(__file__).parent / "data" / "italy-format1.json"


@pytest.fixture(scope="module")
def italy() -> Tables:
    return compile_scenario(open_scenario("italy"))


@pytest.fixture(scope="module")
def upgraded(italy: Tables) -> Session:
    record = read_record(str(FORMAT1))
    session, divergence = replay(compile_scenario(italy.scenario, settings_of(record)), record)
    assert divergence is None
    return session


def _strings(node: Any) -> Iterator[str]:
    for value in json_nodes(node):
        if isinstance(value, str):
            yield value


# -- facts, not words ---------------------------------------------------------------

def test_the_log_holds_no_words_of_the_scenario(italy: Tables, upgraded: Session) -> None:
    """Titles, texts, sources and names stay in the scenario: a log keeps ids and numbers."""
    sc = italy.scenario
    words = {ev.title for ev in sc.events} | {ev.text for ev in sc.events} \
        | {ev.source for ev in sc.events} | {a.name for a in sc.actions} \
        | {r.name for r in sc.regions} | {o.name for o in sc.outcomes} \
        | {o.text for o in sc.outcomes} | {g.text for g in sc.goals} \
        | {i.title for i in sc.initiatives} | {sc.historical.text}
    data = json.loads(upgraded.record.to_json())
    found = words & set(_strings(data))
    assert not found, f"words in the log: {sorted(found)[:3]}"
    # and the facts the narrator needs are there, by id
    fired = {ev.id for t in upgraded.record.turns for ev in t.record.events}
    assert fired and fired <= {ev.id for ev in sc.events}


def test_every_turn_records_the_three_pictures_of_every_region(italy: Tables,
                                                               upgraded: Session) -> None:
    for entry in upgraded.record.turns:
        facts = entry.record
        assert set(facts.seen) == set(italy.regions)
        has_order = facts.directive.action is not None
        assert all((seen.moscow_believes is not None) == has_order
                   for seen in facts.seen.values())
        if has_order:
            region = facts.directive.region or italy.regions[0]
            if facts.directive.region:
                assert facts.seen[region].moscow_believes == facts.directive.moscow_believes
                assert facts.seen[region].true == facts.directive.true
            scores = [c.score for c in facts.directive.candidates]
            assert scores == sorted(scores, reverse=True)
            chosen = [(c.action, c.region) for c in facts.directive.candidates]
            assert (facts.directive.action, facts.directive.region) in chosen


def test_the_score_after_each_turn_ends_at_the_outcome(upgraded: Session) -> None:
    record = upgraded.record
    assert record.outcome is not None
    assert record.turns[-1].record.score == pytest.approx(record.outcome.score, abs=0.01)
    assert sum(record.outcome.score_parts) == pytest.approx(record.outcome.score, abs=0.01)


# -- format 1 is upgraded by replaying its orders -------------------------------

def test_a_format1_log_is_upgraded_with_the_same_game(upgraded: Session) -> None:
    old = json.loads(FORMAT1.read_text(encoding="utf-8"))
    assert old["format_version"] == 1
    record = upgraded.record
    assert record.format_version == FORMAT_VERSION == 2
    assert [t.state_hash for t in record.turns] == [t["state_hash"] for t in old["turns"]]
    assert [t.label for t in record.turns] == [t["label"] for t in old["turns"]]
    assert record.outcome is not None and record.outcome.category == old["outcome"]["category"]
    # the upgraded log is an ordinary log of today's format
    again = parse_record(record.to_json(), "new.json")
    assert again.legacy is None and again.to_json() == record.to_json()


def test_a_format1_log_with_a_changed_hash_names_the_turn(italy: Tables) -> None:
    data = json.loads(FORMAT1.read_text(encoding="utf-8"))
    data["turns"][7]["state_hash"] = "0" * 16
    record = parse_record(json.dumps(data), "old.json")
    _, divergence = replay(compile_scenario(italy.scenario, settings_of(record)), record)
    assert divergence is not None
    assert (divergence.turn, divergence.field) == (7, "state_hash")


def test_a_format1_log_of_a_changed_scenario_says_what_to_do(italy: Tables) -> None:
    data = json.loads(FORMAT1.read_text(encoding="utf-8"))
    data["scenario"]["hash"] = "0123456789abcdef"
    record = parse_record(json.dumps(data), "old.json")
    with pytest.raises(ProblemError) as info:
        replay(italy, record, "old.json")
    problem = info.value.problems[0]
    assert problem.code == "E402" and "format 1" in problem.message


def test_a_log_of_a_newer_format_is_refused_by_version(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    data = json.loads(FORMAT1.read_text(encoding="utf-8"))
    data["format_version"] = 7
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:4:" in err and "E405" in err and "format 7" in err
    assert "pip install --upgrade" in err and "Traceback" not in err


def test_replay_of_a_format1_log_says_it_was_upgraded(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["replay", str(FORMAT1)]) == 0
    out = capsys.readouterr().out
    assert "32 turns replayed, no divergence" in out and "format 1" in out


# -- replay checks draws, then facts --------------------------------------------

def test_a_changed_draw_is_named_before_what_follows_from_it(italy: Tables,
                                                             upgraded: Session) -> None:
    data = json.loads(upgraded.record.to_json())
    turn = next(k for k, t in enumerate(data["turns"]) if t["record"]["resolution"])
    data["turns"][turn]["record"]["draws"]["success"] = 0.5
    data["turns"][turn]["record"]["resolution"]["success"] = not \
        data["turns"][turn]["record"]["resolution"]["success"]
    _, divergence = replay(italy, parse_record(json.dumps(data), "x.json"))
    assert divergence is not None
    assert (divergence.turn, divergence.field, divergence.recorded) == \
        (turn, "record.draws.success", 0.5)


def test_a_changed_result_is_refused_naming_the_turn_and_field(italy: Tables,
                                                               upgraded: Session) -> None:
    data = json.loads(upgraded.record.to_json())
    data["outcome"]["category"] = "mass_party"
    _, divergence = replay(italy, parse_record(json.dumps(data), "x.json"))
    assert divergence is not None and divergence.field == "outcome.category"


# -- the published schema -----------------------------------------------------------

def test_schema_record_describes_a_real_log(tmp_path: Path, upgraded: Session) -> None:
    out = tmp_path / "record.schema.json"
    assert main(["schema", "--record", "-o", str(out)]) == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema == record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(upgraded.record.to_json()), schema)
    damaged = json.loads(upgraded.record.to_json())
    damaged["turns"][0]["record"]["draws"]["success"] = "high"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(damaged, schema)


# -- the player's name --------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "Ana", "Zoë Müller-Łukasz", "x" * 80])
def test_a_name_may_be_blank_or_any_printable_text(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize("name", ["a\x1b[31mred", "line\nbreak", "x" * 81, "bell\x07"])
def test_a_name_with_control_characters_or_too_long_is_refused(name: str) -> None:
    assert name_problem(name)


def test_play_with_a_name_records_it(tmp_path: Path, italy: Tables) -> None:
    answers, save = tmp_path / "answers.txt", tmp_path / "ana.json"
    answers.write_text("c\n\nc\n\nq\n", encoding="utf-8")
    assert main(["play", "italy", "--text", "--seed", "3", "--name", "  Ana  ",
                 "--answers", str(answers), "--save", str(save)]) == 0
    record = read_record(str(save))
    assert record.player == "Ana" and record.turns


def test_a_name_that_cannot_be_shown_is_refused_at_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["play", "italy", "--text", "--name", "a\x1b[2Jb"])
    assert info.value.code == 2
    assert "control characters" in capsys.readouterr().err


def test_a_name_written_into_a_log_by_hand_is_checked(upgraded: Session) -> None:
    data = json.loads(upgraded.record.to_json())
    data["player"] = "\x1b]0;owned\x07"
    with pytest.raises(ProblemError) as info:
        parse_record(json.dumps(data), "x.json")
    assert info.value.problems[0].code == "E401"


# -- the spreadsheet ----------------------------------------------------------------

def test_export_csv_has_one_row_of_facts_per_turn(tmp_path: Path, upgraded: Session) -> None:
    out = tmp_path / "turns.csv"
    assert main(["export", str(FORMAT1), "--csv", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    turns = upgraded.record.turns
    assert len(rows) == len(turns) and list(rows[0]) == list(COLUMNS)
    for row, entry in zip(rows, turns, strict=True):
        facts = entry.record
        assert (int(row["turn"]), row["date"], row["orders"]) == \
            (facts.turn + 1, facts.date, entry.label)
        assert float(row["trust_after"]) == facts.centre.trust_after
        assert float(row["score"]) == facts.score
        assert row["events"].split(";") == [ev.id for ev in facts.events] or \
            (row["events"] == "" and not facts.events)
        if facts.resolution:
            assert row["success"] == str(facts.resolution.success)


def test_export_json_writes_the_log_in_todays_format(tmp_path: Path) -> None:
    out = tmp_path / "new.json"
    assert main(["export", str(FORMAT1), "--json", str(out)]) == 0
    assert read_record(str(out)).format_version == FORMAT_VERSION
    assert main(["replay", str(out)]) == 0


def test_a_name_a_spreadsheet_would_run_is_quoted(italy: Tables, upgraded: Session) -> None:
    record = upgraded.record.model_copy(update={"player": "=HYPERLINK(\"http://x\")"})
    first = next(csv.DictReader(io.StringIO(turns_csv(record, Names.of(italy)))))
    assert first["player"].startswith("'=")


def test_export_of_a_tampered_log_writes_nothing(tmp_path: Path, upgraded: Session,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(upgraded.record.to_json())
    data["turns"][3]["record"]["party"]["members"] += 1000
    log, out = tmp_path / "t.json", tmp_path / "t.csv"
    log.write_text(json.dumps(data), encoding="utf-8")
    assert main(["export", str(log), "--csv", str(out)]) == 1
    assert not out.exists()
    assert "turn 3" in capsys.readouterr().err


# -- words are not rules ------------------------------------------------------------

def test_rewording_a_scenario_keeps_its_saved_games(italy: Tables) -> None:
    """A new title, text, source or name changes no rule, so the hash stays and saves replay."""
    sc = italy.scenario
    event = sc.events[0].model_copy(update={"title": "Another title", "text": "Other words.",
                                            "source": "Another book"})
    action = sc.actions[0].model_copy(update={"name": "Another name"})
    reworded = sc.model_copy(update={"events": [event, *sc.events[1:]],
                                     "actions": [action, *sc.actions[1:]],
                                     "briefing": "A new briefing."})
    assert content_hash(reworded) == content_hash(sc)
    changed = sc.model_copy(update={"events": [sc.events[0].model_copy(
        update={"chance": sc.events[0].chance / 2}), *sc.events[1:]]})
    assert content_hash(changed) != content_hash(sc)
