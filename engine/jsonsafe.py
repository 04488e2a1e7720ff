"""Safe JSON reading for game records: bounded, finite, with positions found on demand.

Pure: text in, plain data out. Records come from strangers (students hand
them in), so before the parser runs, nesting is measured without recursion;
while it runs, integers longer than `MAX_DIGITS` digits and numbers that are
not finite stop it. Positions are not kept for every value: `JsonPositions`
walks the text to the one path a problem names, in linear time.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np

from engine.problems import Problem, ProblemError
from engine.yamlsafe import Path, Pos, Positions

MAX_DEPTH = 32  # a real record nests 7 levels deep
MAX_DIGITS = 20  # the longest whole number a record needs is a 64-bit seed

_QUOTE, _BACKSLASH = 0x22, 0x5C
_OPEN, _CLOSE = (0x5B, 0x7B), (0x5D, 0x7D)
_COMMA, _COLON = 0x2C, 0x3A


def _table(*codes: int) -> bytes:
    """A `bytes.translate` table: 1 for `codes`, 0 for every other byte."""
    return bytes(1 if k in codes else 0 for k in range(256))


_SPECIAL = _table(*_OPEN, *_CLOSE, _COMMA, _COLON, _QUOTE, _BACKSLASH)


def _specials(raw: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The offsets and bytes of every bracket, comma, colon, quote and backslash.

    One pass of `bytes.translate`, which runs at memory speed, then one
    search for the bytes it marked: a 45 MB record in a tenth of a second.
    """
    at = np.flatnonzero(np.frombuffer(raw.translate(_SPECIAL), dtype=np.uint8))
    return at, np.frombuffer(raw, dtype=np.uint8)[at]


def _outside(marks: np.ndarray, quotes: np.ndarray) -> np.ndarray:
    """Those of the sorted offsets `marks` that stand outside every string."""
    edges = np.searchsorted(marks, quotes)  # where each quote falls among the marks
    opened, closed = edges[0::2], edges[1::2]
    inside = np.cumsum(np.bincount(opened, minlength=len(marks) + 1)
                       - np.bincount(closed, minlength=len(marks) + 1))[:len(marks)]
    outside: np.ndarray = marks[inside == 0]
    return outside


class _Unreadable(Exception):
    """A number the record may not hold; `text` is how it was written."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text
        self.message = message


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _string_quotes(at: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Offsets of the quotes that open or close a string (not the escaped ones).

    `at` and `kind` are the text's special bytes (`_specials`).
    """
    quotes: np.ndarray = at[kind == _QUOTE]
    backslashes: np.ndarray = at[kind == _BACKSLASH]
    if backslashes.size == 0:
        return quotes
    after_backslash = quotes[np.isin(quotes - 1, backslashes, assume_unique=True)]
    if after_backslash.size == 0:
        return quotes
    # A quote is escaped when an odd run of backslashes stands before it.
    run = np.concatenate(([True], np.diff(backslashes) != 1))
    starts = backslashes[run]
    run_start = starts[np.searchsorted(starts, after_backslash - 1, side="right") - 1]
    escaped = after_backslash[(after_backslash - run_start) % 2 == 1]
    return np.setdiff1d(quotes, escaped, assume_unique=True)


def too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The offset of the first bracket nested deeper than `limit`, or None.

    Vectorised over the text, so a million nested brackets cost no recursion
    and a fraction of a second. Brackets inside strings do not count.
    """
    raw = text.encode("utf-8")  # structural characters are single bytes in UTF-8
    at, kind = _specials(raw)
    bracket = np.isin(kind, (*_OPEN, *_CLOSE))
    brackets = _outside(at[bracket], _string_quotes(at, kind))
    if brackets.size == 0:
        return None
    opens = np.isin(np.frombuffer(raw, dtype=np.uint8)[brackets], _OPEN)
    depth = np.cumsum(np.where(opens, 1, -1), dtype=np.int64)
    deep = np.flatnonzero(depth > limit)
    return len(raw[:int(brackets[deep[0]])].decode("utf-8")) if deep.size else None


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Unreadable(text, f"a whole number of {len(text.lstrip('-')):,} digits; a record's "
                          f"numbers have at most {MAX_DIGITS}")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unreadable(text, f"{_cut(text)} is too large to be a number a record holds")
    return value


def _constant(text: str) -> Any:
    raise _Unreadable(text, f"{text} is not a number a record may hold")


def _cut(text: str, width: int = 24) -> str:
    return text if len(text) <= width else f"{text[:width]}..."


def _number_at(text: str, written: str) -> int:
    """Where a number written as `written` stands: its first occurrence as a whole token."""
    token = re.compile(rf"(?<![\w.\"+-]){re.escape(written)}(?![\w.])")
    found = token.search(text)
    return found.start() if found else 0


def loads(text: str, filename: str) -> Any:
    """Plain data from a record's JSON text, or `ProblemError` with the line and column."""
    deep = too_deep(text)
    if deep is not None:
        line, col = _line_col(text, deep)
        raise ProblemError([Problem(filename, line, col, "damaged record: nested more than "
                                    f"{MAX_DEPTH} levels deep", "E400")])
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        problem = Problem(filename, exc.lineno, exc.colno,
                          f"damaged record: not valid JSON ({exc.msg})", "E400")
        raise ProblemError([problem]) from None
    except _Unreadable as exc:
        line, col = _line_col(text, _number_at(text, exc.text))
        raise ProblemError([Problem(filename, line, col, f"damaged record: {exc.message}",
                                    "E400")]) from None


class _Index:
    """The structure of a JSON text, outside its strings, as arrays over byte offsets.

    Built once, in a few vectorised passes: the offsets of brackets, commas
    and colons, the depth inside each, and each opening bracket's match.
    A step down a path then costs a search over one container's members,
    never a parse of the values skipped.
    """

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        at, kind = _specials(raw)
        self.quotes = _string_quotes(at, kind)
        self.at = _outside(at[np.isin(kind, (*_OPEN, *_CLOSE, _COMMA, _COLON))], self.quotes)
        self.kind = np.frombuffer(raw, dtype=np.uint8)[self.at]
        opens, closes = np.isin(self.kind, _OPEN), np.isin(self.kind, _CLOSE)
        self.depth = np.cumsum(opens.astype(np.int64) - closes, dtype=np.int64)
        # An opening bracket and its match stand at the same outer depth, and in
        # the order of the text at that depth they alternate: open, close, open...
        brackets = np.flatnonzero(opens | closes)
        outer = self.depth[brackets] - opens[brackets]
        order = brackets[np.lexsort((brackets, outer))]
        self.match = dict(zip(order[0::2].tolist(), order[1::2].tolist(), strict=False))

    def space(self, at: int) -> int:
        while at < len(self.raw) and self.raw[at] in b" \t\n\r":
            at += 1
        return at

    def members(self, at: int) -> tuple[int, int] | None:
        """(first, last) indices into `at` of the separators of the container opening at `at`."""
        i = int(np.searchsorted(self.at, at))
        if i >= len(self.at) or self.at[i] != at or i not in self.match:
            return None
        return i, self.match[i]

    def child(self, at: int, part: str | int) -> tuple[int, int] | None:
        """(key offset, value offset) of `part` in the container opening at byte `at`."""
        opener = self.raw[at:at + 1]
        span = self.members(at)
        if span is None or (opener == b"[") != isinstance(part, int):
            return None
        first, last = span
        if isinstance(part, int):
            inside, level = slice(first + 1, last), self.depth[first]
            commas = self.at[inside][(self.depth[inside] == level)
                                     & (self.kind[inside] == _COMMA)]
            if part < 0 or part > len(commas) or self.space(at + 1) == self.at[last]:
                return None
            start = self.space((at if part == 0 else int(commas[part - 1])) + 1)
            return start, start
        for colon in self._colons(part, first, last):
            close = int(self.quotes[np.searchsorted(self.quotes, colon) - 1])
            opening = int(self.quotes[np.searchsorted(self.quotes, close) - 1])
            if json.loads(self.raw[opening:close + 1]) == part:
                return opening, self.space(colon + 1)
        return None

    def _colons(self, key: str, first: int, last: int) -> list[int]:
        """The colons of the mapping between marks `first` and `last` whose key may be `key`.

        Those that follow the key as written; when it is written nowhere (an
        escaped spelling), every colon of the mapping.
        """
        level = self.depth[first]
        wanted = re.compile(re.escape(json.dumps(key).encode()))
        found = [m.end() for m in wanted.finditer(self.raw, int(self.at[first]),
                                                  int(self.at[last]))]
        if found:
            after = np.searchsorted(self.at, np.asarray(found, dtype=np.int64)).clip(max=last)
            keep = (self.kind[after] == _COLON) & (self.depth[after] == level)
            return sorted(set(self.at[after[keep]].tolist()))
        inside = slice(first + 1, last)
        mine = (self.depth[inside] == level) & (self.kind[inside] == _COLON)
        return list(self.at[inside][mine].tolist())


class JsonPositions(Positions):
    """The positions of a JSON text, found for each path when asked."""

    def __init__(self, text: str, filename: str) -> None:
        super().__init__()
        self.text = text
        self.filename = filename
        self._index: _Index | None = None

    def _find(self, path: Path, key: bool) -> Pos:
        if self._index is None:
            self._index = _Index(self.text.encode("utf-8"))
        index = self._index
        at, key_at = index.space(0), None
        for part in path:
            found = index.child(at, part)
            if found is None:
                key_at = None
                break
            key_at, at = found
        offset = key_at if key and key_at is not None else at
        line = index.raw.count(b"\n", 0, offset) + 1
        start = index.raw.rfind(b"\n", 0, offset) + 1
        return (self.filename, line, len(index.raw[start:offset].decode("utf-8", "replace")) + 1)

    def value(self, path: Path) -> Pos:
        return self._find(path, key=False)

    def key(self, path: Path) -> Pos:
        return self._find(path, key=True)
