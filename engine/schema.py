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
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from engine.catalogues import LIST_KEYS
from engine.loader import CATALOGUE_KEYS, MAP_KEYS
from engine.model import Scenario
from engine.translation import SKIPPED as _TRANSLATION_SKIPPED
from engine.translation import TEXT_KEYS

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


TRANSLATION_FILE = "translation.schema.json"
TRANSLATION_ID = (f"https://far-from-moscow.example/schema/translation-{FORMAT_VERSION}.json")
TRANSLATION_MODELINE = f"# yaml-language-server: $schema={TRANSLATION_FILE}"


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds, and whether it holds a list of them (`X | None` is `X`)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return _model_of(options[0]) if len(options) == 1 else (None, False)
    if origin is list:
        inner, _ = _model_of(get_args(annotation)[0])
        return inner, True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def _words(cls: type[BaseModel], defs: Json, ident: str | None = None) -> str | None:
    """The name of the definition of `cls`'s translatable texts, made once; None if it has none."""
    name = f"{cls.__name__}Words"
    if name in defs:
        return name if defs[name] else None
    defs[name] = {}  # a model holding itself stops here
    props: Json = {}
    for key, info in cls.model_fields.items():
        shown = info.alias or key
        if shown in _TRANSLATION_SKIPPED or shown == ident:
            continue
        if shown in TEXT_KEYS and info.annotation is str:
            props[shown] = {"type": "string", "minLength": 1,
                            "description": f"in the translation's language: {info.description}"}
            continue
        inner, many = _model_of(info.annotation)
        ref = _words(inner, defs, "name" if shown == "envoys" else "id") if inner else None
        if inner is None or ref is None:
            continue
        node: Json = {"$ref": f"#/$defs/{ref}"}
        keyed = "name" if shown == "envoys" else "id" if "id" in inner.model_fields else None
        if many and keyed:
            node = {"type": "object", "additionalProperties": node,
                    "description": f"{info.description}: by {keyed}, each entry's texts"}
        elif many:
            node = {"type": "array", "items": node,
                    "description": f"{info.description}: item by item, in the original's order"}
        else:
            node = {**node, "description": info.description}
        props[shown] = node
    if not props:
        defs[name] = {}
        return None
    defs[name] = {"type": "object", "additionalProperties": False, "properties": props,
                  "title": f"{cls.__name__} (texts)",
                  "description": (cls.__doc__ or cls.__name__).split("\n\n")[0].strip()}
    return name


def translation_schema() -> Json:
    """The JSON Schema of a translation file (`germany.de.yaml`): the word fields only.

    Made from the same models as the scenario's schema: a mapping keeps the
    model's keys that hold texts, a list of entries with an id becomes a
    mapping by id, any other list stays a list. A catalogue's translation
    fits it too, a catalogue's keys being a scenario's.
    """
    defs: Json = {}
    root = _words(Scenario, defs)
    assert root is not None
    top = defs.pop(root)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": TRANSLATION_ID,
        **top,
        "$defs": {k: v for k, v in sorted(defs.items()) if v},
        "title": "Far from Moscow translation",
        "description": (
            "The texts of a scenario or catalogue file in another language, in a file beside "
            "it named for the language (germany.de.yaml). It mirrors the original's word "
            "fields; numbers, ids, dates, triggers and sources stay the original's. "
            "`comintern validate FILE --lang CODE` is the full check (MODDING.md, section 10)."),
    }
