"""Pydantic's shape errors as problems a modder can act on. Pure.

A shape error names a location in the data (`('events', 12, 'chance')`);
here it becomes the line and column of the offending node, a path that
names the item's id (`events[12] (office_informer).chance`), and a message
that says what is allowed: the range of a number (read from the model's
own bounds, so it never drifts from them), the form of a month or an id,
and for an unknown key the nearest key the model knows.
"""

from __future__ import annotations

import math
import types
from collections.abc import Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from engine.model import CODE_PATTERN, ID_PATTERN, MONTH_PATTERN
from engine.problems import Problem, did_you_mean
from engine.yamlsafe import Document, Path

_NUMBER_ERRORS = {
    "float_type", "float_parsing", "int_type", "int_parsing", "int_parsing_size",
    "int_from_float", "finite_number", "greater_than", "greater_than_equal", "less_than",
    "less_than_equal",
}


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under `Annotated[...]` and `X | None`, with the constraints met on the way."""
    meta: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *extra = get_args(annotation)
            for item in extra:
                meta.extend(item.metadata if isinstance(item, FieldInfo) else [item])
            annotation = base
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation, meta
            annotation = options[0]
        else:
            return annotation, meta


def _model_field(model: type[BaseModel], key: str) -> FieldInfo | None:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def field_at(model: type[BaseModel], loc: Sequence[int | str]) -> tuple[Any, list[Any]] | None:
    """The type and the constraints of the value at `loc` in `model`, if it can be followed."""
    annotation: Any = model
    meta: list[Any] = []
    for part in loc:
        annotation, more = _unwrap(annotation)
        meta = meta + more
        if _is_model(annotation) and isinstance(part, str):
            found = _model_field(annotation, part)
            if found is None:
                return None
            annotation, meta = found.annotation, list(found.metadata)
        elif get_origin(annotation) is list and isinstance(part, int):
            annotation, meta = get_args(annotation)[0], []
        elif get_origin(annotation) is dict and isinstance(part, str):
            annotation, meta = get_args(annotation)[1], []
        else:
            return None
    annotation, more = _unwrap(annotation)
    return annotation, meta + more


def known_keys(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    """The keys the mapping at `loc` may hold, as a file writes them (aliases)."""
    found = field_at(model, loc)
    if found is None or not _is_model(found[0]):
        return []
    return [field.alias or name for name, field in found[0].model_fields.items()]


def _figure(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:g}"


def _bound(meta: Sequence[Any], kind: type) -> float | None:
    for item in meta:
        if isinstance(item, kind):
            value: float = getattr(item, kind.__name__.lower())
            return value
    return None


def number_rule(annotation: Any, meta: Sequence[Any]) -> str | None:
    """What a number field accepts, in words ("a number from 0 to 1"), or None if not a number."""
    if annotation not in (int, float):
        return None
    kind = "a whole number" if annotation is int else "a number"
    ge, gt, le, lt = (_bound(meta, k) for k in (Ge, Gt, Le, Lt))
    if annotation is int:  # above 0 is from 1 for a whole number
        ge = ge if gt is None else gt + 1
        le = le if lt is None else lt - 1
        gt = lt = None
    if ge is not None and le is not None:
        return f"{kind} from {_figure(ge)} to {_figure(le)}"
    low = (f"at least {_figure(ge)}" if ge is not None
           else f"above {_figure(gt)}" if gt is not None else "")
    high = (f"at most {_figure(le)}" if le is not None
            else f"below {_figure(lt)}" if lt is not None else "")
    if low or high:
        return f"{kind} " + " and ".join(filter(None, (low, high)))
    return f"{kind} (not inf or nan)"


def _shown(value: Any) -> str:
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return str(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    return repr(text[:40] + ("..." if len(text) > 40 else ""))


def _pattern(meta: Sequence[Any]) -> str | None:
    return next((getattr(m, "pattern", None) for m in meta if getattr(m, "pattern", None)), None)


def _rule(model: type[BaseModel] | None, loc: Sequence[int | str], kind: str) -> str | None:
    """What the value at `loc` must be, when the model says more than pydantic's message."""
    found = field_at(model, loc) if model is not None else None
    if found is None:
        return None
    annotation, meta = found
    if kind in _NUMBER_ERRORS:
        return number_rule(annotation, meta)
    if kind in ("string_pattern_mismatch", "string_type"):
        pattern = _pattern(meta)
        if pattern == MONTH_PATTERN:
            return "a month written YYYY-MM, e.g. 1923-10"
        if pattern == ID_PATTERN:
            return "an id: lower-case letters, digits and underscores, starting with a letter"
        if pattern == CODE_PATTERN:
            return "a warning's code, such as W301 (a letter and three digits)"
    return None


def data_path(data: Any, loc: Sequence[int | str]) -> Path:
    """Follow a pydantic error location through the data, skipping union tags."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str):
            path.append(part)  # a missing or unknown key: report at its parent or itself
            break
    return tuple(path)


def dotted(path: Path, data: Any = None) -> str:
    """`events[12] (office_informer).chance`: indices from 0, each item named by its id."""
    out = ""
    node = data
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str) and ident:
                out += f" ({ident[:40]})"
            node = item
        else:
            out += f".{part}"
            node = node.get(part) if isinstance(node, dict) else None
    return out.lstrip(".")


def shape_problems(error: ValidationError, doc: Document,
                   model: type[BaseModel] | None = None) -> list[Problem]:
    """Pydantic's errors as problems at the line and column of the offending node.

    With `model` (the class validated), numbers, months and ids say what is
    allowed, and an unknown key suggests the nearest known one; a misspelt
    required key is then one problem, not an unknown key and a missing one.
    """
    errors = error.errors(include_url=False)
    paths = [data_path(doc.data, err["loc"]) for err in errors]
    missing = {path for err, path in zip(errors, paths, strict=True) if err["type"] == "missing"}
    meant: set[Path] = set()  # missing keys that an unknown key's suggestion accounts for
    problems = []
    for err, path in zip(errors, paths, strict=True):
        kind = err["type"]
        if kind == "extra_forbidden":
            file, line, col = doc.positions.key(path)
            message = f"unknown key {path[-1]!r} in {dotted(path[:-1], doc.data) or 'the file'}."
            if model is not None:
                known = known_keys(model, [p for p in err["loc"]][:-1])
                absent = [k for k in known if (*path[:-1], k) in missing]
                hint = did_you_mean(str(path[-1]), absent) or did_you_mean(str(path[-1]), known)
                if hint and hint.split('"')[1] in absent:
                    meant.add((*path[:-1], hint.split('"')[1]))
                message += hint
            problems.append(Problem(file, line, col, message.removesuffix("."), "E200"))
    for err, path in zip(errors, paths, strict=True):
        kind = err["type"]
        if kind == "extra_forbidden":
            continue
        if kind == "missing":
            if path in meant:
                continue
            file, line, col = doc.positions.value(path[:-1])
            message = f"{dotted(path[:-1], doc.data) or 'the file'} needs the key {path[-1]!r}"
        else:
            file, line, col = doc.positions.value(path)
            rule = _rule(model, err["loc"], kind)
            if rule:
                message = f"{dotted(path, doc.data)}: must be {rule}, not {_shown(err['input'])}"
            else:
                message = f"{dotted(path, doc.data)}: {err['msg'].removeprefix('Value error, ')}"
        problems.append(Problem(file, line, col, message, "E200"))
    return problems
