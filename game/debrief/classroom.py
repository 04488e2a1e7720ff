"""What the class debrief says: every student's game of a scenario, side by side.

Logs are taken from files, folders and globs; each is replayed before it is
believed (`game.logs.open_log`), and one that fails to parse, verify or
replay is listed with its reason and left out. Games are grouped by
scenario. Students appear under a pseudonym made from their game unless the
teacher asks for names.
"""

from __future__ import annotations

import glob
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine import counterfactual
from engine.facts import Turn
from engine.problems import ProblemError
from game import logs, narrate
from game.debrief.student import pseudonym
from game.export import picture_gap
from game.logs import OpenedLog

KEY_MOMENTS = 8  # the turns the class report splits the choices at
FURTHEST = 5  # the games shown as furthest from history
RESPONSES = ("comply", "adapt", "consult", "stall", "defy")


@dataclass(frozen=True)
class Refused:
    """A log left out of the report, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Game:
    """One student's game as the class report shows it."""

    number: int
    name: str
    path: str
    turns: int
    finished: bool
    outcome: str
    as_in_history: bool
    score: float | None
    complied: float  # the share of Moscow's orders the party obeyed
    unlike_history: float  # the share of turns answered otherwise than the real party did
    responses: dict[str, int]
    mean_gap: float | None
    misfits_obeyed: int


@dataclass(frozen=True)
class Split:
    """How the class answered at one turn."""

    date: str
    order: str  # what most games were ordered, in words
    moments: int  # in how many games the turn was a moment that mattered
    shares: dict[str, float]  # response -> share of the games that played the turn


@dataclass(frozen=True)
class ScenarioClass:
    scenario: str
    scenario_name: str
    games: list[Game]
    history: str
    history_text: str
    outcomes: list[tuple[str, int, bool]]  # (outcome name, games, history's own)
    splits: list[Split]
    dates: list[str]
    gap_by_turn: list[float | None]  # the class's mean gap at each turn
    furthest: list[Game]
    questions: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class ClassReport:
    scenarios: list[ScenarioClass]
    refused: list[Refused]
    named: bool


FURTHEST_RULE = ("The games furthest from history are those whose ending differs from "
                 "history's, then those that answered most often otherwise than the real party "
                 "did (the scenario's history script), the larger share first.")
SPLIT_RULE = (f"The turns shown are the {KEY_MOMENTS} that were a moment that mattered in the "
              "most games of the class (the rule of the student's report, section 3), in date "
              "order; each bar splits every game that played that turn by its answer.")


def log_paths(sources: Iterable[str]) -> list[str]:
    """The log files named by `sources`: files as given, every .json in a folder, and globs."""
    found: list[str] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found += sorted(str(p) for p in path.glob("*.json") if p.is_file())
        elif any(c in source for c in "*?[") and not path.exists():
            found += sorted(glob.glob(source, recursive=True))
        else:
            found.append(source)
    return list(dict.fromkeys(found))  # each file once, in the order given


def open_logs(paths: Sequence[str]) -> tuple[list[OpenedLog], list[Refused]]:
    """Every log that replays, and every other one with its reason."""
    opened, refused = [], []
    for path, log in zip(paths, logs.open_logs(paths), strict=True):
        if isinstance(log, ProblemError):
            more = len(log.problems) - 3
            refused.append(Refused(path, "; ".join(
                f"{p.line}:{p.col}: {p.message}" for p in log.problems[:3])
                + (f"; and {more} more" if more > 0 else "")))
            continue
        if log.divergence:
            refused.append(Refused(path, f"does not replay: {log.divergence}"))
        elif not log.session.record.turns:
            refused.append(Refused(path, "no turn was played"))
        else:
            opened.append(log)
    return opened, refused


def _history_response(log: OpenedLog, date: str) -> str | None:
    """What the real party did at `date`, by the scenario's history script."""
    steps = [s for s in log.tables.scenario.history if s.start <= date]
    return steps[-1].response if steps else None


def _game(number: int, log: OpenedLog, named: bool, names: narrate.Names) -> Game:
    record = log.session.record
    entries: list[Turn] = [t.record for t in record.turns]
    ordered = [e for e in entries if e.directive.action is not None]
    scripted = [(e, _history_response(log, e.date)) for e in entries]
    scripted = [(e, h) for e, h in scripted if h is not None]
    gaps = [g for g in (picture_gap(e) for e in entries) if g is not None]
    ending = record.outcome
    return Game(
        number=number, name=record.player if named and record.player else pseudonym(record),
        path=log.path, turns=len(entries), finished=ending is not None,
        outcome=names.outcome(ending.category).title if ending else "not finished",
        as_in_history=bool(ending and ending.as_in_history),
        score=ending.score if ending else None,
        complied=round(sum(e.response == "comply" for e in ordered) / len(ordered), 4)
        if ordered else 0.0,
        unlike_history=round(sum(e.response != h for e, h in scripted) / len(scripted), 4)
        if scripted else 0.0,
        responses={r: sum(e.response == r for e in entries) for r in RESPONSES},
        mean_gap=round(sum(gaps) / len(gaps), 4) if gaps else None,
        misfits_obeyed=narrate.misfits_obeyed(entries, names)[0])


def _splits(logs: Sequence[OpenedLog], names: narrate.Names) -> list[Split]:
    counted: Counter[int] = Counter()
    for log in logs:
        entries = [t.record for t in log.session.record.turns]
        counted.update(m.turn for m in counterfactual.moments(entries, limit=len(entries)))
    turns = sorted(t for t, _n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))
                   [:KEY_MOMENTS])
    out = []
    for turn in turns:
        played = [log.session.record.turns[turn].record for log in logs
                  if turn < len(log.session.record.turns)]
        orders = Counter(names.doing(e.directive.action, e.directive.region)
                         for e in played if e.directive.action)
        out.append(Split(date=played[0].date,
                         order=orders.most_common(1)[0][0] if orders else "no order",
                         moments=counted[turn],
                         shares={r: round(sum(e.response == r for e in played) / len(played), 4)
                                 for r in RESPONSES}))
    return out


def _gap_by_turn(logs: Sequence[OpenedLog], n_turns: int) -> list[float | None]:
    out: list[float | None] = []
    for turn in range(n_turns):
        gaps = [g for log in logs if turn < len(log.session.record.turns)
                for g in [picture_gap(log.session.record.turns[turn].record)] if g is not None]
        out.append(round(sum(gaps) / len(gaps), 4) if gaps else None)
    return out


def scenario_class(logs: Sequence[OpenedLog], named: bool, first: int = 1) -> ScenarioClass:
    """The class's games of one scenario; students are numbered from `first`."""
    tables = logs[0].tables
    sc, names = tables.scenario, narrate.Names.of(tables)
    games = [_game(first + k, log, named, names) for k, log in enumerate(logs)]
    counts = Counter(g.outcome for g in games)
    history = names.history()
    longest = max(len(log.session.record.turns) for log in logs)
    dates = [tables.date(t) for t in range(longest)]
    furthest = sorted(games, key=lambda g: (g.as_in_history, -g.unlike_history, g.number))
    return ScenarioClass(
        scenario=sc.id, scenario_name=sc.name, games=games, history=history.title,
        history_text=history.text,
        outcomes=[(names.outcome(o.id).title, counts[names.outcome(o.id).title],
                   o.id == sc.historical.outcome) for o in sc.outcomes],
        splits=_splits(logs, names), dates=dates, gap_by_turn=_gap_by_turn(logs, longest),
        furthest=furthest[:FURTHEST],
        questions=[(q.question, list(q.draws_on)) for q in sc.discussion])


def class_report(paths: Sequence[str], named: bool = False) -> ClassReport:
    """The class report of every log in `paths`, grouped by scenario, in the order first met."""
    opened, refused = open_logs(paths)
    groups: dict[str, list[OpenedLog]] = {}
    for log in opened:
        groups.setdefault(log.scenario.id, []).append(log)
    scenarios, first = [], 1
    for members in groups.values():
        scenarios.append(scenario_class(members, named, first))
        first += len(members)
    return ClassReport(scenarios=scenarios, refused=refused, named=named)
