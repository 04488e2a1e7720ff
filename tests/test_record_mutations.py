"""Random damage to real records (issue 11, item 8): every result is a clean refusal or a
verified replay, never a traceback, a hang, or a raw control character on the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import builders
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.orders import Orders
from engine.record import Session
from engine.tables import Settings, compile_scenario
from game.cli import main
from game.files import open_scenario


@pytest.fixture(scope="module")
def record_text() -> str:
    tables = compile_scenario(open_scenario("italy"), Settings())
    session = Session.start(tables, 5)
    for _ in range(4):
        session.play(Orders(response="comply"))
    return session.record.to_json()


def _parent(data: Any, path: builders.JsonPath) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


STRANGE_NUMBERS = ["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "9" * 5000, "-0",
                   "18446744073709551616", "1e-999", "0.1e400"]
CONTROLS = "\x1b\x07\x08\x00\x7f\x9b\r"
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(CONTROLS), max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)


@st.composite
def damaged(draw: st.DrawFn, text: str) -> bytes:
    data = json.loads(text)
    kind = draw(st.sampled_from(["truncate", "delete", "add", "retype", "number", "nest",
                                 "control"]))
    paths = [p for p, _ in builders.json_nodes(data) if p]
    path = draw(st.sampled_from(paths))
    if kind == "truncate":
        return text.encode()[: draw(st.integers(0, len(text.encode()) - 1))]
    if kind == "delete":
        del _parent(data, path)[path[-1]]
    elif kind == "add":
        target = _parent(data, path)
        if isinstance(target, dict):
            target[draw(st.text(max_size=10))] = draw(json_values)
        else:
            target.insert(draw(st.integers(0, len(target))), draw(json_values))
    elif kind == "retype":
        _parent(data, path)[path[-1]] = draw(json_values)
    elif kind in ("number", "nest"):
        marker = "\u2603MARK\u2603"
        _parent(data, path)[path[-1]] = marker
        filler = (draw(st.sampled_from(STRANGE_NUMBERS)) if kind == "number"
                  else "[" * (n := draw(st.integers(30, 50_000))) + "]" * n)
        return json.dumps(data, indent=1).replace(f'"{marker}"', filler).encode()
    elif kind == "control":
        where = draw(st.sampled_from([p for p in paths if isinstance(_parent(data, p)[p[-1]],
                                                                      str)]))
        _parent(data, where)[where[-1]] += draw(st.sampled_from(CONTROLS))
    return json.dumps(data, indent=1, ensure_ascii=False).encode()


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_random_damage_is_refused_cleanly_or_replays(data: st.DataObject, record_text: str,
                                                      tmp_path_factory: pytest.TempPathFactory,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    raw = data.draw(damaged(record_text))
    path = Path(tmp_path_factory.mktemp("mutated")) / "record.json"
    path.write_bytes(raw)
    code = main(["replay", str(path)])  # any exception escaping main fails the test
    out, err = capsys.readouterr()
    said = out + err
    assert not any(c in said for c in "\x1b\x07\x08\x00\x7f\x9b"), said[:300]
    if code == 0:
        assert "no divergence" in out
    else:
        assert code == 1 and f"{path}" in err, said[:300]
