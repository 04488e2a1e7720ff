"""The `comintern` command on bad input: a clear `file:line:col` message, exit 1, no traceback.

Most tests call `game.cli.main` in-process (fast); one runs the real command in a
subprocess to prove that nothing but the problems reaches the user.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import engine.yamlsafe
from engine.loader import merge_documents
from engine.yamlsafe import read_yaml
from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
GERMANY = SCENARIOS / "germany.yaml"

PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: error E\d+: ", re.MULTILINE)


def problem_lines(stderr: str, path: Path | str) -> list[str]:
    """The lines of `stderr` that report an error in `path`, as file:line:col."""
    pattern = re.compile(rf"^{re.escape(str(path))}:\d+:\d+: error E\d+: \S.*$", re.MULTILINE)
    return pattern.findall(stderr)


def broken_copy(folder: Path) -> Path:
    """germany.yaml with two shape errors, beside a copy of its catalogues."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SCENARIOS / "common", folder / "common",
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    text = GERMANY.read_text(encoding="utf-8")
    assert "\nparty:\n" in text and "\ncentre:\n" in text
    text = text.replace("\nparty:\n", "\nparty:\n  colour: red\n", 1)
    text = text.replace("\ncentre:\n", "\ncentre:\n  motto: none\n", 1)
    path = folder / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- validate ---------------------------------------------------------------------

def test_validate_bundled_germany_returns_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", str(GERMANY))
    assert code == 0
    assert err == ""
    assert f"{GERMANY}: ok" in out


def test_validate_broken_copy_returns_1_with_every_problem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = broken_copy(tmp_path)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    lines = problem_lines(err, path)
    assert len(lines) == 2, err
    assert any("unknown key 'colour' in party" in line for line in lines)
    assert any("unknown key 'motto' in centre" in line for line in lines)
    assert "Traceback" not in err + out
    assert f"{path}: 2 error(s), 0 warning(s)" in err
    text = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        found = re.match(r"^(.+):(\d+):(\d+): ", line)
        assert found
        _, number, col = found.groups()
        key = line.split("unknown key '")[1].split("'")[0]
        assert text[int(number) - 1][int(col) - 1:].startswith(key)


def write_bomb(path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


BAD_INPUTS = {
    "binary_junk": lambda p: p.write_bytes(bytes(range(256)) * 8),
    "missing": lambda p: None,
    "directory": lambda p: p.mkdir(),
    "empty": lambda p: p.write_text("", encoding="utf-8"),
    "alias_bomb": write_bomb,
    "python_tag": lambda p: p.write_text("id: !!python/object/apply:os.system [echo hi]\n",
                                         encoding="utf-8"),
    "bad_syntax": lambda p: p.write_text("id: [unclosed\nname: x\n", encoding="utf-8"),
    "list_root": lambda p: p.write_text("- a\n- b\n", encoding="utf-8"),
    "too_deep": lambda p: p.write_text("[" * 60 + "]" * 60 + "\n", encoding="utf-8"),
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_validate_bad_input_exits_1_with_file_line_col(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        kind: str) -> None:
    # the real limit is tested in test_yamlsafe; a lower one keeps this test fast
    monkeypatch.setattr(engine.yamlsafe, "MAX_NODES", 5_000)
    path = tmp_path / f"{kind}.yaml"
    BAD_INPUTS[kind](path)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert len(problem_lines(err, path)) == 1, err
    assert PROBLEM_LINE.search(err)
    assert "Traceback" not in err + out


def test_validate_reports_every_file_and_fails_if_any_fails(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"\xff\xfe\x00garbage")
    missing = tmp_path / "missing.yaml"
    code, out, err = run(capsys, "validate", str(junk), str(GERMANY), str(missing))
    assert code == 1
    assert f"{GERMANY}: ok" in out
    assert len(problem_lines(err, junk)) == 1
    assert len(problem_lines(err, missing)) == 1


def test_validate_warning_alone_returns_0(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SCENARIOS / "common", tmp_path / "common",
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    probe = ("  - id: probe_late\n    title: A probe\n    text: Inserted by a test.\n"
             "    source: the test suite\n    date: 2099-01\n    effects: {unity: 0.01}\n")
    text = GERMANY.read_text(encoding="utf-8").replace("\nevents:\n", "\nevents:\n" + probe, 1)
    path = tmp_path / "late.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0, err
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: warning W302: ", out, re.MULTILINE)
    assert f"{path}: ok" in out
    assert "1 warning(s)" in out
    assert err == ""


@pytest.mark.parametrize("text", ["- " * 1000 + "x\n", "id: !!int abc\n",
                                  "id: " + "9" * 5000 + "\n"],
                         ids=["deep_nesting", "bad_int_tag", "huge_int"])
def test_validate_crashing_input_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         text: str) -> None:
    path = tmp_path / "crash.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert len(problem_lines(err, path)) == 1, err


def test_no_traceback_reaches_the_user_of_the_real_command(tmp_path: Path) -> None:
    broken = broken_copy(tmp_path / "copy")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    missing = tmp_path / "missing.yaml"
    tagged = tmp_path / "tagged.yaml"
    tagged.write_text(f"id: !!python/object/apply:os.system ['touch {tmp_path / 'hi'}']\n",
                      encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "game.cli", "validate", str(broken), str(junk), str(missing),
         str(tagged)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert len(problem_lines(result.stderr, broken)) == 2, result.stderr
    for path in (junk, missing, tagged):
        assert len(problem_lines(result.stderr, path)) == 1, result.stderr
    assert not (tmp_path / "hi").exists()
    # every line on stderr is a problem or a per-file summary
    for line in result.stderr.splitlines():
        assert PROBLEM_LINE.match(line) or re.match(r"^.+: \d+ error\(s\), \d+ warning\(s\)$",
                                                    line), line


# --- schema -----------------------------------------------------------------------

@pytest.fixture
def schema(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(capsys, "schema")
    assert code == 0
    assert err == ""
    return json.loads(out)


@pytest.fixture(scope="module")
def germany_data() -> dict[str, Any]:
    doc = merge_documents(read_yaml(str(GERMANY)), [SCENARIOS])
    return doc.data


def test_schema_is_json_with_a_schema_url(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["title"]


def test_schema_forbids_unknown_keys_and_covers_germany(
        schema: dict[str, Any], germany_data: dict[str, Any]) -> None:
    assert schema["additionalProperties"] is False
    assert set(germany_data) <= set(schema["properties"])
    assert set(schema["required"]) <= set(germany_data)
    assert {"regions", "events", "actions", "lines", "rules"} <= set(schema["properties"])
    # aliases, not Python names, are what a modder writes
    centre_lines = schema["$defs"]["LineSpan"]["properties"]
    assert "from" in centre_lines and "start" not in centre_lines


def test_schema_written_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  schema: dict[str, Any]) -> None:
    target = tmp_path / "out" / "schema.json"
    code, out, _ = run(capsys, "schema", "-o", str(target))
    assert code == 0
    assert str(target) in out
    assert json.loads(target.read_text(encoding="utf-8")) == schema


def test_schema_is_a_valid_draft_2020_12_schema_accepting_germany(
        schema: dict[str, Any], germany_data: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(germany_data)]
    assert errors == []
    broken = {**germany_data, "colour": "red"}
    assert not validator.is_valid(broken)


def _failing(exc: BaseException) -> Any:
    def run(_args: Any) -> int:
        raise exc
    return run


def test_running_out_of_memory_anywhere_is_one_line_and_exit_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import game.cli as cli
    monkeypatch.setattr(cli, "cmd_validate", _failing(MemoryError()))
    assert main(["validate", "x.yaml"]) == 1
    err = capsys.readouterr().err
    assert err == "comintern: out of memory; try a smaller run\n"


def test_a_closed_pipe_ends_quietly(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    import game.cli as cli
    monkeypatch.setattr(cli, "cmd_validate", _failing(BrokenPipeError()))
    assert main(["validate", "x.yaml"]) == 1
    assert capsys.readouterr().err == ""


# -- strangers' control characters never reach the terminal raw (issue 11, item 3) ------

def test_control_characters_are_written_out_and_text_stays_text() -> None:
    from engine.controls import escape_controls, first_control

    assert escape_controls("a\x1b[2Jb\tc\nd\u202e") == "a\\x1b[2Jb\tc\nd\\u202e"
    assert first_control("Germany \x1b]0;pwned\x07") == "U+001B"
    assert first_control("Thälmann\tand\nLuxemburg") is None


def test_validate_refuses_an_escape_sequence_in_a_scenario_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = (Path(__file__).parent / "data" / "tiny.yaml").read_text(encoding="utf-8")
    path = tmp_path / "escape.yaml"
    path.write_text(source.replace("name: Tiny test country",
                                   'name: "Tiny\\e[2J test country"'), encoding="utf-8")
    shutil.copytree(SCENARIOS / "common", tmp_path / "common")
    code, out, err = run(capsys, "validate", str(path))
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.startswith("name:"))
    assert code == 1
    assert f"{path}:{line}:7: error E216: name holds the control character U+001B" in err
    assert "\x1b" not in out + err


def test_a_file_name_with_an_escape_sequence_is_printed_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "evil\x1b[2J.yaml"
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1 and "evil\\x1b[2J.yaml" in err and "\x1b" not in out + err
