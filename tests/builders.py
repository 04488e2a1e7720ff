"""Builders for rule tests: small scenarios and hand-set states."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from engine.loader import deep_merge, merge_documents, scenario_from_document
from engine.model import Scenario
from engine.orders import BatchOrders
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


def orders(t: Tables, n: int, response: int, action: str | None = None,
           region: str | None = None) -> BatchOrders:
    """The same response (and action, region) for `n` games, with the default cadre plan."""
    out = BatchOrders.uniform(n, len(t.regions), response)
    if action is not None and region is not None:
        out.action[:] = t.actions.index(action)
        out.region[:] = t.regions.index(region)
    return out


def with_arrays(state: State, **arrays: Any) -> State:
    """A copy of `state` with some arrays set (broadcast to their shapes)."""
    fresh = state.copy()
    for name, value in arrays.items():
        getattr(fresh, name)[...] = value
    return replace(fresh)


JsonPath = tuple[str | int, ...]


def json_nodes(value: Any, path: JsonPath = ()) -> list[tuple[JsonPath, Any]]:
    """Every node of plain JSON data with its path, the root first."""
    found = [(path, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += json_nodes(item, (*path, key))
    elif isinstance(value, list):
        for k, item in enumerate(value):
            found += json_nodes(item, (*path, k))
    return found


# A Centre initiative and a blow from outside for the tiny scenario.
RISING = {"id": "rising", "title": "The rising",
          "text": "Moscow orders a rising in the farm country, whatever the party reports.",
          "source": "A. Historian, A Book (1990)", "from": "1921-01", "action": "insurrection",
          "region": "farms", "envoy": "An Envoy", "insistence": 2.0, "pressure": 0.3}
BLOW = {"id": "ban", "title": "The party is banned", "text": "Banned.", "source": "s",
        "date": "1920-04", "effects": {"legality": -0.5},
        "damage": {"members": -0.6, "cadres": -0.3},
        "shield": [{"quantity": "organisation", "weight": 1.0}]}


def edit_file(path: Path, old: str, new: str) -> None:
    """Change the first `old` in a scenario file to `new`, as a modder edits it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def without_farms_file(path: Path) -> None:
    """Take the region `farms` out of a scenario file written from the template."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("  - id: farms")] + text[text.index("party:"):],
                    encoding="utf-8")
