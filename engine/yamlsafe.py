"""Safe YAML reading with positions. Pure: reads text, returns plain data.

Scenario files come from strangers. PyYAML only *composes* the document
into nodes here; the values are built by our own walker, which knows
nothing but mappings, sequences and plain scalars. A tag that would
construct an object, an alias bomb, a deep nesting or a huge file each
stop with a `Problem` that carries the line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from engine.problems import Problem, ProblemError
from engine.readfile import position, read_regular

MAX_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000  # counted with aliases expanded: stops "billion laughs"

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"



# libyaml's parser where PyYAML was built with it: the same events and marks,
# about ten times faster than the pure-Python one, which is the fallback.
_Safe: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Safe):  # type: ignore[valid-type,misc]
    """The safe loader, also reading `1e308` as a number.

    YAML 1.1, which PyYAML follows, reads an exponent without a dot as text;
    YAML 1.2 and every modder read it as a number. Only the resolution of
    plain scalars changes here: the values are still built by `_Builder`.
    """


_Loader.add_implicit_resolver("tag:yaml.org,2002:float",
                              re.compile(r"^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"),
                              list("-+0123456789"))

Path = tuple[str | int, ...]
Pos = tuple[str, int, int]  # file, line, column (1-based)


@dataclass
class Positions:
    """Where each value (and each mapping key) stands, as file, line, column."""

    values: dict[Path, Pos] = field(default_factory=dict)
    keys: dict[Path, Pos] = field(default_factory=dict)

    def value(self, path: Path) -> Pos:
        """Position of the value at `path`, or of its nearest enclosing value."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.values:
                return self.values[path[:cut]]
        return ("?", 1, 1)

    def key(self, path: Path) -> Pos:
        """Position of the key naming `path`, falling back to its value."""
        return self.keys.get(path) or self.value(path)

    def moved(self, old: Path, new: Path) -> Positions:
        """The positions under `old`, re-rooted under `new` (for merging files)."""
        out = Positions()
        for src, dst in ((self.values, out.values), (self.keys, out.keys)):
            for path, pos in src.items():
                if path[: len(old)] == old:
                    dst[new + path[len(old):]] = pos
        return out

    def update(self, other: Positions) -> None:
        """Take every position of `other`, overriding ours where both have one."""
        self.values.update(other.values)
        self.keys.update(other.keys)


@dataclass
class Document:
    """A YAML document as plain data, with the positions of its nodes."""

    data: Any
    positions: Positions
    filename: str
    # problems found on the way (merging catalogues), reported with the checker's own
    notes: list[Problem] = field(default_factory=list)
    # the language its texts were translated into (engine.translation); None: the original
    language: str | None = None


class _Builder:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.positions = Positions()
        self.count = 0
        self.scalars = yaml.SafeLoader("")  # only for its scalar constructors

    def pos(self, node: yaml.Node) -> Pos:
        return (self.filename, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node: yaml.Node, message: str) -> ProblemError:
        mark = node.start_mark
        return ProblemError([Problem(self.filename, mark.line + 1, mark.column + 1, message)])

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"too many values (over {MAX_NODES}, aliases counted "
                            "each time they are used); is this an alias bomb?")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep")
        self.positions.values[path] = self.pos(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self.fail(node, f"the tag {node.tag!r} is not allowed here")
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            raise self.fail(node, f"the tag {node.tag!r} is not allowed here")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "merge keys ('<<') are not supported; write the keys out")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise self.fail(key_node, "a key must be plain text")
            key = str(key_node.value)
            if key in out:
                raise self.fail(key_node, f"the key {key!r} appears twice in this mapping")
            child = (*path, key)
            self.positions.keys[child] = self.pos(key_node)
            out[key] = self.build(value_node, child, depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"the tag {node.tag!r} is not allowed: scenario files hold "
                            "plain data only")
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)  # dates stay text; the models parse them
        if node.tag == "tag:yaml.org,2002:str":
            return str(node.value)
        try:
            return self.scalars.construct_object(node)
        except (ValueError, KeyError, yaml.YAMLError):
            kind = node.tag.rsplit(":", 1)[-1]
            shown = str(node.value)[:40] + ("..." if len(str(node.value)) > 40 else "")
            raise self.fail(node, f"cannot read {shown!r} as {kind}") from None


def _check_depth(text: str, filename: str) -> None:
    """Refuse deep nesting before composing: PyYAML's composer recurses and would crash."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1  # the root collection is depth 0 for the builder, 1 here
            if depth > MAX_DEPTH + 1:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                raise ProblemError([Problem(filename, line, col,
                                            f"nested more than {MAX_DEPTH} levels deep")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


_INDENTATION = ("mapping values are not allowed", "expected <block end>", "did not find expected",
                "could not find expected ':'", "expected a single document")


def _hint(text: str, line: int, what: str) -> str:
    """Plain advice for the YAML errors that come from indentation or from tabs."""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    if "\t" in what or "'\\t'" in what or "\t" in indent:
        return "; YAML indents with spaces, not tabs: replace the tab with spaces"
    if any(part in what for part in _INDENTATION):
        return "; check the indentation of this line against the one above"
    return ""


def _nodes(text: str, filename: str) -> yaml.Node | None:
    try:
        _check_depth(text, filename)
        nodes: Iterator[yaml.Node] = yaml.compose_all(text, Loader=_Loader)
        first = next(nodes, None)
        if first is not None and next(nodes, None) is not None:
            raise ProblemError([Problem(filename, 1, 1, "the file holds more than one YAML "
                                        "document; a scenario is one document")])
        return first
    except yaml.reader.ReaderError as exc:
        line, col = _position(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        problem = Problem(filename, line, col, f"not valid YAML: the control character "
                          f"#x{code:04x} is not allowed ({exc.reason})")
        raise ProblemError([problem]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "not valid YAML"
        hint = _hint(text, line, what)
        raise ProblemError([Problem(filename, line, col, f"not valid YAML: {what}{hint}")]) \
            from None
    except yaml.YAMLError as exc:
        raise ProblemError([Problem(filename, 1, 1, f"not valid YAML: {exc}")]) from None


def parse_yaml(text: str, filename: str) -> Document:
    """Turn YAML text into plain data with positions, or raise `ProblemError`."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        problem = Problem(filename, 1, 1, f"the scenario file is larger than {MAX_BYTES:,} "
                          "bytes, the limit for a scenario file")
        raise ProblemError([problem])
    root = _nodes(text, filename)
    if root is None:
        raise ProblemError([Problem(filename, 1, 1, "the file is empty")])
    builder = _Builder(filename)
    return Document(builder.build(root, (), 0), builder.positions, filename)


def read_yaml(path: str) -> Document:
    """Read and parse a YAML file; unreadable, irregular or non-UTF-8 files are problems too."""
    raw = read_regular(path, MAX_BYTES, "scenario file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position(raw, exc.start)
        raise ProblemError([Problem(path, line, col, "the file is not UTF-8 text")]) from None
    return parse_yaml(text, path)
