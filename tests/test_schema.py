"""The published schema as an editor uses it: an `$id`, a description on every
property, and no false errors on the files the loader accepts as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from builders import ROOT, SCENARIOS, TINY, json_nodes

from engine.loader import content_hash, load_scenario
from engine.schema import (
    MODELINE,
    SCHEMA_FILE,
    SCHEMA_ID,
    TRANSLATION_FILE,
    scenario_schema,
    schema_text,
    translation_schema,
)
from engine.translation import is_translation_file
from engine.yamlsafe import parse_yaml, read_yaml
from game.files import new_scenario, template_text

jsonschema = pytest.importorskip("jsonschema")

BUNDLED = sorted(p for p in SCENARIOS.glob("*.yaml") if not is_translation_file(p))
MODDING = ROOT / "MODDING.md"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return scenario_schema()


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Any:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator: Any, data: Any) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in validator.iter_errors(data)]


def sketch() -> dict[str, Any]:
    """The minimal British scenario of MODDING.md, section 1: a partial `rules:` override."""
    blocks = re.findall(r"```yaml\n(.*?)```", MODDING.read_text(encoding="utf-8"), re.S)
    text = next(b for b in blocks if b.startswith("# Britain"))
    data = parse_yaml(text, "britain.yaml").data
    assert isinstance(data, dict)
    return data


def test_the_schema_has_a_stable_id_named_by_the_format_version(schema: dict[str, Any]) -> None:
    assert schema["$id"] == "https://far-from-moscow.example/schema/scenario-1.json" == SCHEMA_ID
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format_version"]["const"] == 1


def test_every_property_has_a_description_of_its_own(schema: dict[str, Any]) -> None:
    missing = [f"{'.'.join(map(str, path[:-1]))}.{key}" for path, node in json_nodes(schema)
               if path and path[-1] == "properties" and isinstance(node, dict)
               for key, prop in node.items() if not str(prop.get("description", "")).strip()]
    assert missing == []


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_a_bundled_scenario_as_written_passes(validator: Any, path: Path) -> None:
    # what an editor sees: the file before its catalogues are merged
    assert errors(validator, read_yaml(str(path)).data) == []


def test_the_partial_rules_override_of_modding_md_passes(validator: Any) -> None:
    data = sketch()
    assert data["rules"] == {"drift": {"noise": 0.01}} and "actions" not in data
    assert errors(validator, data) == []


def test_the_new_scenario_template_passes(validator: Any, tmp_path: Path) -> None:
    path = new_scenario("britain_1929", tmp_path)
    assert errors(validator, read_yaml(str(path)).data) == []


def test_a_partial_override_deep_inside_the_rules_passes(validator: Any) -> None:
    data = {**sketch(), "rules": {"sanctions": {"replace": {"effects": {"unity": -0.2}}}},
            "epilogue": {"closing": {"text": "Only the text is changed."}}}
    assert errors(validator, data) == []


def test_the_loosened_schema_still_catches_mistakes(validator: Any) -> None:
    base = sketch()
    wrong = {
        "a misspelt rule": {**base, "rules": {"drift": {"nosie": 0.01}}},
        "a rule out of range": {**base, "rules": {"drift": {"noise": 2}}},
        "a missing region list": {k: v for k, v in base.items() if k != "regions"},
        "an action without a setback": {**base, "actions": [{
            "id": "march", "name": "March", "summary": "A march.", "fit": {}, "risk": 0.1,
            "success": {}}]},
        "a partial epilogue paragraph in a list": {**base, "epilogue": {
            "paragraphs": [{"date": "1940-01"}]}},
    }
    for what, data in wrong.items():
        assert errors(validator, data), what


def test_the_schema_shipped_with_the_scenarios_is_current(schema: dict[str, Any]) -> None:
    shipped = SCENARIOS / SCHEMA_FILE
    assert shipped.read_text(encoding="utf-8") == schema_text(schema), \
        "scenarios/scenario.schema.json is stale: run python -m game.docgen"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_scenarios_name_the_schema_on_their_first_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert (path.parent / SCHEMA_FILE).is_file()


def test_the_template_names_the_schema_and_says_how_to_write_it() -> None:
    text = template_text()
    assert text.splitlines()[0] == MODELINE == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    assert f"comintern schema -o {SCHEMA_FILE}" in text


# Saved games name their scenario by this hash, which counts the rules only:
# words (engine.loader.WORD_KEYS), a description or any other schema setting
# must never change it; change these only on purpose, knowing
# that records of the old version stop replaying (MODDING.md, section 7).
HASHES = {
    "china.yaml": "f07aa970c8b59a2e",
    "germany.yaml": "de63b0406dfba1c7",
    "italy.yaml": "ffe4bb4e57da9e83",
    "usa.yaml": "5e4772f96eee9a92",
    "tiny.yaml": "c9999e932be19578",
}


@pytest.mark.parametrize("path", [*BUNDLED, TINY], ids=lambda p: p.name)
def test_content_hashes_of_saved_games_stay(path: Path) -> None:
    assert content_hash(load_scenario(path, [SCENARIOS])) == HASHES[path.name]


# --- the schema of a translation file (MODDING.md, section 10) ----------------------

TRANSLATIONS = sorted([*SCENARIOS.glob("*.yaml"), *(SCENARIOS / "common").glob("*.yaml")])
TRANSLATIONS = [p for p in TRANSLATIONS if is_translation_file(p)]


@pytest.fixture(scope="module")
def words_validator() -> Any:
    schema = translation_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_translation_schema_shipped_is_current() -> None:
    shipped = SCENARIOS / TRANSLATION_FILE
    assert shipped.read_text(encoding="utf-8") == schema_text(translation_schema()), \
        "scenarios/translation.schema.json is stale: run python -m game.docgen"


def test_every_property_of_the_translation_schema_has_a_description() -> None:
    schema = translation_schema()
    missing = [f"{'.'.join(map(str, path[:-1]))}.{key}" for path, node in json_nodes(schema)
               if path and path[-1] == "properties" and isinstance(node, dict)
               for key, prop in node.items() if not str(prop.get("description", "")).strip()]
    assert missing == []


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: p.name)
def test_a_bundled_translation_passes_and_names_its_schema(words_validator: Any,
                                                           path: Path) -> None:
    assert errors(words_validator, read_yaml(str(path)).data) == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("=", 1)[1]).resolve() == SCENARIOS / TRANSLATION_FILE


def test_the_translation_schema_refuses_what_a_translation_cannot_change(
        words_validator: Any) -> None:
    good = {"name": "Deutschland", "events": {"kapp_putsch": {"title": "Der Kapp-Putsch"}},
            "envoys": {"Bela Kun": {"note": "Ungarischer Kommunist."}},
            "discussion": [{"question": "Warum?"}]}
    assert errors(words_validator, good) == []
    for wrong in ({"start": "1920-01"}, {"events": {"kapp_putsch": {"date": "1920-03"}}},
                  {"events": {"kapp_putsch": {"source": "Ein Buch"}}},
                  {"envoys": {"Bela Kun": {"name": "Béla Kun"}}}, {"regoins": {}},
                  {"discussion": {"0": {"question": "Warum?"}}}, {"name": ""}):
        assert errors(words_validator, wrong), wrong
