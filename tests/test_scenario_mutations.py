"""Hostile scenario files (issue 9, item 9): random damage to the bundled scenarios, the
example mod and its map. Every result is either a clean list of problems or a scenario
that plays ten turns with every quantity finite: never a traceback, a hang or a nan."""

from __future__ import annotations

import dataclasses
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import builders
import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.loader import check_file
from engine.orders import Orders
from engine.problems import Problem
from engine.record import Session
from engine.tables import compile_scenario
from engine.translation import is_translation_file
from game.files import scenarios_dir

ROOT = Path(__file__).resolve().parents[1]
BRITAIN = ROOT / "examples" / "mods" / "britain"
TARGETS = {**{p.stem: p for p in sorted(scenarios_dir().glob("*.yaml"))
              if not is_translation_file(p)},
           "britain": BRITAIN / "britain.yaml"}
STRANGE = [".inf", "-.inf", ".nan", "1e999", "-1e999", "1e308", "9" * 400, "0x7f", "-0",
           "~", "[]", "{}", "''", "yes", "1926-05-04", "&a [*a]"]
ODD_TEXT = ["\u202e", "\u200b", "\x1b[2J", "\ud7ff", "\U0001f3f4", "a" * 5000, "\u0000",
            "\t", "'", '"', ": x", "- y", "#", "&anchor", "*alias", "!!python/object"]
values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8)


def _parent(data: Any, path: builders.JsonPath) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """The file's text with one random change: to its data, or to the text itself."""
    kind = draw(st.sampled_from(["delete", "retype", "strange", "text", "indent", "alias",
                                 "truncate", "duplicate"]))
    lines = text.splitlines(keepends=True)
    if kind == "truncate":
        return text[: draw(st.integers(0, len(text) - 1))]
    if kind == "indent":
        k = draw(st.integers(0, len(lines) - 1))
        lines[k] = draw(st.sampled_from([" ", "\t", "   ", ""])) + lines[k].lstrip(
            " " if draw(st.booleans()) else "")
        return "".join(lines)
    if kind == "alias":
        k = draw(st.integers(0, len(lines) - 1))
        if ": " not in lines[k]:
            return text
        key, _, rest = lines[k].partition(": ")
        alias = draw(st.sampled_from([f"&x {rest}", "*x", "*undefined", "&x [*x, *x]"]))
        lines[k] = f"{key}: {alias}" + ("" if alias.endswith("\n") else "\n")
        return "".join(lines)
    data = yaml.safe_load(text)
    paths = [p for p, _ in builders.json_nodes(data) if p]
    path = draw(st.sampled_from(paths))
    parent = _parent(data, path)
    if kind == "delete":
        del parent[path[-1]]
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(0, parent[path[-1]])
    elif kind == "retype":
        parent[path[-1]] = draw(values)
    elif kind == "text":
        parent[path[-1]] = str(parent[path[-1]]) + draw(st.sampled_from(ODD_TEXT))
    else:
        marker = "MARK\u2603"
        parent[path[-1]] = marker
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        return dumped.replace(f"'{marker}'", draw(st.sampled_from(STRANGE))).replace(
            marker, draw(st.sampled_from(STRANGE)))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


class _Hang(Exception):
    """A load ran past its alarm: what a hang looks like to the test."""


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail, rather than wait forever, if loading or playing takes more than 60 s."""
    def alarm(_signum: int, _frame: Any) -> None:
        raise _Hang("a mutated scenario hung the checker or the game")
    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _plays_ten_finite_turns(path: Path) -> None:
    scenario, problems = check_file(path, [scenarios_dir()])
    assert all(isinstance(p, Problem) for p in problems)
    assert all(p.line >= 1 and p.col >= 1 and p.message for p in problems)
    if scenario is None:
        assert any(p.severity == "error" for p in problems)
        return
    session = Session.start(compile_scenario(scenario), 1)
    for _ in range(10):
        if session.over:
            break
        session.play(Orders(response="comply"))
    state = session.state
    for field in dataclasses.fields(state):
        value = getattr(state, field.name)
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            assert np.isfinite(value).all(), field.name


SETTINGS = settings(max_examples=15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


@pytest.mark.parametrize("name", sorted(TARGETS))
@SETTINGS
@given(data=st.data())
def test_a_mutated_scenario_is_refused_cleanly_or_plays_finite(
        name: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory,
        no_hang: None) -> None:
    source = TARGETS[name]
    folder = tmp_path_factory.mktemp("mutated")
    if name == "britain":  # its own files come along; the shared catalogues are found
        shutil.copytree(BRITAIN, folder, dirs_exist_ok=True)
    path = folder / source.name
    path.write_text(data.draw(mutated(source.read_text(encoding="utf-8"))), encoding="utf-8")
    _plays_ten_finite_turns(path)


@SETTINGS
@given(data=st.data())
def test_a_mutated_map_of_the_example_mod_is_a_problem_never_a_crash(
        data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, no_hang: None) -> None:
    folder = tmp_path_factory.mktemp("mutated-map")
    shutil.copytree(BRITAIN, folder, dirs_exist_ok=True)
    shapes = folder / "map" / "britain.json"
    shapes.write_text(data.draw(mutated(shapes.read_text(encoding="utf-8"))), encoding="utf-8")
    scenario, problems = check_file(folder / "britain.yaml", [scenarios_dir()])
    assert scenario is not None or any(p.code == "E222" for p in problems), problems
