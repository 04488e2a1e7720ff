"""Control characters in text that strangers wrote: found for the checker, escaped for display.

Pure. A scenario, a record or a file name may carry terminal escape
sequences or invisible direction marks; none of them is ever passed raw to
a terminal. Newlines and tabs are text, not controls.
"""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and newline), DEL, zero-width and bidirectional marks.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def escape_controls(text: str) -> str:
    """`text` with every control character written out, e.g. ESC as \\x1b."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


def first_control(text: str) -> str | None:
    """The first control character in `text` as its code point (ESC is "U+001B"), or None."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None
