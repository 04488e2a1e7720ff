"""Reading a file a stranger may have named: regular files only, within a size limit.

Reads, changes nothing. The file is opened without blocking and checked
before a byte is read, so a FIFO, a device or a folder is refused instead
of waited on or read without end.
"""

from __future__ import annotations

import os
import stat

from engine.problems import Problem, ProblemError

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _refused(path: str, message: str, code: str) -> ProblemError:
    return ProblemError([Problem(path, 1, 1, message, code)])


def read_regular(path: str, limit: int, what: str, code: str = "E100") -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    `what` names the kind of file in messages ("record", "scenario file"),
    so a size message names the limit that applies to it.
    """
    too_large = (f"the {what} is larger than {limit:,} bytes, the limit for a {what}")
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise _refused(path, f"cannot read the {what}: {exc.strerror}", code) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise _refused(path, f"cannot read the {what}: it is {kind}, and only an "
                           "ordinary file is read", code)
        if info.st_size > limit:
            raise _refused(path, too_large, code)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)  # + 1: a file that grew while we read is caught too
    except OSError as exc:
        raise _refused(path, f"cannot read the {what}: {exc.strerror}", code) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise _refused(path, too_large, code)
    return raw


def position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset into UTF-8 text."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, col
