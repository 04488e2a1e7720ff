"""Positions in a JSON text (engine/jsonsafe.py): every path found where its value is written."""

from __future__ import annotations

import json
from typing import Any

import builders
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.jsonsafe import JsonPositions, loads
from engine.problems import ProblemError

keys = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"\\[]{}:,'), max_size=6)
values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(-1e6, 1e6)
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"\\[]{}:,\n'), max_size=8),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25)


def _offset(text: str, line: int, col: int) -> int:
    return sum(len(row) + 1 for row in text.split("\n")[:line - 1]) + col - 1


@settings(max_examples=150, deadline=None)
@given(data=values, indent=st.sampled_from([None, 1, 2]))
def test_every_value_is_found_where_it_is_written(data: Any, indent: int | None) -> None:
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    positions = JsonPositions(text, "t.json")
    decoder = json.JSONDecoder()
    for path, value in builders.json_nodes(data):
        _, line, col = positions.value(path)
        found, _ = decoder.raw_decode(text, _offset(text, line, col))
        assert found == value, (path, line, col)
        if path and isinstance(path[-1], str):
            _, line, col = positions.key(path)
            key, _ = decoder.raw_decode(text, _offset(text, line, col))
            assert key == path[-1]


def test_a_missing_path_is_reported_at_its_nearest_container() -> None:
    text = '{\n "a": {\n  "b": [1, 2]\n }\n}'
    positions = JsonPositions(text, "t.json")
    assert positions.value(("a", "missing")) == ("t.json", 2, 7)
    assert positions.value(("a", "b", 9)) == ("t.json", 3, 8)


@pytest.mark.parametrize(("text", "says"), [
    ('{"seed": ' + "1" * 21 + "}", "21 digits"), ('{"x": 1e400}', "too large"),
    ('{"x": NaN}', "NaN is not"), ('{"x": -Infinity}', "-Infinity is not"),
])
def test_numbers_a_record_may_not_hold(text: str, says: str) -> None:
    with pytest.raises(ProblemError) as caught:
        loads(text, "t.json")
    problem = caught.value.problems[0]
    assert says in problem.message
    assert (problem.line, problem.col) == (1, text.index(": ") + 3)  # where the number stands
