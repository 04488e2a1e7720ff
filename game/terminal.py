"""The terminal as a place strangers' text reaches: every control character escaped.

`comintern` writes everything through `Printable` streams, so an escape
sequence hidden in a scenario, a game record, a file name or an answer is
shown as text (\\x1b[2J) and never obeyed by the terminal. The game's own
progress bar, the one writer that needs a carriage return, uses `raw`.
"""

from __future__ import annotations

import io
from typing import TextIO

from engine.controls import escape_controls


class Printable(io.TextIOBase):
    """A text stream that writes to `raw` with every control character written out."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(escape_controls(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", "utf-8") or "utf-8"


def raw(stream: TextIO) -> TextIO:
    """The stream beneath a `Printable`, for the game's own control characters."""
    inner: TextIO = getattr(stream, "raw", stream)
    return inner
