"""What a student's debrief says, gathered from one replayed log.

Pure apart from the engine's replays of the moments. Every number comes
from the log's typed facts after the log has replayed without divergence;
every sentence from the narrator (`game.narrate`). The moments that
mattered follow `engine.counterfactual.moments`, and what the alternatives
would have brought is played by the engine: with the same luck (one game,
the student's own draws) and with fresh luck (`games` games from the moment).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from engine import counterfactual
from engine.facts import Directive, Turn
from engine.orders import Orders
from engine.record import GameRecord
from engine.state import State
from game import narrate
from game.debrief import batches
from game.export import picture_gap
from game.logs import OpenedLog

FRESH_GAMES = 200  # fresh-luck continuations per alternative at every moment
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in class


def pseudonym(record: GameRecord) -> str:
    """A stable name for the student, made from the game itself and never from the name given."""
    # the game's identity: its scenario, luck and orders, and the state after each turn
    game = "|".join([record.scenario.id, record.scenario.hash, str(record.seed),
                     str(record.game), *(f"{t.label}:{t.state_hash}" for t in record.turns)])
    digest = hashlib.sha256(game.encode()).digest()
    return "Student " + "".join(CODE_LETTERS[b % len(CODE_LETTERS)] for b in digest[:4])


@dataclass(frozen=True)
class Point:
    """One turn on the timeline."""

    turn: int
    date: str
    response: str
    members: float
    influence: float  # the mean over the regions
    trust: float
    fit_moscow: float | None  # the order's fit in Moscow's picture; none without an order
    fit_true: float | None  # and in truth
    gap: float | None  # how far Moscow's picture was from the truth (`export.picture_gap`)


@dataclass(frozen=True)
class Outlook:
    """What one order at a moment brought: with the same luck, and over fresh luck."""

    words: str
    chosen: bool
    same_outcome: str
    same_score: float
    fresh: list[tuple[str, float]]  # (outcome name, share of games), largest first
    fresh_mean: float | None
    fresh_p10: float | None
    fresh_p90: float | None
    fresh_games: int


@dataclass(frozen=True)
class MomentReport:
    turn: int
    date: str
    why: str
    kinds: tuple[str, ...]
    order: str  # what Moscow ordered, in words
    outlooks: list[Outlook]  # the student's own first


@dataclass(frozen=True)
class Deviation:
    """A turn the student adapted or defied: what they did instead, and how it went."""

    date: str
    response: str
    order: str
    instead: str
    order_fit: float | None
    own_fit: float | None
    success: bool | None
    members: float  # the turn's change of members, every cause counted


@dataclass(frozen=True)
class StudentReport:
    """Everything the student's report shows, in the order it shows it."""

    name: str
    named: bool  # the student's own name (teacher's choice), or a pseudonym
    scenario: str
    scenario_name: str
    seed: int
    first: str
    last: str
    turns: int
    finished: bool
    outcome: str
    outcome_text: str
    score: float | None
    parts: list[tuple[str, float, float]]  # (term, points, out of)
    goals: list[tuple[str, bool]]
    history: str
    history_text: str
    history_sources: list[str]
    as_in_history: bool
    timeline: list[Point]
    responses: dict[str, int]
    moments: list[MomentReport]
    moment_rule: str
    same_luck_rule: str
    misfit_count: int
    misfits: list[str]
    deviations: list[Deviation]
    questions: list[tuple[str, list[str]]]
    sources: list[tuple[str, str, list[str]]]  # (date, event title, sources)


MOMENT_RULE = ("A turn counts as a moment that mattered when Moscow's order was one of its own "
               "historical initiatives, or when the turn brought a setback to the party's "
               "action, an envoy, the ally turning on the party, an informer's leak or the "
               "replacement of the leadership. At most ten are shown: those with the most "
               "reasons, the earlier first among equals.")


def timeline(entries: list[Turn]) -> list[Point]:
    return [Point(turn=e.turn, date=e.date, response=e.response, members=e.party.members,
                  influence=round(math.fsum(r.influence for r in e.regions.values())
                                  / max(len(e.regions), 1), 4),
                  trust=e.centre.trust_after, fit_moscow=e.directive.fit_moscow_believes,
                  fit_true=e.directive.fit_true, gap=picture_gap(e)) for e in entries]


def _outlook(alt: counterfactual.Alternative, card: Directive, names: narrate.Names
             ) -> Outlook:
    spread = alt.fresh_luck
    fresh = sorted(((names.outcome(k).title, v) for k, v in spread.shares.items() if v > 0),
                   key=lambda kv: -kv[1]) if spread else []
    return Outlook(words=narrate.orders_words(alt.orders, card, names), chosen=alt.chosen,
                   same_outcome=names.outcome(alt.same_luck.category).title,
                   same_score=alt.same_luck.score, fresh=fresh,
                   fresh_mean=spread.score_mean if spread else None,
                   fresh_p10=spread.score_p10 if spread else None,
                   fresh_p90=spread.score_p90 if spread else None,
                   fresh_games=spread.games if spread else 0)


def play_moments(opened: OpenedLog, states: list[State],
                 moments_options: list[tuple[int, list[Orders]]],
                 games: int) -> list[list[counterfactual.Alternative]]:
    """What every option at every moment brings, played by the engine in batches
    (`game.debrief.batches`): the student's own draws for the same luck, `games` games of
    fresh luck per option."""
    record = opened.session.record
    orders = [t.orders for t in record.turns]
    return batches.play_moments(batches.MomentsJob(opened.tables, states, orders,
                                                   moments_options, record.seed, record.game,
                                                   games))


def moment_reports(opened: OpenedLog, names: narrate.Names,
                   games: int = FRESH_GAMES) -> list[MomentReport]:
    """Each moment that mattered with every open order and what it would have brought."""
    record, tables = opened.session.record, opened.tables
    entries = [t.record for t in record.turns]
    orders = [t.orders for t in record.turns]
    states = (list(opened.openings) if len(opened.openings) == len(orders) + 1
              else counterfactual.openings(tables, record.seed, record.game, orders))
    found = counterfactual.moments(entries)
    options = [(m.turn, counterfactual.alternatives_at(tables, states[m.turn], orders[m.turn]))
               for m in found]
    out = []
    for moment, played in zip(found, play_moments(opened, states, options, games),
                              strict=True):
        card = entries[moment.turn].directive
        order = (names.doing(card.action, card.region) if card.action
                 else "no order (the Centre did not exist yet)")
        out.append(MomentReport(turn=moment.turn, date=entries[moment.turn].date,
                                why=narrate.moment_words(moment.kinds), kinds=moment.kinds,
                                order=order,
                                outlooks=[_outlook(alt, card, names) for alt in played]))
    return out


def deviations(entries: list[Turn], names: narrate.Names) -> list[Deviation]:
    out = []
    for e in entries:
        if e.response not in ("adapt", "defy") or e.directive.action is None:
            continue
        d, res = e.directive, e.resolution
        own = next((c.true_fit_now for c in d.candidates if res and c.action == res.action
                    and c.region == res.region), None)
        out.append(Deviation(
            date=e.date, response=e.response, order=names.doing(d.action or "", d.region),
            instead=names.doing(res.action, res.region) if res else "nothing",
            order_fit=d.fit_true, own_fit=own if own is not None else (
                res.true_fit if res else None),
            success=res.success if res else None,
            members=round(sum(c.members for c in e.changes.values()))))
    return out


def student_report(opened: OpenedLog, named: bool = False,
                   games: int = FRESH_GAMES) -> StudentReport:
    """The report of one replayed log; `named` shows the player's own name, if they gave one."""
    record, tables = opened.session.record, opened.tables
    sc = tables.scenario
    names = narrate.Names.of(tables)
    entries = [t.record for t in record.turns]
    ending = record.outcome
    history = names.history()
    count, misfits = narrate.misfits_obeyed(entries, names, limit=10)
    responses = {r: sum(e.response == r for e in entries)
                 for r in ("comply", "adapt", "consult", "stall", "defy")}
    fired: dict[str, str] = {}
    for e in entries:
        for ev in e.events:
            fired.setdefault(ev.id, e.date)
    return StudentReport(
        name=record.player if named and record.player else pseudonym(record),
        named=named and bool(record.player),
        scenario=sc.id, scenario_name=sc.name, seed=record.seed,
        first=entries[0].date if entries else sc.start,
        last=entries[-1].date if entries else sc.start, turns=len(entries),
        finished=ending is not None,
        outcome=names.outcome(ending.category).title if ending else "not finished",
        outcome_text=names.outcome(ending.category).text if ending else "",
        score=ending.score if ending else None,
        parts=[(label, part, float(term.weight)) for label, term, part in zip(
            narrate.score_terms(sc.score, names), sc.score, ending.score_parts,
            strict=True)] if ending else [],
        goals=[(names.goal(g.id), g.met) for g in ending.goals] if ending else [],
        history=history.title, history_text=history.text,
        history_sources=[s.strip() for s in history.source.split(" ; ") if s.strip()],
        as_in_history=bool(ending and ending.as_in_history),
        timeline=timeline(entries), responses=responses,
        moments=moment_reports(opened, names, games), moment_rule=MOMENT_RULE,
        same_luck_rule=counterfactual.RULE,
        misfit_count=count, misfits=misfits, deviations=deviations(entries, names),
        questions=[(q.question, list(q.draws_on)) for q in sc.discussion],
        sources=[(date, names.event(ident).title,
                  [s.strip() for s in names.event(ident).source.split(" ; ") if s.strip()])
                 for ident, date in fired.items()])
