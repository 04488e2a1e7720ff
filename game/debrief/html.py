"""Setting a debrief in HTML: the Jinja2 templates of `assets/debrief/`, autoescaped.

Every word that comes from a log or a scenario is escaped by Jinja2's
autoescape; only the charts are passed as markup, and they hold no words a
log brought (`game.debrief.charts`). The page needs no script and no
network, and says so in its Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

import assets
from engine import __version__
from game import narrate
from game.debrief import charts
from game.debrief.classroom import FURTHEST_RULE, RESPONSES, SPLIT_RULE, ClassReport
from game.debrief.student import StudentReport

TEMPLATES = Path(assets.__file__).parent / "debrief"
PART_NAMES = {"ending": "1. how it ended", "score": "1. the parts of the score",
              "timeline": "2. the charts", "fit": "2. the fit of Moscow's orders",
              "gap": "2. Moscow's picture and the truth", "moments": "3. the moments",
              "obeyed": "4. orders obeyed", "adapted": "4. where you adapted",
              "sources": "7. the sources"}


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "" if value is None else format(value, spec)


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(
        enabled_extensions=("html", "j2"), default=True), undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True)
    env.filters["part_name"] = lambda part: PART_NAMES.get(part, part)
    env.globals.update(fmt=_fmt, table=_table, version=__version__,
                       misfit_gap=f"{narrate.MISFIT_GAP:.2f}")
    return env


def _table(ident: str, head: Sequence[str], rows: Sequence[Sequence[object]]) -> Markup:
    """The numbers behind a chart, in a table a reader can open (and a test can read)."""
    env = environment()
    return Markup(env.from_string(
        '<details><summary>The numbers</summary><table id="{{ ident }}"><tr>'
        '{% for h in head %}<th>{{ h }}</th>{% endfor %}</tr>'
        '{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>'
        '{% endfor %}</table></details>').render(ident=ident, head=head, rows=rows))


def css() -> Markup:
    return Markup((TEMPLATES / "debrief.css").read_text(encoding="utf-8"))


def student_charts(r: StudentReport) -> dict[str, Markup]:
    dates = [p.date for p in r.timeline]
    marks = [k for k, p in enumerate(r.timeline) if any(m.turn == p.turn for m in r.moments)]
    series = charts.Series
    return {name: Markup(svg) for name, svg in {
        "members": charts.turn_chart("Members", dates, [
            series("members", [p.members for p in r.timeline], charts.PARTY)], marks),
        "influence": charts.turn_chart("Influence and Moscow's trust", dates, [
            series("influence", [p.influence for p in r.timeline], charts.PARTY),
            series("trust", [p.trust for p in r.timeline], charts.TRUST)], marks, high=1.0),
        "fit": charts.turn_chart("The fit of each order", dates, [
            series("in Moscow's picture", [p.fit_moscow for p in r.timeline], charts.MOSCOW,
                   points=True),
            series("in truth", [p.fit_true for p in r.timeline], charts.TRUTH, points=True)],
            marks, high=1.0),
        "gap": charts.turn_chart("Moscow's picture against the truth", dates, [
            series("gap", [p.gap for p in r.timeline], charts.MOSCOW)], marks),
    }.items()}


def student_html(r: StudentReport, glossary: Sequence[tuple[str, str]]) -> str:
    """The student's report as one self-contained HTML page."""
    rows_party = [(p.turn + 1, p.date, p.response, f"{p.members:.0f}", f"{p.influence:.4f}",
                   f"{p.trust:.4f}") for p in r.timeline]
    rows_fit = [(p.turn + 1, p.date, _fmt(p.fit_moscow, ".4f"), _fmt(p.fit_true, ".4f"),
                 _fmt(p.gap, ".4f")) for p in r.timeline]
    return environment().get_template("student.html.j2").render(
        r=r, css=css(), charts=student_charts(r), rows_party=rows_party, rows_fit=rows_fit,
        glossary=glossary)


def class_charts(r: ClassReport) -> list[dict[str, Markup]]:
    out = []
    for s in r.scenarios:
        splits = [charts.Series(resp, [sp.shares[resp] for sp in s.splits],
                                charts.RESPONSE_COLOURS[resp]) for resp in RESPONSES]
        scored = [g for g in s.games if g.score is not None]
        out.append({name: Markup(svg) for name, svg in {
            "outcomes": charts.outcome_chart(
                "Endings of the class's games", [o for o, _n, _h in s.outcomes],
                [n for _o, n, _h in s.outcomes],
                next((k for k, (_o, _n, h) in enumerate(s.outcomes) if h), -1)),
            "splits": charts.stacked_chart("Answers at the key moments",
                                           [sp.date for sp in s.splits], splits)
            if s.splits else "",
            "gap": charts.turn_chart("Moscow's picture against the truth, class average",
                                     s.dates, [charts.Series("gap", s.gap_by_turn,
                                                             charts.MOSCOW)]),
            "obedience": charts.scatter_chart(
                "Obeying and the score", [g.complied for g in scored],
                [g.score or 0.0 for g in scored], "share of Moscow's orders obeyed", "score",
                [g.number for g in scored]),
        }.items()})
    return out


def class_html(r: ClassReport) -> str:
    """The class's report as one self-contained HTML page."""
    gap_rows = [[(k + 1, date, _fmt(gap, ".4f")) for k, (date, gap) in
                 enumerate(zip(s.dates, s.gap_by_turn, strict=True))] for s in r.scenarios]
    return environment().get_template("class.html.j2").render(
        r=r, css=css(), charts=class_charts(r), gap_rows=gap_rows, responses=RESPONSES,
        total=sum(len(s.games) for s in r.scenarios), split_rule=SPLIT_RULE,
        furthest_rule=FURTHEST_RULE)
