"""What is written out from the scenario model: MODDING.md's field tables and
the schema shipped beside the bundled scenarios.

    python -m game.docgen          rewrite both
    python -m game.docgen --check  exit 1, naming what is stale, if either differs

A table of MODDING.md stands between `<!-- begin generated: Model -->` and
`<!-- end generated: Model -->`, where Model is a class of `engine.model`;
the prose around the markers is written by hand and left alone. Each row is
a field: its key as a file writes it, its type in words, its default, and
its description, the same words an editor shows from the schema.
"""

from __future__ import annotations

import argparse
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from engine import model as models
from engine.model import CODE_PATTERN, ID_PATTERN, MONTH_PATTERN, SPAN_PATTERN, Scenario
from engine.schema import (
    SCHEMA_FILE,
    TRANSLATION_FILE,
    scenario_schema,
    schema_text,
    translation_schema,
)
from engine.shape import field_at, number_rule

ROOT = Path(__file__).resolve().parents[1]
MODDING = ROOT / "MODDING.md"
SHIPPED_SCHEMA = ROOT / "scenarios" / SCHEMA_FILE
SHIPPED_TRANSLATION_SCHEMA = ROOT / "scenarios" / TRANSLATION_FILE
REGION = re.compile(r"(<!-- begin generated: (\w+) -->\n).*?(<!-- end generated: \2 -->)", re.S)

# what a value of each model is called in a table: (one, many)
NOUNS: dict[str, tuple[str, str]] = {
    "ConditionShift": ("condition changes", "condition changes"),
    "FitWeights": ("fit weights", "fit weights"),
    "ActionType": ("action", "actions"),
    "LineSpan": ("line period", "line periods"),
    "OutcomeCategory": ("outcome category", "outcome categories"),
    "PartyStart": ("party", "parties"),
    "CentreSpec": ("centre", "centres"),
    "EpilogueParagraph": ("paragraph", "paragraphs"),
    "Rules": ("rules", "rules"),
    "Shield": ("shield term", "shield terms"),
}
# ids that name something of a known kind, by the field that holds them
ID_KINDS = {"action": "action", "allowed": "action", "region": "region", "regions": "region",
            "line": "line", "outcome": "outcome"}
TEXTS = {120: "name", 4000: "text"}
PATTERNS = {ID_PATTERN: "id", MONTH_PATTERN: "month", SPAN_PATTERN: "month or span of years",
            CODE_PATTERN: "code"}


def _noun(cls: type[BaseModel], many: bool = False) -> str:
    name = cls.__name__
    if name in NOUNS:
        return NOUNS[name][many]
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    return words + ("s" if many and not words.endswith("s") else "")


def _bounds(meta: list[Any]) -> str:
    low = next((m.min_length for m in meta if isinstance(m, MinLen)), 0)
    high = next((m.max_length for m in meta if isinstance(m, MaxLen)), None)
    if high is not None:
        return f", {low} to {high}" if low else f", at most {high}"
    return f", at least {low}" if low else ""


def _kind(annotation: Any, meta: list[Any], key: str, many: bool = False) -> str:
    """A type in words: `share`, `month`, `list of region ids, at least 1`..."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return " or ".join(_kind(a, [], key, many) for a in options)
    if origin is Literal:
        shown = [f"`{v}`" for v in get_args(annotation)]
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    if origin is list:
        return "list of " + _kind(*_annotated(get_args(annotation)[0]), key, many=True) + \
            _bounds(meta)
    if origin is dict and key == "translations":
        return "mapping of language code (`de`) to the file's texts (section 10)"
    if origin is dict:  # otherwise a line's preferences by action
        return "mapping of action id to " + _kind(*_annotated(get_args(annotation)[1]), key)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _noun(annotation, many)
    if annotation is bool:
        return "true/false"
    if annotation is str:
        return _str_kind(meta, key, many)
    if annotation is float and _range(meta) == (0.0, 1.0):
        return "shares" if many else "share"
    rule = number_rule(annotation, meta)
    return rule.removeprefix("a ") if rule else str(annotation)


def _str_kind(meta: list[Any], key: str, many: bool) -> str:
    pattern = next((getattr(m, "pattern", None) for m in meta if getattr(m, "pattern", None)),
                   None)
    if pattern in PATTERNS:
        word = PATTERNS[pattern]
        if word == "id" and key in ID_KINDS:
            word = f"{ID_KINDS[key]} id"
        return word + ("s" if many else "")
    longest = next((m.max_length for m in meta if isinstance(m, MaxLen)), None)
    if key == "quantity":
        return "quantity name"
    if key == "region":  # a selector or a region: the field is plain text
        return "`mean`, `min`, `max` or a region id"
    if key == "include":
        return "paths" if many else "path"
    return TEXTS.get(longest or 0, "text") + ("s" if many else "")


def _range(meta: list[Any]) -> tuple[float | None, float | None]:
    low = next((getattr(m, "ge", None) for m in meta if getattr(m, "ge", None) is not None), None)
    high = next((getattr(m, "le", None) for m in meta if getattr(m, "le", None) is not None),
                None)
    return low, high


def _annotated(annotation: Any) -> tuple[Any, list[Any]]:
    """An item type and its constraints: `Id` in `list[Id]` is a str with a pattern."""
    if get_origin(annotation) is not Annotated:
        return annotation, []
    base, *extra = get_args(annotation)
    meta: list[Any] = []
    for item in extra:
        meta.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return base, meta


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        made = field.default_factory()  # type: ignore[call-arg]
        return "`[]`" if isinstance(made, list) else "`{}`"
    value = field.default
    if value is None or value is PydanticUndefined:
        return "none"
    if isinstance(value, BaseModel):
        return "`{}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float):
        return f"`{int(value):,}`" if value.is_integer() and abs(value) >= 1000 else f"`{value:g}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table(cls: type[BaseModel]) -> str:
    """The field table of one model, as MODDING.md shows it."""
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for name, field in cls.model_fields.items():
        key = field.alias or name
        found = field_at(cls, [key])
        annotation, meta = found if found else (field.annotation, list(field.metadata))
        rows.append(f"| `{key}` | {_cell(_kind(annotation, meta, name))} | {_default(field)} | "
                    f"{_cell(field.description or '')} |")
    return "\n".join(rows) + "\n"


def models_in_schema() -> list[str]:
    """Every model a scenario holds, by class name (what the generated tables must cover)."""
    names = set(Scenario.model_json_schema(by_alias=True)["$defs"])
    return sorted(names | {Scenario.__name__})


def regenerate(text: str) -> str:
    """MODDING.md with every generated table made afresh from the model."""

    def fill(match: re.Match[str]) -> str:
        cls = getattr(models, match.group(2), None)
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            raise ValueError(f"MODDING.md: no model {match.group(2)!r} in engine.model")
        return f"{match.group(1)}\n{table(cls)}\n{match.group(3)}"

    return REGION.sub(fill, text)


def generated_regions(text: str) -> Iterator[str]:
    """The models whose tables MODDING.md generates, in the order they stand."""
    return (match.group(2) for match in REGION.finditer(text))


def outputs() -> dict[Path, str]:
    """Each generated file with the text it should have."""
    return {MODDING: regenerate(MODDING.read_text(encoding="utf-8")),
            SHIPPED_SCHEMA: schema_text(scenario_schema()),
            SHIPPED_TRANSLATION_SCHEMA: schema_text(translation_schema())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.docgen", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say what is stale")
    args = parser.parse_args(argv)
    stale = [path for path, text in outputs().items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale: run python -m game.docgen",
                  file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs().items():
        if path in stale:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
