"""Making the reports: a student's from one log, the class's from many, and their CSV.

What `comintern debrief` and the games' own "make my report" call. A
report is written whole or not at all (`game.files.write_atomic`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine.model import Scenario
from game.debrief.classroom import ClassReport, class_report
from game.debrief.heap import collector_paused
from game.debrief.html import class_html, student_html
from game.debrief.student import FRESH_GAMES, StudentReport, student_report
from game.export import csv_text
from game.files import glossary_of, write_atomic
from game.i18n import SOURCE, language
from game.logs import OpenedLog

STUDENT_COLUMNS = ("number", "student", "scenario", "turns", "finished", "ending",
                   "as_in_history", "score", "obeyed", "unlike_history", "complied", "adapted",
                   "consulted", "stalled", "defied", "bad_orders_obeyed", "mean_gap", "log")


# The glossary's words a report uses, in the order a reader meets them.
REPORT_TERMS = ("comintern", "centre", "directive", "line", "rigidity", "doctrine", "picture",
                "view", "courier_lag", "fit", "gap", "initiative", "envoy", "sanction",
                "comply", "adapt", "consult", "stall", "defy", "members", "influence", "trust",
                "setback", "leak", "ally", "united_front", "third_period", "social_fascism",
                "popular_front")


def glossary(scenario: Scenario) -> list[tuple[str, str]]:
    """The words a report uses, as the scenario's glossary (or the shared one) explains them."""
    terms = glossary_of(scenario)
    return [(terms[i].term, terms[i].text) for i in REPORT_TERMS if i in terms]


def student_page(opened: OpenedLog, named: bool = False,
                 games: int = FRESH_GAMES) -> tuple[StudentReport, str]:
    # The report's templates are English, so its narrated words are too, whatever
    # language the game that asks for it speaks.
    with collector_paused(), language(SOURCE):
        report = student_report(opened, named, games)
        return report, student_html(report, glossary(opened.scenario))


def write_student(opened: OpenedLog, out: Path, named: bool = False,
                  games: int = FRESH_GAMES) -> StudentReport:
    report, page = student_page(opened, named, games)
    write_atomic(out, page)
    return report


def class_rows(report: ClassReport) -> list[dict[str, object]]:
    """One row per student of the class report, for a spreadsheet."""
    return [{"number": g.number, "student": g.name, "scenario": s.scenario, "turns": g.turns,
             "finished": g.finished, "ending": g.outcome, "as_in_history": g.as_in_history,
             "score": g.score, "obeyed": g.complied, "unlike_history": g.unlike_history,
             "complied": g.responses["comply"], "adapted": g.responses["adapt"],
             "consulted": g.responses["consult"], "stalled": g.responses["stall"],
             "defied": g.responses["defy"], "bad_orders_obeyed": g.misfits_obeyed,
             "mean_gap": g.mean_gap, "log": g.path}
            for s in report.scenarios for g in s.games]


def write_class(paths: Sequence[str], out: Path, named: bool = False,
                csv: Path | None = None) -> ClassReport:
    with collector_paused(), language(SOURCE):  # English, as the templates are
        report = class_report(paths, named)
        page = class_html(report)
    write_atomic(out, page)
    if csv is not None:
        write_atomic(csv, csv_text(class_rows(report), STUDENT_COLUMNS))
    return report
