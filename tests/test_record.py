"""The game record: canonical JSON, exact replay, tampering, damaged files, resume.

Expectations are derived from the records themselves, never from tuned
numbers, so the tests hold while the rules are being tuned.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.orders import Orders, OrdersSyntaxError, legal
from engine.problems import ProblemError
from engine.record import GameRecord, Session, parse_record, read_record, replay
from engine.state import State
from engine.tables import Tables
from game import files
from game.cli import main
from game.files import write_atomic

SEED = 3
TAMPERED_TURN = 10
RESUME_AT = 20

# The response wanted at each turn, cycled; index TAMPERED_TURN is a comply.
PATTERN = ["comply", "adapt", "consult", "stall", "defy", "comply", "adapt", "comply",
           "stall", "defy", "comply", "consult"]


@pytest.fixture(scope="module")
def tables(germany: Tables) -> Tables:
    """Germany with each line's own rigidity (the shared fixture of conftest.py)."""
    return germany


def planned(tables: Tables, state: State) -> Orders:
    """The fixed plan for this turn, made legal: only comply while an envoy decides.

    Some cadre weights are deliberately not in alphabetical order of region.
    """
    turn = state.turn
    allowed = legal(tables, state)
    response = PATTERN[turn % len(PATTERN)]
    if allowed.forced_by or response not in allowed.responses:
        return Orders(response="comply", cadres={allowed.regions[0]: 1.0} if turn % 4 == 0
                      else {})
    regions = allowed.regions
    if response == "adapt":
        cadres = {regions[turn % len(regions)]: 3.0, regions[-1]: 1.0} if turn % 3 == 0 else {}
        return Orders(response="adapt",
                      action=allowed.adapt_actions[turn % len(allowed.adapt_actions)],
                      region=regions[turn % len(regions)], cadres=cadres)
    if response == "defy":
        return Orders(response="defy",
                      action=allowed.defy_actions[(5 * turn) % len(allowed.defy_actions)],
                      region=regions[(turn + 1) % len(regions)],
                      cadres={r: 1.0 for r in regions} if turn % 2 else {})
    return Orders(response=response)


def play(tables: Tables, session: Session, turns: int | None = None,
         plan: Callable[[Tables, State], Orders] | None = None) -> Session:
    """Play the plan until the game is over (or for `turns` turns)."""
    plan = plan or planned
    played = 0
    while not session.over and (turns is None or played < turns):
        session.play(plan(tables, session.state))
        played += 1
    return session


def full_game(tables: Tables) -> Session:
    return play(tables, Session.start(tables, SEED))


@pytest.fixture(scope="module")
def finished(tables: Tables) -> Session:
    return full_game(tables)


@pytest.fixture(scope="module")
def record_text(finished: Session) -> str:
    return finished.record.to_json()


@pytest.fixture(scope="module")
def short_text(tables: Tables) -> str:
    """A record of a few turns: damaged-file tests stay fast."""
    return play(tables, Session.start(tables, SEED), 4).record.to_json()


def edited(text: str, change) -> GameRecord:
    """The record after `change(data)` edits its JSON data, read back through the parser."""
    data = json.loads(text)
    change(data)
    return parse_record(json.dumps(data, indent=1, sort_keys=True), "edited.json")


def line_col(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of `needle` in `text`."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


# -- a whole game -------------------------------------------------------------

def test_full_game_has_an_outcome_and_every_turn(tables: Tables, finished: Session) -> None:
    record = finished.record
    assert finished.over
    assert record.outcome is not None
    assert record.outcome.historical == tables.scenario.historical.outcome
    assert sum(record.outcome.score_parts) == pytest.approx(record.outcome.score, abs=0.01)
    last = record.turns[-1].record
    if last.alive:
        assert len(record.turns) == tables.n_turns
    else:
        assert record.outcome.category == "destroyed"
    assert [e.turn for e in record.turns] == list(range(len(record.turns)))
    assert [e.date for e in record.turns] == [tables.date(e.turn) for e in record.turns]


def test_plan_uses_every_response_and_cadre_weights(finished: Session) -> None:
    """The fixture game really mixes the responses, so the other tests mean something."""
    turns = finished.record.turns
    responses = {e.orders.response for e in turns}
    assert responses == {"comply", "adapt", "consult", "stall", "defy"}
    assert any(e.orders.cadres for e in turns)
    assert any(e.orders.action and e.orders.region for e in turns)


def test_labels_parse_back_to_the_orders(finished: Session) -> None:
    for entry in finished.record.turns:
        assert entry.label == entry.orders.label()
        assert Orders.parse(entry.label) == entry.orders


def test_replay_of_a_full_game_has_no_divergence(tables: Tables, finished: Session) -> None:
    session, divergence = replay(tables, finished.record)
    assert divergence is None
    assert session.record.to_json() == finished.record.to_json()


def test_same_game_twice_is_byte_identical(tables: Tables, record_text: str) -> None:
    again = full_game(tables).record.to_json()
    assert again == record_text
    assert record_text.endswith("}\n")


def test_record_text_round_trips_through_the_parser(record_text: str) -> None:
    assert parse_record(record_text, "game.json").to_json() == record_text


def test_different_seed_gives_a_different_record(tables: Tables, record_text: str) -> None:
    other = play(tables, Session.start(tables, SEED + 1)).record.to_json()
    assert other != record_text


# -- tampering ----------------------------------------------------------------

def _to_stall(turn: int):
    def change(data: dict) -> None:
        entry = data["turns"][turn]
        entry["orders"] = {"response": "stall", "action": None, "region": None, "cadres": {}}
        entry["label"] = "stall"
    return change


def test_changed_orders_diverge_at_that_turn(tables: Tables, record_text: str) -> None:
    original = parse_record(record_text, "game.json")
    assert original.turns[TAMPERED_TURN].orders.response == "comply"
    _, divergence = replay(tables, edited(record_text, _to_stall(TAMPERED_TURN)))
    assert divergence is not None
    assert divergence.turn == TAMPERED_TURN
    assert divergence.field
    assert divergence.recorded != divergence.replayed
    # Was an envoy present then? Then stalling is refused; otherwise the turn record differs.
    before = play(tables, Session.start(tables, SEED), TAMPERED_TURN)
    if legal(tables, before.state).forced_by:
        assert divergence.field == "orders"
        assert divergence.recorded == "stall"
        assert "decides this turn" in str(divergence.replayed)
    else:
        assert divergence.field.startswith("record.")
    text = str(divergence)
    assert f"turn {TAMPERED_TURN}" in text and divergence.field in text


def _comply_turns(record_text: str, envoy: bool) -> list[int]:
    """Turns (after the first few) the plan complied, with or without an envoy present."""
    turns = parse_record(record_text, "game.json").turns
    return [e.turn for e in turns if e.turn >= 5 and e.orders.response == "comply"
            and e.record.directive.forced == envoy]


def test_changed_orders_without_envoy_name_a_record_field(tables: Tables,
                                                          record_text: str) -> None:
    turns = _comply_turns(record_text, envoy=False)
    assert turns, "the plan should comply freely at some turn"
    turn = turns[0]
    _, divergence = replay(tables, edited(record_text, _to_stall(turn)))
    assert divergence is not None
    assert divergence.turn == turn
    assert divergence.field.startswith("record.")
    path = divergence.field.removeprefix("record.").split(".")
    node = json.loads(record_text)["turns"][turn]["record"]
    for key in path:
        node = node[key]
    assert divergence.recorded == node  # the recorded value, as written in the file
    assert divergence.recorded != divergence.replayed


def test_changed_orders_under_an_envoy_are_refused(tables: Tables, record_text: str) -> None:
    turns = _comply_turns(record_text, envoy=True)
    if not turns:
        pytest.skip("no envoy came in this game with the current tuning")
    turn = turns[0]
    _, divergence = replay(tables, edited(record_text, _to_stall(turn)))
    assert divergence is not None
    assert (divergence.turn, divergence.field, divergence.recorded) == (turn, "orders", "stall")
    assert "response/envoy_present" in str(divergence.replayed)


def test_changed_number_names_the_field(tables: Tables, record_text: str) -> None:
    turn = 20
    true_members = json.loads(record_text)["turns"][turn]["record"]["party"]["members"]

    def bump(data: dict) -> None:
        data["turns"][turn]["record"]["party"]["members"] = true_members + 1

    _, divergence = replay(tables, edited(record_text, bump))
    assert divergence is not None
    assert divergence.turn == turn
    assert divergence.field == "record.party.members"
    assert divergence.recorded == true_members + 1
    assert divergence.replayed == true_members


def test_changed_state_hash_is_reported(tables: Tables, record_text: str) -> None:
    def wrong_hash(data: dict) -> None:
        data["turns"][5]["state_hash"] = "0" * len(data["turns"][5]["state_hash"])

    _, divergence = replay(tables, edited(record_text, wrong_hash))
    assert divergence is not None
    assert (divergence.turn, divergence.field) == (5, "state_hash")


def test_truncated_record_is_a_game_in_progress(tables: Tables, record_text: str) -> None:
    def truncate(data: dict) -> None:
        del data["turns"][15:]
        data["outcome"] = None

    record = edited(record_text, truncate)
    session, divergence = replay(tables, record)
    assert divergence is None
    assert session.state.turn == 15
    assert not session.over
    assert session.record.outcome is None


def test_truncated_turns_with_an_outcome_left_diverge(tables: Tables, record_text: str) -> None:
    def truncate(data: dict) -> None:
        del data["turns"][15:]

    _, divergence = replay(tables, edited(record_text, truncate))
    assert divergence is not None
    assert divergence.field.startswith("outcome")


def test_wrong_scenario_hash_is_e402(tables: Tables, record_text: str) -> None:
    def rehash(data: dict) -> None:
        data["scenario"]["hash"] = "0123456789abcdef"

    with pytest.raises(ProblemError) as info:
        replay(tables, edited(record_text, rehash))
    assert [p.code for p in info.value.problems] == ["E402"]
    assert "0123456789abcdef" in info.value.problems[0].message


# -- damaged files ------------------------------------------------------------

def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "damaged.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_invalid_json_reports_its_line_and_column(short_text: str, tmp_path: Path) -> None:
    # Drop the comma after format_version: the next key is where JSON stops.
    damaged = short_text.replace('"format_version": 2,\n', '"format_version": 2\n', 1)
    assert damaged != short_text
    line, col = line_col(damaged, '"game":')
    with pytest.raises(json.JSONDecodeError) as oracle:
        json.loads(damaged)
    assert (oracle.value.lineno, oracle.value.colno) == (line, col)
    path = _write(tmp_path, damaged)
    with pytest.raises(ProblemError) as info:
        read_record(str(path))
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.col) == (str(path), line, col)
    assert "JSON" in problem.message


def test_seed_of_wrong_type_is_reported_at_its_line(short_text: str, tmp_path: Path) -> None:
    needle = f'"seed": {SEED},'
    assert needle in short_text
    damaged = short_text.replace(needle, '"seed": "three",', 1)
    line, col = line_col(damaged, '"three"')
    path = _write(tmp_path, damaged)
    with pytest.raises(ProblemError) as info:
        read_record(str(path))
    [problem] = info.value.problems
    assert problem.line == line
    assert problem.col == col
    assert "seed" in problem.message


def test_unknown_top_level_key_is_reported_at_its_line(short_text: str,
                                                       tmp_path: Path) -> None:
    damaged = short_text.replace('\n "format":', '\n "colour": "red",\n "format":', 1)
    line, col = line_col(damaged, '"colour"')
    path = _write(tmp_path, damaged)
    with pytest.raises(ProblemError) as info:
        read_record(str(path))
    [problem] = info.value.problems
    assert (problem.line, problem.col) == (line, col)
    assert "colour" in problem.message


def test_non_utf8_is_reported(short_text: str, tmp_path: Path) -> None:
    path = _write(tmp_path, short_text.encode("utf-8").replace(b"germany", b"germ\xffny", 1))
    with pytest.raises(ProblemError) as info:
        read_record(str(path))
    [problem] = info.value.problems
    assert problem.file == str(path)
    assert "UTF-8" in problem.message


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProblemError) as info:
        read_record(str(tmp_path / "nowhere.json"))
    assert info.value.problems[0].file == str(tmp_path / "nowhere.json")


def _damages(text: str) -> dict[str, tuple[bytes, str]]:
    """Each kind of damage: the file's bytes and the needle whose position is reported."""
    no_comma = text.replace('"format_version": 2,\n', '"format_version": 2\n', 1)
    bad_seed = text.replace(f'"seed": {SEED},', '"seed": "three",', 1)
    extra = text.replace('\n "format":', '\n "colour": "red",\n "format":', 1)
    return {
        "json": (no_comma.encode(), '"game":'),
        "seed": (bad_seed.encode(), '"three"'),
        "key": (extra.encode(), '"colour"'),
        "utf8": (text.encode().replace(b"germany", b"germ\xffny", 1), "\ufffd"),
    }


@pytest.mark.parametrize("kind", ["json", "seed", "key", "utf8"])
def test_cli_replay_of_damaged_file(kind: str, short_text: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    raw, needle = _damages(short_text)[kind]
    path = _write(tmp_path, raw)
    line, col = line_col(raw.decode(errors="replace"), needle)
    assert main(["replay", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:{line}:{col}:" in err
    assert "Traceback" not in out + err
    assert "no divergence" not in out


def test_cli_replay_of_a_good_file(record_text: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, record_text)
    assert main(["replay", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "no divergence" in out
    assert "game ended" in out


def test_cli_replay_of_a_tampered_file(record_text: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(record_text)
    data["turns"][20]["record"]["party"]["members"] += 1
    path = _write(tmp_path, json.dumps(data, indent=1, sort_keys=True))
    assert main(["replay", str(path)]) == 1
    _, err = capsys.readouterr()
    assert "turn 20" in err and "record.party.members" in err
    assert "Traceback" not in err


# -- resume -------------------------------------------------------------------

def sorted_plan(tables: Tables, state: State) -> Orders:
    """The same plan with every cadre plan written in alphabetical order of region."""
    orders = planned(tables, state)
    return orders.model_copy(update={"cadres": dict(sorted(orders.cadres.items()))})


def resumed_game(tables: Tables, plan: Callable[[Tables, State], Orders], tmp_path: Path) -> str:
    """Play RESUME_AT turns, save, read back, replay, then play to the end."""
    first = play(tables, Session.start(tables, SEED), RESUME_AT, plan)
    assert len(first.record.turns) == RESUME_AT
    assert first.record.outcome is None
    path = tmp_path / "save.json"
    write_atomic(path, first.record.to_json())
    record = read_record(str(path))
    session, divergence = replay(tables, record)
    assert divergence is None
    assert session.state.turn == RESUME_AT
    play(tables, session, plan=plan)
    assert session.over
    return session.record.to_json()


def test_resume_from_a_file_equals_a_straight_game(tables: Tables, tmp_path: Path) -> None:
    straight = play(tables, Session.start(tables, SEED), plan=sorted_plan)
    assert resumed_game(tables, sorted_plan, tmp_path) == straight.record.to_json()


def test_resume_with_unsorted_cadre_weights_is_byte_identical(tables: Tables, record_text: str,
                                                              tmp_path: Path) -> None:
    assert resumed_game(tables, planned, tmp_path) == record_text


def test_label_of_read_back_orders_matches_the_recorded_label(finished: Session) -> None:
    """The label stored beside the orders reads back to the same orders."""
    read_back = parse_record(finished.record.to_json(), "game.json")
    for entry in read_back.turns:
        assert Orders.parse(entry.label) == entry.orders  # the meaning survives


def test_label_is_canonical_after_reading_back(finished: Session) -> None:
    read_back = parse_record(finished.record.to_json(), "game.json")
    for entry in read_back.turns:
        assert entry.orders.label() == entry.label


# -- write_atomic ---------------------------------------------------------------

def test_write_atomic_replaces_the_content(tmp_path: Path) -> None:
    path = tmp_path / "save.json"
    write_atomic(path, "old\n")
    write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["save.json"]


def test_write_atomic_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "save.json"
    write_atomic(path, "x")
    assert path.read_text(encoding="utf-8") == "x"


def test_write_atomic_keeps_the_old_file_when_rename_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "save.json"
    write_atomic(path, "old content\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(path, "new content\n")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert os.listdir(tmp_path) == ["save.json"]


@pytest.mark.parametrize("label", ["comply", "  adapt :  strike @ ruhr  ", "adapt:strike@ruhr",
                                   "DEFY: insurrection @ berlin | cadres berlin=2"])
def test_labels_read_back_however_they_are_spaced(label):
    orders = Orders.parse(label)
    assert Orders.parse(orders.label()) == orders
    assert orders.response == label.strip().split(":")[0].strip().lower()


@pytest.mark.parametrize("label", ["c" + " " * 5000 + "x", "adapt: strike @", "adapt strike",
                                   ": strike"])
def test_labels_that_are_not_orders_are_refused(label):
    with pytest.raises(OrdersSyntaxError):
        Orders.parse(label)


def test_a_divergence_shows_values_cut_to_a_readable_length():
    from engine.record import SHOWN, Divergence

    huge = list(range(100_000))
    text = str(Divergence(3, "record.events", huge, []))
    assert text.startswith("turn 3: record.events differs: recorded [0, 1, 2")
    assert len(text) < 3 * SHOWN + 200 and "more characters)" in text
    assert str(Divergence(1, "label", "comply", "stall")) == (
        "turn 1: label differs: recorded 'comply', replayed 'stall'")
