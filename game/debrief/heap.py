"""Making a report without the cycle collector walking the logs again and again.

A report holds hundreds of thousands of small objects for as long as it is
being made (every fact of every log it read) and makes no reference cycles
worth collecting. Python's cycle collector would still walk all of them
each time the heap has grown by a quarter: for a class of 30 Germany logs
that was a third of the time (6.6 s against 4.5 s without it, on this
machine). Reference counting frees everything as usual while it is paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; it runs as before afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
