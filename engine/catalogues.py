"""Merging the listed entries of catalogues and a scenario: add, override or shadow.

Pure: plain data and positions in, plain data and problems out. Entries of
`actions`, `lines`, `events` and `envoys` are matched across files by their
id (an envoy by its name). An entry whose id an earlier file already gave
takes that entry's place in the list:

- `override: merge` changes it key by key, as `rules:` does (mappings
  merge, every other value, lists included, is replaced);
- `override: replace` puts the whole new entry in its place;
- without `override` it replaces it too, with warning W307, because a
  modder who copied an id by accident would otherwise never know.

`override` where no earlier file has that id is error E219. Two entries
with the same id in one file stay two entries, for E201 to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.problems import Problem, did_you_mean
from engine.yamlsafe import Document, Path, Positions

LIST_KEYS = ("actions", "lines", "events", "envoys")
WHAT = {"actions": "action", "lines": "line", "events": "event", "envoys": "envoy"}
A_WHAT = {"actions": "an action", "lines": "a line", "events": "an event", "envoys": "an envoy"}
MODES = ("merge", "replace")


def name_key(section: str) -> str:
    """The key that names an entry of `section`: its id, an envoy's name."""
    return "name" if section == "envoys" else "id"


@dataclass
class Lists:
    """The merged lists so far, which file gave each entry, and what merging found."""

    items: dict[str, list[Any]] = field(default_factory=lambda: {k: [] for k in LIST_KEYS})
    # section -> entry name -> (index in the merged list, file that gave it last)
    origin: dict[str, dict[str, tuple[int, str]]] = field(
        default_factory=lambda: {k: {} for k in LIST_KEYS})
    problems: list[Problem] = field(default_factory=list)


def _drop(positions: Positions, prefix: Path) -> None:
    """Forget every position at or under `prefix` (the value there is being replaced)."""
    for table in (positions.values, positions.keys):
        for path in [p for p in table if p[: len(prefix)] == prefix]:
            del table[path]


def _merge_entry(into: dict[str, Any], extra: dict[str, Any], positions: Positions,
                 at: Path) -> None:
    """`extra` merged into `into` key by key; the positions of replaced values go."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge_entry(into[key], value, positions, (*at, key))
        else:
            _drop(positions, (*at, key))
            into[key] = value


def _where(pos: tuple[str, int, int], here: str) -> str:
    file, line, col = pos
    return f"{line}:{col}" if file == here else f"{file}:{line}:{col}"


def merge_list(lists: Lists, positions: Positions, doc: Document, section: str,
               entries: list[Any]) -> None:
    """Add the entries of `doc`'s `section` to `lists`, overriding earlier files' entries."""
    merged = lists.items[section]
    origin = lists.origin[section]
    named_by = name_key(section)
    what = WHAT[section]
    for i, entry in enumerate(entries):
        name = entry.get(named_by) if isinstance(entry, dict) else None
        mode = entry.get("override") if isinstance(entry, dict) else None
        earlier = origin.get(name) if isinstance(name, str) else None
        mine = doc.positions.moved((section, i), (section, len(merged)))
        if earlier is None or earlier[1] == doc.filename:
            if mode in MODES:
                file, line, col = doc.positions.value((section, i, "override"))
                known = [n for n, (_k, f) in origin.items() if f != doc.filename]
                lists.problems.append(Problem(
                    file, line, col, f'the {what} "{name}" says override: {mode}, but no file '
                    f'included before this one has {A_WHAT[section]} "{name}" to override.'
                    f"{did_you_mean(str(name), known)}".removesuffix("."), "E219"))
            if isinstance(name, str):
                origin[name] = (len(merged), doc.filename)
            merged.append(entry)
            positions.update(mine)
            continue
        target, _file = earlier
        assert isinstance(name, str)  # only a named entry has an earlier one
        here = (section, target)
        if mode == "merge" and isinstance(merged[target], dict):
            _merge_entry(merged[target], entry, positions, here)
        else:
            if mode is None:  # a wrong value of `override` is the shape pass's to report
                file, line, col = doc.positions.value((section, i, named_by))
                first = _where(positions.value((*here, named_by)), file)
                lists.problems.append(Problem(
                    file, line, col, f'the {what} "{name}" has the {named_by} of the {what} at '
                    f"{first} and replaces it whole; write override: replace to say so, or "
                    "override: merge to change only the keys given here", "W307", "warning"))
            _drop(positions, here)
            merged[target] = entry
        positions.update(doc.positions.moved((section, i), here))
        origin[name] = (target, doc.filename)
