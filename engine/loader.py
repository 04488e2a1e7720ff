"""Loading a scenario file and its catalogues into a checked `Scenario`.

Reads files but changes nothing. Three passes, each collecting every
problem it finds: YAML (safe, with positions), shape (pydantic), then
cross-references (`engine.checks`). Any problem raises `ProblemError`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from engine.checks import cross_check
from engine.controls import first_control
from engine.model import Scenario
from engine.problems import Problem, ProblemError
from engine.yamlsafe import Document, Path, Positions, read_yaml

CATALOGUE_KEYS = {"catalogue", "actions", "lines", "rules"}
LIST_KEYS = ("actions", "lines")


def _include_path(name: str, base: FsPath, library: Sequence[FsPath]) -> FsPath | None:
    """Where an included catalogue is: beside the scenario, else in a library folder.

    Only plain relative paths inside those folders are allowed, so a
    scenario cannot read arbitrary files on the player's machine.
    """
    rel = FsPath(name)
    if rel.is_absolute() or ".." in rel.parts or not name.endswith((".yaml", ".yml")):
        return None
    for root in (base, *library):
        candidate = (root / rel).resolve()
        if candidate.is_relative_to(root.resolve()) and candidate.is_file():
            return candidate
    return None


def deep_merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    """Merge `extra` into `into`, mapping by mapping; `extra`'s other values win."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            deep_merge(into[key], value)
        else:
            into[key] = value


def merge_documents(main: Document, library: Sequence[FsPath] = ()) -> Document:
    """The scenario with its `include`d catalogues merged in, positions kept per file.

    Catalogue lists (`actions`, `lines`) come first, then the scenario's own;
    `rules` merge key by key, the scenario's values winning.
    """
    if not isinstance(main.data, dict):
        line, col = main.positions.value(())[1:]
        raise ProblemError([Problem(main.filename, line, col,
                                    "a scenario file must be a mapping of keys to values")])
    includes = main.data.get("include", [])
    if not isinstance(includes, list):
        return main  # the shape pass reports it
    problems: list[Problem] = []
    merged: dict[str, Any] = {"actions": [], "lines": [], "rules": {}}
    positions = Positions()
    base = FsPath(main.filename).resolve().parent
    for index, name in enumerate(includes):
        _, line, col = main.positions.value(("include", index))
        found = _include_path(str(name), base, library) if isinstance(name, str) else None
        if found is None:
            problems.append(Problem(main.filename, line, col, f"cannot find the catalogue {name!r} "
                                    "(a relative .yaml path beside the scenario or in the "
                                    "bundled scenarios folder)", "E010"))
            continue
        try:
            doc = read_yaml(str(found))
        except ProblemError as exc:
            problems.extend(exc.problems)
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.filename, 1, 1, "a catalogue must be a mapping", "E011"))
            continue
        for key in doc.data:
            if key not in CATALOGUE_KEYS:
                _, kl, kc = doc.positions.key((key,))
                problems.append(Problem(doc.filename, kl, kc, f"a catalogue holds only "
                                        f"{sorted(CATALOGUE_KEYS)}, not {key!r}", "E011"))
        _merge_into(merged, positions, doc)
    if problems:
        raise ProblemError(problems)
    _merge_into(merged, positions, main, catalogue=False)
    if not merged["rules"]:
        del merged["rules"]
    return Document(merged, positions, main.filename)


def _merge_into(merged: dict[str, Any], positions: Positions, doc: Document,
                catalogue: bool = True) -> None:
    for key, value in doc.data.items():
        if key == "catalogue" and catalogue:
            continue
        if key in LIST_KEYS and isinstance(value, list):
            offset = len(merged[key])
            for i in range(len(value)):
                positions.update(doc.positions.moved((key, i), (key, offset + i)))
            merged[key].extend(value)
        elif key == "rules" and isinstance(value, dict):
            deep_merge(merged["rules"], value)
            positions.update(doc.positions.moved((key,), (key,)))
        else:
            merged[key] = value
            positions.update(doc.positions.moved((key,), (key,)))
    positions.values[()] = doc.positions.value(())  # the last file merged is the scenario


def _data_path(data: Any, loc: tuple[int | str, ...]) -> Path:
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


def shape_problems(error: ValidationError, doc: Document) -> list[Problem]:
    """Pydantic's errors as problems at the line and column of the offending node."""
    problems = []
    for err in error.errors(include_url=False):
        path = _data_path(doc.data, err["loc"])
        kind = err["type"]
        if kind == "missing":
            file, line, col = doc.positions.value(path[:-1])
            message = f"{_dotted(path[:-1]) or 'the file'} needs the key {path[-1]!r}"
        elif kind == "extra_forbidden":
            file, line, col = doc.positions.key(path)
            message = f"unknown key {path[-1]!r} in {_dotted(path[:-1]) or 'the file'}"
        else:
            file, line, col = doc.positions.value(path)
            message = f"{_dotted(path)}: {err['msg']}"
        problems.append(Problem(file, line, col, message, "E200"))
    return problems


def _dotted(path: Path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def scenario_from_document(doc: Document) -> Scenario:
    """Validate merged data into a `Scenario`, running the shape and reference passes."""
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        raise ProblemError(shape_problems(exc, doc)) from None
    problems = control_problems(doc) + cross_check(scenario, doc.positions)
    if any(p.severity == "error" for p in problems):
        raise ProblemError(problems)
    return scenario


def control_problems(doc: Document) -> list[Problem]:
    """Every text of the document that holds a control character (an escape sequence...)."""
    problems: list[Problem] = []

    def walk(value: Any, path: Path) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for k, item in enumerate(value):
                walk(item, (*path, k))
        elif isinstance(value, str) and (found := first_control(value)):
            file, line, col = doc.positions.value(path)
            problems.append(Problem(file, line, col, f"{_dotted(path)} holds the control "
                                    f"character {found}; remove it (a terminal would obey it)",
                                    "E216"))

    walk(doc.data, ())
    return problems


def load_scenario(path: str | FsPath, library: Sequence[FsPath] = ()) -> Scenario:
    """Load, merge and check a scenario file; raises `ProblemError` listing every problem."""
    doc = read_yaml(str(path))
    return scenario_from_document(merge_documents(doc, library))


def check_file(path: str | FsPath,
               library: Sequence[FsPath] = ()) -> tuple[Scenario | None, list[Problem]]:
    """Every problem in a scenario file, warnings included; the scenario if it has no errors."""
    try:
        doc = merge_documents(read_yaml(str(path)), library)
        scenario = scenario_from_document(doc)
    except ProblemError as exc:
        return None, exc.problems
    return scenario, sorted(cross_check(scenario, doc.positions))


def content_hash(scenario: Scenario) -> str:
    """A hash of what the scenario means (not how it is written): comments do not count."""
    canonical = json.dumps(scenario.model_dump(mode="json", by_alias=True), sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
