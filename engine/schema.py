"""The published JSON Schema of a scenario file, as an editor sees it. Pure.

`engine.model.Scenario` is a scenario *after* its catalogues are merged.
An editor checks the file as written, before the merge, so the published
schema loosens what the includes may supply (`engine.loader`):

- `actions`, `lines`, `rules` and `epilogue` may be left out, since a
  catalogue can bring them;
- under `rules` and `epilogue`, which merge key by key at every depth, no
  key is required: a scenario may override only some of them. Lists are
  replaced whole, never merged, so an item of a list stays complete.

Everything else, descriptions included, comes from the model. `comintern
validate` stays the full check: it also knows what the includes hold.
"""

from __future__ import annotations

import copy
import json
from typing import Any, get_args

from engine.catalogues import LIST_KEYS
from engine.loader import CATALOGUE_KEYS, MAP_KEYS
from engine.model import Scenario

FORMAT_VERSION: int = get_args(Scenario.model_fields["format_version"].annotation)[0]
# An identifier, not a download address: editors find the file by the
# modeline's path. It changes only with the format's major version.
SCHEMA_ID = f"https://far-from-moscow.example/schema/scenario-{FORMAT_VERSION}.json"
SCHEMA_FILE = "scenario.schema.json"
# the line that ties a YAML file to the schema in editors that use yaml-language-server
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
PARTIAL = "Partial"  # prefix of the loosened copies of the models under rules and epilogue

Json = dict[str, Any]


def _ref_name(node: Json) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _has_required(defs: Json, name: str, seen: frozenset[str] = frozenset()) -> bool:
    """Whether the model `name`, or one it holds by mapping, requires a key."""
    if name in seen:
        return False
    node = defs[name]
    if node.get("required"):
        return True
    return any(_has_required(defs, inner, seen | {name})
               for prop in node.get("properties", {}).values()
               for inner in _mapped_refs(prop))


def _mapped_refs(node: Json) -> list[str]:
    """The models a property holds as a mapping (directly or as one of its options)."""
    found = [_ref_name(node)] + [_ref_name(option) for option in node.get("anyOf", [])]
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        found += _mapped_refs(extra)
    return [name for name in found if name]


def _loosen(defs: Json, node: Json) -> None:
    """Point `node`'s mappings at partial copies; a list's items are left whole."""
    name = _ref_name(node)
    if name and _has_required(defs, name):
        node["$ref"] = f"#/$defs/{_partial(defs, name)}"
    for option in node.get("anyOf", []):
        _loosen(defs, option)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        _loosen(defs, extra)


def _partial(defs: Json, name: str) -> str:
    """A copy of the model `name` that requires no key, made once, with its mappings loosened."""
    partial = PARTIAL + name
    if partial not in defs:
        loose = copy.deepcopy(defs[name])
        loose.pop("required", None)
        loose["title"] = f"{loose.get('title', name)} (partial)"
        defs[partial] = loose
        for prop in loose.get("properties", {}).values():
            _loosen(defs, prop)
    return partial


def scenario_schema() -> Json:
    """The JSON Schema (Draft 2020-12) of a scenario file as a modder writes it."""
    schema = Scenario.model_json_schema(by_alias=True)
    defs: Json = schema["$defs"]
    props: Json = schema["properties"]
    for key in MAP_KEYS:
        _loosen(defs, props[key])
    for key in LIST_KEYS:
        props[key].pop("minItems", None)  # the merged list must not be empty, the file's may
    schema["required"] = [k for k in schema["required"] if k not in CATALOGUE_KEYS]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Far from Moscow scenario",
        "description": (
            f"A scenario file of Far from Moscow, format {FORMAT_VERSION}, as written: "
            "actions, lines, rules and the epilogue may come from the catalogues named "
            "in include, and a rules key left out keeps the catalogue's value. "
            "`comintern validate FILE` is the full check. The sections named in the "
            "descriptions are those of MODDING.md."),
    }


def schema_text(schema: Json) -> str:
    """The schema as the file `comintern schema -o` writes: sorted keys, so diffs mean something."""
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
