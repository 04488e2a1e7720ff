"""Strangers' records (issue 11): every damage in `tests/damage.py` is refused, cleanly.

Each damaged record goes through `comintern replay` and `comintern play
--resume`: the command must exit non-zero, say what is wrong in the words
its damage names, print no traceback and no raw control character. The
records whose only damage is the old `scenario.file` field replay: a record
never opens a path it names. A changed scenario hash is refused by replay,
and resumed on the scenario as it is now, saying so (`RESUMES`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from damage import DAMAGES, REPLAYS, RESUMES, canonical, good_record, italy

from engine.jsonsafe import MAX_DEPTH, JsonPositions, too_deep
from engine.problems import ProblemError
from engine.readfile import read_regular
from engine.record import Session, parse_record, read_record
from game.cli import main

SMALL = [d for d in DAMAGES if not d.big or d.name.startswith(("1.9 MB", "3 MB"))]


@pytest.fixture(scope="module")
def good() -> Session:
    return good_record(italy())


@pytest.fixture(scope="module")
def data(good: Session) -> dict:
    data = json.loads(good.record.to_json())
    data["scenario"]["file"] = "italy"  # as records of engine 0.2.0 and before named it
    return data


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize("damage", SMALL, ids=[d.name for d in SMALL])
def test_a_damaged_record_is_refused_with_its_reason(damage, data: dict, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "damaged.json"
    path.write_bytes(damage.make(data, canonical(data).decode()))
    empty = tmp_path / "no-answers.txt"
    empty.write_text("")
    for args in (["replay", str(path)], ["play", "--resume", str(path), "--answers", str(empty)]):
        code, said = _run(args, capsys)
        words = " ".join(said.split())  # as read: a long path may wrap the line anywhere
        assert "Traceback" not in said
        assert "\x1b" not in said, "a raw escape reached the terminal"
        if damage.name in REPLAYS:
            assert code == 0, said
        elif damage.name in RESUMES and args[0] == "play":
            assert code == 0, said  # offered on the scenario as it is now, and said so
            assert damage.says in words.lower() and str(path) in words, said[:300]
        else:
            assert code != 0, f"{args[0]} accepted it: {said[:300]}"
            assert damage.says in words.lower(), said[:300]
            assert str(path) in words  # the message names the file


def test_a_record_that_names_a_fifo_or_a_secret_is_replayed_without_opening_it(
        data: dict, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    data = {**data, "scenario": {**data["scenario"], "file": str(fifo)}}
    path = tmp_path / "names-a-fifo.json"
    path.write_bytes(canonical(data))
    done = subprocess.run([sys.executable, "-m", "game.cli", "replay", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "no divergence" in done.stdout


def test_only_ordinary_files_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "record.json"
    os.mkfifo(fifo)
    for path in (fifo, tmp_path, Path("/dev/zero")):
        with pytest.raises(ProblemError) as caught:
            read_record(str(path))  # opened without blocking: refused, not waited on
        assert "only an ordinary file is read" in str(caught.value)


def test_the_size_message_names_the_limit_that_applies(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 101)
    with pytest.raises(ProblemError) as caught:
        read_regular(str(big), 100, "scenario file")
    assert "larger than 100 bytes, the limit for a scenario file" in str(caught.value)


def test_the_written_record_holds_no_file_name(good: Session) -> None:
    assert "file" not in json.loads(good.record.to_json())["scenario"]


def test_a_finished_game_must_state_its_outcome(good: Session) -> None:
    assert good.over and good.record.outcome is not None
    record = parse_record(good.record.to_json(), "good.json")
    assert record.outcome == good.record.outcome


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 1_000_000])
def test_nesting_is_measured_without_recursion(depth: int) -> None:
    text = '{"a": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"
    found = too_deep(text)
    assert (found is None) == (depth <= MAX_DEPTH)
    if found is not None:
        # the object is the first level, so the bracket found opens level MAX_DEPTH + 1
        assert text[found] == "[" and text[:found].count("[") == MAX_DEPTH - 1


def test_brackets_and_escaped_quotes_inside_strings_do_not_nest() -> None:
    text = json.dumps({"label": "[" * 100 + '\\"' + "{" * 100, "x": [[1]]})
    assert too_deep(text) is None
    assert too_deep(json.dumps({"a": "\\\\", "b": [[[]]]}), limit=2) is not None


def test_a_problem_is_found_quickly_in_a_large_record(data: dict) -> None:
    padded = json.loads(json.dumps(data))
    # well-formed filler (only the replay refuses it), so the one problem is the key at the end
    padded["outcome"]["score_parts"] += [0.0] * 300_000
    padded["turns"][-1]["colour"] = "red"
    text = canonical(padded).decode()
    where = JsonPositions(text, "big.json").key(("turns", len(padded["turns"]) - 1, "colour"))
    assert where[1:] == _line_col(text, '"colour"')
    with pytest.raises(ProblemError) as caught:  # how fast: tests/bench/test_speed.py
        parse_record(text, "big.json")
    problem = caught.value.problems[0]
    assert (problem.line, problem.col) == _line_col(text, '"colour"')
    assert "unknown key 'colour'" in problem.message


def _line_col(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
