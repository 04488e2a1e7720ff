"""Logs from strangers (issue 8, point 5): whatever a log says reaches a report escaped, a
tampered log is refused naming the turn and the field, oversized and over-nested logs are
refused cleanly, a path written in a log is never opened, and an old log is upgraded.

Every refusal is checked through `comintern debrief` itself: its exit code, what it
printed, and that no report (or a report without the log) was written.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from debrief_helpers import (
    Page,
    active_content,
    edited,
    mean_influence,
    play,
    read_page,
    tables_of,
    write_log,
)

import engine.readfile
import engine.record
from engine.jsonsafe import MAX_DEPTH
from engine.record import MAX_RECORD_BYTES, parse_record, read_record, replay, settings_of
from engine.tables import compile_scenario
from game.cli import main
from game.export import picture_gap

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
SCENARIO, SEED = "china", 3  # the shortest bundled scenario
FORMAT1 = Path(__file__).parent / "data" / "italy-format1.json"


def run(argv: list[str]) -> tuple[int, str, str]:
    """`comintern` in this process: exit code, stdout, stderr. An exception fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole game's log with an ordinary name."""
    return write_log(play(SCENARIO, SEED, "Ordinary Name"),
                     tmp_path_factory.mktemp("good") / "good.json")


def _texts(page: Page) -> list[str]:
    return [" ".join(n.text) for n in page.root.walk()]


def assert_inert_and_shown(page: Page, name: str, shown: bool) -> None:
    """Nothing in the page runs, and the name is there as text (escaped), or not at all."""
    assert active_content(page) == []
    assert name not in page.raw  # never as markup
    assert any(name in text for text in _texts(page)) == shown


# -- names that are markup ---------------------------------------------------------

@pytest.mark.parametrize("how", ["engine", "edited"])
@pytest.mark.parametrize("name", HOSTILE, ids=["script", "img-onerror"])
def test_a_name_that_is_markup_is_only_text(name: str, how: str, good: Path,
                                            tmp_path: Path) -> None:
    if how == "engine":
        log = write_log(play(SCENARIO, SEED, name), tmp_path / "log.json")
    else:
        log = edited(good, tmp_path / "log.json", lambda data: data.update(player=name))
    assert read_record(str(log)).player == name
    for named in (True, False):
        out = tmp_path / f"student-{named}.html"
        code, said, _ = run(["debrief", str(log), "-o", str(out), "--games", "2"]
                            + (["--names"] if named else []))
        assert code == 0 and out.exists()
        assert_inert_and_shown(read_page(out), name, shown=named)
        assert (name in said) == named  # the terminal is told whose report it wrote
    # the class report, with names, beside an ordinary log
    out = tmp_path / "class.html"
    code, _, _ = run(["debrief", str(log), str(good), "-o", str(out), "--names",
                      "--csv", str(tmp_path / "class.csv")])
    assert code == 0
    page = read_page(out)
    assert_inert_and_shown(page, name, shown=True)
    students = [row[1] for row in page.table(f"{SCENARIO}-games")[1:]]
    assert sorted(students) == sorted([name, "Ordinary Name"])
    csv_text = (tmp_path / "class.csv").read_text(encoding="utf-8")
    assert name.replace('"', '""') in csv_text  # CSV's own quoting, nothing more


def test_a_name_a_spreadsheet_would_run_is_quoted_in_the_csv(good: Path, tmp_path: Path) -> None:
    name = '=HYPERLINK("http://x.invalid","y")'
    log = edited(good, tmp_path / "formula.json", lambda data: data.update(player=name))
    code, _, _ = run(["debrief", str(log), "--class", "--names", "-o", str(tmp_path / "c.html"),
                      "--csv", str(tmp_path / "c.csv")])
    assert code == 0
    lines = (tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and ",=" not in lines[1] and "'=HYPERLINK" in lines[1]


def test_a_file_name_that_is_markup_is_escaped_in_the_list_of_logs_left_out(
        good: Path, tmp_path: Path) -> None:
    bad = tmp_path / HOSTILE[1].replace("/", "") / "x.json"  # a folder named as markup
    bad.parent.mkdir()
    edited(good, bad, lambda data: data["turns"][3].update(state_hash="0" * 16))
    out = tmp_path / "class.html"
    code, _, err = run(["debrief", str(bad), str(good), "-o", str(out)])
    assert code == 0 and "left out" in err
    page = read_page(out)
    assert active_content(page) == []
    refused = page.root.by_id("refused").all_text()
    assert str(bad) in refused and str(bad) not in page.raw


# -- tampered logs -----------------------------------------------------------------

def _turn_answered(data: dict[str, Any], *responses: str) -> int:
    """A turn past the opening that the student answered with one of `responses`."""
    return next(k for k, t in enumerate(data["turns"])
                if k > 3 and t["orders"]["response"] in responses)


def _other_answer(data: dict[str, Any]) -> int:
    """Change a stall into a consult (or back): both legal, so only the facts betray it."""
    k = _turn_answered(data, "stall", "consult")
    other = {"stall": "consult", "consult": "stall"}[data["turns"][k]["orders"]["response"]]
    data["turns"][k]["orders"]["response"] = other
    data["turns"][k]["label"] = other
    return k


def _state_hash(data: dict[str, Any]) -> int:
    k = len(data["turns"]) // 2
    old = data["turns"][k]["state_hash"]
    data["turns"][k]["state_hash"] = ("f" if old[0] != "f" else "e") + old[1:]
    return k


def _draw(data: dict[str, Any]) -> int:
    k = len(data["turns"]) // 3
    draws = data["turns"][k]["record"]["draws"]
    draws["success"] = round(1.0 - draws["success"], 4) if draws["success"] != 0.5 else 0.25
    return k


def _score(data: dict[str, Any]) -> int:
    data["outcome"]["score"] = round(data["outcome"]["score"] + 1.0, 2)
    return len(data["turns"])  # the outcome is checked once every turn has replayed


def _category(data: dict[str, Any]) -> int:
    ids = [o.id for o in tables_of(SCENARIO).scenario.outcomes]
    data["outcome"]["category"] = next(i for i in ids if i != data["outcome"]["category"])
    return len(data["turns"])


def _members(data: dict[str, Any]) -> int:
    k = len(data["turns"]) - 2
    data["turns"][k]["record"]["party"]["members"] += 1000.0
    return k


TAMPERINGS: dict[str, tuple[Callable[[dict[str, Any]], int], str]] = {
    # what is changed: (the change, which returns the turn; the field the refusal names)
    "order": (_other_answer, "record."),
    "state hash": (_state_hash, "state_hash"),
    "draw": (_draw, "record.draws.success"),
    "outcome score": (_score, "outcome.score"),
    "outcome category": (_category, "outcome.category"),
    "members": (_members, "record.party.members"),
}


@pytest.fixture(scope="module")
def tampered(good: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> dict[str, tuple[Path, int, str]]:
    folder = tmp_path_factory.mktemp("tampered")
    found = {}
    for what, (change, field) in TAMPERINGS.items():
        turn: list[int] = []
        path = edited(good, folder / f"{what.replace(' ', '-')}.json",
                      lambda data, change=change, turn=turn: turn.append(change(data)))
        found[what] = (path, turn[0], field)
    return found


@pytest.mark.parametrize("what", sorted(TAMPERINGS))
def test_a_tampered_log_is_refused_naming_the_turn_and_the_field(
        what: str, tampered: dict[str, tuple[Path, int, str]], tmp_path: Path) -> None:
    path, turn, field = tampered[what]
    # the engine's own verdict: the turn changed and the field
    record = read_record(str(path))
    tables = compile_scenario(tables_of(SCENARIO).scenario, settings_of(record))
    _, divergence = replay(tables, record)
    assert divergence is not None and divergence.turn == turn
    assert divergence.field.startswith(field), divergence
    # and what the teacher is told
    out = tmp_path / "report.html"
    code, said, err = run(["debrief", str(path), "-o", str(out), "--games", "0"])
    assert code != 0 and not out.exists() and said == ""
    assert f"turn {turn}: {divergence.field} differs" in err, err
    assert str(path) in err


def test_a_class_lists_the_tampered_logs_and_reports_the_rest(
        good: Path, tampered: dict[str, tuple[Path, int, str]], tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(good, folder / "good.json")
    write_log(play("china", SEED + 1), folder / "good2.json")
    for path, _turn, _field in tampered.values():
        shutil.copy(path, folder / path.name)
    out = tmp_path / "class.html"
    code, said, err = run(["debrief", str(folder), "-o", str(out), "--csv",
                           str(tmp_path / "class.csv")])
    assert code == 0
    assert f"2 games of 1 scenario(s); {len(tampered)} log(s) left out" in said
    page = read_page(out)
    assert len(page.table(f"{SCENARIO}-games")) - 1 == 2
    items = {" ".join(li.all_text().split()) for li in page.root.by_id("refused").find("li")}
    assert len(items) == len(tampered)
    for path, turn, field in tampered.values():
        line = next(i for i in items if i.startswith(str(folder / path.name) + ":"))
        assert f"does not replay: turn {turn}: {field}" in line, line
        assert f"left out {folder / path.name}: does not replay: turn {turn}" in err
    rows = (tmp_path / "class.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 2


# -- files that are too big, too deep or not a log at all ------------------------

def _too_deep(levels: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        data["player"] = "@@"
        text = json.dumps(data).replace('"@@"', "[" * levels + "]" * levels)
        path.write_text(text, encoding="utf-8")
    return write


def _oversized(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: no disk is spent on the test
        handle.truncate(MAX_RECORD_BYTES + 1)


BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "oversized": (_oversized, f"larger than {MAX_RECORD_BYTES:,} bytes"),
    "nested past the limit": (_too_deep(MAX_DEPTH + 1), f"{MAX_DEPTH} levels deep"),
    "nested 100,000 deep": (_too_deep(100_000), f"{MAX_DEPTH} levels deep"),
    "not JSON": (lambda p: p.write_text("{'format': 1", encoding="utf-8"), "not valid JSON"),
    "not UTF-8": (lambda p: p.write_bytes(b'{"player": "\xff\xfe"}'), "not UTF-8"),
    "empty": (lambda p: p.write_text("", encoding="utf-8"), "not valid JSON"),
    "a list": (lambda p: p.write_text("[]", encoding="utf-8"), "damaged record"),
    "a folder": (lambda p: p.mkdir(), "no log found"),
}


@pytest.mark.parametrize("what", sorted(BROKEN))
def test_a_broken_file_is_refused_cleanly(what: str, good: Path, tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    shutil.copy(good, path)
    make, said = BROKEN[what]
    if what == "a folder":
        path.unlink()
    make(path)
    out = tmp_path / "report.html"
    code, _, err = run(["debrief", str(path), "-o", str(out), "--games", "0"])
    if what == "a folder":  # an empty folder holds no log
        assert code == 1 and said in err and not out.exists()
        return
    assert code == 1 and not out.exists()
    assert said in err and str(path) in err, err
    # in a class: listed as left out, the good log reported
    code, _, err = run(["debrief", str(path), str(good), "-o", str(out)])
    assert code == 0 and said in read_page(out).root.by_id("refused").all_text()
    assert len(read_page(out).table(f"{SCENARIO}-games")) == 2


def test_the_size_limit_is_the_records(tmp_path: Path, good: Path) -> None:
    """A log just within the limit is read (padded with spaces JSON allows)."""
    text = good.read_text(encoding="utf-8")
    path = tmp_path / "padded.json"
    path.write_text(text + " " * (MAX_RECORD_BYTES - len(text.encode())), encoding="utf-8")
    assert path.stat().st_size == MAX_RECORD_BYTES
    code, said, _ = run(["replay", str(path)])
    assert code == 0 and "no divergence" in said


# -- a path in a log is never opened ------------------------------------------------

@pytest.fixture
def opened_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path opened by Python while the test runs, however it is opened."""
    seen: list[str] = []

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def opener(path: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(path, str | bytes | os.PathLike):
                seen.append(os.path.abspath(os.fsdecode(path)))
            return real(path, *args, **kwargs)
        return opener

    monkeypatch.setattr(builtins, "open", spy(builtins.open))
    monkeypatch.setattr(io, "open", spy(io.open))
    monkeypatch.setattr(os, "open", spy(os.open))
    for module in (engine.readfile, engine.record):
        monkeypatch.setattr(module, "read_regular", spy(module.read_regular))
    return seen


@pytest.mark.parametrize("command", ["student", "class", "replay"])
def test_a_path_named_in_a_log_is_never_opened(command: str, good: Path, tmp_path: Path,
                                               opened_paths: list[str]) -> None:
    secret = tmp_path / "secret.yaml"
    shutil.copy(good, secret)
    named = {"/etc/passwd", str(secret), "/dev/zero"}
    logs = []
    for k, target in enumerate(sorted(named)):
        logs.append(edited(good, tmp_path / f"names-{k}.json",
                           lambda data, target=target: data["scenario"].update(file=target)))
    opened_paths.clear()
    if command == "replay":
        for log in logs:
            code, said, _ = run(["replay", str(log)])
            assert code == 0 and "no divergence" in said
    else:
        out = tmp_path / "report.html"
        argv = ["debrief", *map(str, logs if command == "class" else logs[:1]), "-o", str(out),
                "--games", "1"]
        code, _, _ = run(argv)
        assert code == 0
        assert not any(n in out.read_text(encoding="utf-8") for n in named)
    assert str(logs[0]) in opened_paths  # the spy sees the log itself being read
    touched = named & set(opened_paths)
    assert not touched, f"a path the log named was opened: {touched}"


# -- a log of format 1 ---------------------------------------------------------------

def test_a_format1_log_is_upgraded_and_reported(tmp_path: Path) -> None:
    old = json.loads(FORMAT1.read_text(encoding="utf-8"))
    assert old["format_version"] == 1
    out = tmp_path / "report.html"
    code, said, _ = run(["debrief", str(FORMAT1), "-o", str(out), "--games", "2"])
    assert code == 0, said
    # the upgrade, by the engine: the old orders replayed
    record = parse_record(FORMAT1.read_text(encoding="utf-8"), str(FORMAT1))
    tables = compile_scenario(tables_of(old["scenario"]["id"]).scenario, settings_of(record))
    session, divergence = replay(tables, record)
    assert divergence is None
    entries = [t.record for t in session.record.turns]
    assert [t.state_hash for t in session.record.turns] == [t["state_hash"]
                                                             for t in old["turns"]]
    page = read_page(out)
    assert active_content(page) == []
    rows = page.table("timeline-party")[1:]
    assert len(rows) == len(old["turns"]) == len(entries)
    for row, e, t in zip(rows, entries, old["turns"], strict=True):
        assert row[0] == str(t["turn"] + 1) and row[1] == t["date"]
        assert abs(float(row[4]) - mean_influence(e)) <= 5e-5 + 1e-9  # shown to 4 places
    gaps = [row[4] for row in page.table("timeline-fit")[1:]]
    assert gaps == [f"{g:.4f}" if g is not None else "" for g in map(picture_gap, entries)]
    assert f"{len(entries)} turns" in said and page.root.find("div", class_="moment")
