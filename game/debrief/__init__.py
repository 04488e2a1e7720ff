"""The teachers' debrief: a report for each student and one for the class, from game logs.

`student` and `classroom` gather what a report says from replayed logs
(`game.logs`), in words made by the narrator; `charts` draws its charts as
SVG; `html` sets everything in the Jinja2 templates under `assets/debrief/`,
escaping every word a log brings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.logs import OpenedLog


def write_report(log: OpenedLog, target: Path, named: bool = True) -> None:
    """Write the student's report of `log` to `target`. matplotlib and Jinja2 load here,
    only when a report is made, so a window or a terminal game starts without them."""
    from game.debrief.make import write_student

    write_student(log, target, named=named)
