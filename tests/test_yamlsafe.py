"""Unit tests of engine.yamlsafe: plain data with positions, and every unsafe input refused.

Each rejection must be a `ProblemError` whose problem points at the offending
line and column (1-based), never another exception and never code execution.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from engine.problems import Problem, ProblemError
from engine.yamlsafe import MAX_BYTES, MAX_DEPTH, MAX_NODES, parse_yaml, read_yaml

NAME = "test.yaml"


def pos_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the `nth` occurrence of `needle` in `text`."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def only_problem(text: str) -> Problem:
    """Parse `text`, expecting exactly one problem, and return it."""
    with pytest.raises(ProblemError) as info:
        parse_yaml(text, NAME)
    assert len(info.value.problems) == 1, info.value.problems
    problem = info.value.problems[0]
    assert problem.file == NAME
    assert problem.severity == "error"
    assert "\n" not in problem.message, "one problem must print on one line"
    return problem


def at(problem: Problem) -> tuple[int, int]:
    return problem.line, problem.col


# --- plain data and positions -----------------------------------------------------------

NESTED = """\
# a comment first, so line numbers are not trivially 1
title: Germany
block:
  items:
    - first
    - {x: 1, y: [2, 3.5]}
  flag: true
empty: ~
quoted: "text: with colon"
"""


def test_plain_data_is_built_with_python_types() -> None:
    doc = parse_yaml(NESTED, NAME)
    assert doc.filename == NAME
    assert doc.data == {
        "title": "Germany",
        "block": {"items": ["first", {"x": 1, "y": [2, 3.5]}], "flag": True},
        "empty": None,
        "quoted": "text: with colon",
    }
    assert type(doc.data["block"]["items"][1]["x"]) is int
    assert type(doc.data["block"]["items"][1]["y"][1]) is float


def test_value_positions_are_one_based_line_and_column() -> None:
    doc = parse_yaml(NESTED, NAME)
    values = doc.positions.values
    assert values[("title",)] == (NAME, *pos_of(NESTED, "Germany"))
    assert values[("block", "items", 0)] == (NAME, *pos_of(NESTED, "first\n"))
    # a nested list item inside a flow mapping inside a block list
    assert values[("block", "items", 1, "y", 1)] == (NAME, *pos_of(NESTED, "3.5"))
    assert values[("block", "items", 1, "y", 1)] == (NAME, 6, 21)
    assert values[("block", "items", 1)] == (NAME, *pos_of(NESTED, "{x"))
    assert values[("empty",)] == (NAME, *pos_of(NESTED, "~"))
    assert values[()] == (NAME, 2, 1)  # the root mapping starts at its first key


def test_key_positions_are_those_of_the_keys() -> None:
    doc = parse_yaml(NESTED, NAME)
    keys = doc.positions.keys
    assert keys[("block",)] == (NAME, 3, 1)
    assert keys[("block", "flag")] == (NAME, *pos_of(NESTED, "flag"))
    assert keys[("block", "items", 1, "y")] == (NAME, *pos_of(NESTED, "y:"))
    # key() falls back to the value for list items, which have no key
    assert doc.positions.key(("block", "items", 0)) == (NAME, *pos_of(NESTED, "first\n"))


def test_position_of_a_missing_path_is_its_nearest_parent() -> None:
    doc = parse_yaml(NESTED, NAME)
    nearest = doc.positions.value(("block", "items", 1, "nothing", 3))
    assert nearest == (NAME, *pos_of(NESTED, "{x"))


def test_positions_can_be_moved_under_a_new_root() -> None:
    doc = parse_yaml(NESTED, NAME)
    moved = doc.positions.moved(("block", "items"), ("lines",))
    assert moved.values[("lines", 1, "y", 0)] == doc.positions.values[("block", "items", 1, "y", 0)]
    assert ("title",) not in moved.values


def test_aliases_of_plain_data_are_allowed() -> None:
    doc = parse_yaml("base: &b [1, 2]\ncopy: *b\n", NAME)
    assert doc.data == {"base": [1, 2], "copy": [1, 2]}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("d: 1919-01-15\n", "1919-01-15"),
        ("d: 1919-01\n", "1919-01"),
        ("d: 2001-12-14t21:59:43.10-05:00\n", "2001-12-14t21:59:43.10-05:00"),
        ("d: 2001-12-14 21:59:43.10 -5\n", "2001-12-14 21:59:43.10 -5"),
    ],
)
def test_dates_stay_strings(text: str, value: str) -> None:
    data = parse_yaml(text, NAME).data
    assert data == {"d": value}
    assert type(data["d"]) is str


# --- tags that would construct objects ----------------------------------------------------

@pytest.mark.parametrize(
    "tagged",
    [
        '!!python/object/apply:os.system ["echo hi"]',
        "!!python/object/new:pathlib.Path [/tmp]",
        "!!python/name:os.system",
        '!!python/object:collections.OrderedDict {a: 1}',
        "!foo bar",
        "!foo {x: 1}",
        "!foo [1, 2]",
        "!!binary aGk=",
        "!!set {a, b}",
        "!!omap [a: 1]",
    ],
)
def test_a_tag_that_would_construct_an_object_is_refused(tagged: str) -> None:
    text = f"name: ok\nvalue: {tagged}\n"
    problem = only_problem(text)
    assert at(problem) == pos_of(text, tagged) == (2, 8)
    assert "tag" in problem.message
    assert "not allowed" in problem.message


def test_custom_tag_is_named_in_the_message() -> None:
    problem = only_problem("a:\n  - 1\n  - !foo 2\n")
    assert at(problem) == (3, 5)
    assert "!foo" in problem.message


@pytest.mark.parametrize(
    "template",
    [
        "x: !!python/object/apply:os.system ['touch {path}']\n",
        "x: !!python/object/apply:builtins.open ['{path}', 'w']\n",
        "x: !!python/object/apply:subprocess.call [[touch, '{path}']]\n",
        "x: !!python/object/new:pathlib.Path.touch [!!python/object/new:pathlib.Path ['{path}']]\n",
    ],
)
def test_nothing_is_executed_by_a_refused_tag(tmp_path: Path, template: str) -> None:
    target = tmp_path / "pwned"
    text = template.format(path=target)
    with pytest.raises(ProblemError):
        parse_yaml(text, NAME)
    assert not target.exists(), "a YAML tag ran code"


# --- alias bombs, nesting, size -----------------------------------------------------------

def billion_laughs(levels: int = 10, fan: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * fan) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_fails_fast_with_a_clear_message() -> None:
    text = billion_laughs()  # 10**10 values once expanded, in under 1 KB
    assert len(text) < 1000
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    problem = only_problem(text)
    elapsed = time.perf_counter() - start
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert elapsed < 3.0, f"the alias bomb took {elapsed:.1f} s to refuse"
    assert grown_kib < 300_000, f"the alias bomb grew the process by {grown_kib} KiB"
    assert "alias bomb" in problem.message
    assert str(MAX_NODES) in problem.message
    assert problem.line >= 1 and problem.col >= 1


def test_modest_alias_use_stays_under_the_limit() -> None:
    doc = parse_yaml(billion_laughs(levels=3, fan=10), NAME)  # 1,110 values in all
    assert len(doc.data["a2"]) == 10
    assert doc.data["a2"][9][9][9] == "lol"


def nested_flow(depth: int) -> str:
    return "[" * depth + "x" + "]" * depth + "\n"


def test_nesting_up_to_max_depth_is_fine() -> None:
    data = parse_yaml(nested_flow(MAX_DEPTH), NAME).data
    for _ in range(MAX_DEPTH):
        data = data[0]
    assert data == "x"


def test_nesting_deeper_than_max_depth_is_refused_where_it_goes_too_deep() -> None:
    text = nested_flow(MAX_DEPTH + 5)
    problem = only_problem(text)
    assert f"more than {MAX_DEPTH} levels" in problem.message
    # the first node at depth MAX_DEPTH + 1 is the (MAX_DEPTH + 2)-th character
    assert at(problem) == (1, MAX_DEPTH + 2)


def test_deep_block_nesting_is_refused_with_its_line() -> None:
    depth = MAX_DEPTH + 3
    text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "leaf\n"
    problem = only_problem(text)
    assert f"more than {MAX_DEPTH} levels" in problem.message
    # the value of k{MAX_DEPTH}, a mapping starting at k{MAX_DEPTH + 1} on line
    # MAX_DEPTH + 2, is the first node at depth MAX_DEPTH + 1
    assert at(problem) == pos_of(text, f"k{MAX_DEPTH + 1}:")
    assert at(problem) == (MAX_DEPTH + 2, 2 * (MAX_DEPTH + 1) + 1)


def test_very_deep_nesting_is_a_problem_not_a_recursion_error() -> None:
    text = "- " * 1000 + "x\n"  # 2 KB, far under MAX_BYTES
    problem = only_problem(text)
    assert "levels deep" in problem.message


def test_text_over_max_bytes_is_refused_before_parsing() -> None:
    text = "a: " + "x" * MAX_BYTES + "\n"
    start = time.perf_counter()
    problem = only_problem(text)
    assert time.perf_counter() - start < 1.0
    assert "larger than" in problem.message
    assert at(problem) == (1, 1)


def test_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\na: 1\n")
    with pytest.raises(ProblemError) as info:
        read_yaml(str(path))
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert "larger than" in problem.message


# --- malformed YAML ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", 3, 2),      # unclosed flow sequence
        ("a: 1\nb: c: d\n", 2, 5),              # mapping value where none may be
        ("a:\n  b: 1\n\tc: 2\n", 3, 1),        # a tab used as indentation
        ("a: 'open\n", 2, 1),                   # unterminated quoted scalar
        ("x: *nowhere\n", 1, 4),                # undefined alias
    ],
)
def test_invalid_syntax_reports_line_and_column(text: str, line: int, col: int) -> None:
    problem = only_problem(text)
    assert problem.message.startswith("not valid YAML")
    assert at(problem) == (line, col)


def test_control_character_reports_its_position() -> None:
    text = "a: 1\nb: 'x\x07'\n"
    problem = only_problem(text)  # also asserts the message is one line
    assert at(problem) == (2, 6)


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    text = "a: 1\nb:\n  c: 2\n  c: 3\n"
    problem = only_problem(text)
    assert at(problem) == (4, 3)
    assert "'c'" in problem.message and "twice" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("a: 1\n1: one\n", 2, 1),
        ("a: 1\nnull: x\n", 2, 1),
        ("a: 1\ntrue: x\n", 2, 1),
        ("a: 1\n1.5: x\n", 2, 1),
        ("a:\n  ? [x, y]\n  : z\n", 2, 5),
        ("a: {? {k: v} : z}\n", 1, 7),
    ],
)
def test_non_string_key_is_refused(text: str, line: int, col: int) -> None:
    problem = only_problem(text)
    assert "key must be plain text" in problem.message
    assert at(problem) == (line, col)


def test_quoted_number_key_is_fine() -> None:
    assert parse_yaml("'1': one\n", NAME).data == {"1": "one"}


def test_merge_key_is_refused_at_the_merge_key() -> None:
    text = "base: &b {x: 1}\nuse:\n  y: 2\n  <<: *b\n"
    problem = only_problem(text)
    assert "'<<'" in problem.message
    assert at(problem) == (4, 3)


def test_multiple_documents_are_refused() -> None:
    problem = only_problem("a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in problem.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file_is_refused(text: str) -> None:
    problem = only_problem(text)
    assert "empty" in problem.message
    assert at(problem) == (1, 1)


def test_non_utf8_file_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"a: 1\nb: 2\nc: caf\xe9\n")
    with pytest.raises(ProblemError) as info:
        read_yaml(str(path))
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert "UTF-8" in problem.message
    assert problem.line == 3


def test_non_utf8_file_reports_the_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"a: 1\nb: 2\nc: caf\xe9\n")
    with pytest.raises(ProblemError) as info:
        read_yaml(str(path))
    assert at(info.value.problems[0]) == (3, 7)


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(ProblemError) as info:
        read_yaml(str(path))
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert "cannot read" in problem.message
    assert at(problem) == (1, 1)


def test_read_yaml_gives_the_path_in_positions(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("a:\n  b: 1\n", encoding="utf-8")
    doc = read_yaml(str(path))
    assert doc.data == {"a": {"b": 1}}
    assert doc.positions.values[("a", "b")] == (str(path), 2, 6)


# --- explicit scalar tags that do not fit their value -----------------------------------

@pytest.mark.parametrize("tagged", ["!!int abc", "!!float abc", "!!bool maybe"])
def test_explicit_tag_on_a_wrong_value_is_a_problem(tagged: str) -> None:
    problem = only_problem(f"a: 1\nb: {tagged}\n")
    assert at(problem) == (2, 4)


def test_huge_integer_is_a_problem() -> None:
    problem = only_problem("a: 1\nb: " + "9" * 5000 + "\n")
    assert at(problem) == (2, 4)
