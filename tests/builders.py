"""Builders for rule tests: small scenarios and hand-set states."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from engine.loader import deep_merge, merge_documents, scenario_from_document
from engine.model import Scenario
from engine.state import State
from engine.tables import Settings, Tables, compile_scenario
from engine.yamlsafe import Document, read_yaml

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TINY = Path(__file__).resolve().parent / "data" / "tiny.yaml"


def scenario(path: Path = TINY, **changes: Any) -> Scenario:
    """A scenario from `path`, with nested `changes` applied to its merged data."""
    doc = merge_documents(read_yaml(str(path)), [SCENARIOS])
    deep_merge(doc.data, changes)
    return scenario_from_document(Document(doc.data, doc.positions, doc.filename))


def tables(path: Path = TINY, rigidity: float | None = None, **changes: Any) -> Tables:
    return compile_scenario(scenario(path, **changes), Settings(rigidity=rigidity))


def with_arrays(state: State, **arrays: Any) -> State:
    """A copy of `state` with some arrays set (broadcast to their shapes)."""
    fresh = state.copy()
    for name, value in arrays.items():
        getattr(fresh, name)[...] = value
    return replace(fresh)
