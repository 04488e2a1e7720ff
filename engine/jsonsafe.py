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
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Unreadable(Exception):
    """A number the record may not hold; `text` is how it was written."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text
        self.message = message


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _string_quotes(codes: np.ndarray) -> np.ndarray:
    """Offsets of the quotes that open or close a string (not the escaped ones)."""
    quotes = np.flatnonzero(codes == _QUOTE)
    after_backslash = quotes[(quotes > 0) & (codes[np.maximum(quotes - 1, 0)] == _BACKSLASH)]
    if after_backslash.size == 0:
        return quotes
    # A quote is escaped when an odd run of backslashes stands before it.
    backslash = codes == _BACKSLASH
    starts = np.flatnonzero(backslash & ~np.concatenate(([False], backslash[:-1])))
    run_start = starts[np.searchsorted(starts, after_backslash - 1, side="right") - 1]
    escaped = after_backslash[(after_backslash - run_start) % 2 == 1]
    return np.setdiff1d(quotes, escaped, assume_unique=True)


def too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The offset of the first bracket nested deeper than `limit`, or None.

    Vectorised over the text, so a million nested brackets cost no recursion
    and a fraction of a second. Brackets inside strings do not count.
    """
    raw = text.encode("utf-8")  # structural characters are single bytes in UTF-8
    codes = np.frombuffer(raw, dtype=np.uint8)
    opens = np.isin(codes, _OPEN)
    brackets = np.flatnonzero(opens | np.isin(codes, _CLOSE))
    if brackets.size == 0:
        return None
    quotes = _string_quotes(codes)
    outside = np.searchsorted(quotes, brackets) % 2 == 0
    brackets = brackets[outside]
    depth = np.cumsum(np.where(opens[brackets], 1, -1), dtype=np.int64)
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


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def _child(text: str, at: int, part: str | int) -> tuple[int, int] | None:
    """(key offset, value offset) of `part` in the container at `at`; None if absent.

    Siblings are skipped with the C decoder, one value at a time. For a
    list item the key offset is the item's own.
    """
    opener = text[at:at + 1]
    if opener not in ("{", "["):
        return None
    at, index = _skip(text, at + 1), 0
    while at < len(text) and text[at] not in "}]":
        key = at
        if opener == "{":
            if text[at] != '"':
                return None
            name, end = _DECODER.raw_decode(text, at)
            colon = _skip(text, end)
            if text[colon:colon + 1] != ":":
                return None
            at = _skip(text, colon + 1)
            if name == part:
                return key, at
        elif index == part:
            return key, at
        _, end = _DECODER.raw_decode(text, at)
        at = _skip(text, end)
        if text[at:at + 1] != ",":
            return None
        at, index = _skip(text, at + 1), index + 1
    return None


class JsonPositions(Positions):
    """The positions of a JSON text, found for each path when asked."""

    def __init__(self, text: str, filename: str) -> None:
        super().__init__()
        self.text = text
        self.filename = filename

    def _find(self, path: Path, key: bool) -> Pos:
        at, key_at = _skip(self.text, 0), None
        for part in path:
            try:
                found = _child(self.text, at, part)
            except ValueError:  # text the decoder cannot skip: report the container
                found = None
            if found is None:
                key_at = None
                break
            key_at, at = found
        return (self.filename, *_line_col(self.text, key_at if key and key_at is not None
                                          else at))

    def value(self, path: Path) -> Pos:
        return self._find(path, key=False)

    def key(self, path: Path) -> Pos:
        return self._find(path, key=True)
