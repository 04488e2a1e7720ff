"""Cross-reference checks on a shaped scenario: the second validation pass.

Pure. Collects every problem (unknown ids with a "did you mean", dates out
of order or out of range, events that can never fire, goals on unknown
quantities) with the position of the offending node.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set

from engine.glossary import MAX_CHARS, MAX_SENTENCES, sentences
from engine.model import EPILOGUE_LAST, EpilogueParagraph, Scenario, Trigger, span_months
from engine.problems import Problem, did_you_mean
from engine.quantities import REGION_SELECTORS, SHARE_QUANTITIES, quantity_kind
from engine.yamlsafe import Path, Positions


class _Collector:
    def __init__(self, positions: Positions, unchecked: Set[str] = frozenset()) -> None:
        self.positions = positions
        self.unchecked = unchecked  # ids of items whose shape is wrong: they exist, unchecked
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str, code: str, severity: str = "error") -> None:
        file, line, col = self.positions.value(path)
        self.problems.append(Problem(file, line, col, message, code, severity))

    def ref(self, path: Path, name: str, known: Sequence[str], what: str) -> None:
        if name not in known and name not in self.unchecked:
            self.add(path, f'unknown {what} "{name}".{did_you_mean(name, known)}', "E203")

    def unique(self, path: str, ids: Iterable[str], what: str) -> None:
        seen: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident in seen:
                file, line, col = self.positions.value((path, seen[ident], "id"))
                here = self.positions.value((path, i, "id"))[0]
                where = f"{line}:{col}" if file == here else f"{file}:{line}:{col}"
                self.add((path, i, "id"), f'the {what} id "{ident}" is used twice; it is first '
                         f"used at {where}", "E201")
            seen.setdefault(ident, i)


def _triggers(out: _Collector, base: Path, triggers: Sequence[Trigger], regions: list[str],
              what: str) -> None:
    for j, trig in enumerate(triggers):
        here = (*base, j)
        kind = quantity_kind(trig.quantity)
        if kind is None:
            known = [*SHARE_QUANTITIES, "members", "cadres", "funds", "informers"]
            out.add((*here, "quantity"), f'unknown quantity "{trig.quantity}".'
                    f"{did_you_mean(trig.quantity, known)}", "E204")
            continue
        if kind == "regional" and trig.region not in REGION_SELECTORS:
            out.ref((*here, "region"), trig.region, regions, "region")
        if kind == "national" and trig.region != "mean":
            out.add((*here, "region"), f'"{trig.quantity}" is national; remove region', "E205")
        if trig.quantity in SHARE_QUANTITIES and _impossible(trig):
            out.add(here, f"{what} can never hold: {trig.quantity} stays between 0 and 1",
                    "W301", "warning")


def _impossible(trig: Trigger) -> bool:
    v = trig.value
    return ((trig.op in (">", ">=") and (v > 1 or (v == 1 and trig.op == ">")))
            or (trig.op in ("<", "<=") and (v < 0 or (v == 0 and trig.op == "<")))
            or (trig.op == "==" and not 0 <= v <= 1))


def _months(month: str) -> int:
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def _turn_of(sc: Scenario, month: str) -> int:
    """The turn whose months include `month`."""
    return (_months(month) - _months(sc.start)) // sc.turn_months


def _first_turn_from(sc: Scenario, month: str) -> int:
    """The first turn that opens in `month` or later: the Centre's first decision."""
    return -(-(_months(month) - _months(sc.start)) // sc.turn_months)


def _line_at(sc: Scenario, month: str) -> str | None:
    """The id of the line in force in `month`."""
    spans = [span.line for span in sc.centre.lines if span.start <= month]
    return spans[-1] if spans else None


def _initiatives(out: _Collector, sc: Scenario, actions: list[str], regions: list[str]) -> None:
    """An initiative names a known action and region that the line of its months allows."""
    out.unique("initiatives", [i.id for i in sc.initiatives], "initiative")
    national = {a.id for a in sc.actions if a.national}
    lines = {line.id: line for line in sc.lines}
    for i, ini in enumerate(sc.initiatives):
        here = ("initiatives", i)
        out.ref((*here, "action"), ini.action, actions, "action")
        if ini.region is not None:
            out.ref((*here, "region"), ini.region, regions, "region")
        if ini.action in actions and ini.action not in national and ini.region is None:
            out.add((*here, "action"), f'initiative "{ini.id}": "{ini.action}" acts in a '
                    "region; name one with region:", "E214")
        if ini.end is not None and ini.end < ini.start:
            out.add((*here, "to"), f'initiative "{ini.id}" ends before it starts', "E210")
        if sc.end > sc.start and not sc.start <= ini.start <= sc.end:
            out.add((*here, "from"), f'initiative "{ini.id}" is sent in {ini.start}, outside '
                    f"{sc.start}..{sc.end}", "W302", "warning")
        founded = sc.centre.founded
        if founded and _first_turn_from(sc, founded) > _turn_of(sc, ini.start):
            out.add((*here, "from"), f'initiative "{ini.id}" is sent in {ini.start}, before the '
                    f"Centre exists ({founded})", "E215")
        for month in filter(None, (ini.start, ini.end)):
            line = lines.get(_line_at(sc, month) or "")
            if line and ini.action in actions and ini.action not in line.allowed:
                out.add((*here, "action"), f'initiative "{ini.id}": the line "{line.id}" in '
                        f'force in {month} does not allow "{ini.action}"', "E213")


def _epilogue(out: _Collector, sc: Scenario) -> None:
    """Each paragraph tells of the months after the game and before the end of 1943."""
    parts: list[tuple[Path, EpilogueParagraph]] = [
        (("epilogue", "paragraphs", i), p) for i, p in enumerate(sc.epilogue.paragraphs)]
    if sc.epilogue.closing is not None:
        parts.append((("epilogue", "closing"), sc.epilogue.closing))
    previous = ""
    for k, (here, para) in enumerate(parts):
        first, last = span_months(para.date)
        where = (*here, "date")
        if last < first:
            out.add(where, f"the epilogue's span {para.date} ends before it starts", "E210")
        elif first <= sc.end:
            out.add(where, f"the epilogue tells what came after the game, but {para.date} is "
                    f"not after the scenario's end ({sc.end}); date it from the month after",
                    "E218")
        elif last > EPILOGUE_LAST:
            out.add(where, f"the epilogue ends with the Comintern in 1943, but {para.date} runs "
                    f"past {EPILOGUE_LAST}", "E218")
        closing = here[1] == "closing"
        if k and not closing and first < previous:
            out.add(where, "epilogue paragraphs must be in date order", "E211")
        previous = first


def _glossary(out: _Collector, sc: Scenario) -> None:
    """Each term once; what it sees exists; a definition short enough to show whole."""
    ids = [t.id for t in sc.glossary]
    out.unique("glossary", ids, "glossary term")
    for i, term in enumerate(sc.glossary):
        for j, other in enumerate(term.see):
            out.ref(("glossary", i, "see", j), other, ids, "glossary term")
        n = sentences(term.text)
        if n > MAX_SENTENCES or len(term.text) > MAX_CHARS:
            out.add(("glossary", i, "text"), f'the glossary term "{term.id}" is explained in '
                    f"{n} sentences and {len(term.text)} characters; a tooltip shows it whole, "
                    f"so keep to {MAX_SENTENCES} sentences and {MAX_CHARS} characters",
                    "W308", "warning")


def cross_check(sc: Scenario, positions: Positions,
                unchecked: Set[str] = frozenset()) -> list[Problem]:
    """Every cross-reference problem in a scenario whose shape is already valid.

    `unchecked` holds the ids of items left out because their shape is wrong:
    a reference to one of them is not reported as unknown.
    """
    out = _Collector(positions, unchecked)
    actions = [a.id for a in sc.actions]
    lines = [line.id for line in sc.lines]
    regions = [r.id for r in sc.regions]
    out.unique("actions", actions, "action")
    out.unique("lines", lines, "line")
    out.unique("regions", regions, "region")
    out.unique("events", [e.id for e in sc.events], "event")
    out.unique("goals", [g.id for g in sc.goals], "goal")
    out.unique("outcomes", [o.id for o in sc.outcomes], "outcome")

    # With the months the wrong way round, every dated entry would lie "outside" them:
    # one error says it, and the checks against start..end wait until it is fixed.
    in_order = sc.end > sc.start
    if not in_order:
        out.add(("end",), f"the scenario ends ({sc.end}) before it starts ({sc.start})", "E210")
    for i, line in enumerate(sc.lines):
        for j, name in enumerate(line.allowed):
            out.ref(("lines", i, "allowed", j), name, actions, "action")
        for name in line.prefers:
            out.ref(("lines", i, "prefers", name), name, actions, "action")
            if name not in line.allowed:
                out.add(("lines", i, "prefers", name), f'the line prefers "{name}" but does not '
                        "allow it", "E206")
    spans = sc.centre.lines
    for i, span in enumerate(spans):
        out.ref(("centre", "lines", i, "line"), span.line, lines, "line")
        if i and span.start <= spans[i - 1].start:
            out.add(("centre", "lines", i, "from"), "line periods must be in date order", "E211")
    if spans[0].start > sc.start:
        out.add(("centre", "lines", 0, "from"), f"the first line must start by {sc.start}", "E212")
    for i, point in enumerate(sc.timeline):
        if i and point.date < sc.timeline[i - 1].date:
            out.add(("timeline", i, "date"), "timeline points must be in date order", "E211")
        for j, name in enumerate(point.regions or []):
            out.ref(("timeline", i, "regions", j), name, regions, "region")
    for i, region in enumerate(sc.regions):
        if region.id in REGION_SELECTORS:
            out.add(("regions", i, "id"), f'"{region.id}" is reserved for triggers (mean, min, '
                    "max over regions); choose another region id", "E209")
    for i, point in enumerate(sc.timeline):
        if in_order and not sc.start <= point.date <= sc.end:
            out.add(("timeline", i, "date"), f"timeline point {point.date} lies outside "
                    f"{sc.start}..{sc.end}", "W306", "warning")
    for i, cat in enumerate(sc.outcomes[:-1]):
        if not cat.when:
            out.add(("outcomes", i), f"outcome '{cat.id}' has no 'when' but is not the last: "
                    "no outcome after it can ever be given", "E208")
    for i, event in enumerate(sc.events):
        if event.date is not None and (event.after or event.before):
            out.add(("events", i, "date"), f'event "{event.id}" has a date, so its after/before '
                    "window is ignored", "W305", "warning")
        for j, name in enumerate(event.regions or []):
            out.ref(("events", i, "regions", j), name, regions, "region")
        if in_order and event.date is not None and not sc.start <= event.date <= sc.end:
            out.add(("events", i, "date"), f'event "{event.id}" is dated {event.date}, outside '
                    f"{sc.start}..{sc.end}; it can never fire", "W302", "warning")
        if event.after and event.before and event.after >= event.before:
            out.add(("events", i, "before"), f'event "{event.id}" has an empty window', "W303",
                    "warning")
        if event.chance == 0:
            out.add(("events", i, "chance"), f'event "{event.id}" has chance 0', "W304", "warning")
        _triggers(out, ("events", i, "when"), event.when, regions, f'event "{event.id}"')
    _initiatives(out, sc, actions, regions)
    for i, event in enumerate(sc.events):
        probes = [Trigger(quantity=guard.quantity, op=">", value=0, region=guard.region)
                  for guard in event.shield]
        _triggers(out, ("events", i, "shield"), probes, regions, "shield term")
    for i, step in enumerate(sc.history):
        if step.action:
            out.ref(("history", i, "action"), step.action, actions, "action")
        if step.region:
            out.ref(("history", i, "region"), step.region, regions, "region")
        if i and step.start <= sc.history[i - 1].start:
            out.add(("history", i, "from"), "history steps must be in date order", "E211")
    if sc.history and sc.history[0].start > sc.start:
        out.add(("history", 0, "from"), f"the first history step must start by {sc.start}",
                "E212")
    for i, env in enumerate(sc.envoys):
        if env.end < env.start:
            out.add(("envoys", i, "to"), "an envoy's period ends before it starts", "E210")
    for i, goal in enumerate(sc.goals):
        _triggers(out, ("goals", i, "when"), goal.when, regions, f'goal "{goal.id}"')
    for i, cat in enumerate(sc.outcomes):
        _triggers(out, ("outcomes", i, "when"), cat.when, regions, f'outcome "{cat.id}"')
    if sc.outcomes[-1].when:
        out.add(("outcomes", len(sc.outcomes) - 1), "the last outcome should have no 'when': it "
                "is the one given when no other holds", "E207")
    out.ref(("historical", "outcome"), sc.historical.outcome, [o.id for o in sc.outcomes],
            "outcome")
    for i, term in enumerate(sc.score):
        probe = Trigger(quantity=term.quantity, op=">", value=0, region=term.region)
        _triggers(out, ("score", i), [probe], regions, "score term")
    if in_order:
        _epilogue(out, sc)
    _glossary(out, sc)
    return out.problems
