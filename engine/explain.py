"""Explaining a game: the directive card, the turn's facts, the ending, for one game.

Pure. Everything here turns batched arrays into the typed facts of
`engine.facts` for one game of the batch: what Moscow believed beside what
the party saw and what was true, the Centre's reasons (how every candidate
scored in its picture), the named contributions behind each outcome and the
draws that decided it. No words: `game.narrate` makes them from these facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine import centre, view
from engine.facts import (
    Directive,
    Ending,
    Event,
    Goal,
    Party,
    Turn,
)
from engine.game import (
    CAUSES,
    CONTRIBUTIONS,
    Strength,
    TurnArrays,
    arriving_slot,
    success_parts,
)
from engine.mechanics import fit_table, sigmoid
from engine.model import CONDITIONS, NATIONAL, RESPONSES
from engine.orders import CONSULT, DEFY
from engine.outcomes import categories, score_parts, scores
from engine.quantities import holds
from engine.rng import Purpose, uniform
from engine.state import State
from engine.tables import Tables

F64 = NDArray[np.float64]
TRUST_PARTS = ("response", "rule", "recovery", "blame", "initiative")


def _r(x: float | np.floating[Any]) -> float:
    """Four decimals: what a log keeps, so a fact reads back as the same number."""
    return round(float(x), 4)


def _rs(values: F64) -> list[Any]:
    """`_r` of every value of an array, as nested lists, rounded in one pass.

    numpy scales and rounds to the nearest whole number, which is Python's
    correctly rounded `round` everywhere but next to a tie (a value whose
    fifth decimal is a 5 up to the last bits): those, frequent where data
    has few decimals, are rounded one by one as `_r` does.
    """
    scaled = np.asarray(values, dtype=np.float64) * 1e4
    rounded = np.rint(scaled) / 1e4
    with np.errstate(invalid="ignore"):  # an order the line forbids scores -inf
        tie = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-7 + 1e-13 * np.abs(scaled)
    if tie.any():
        rounded[tie] = [_r(v) for v in np.asarray(values, dtype=np.float64)[tie].tolist()]
    result: list[Any] = rounded.tolist()
    return result


def _conditions(row: list[float]) -> dict[str, float]:
    return dict(zip(CONDITIONS, row, strict=True))


def _figures(row: list[float]) -> dict[str, float]:
    members, cadres, funds = row
    return {"members": members, "cadres": cadres, "funds": funds}


def party_view(tables: Tables, state: State, i: int = 0) -> F64:
    """Conditions as game `i`'s party sees them, (R, C): see `engine.view`."""
    result: F64 = view.party_view(tables, state.select(i))[0]
    return result


def _where(tables: Tables, action: int, region: int) -> str | None:
    """The region's id, or none for an action of the whole party."""
    return None if tables.national[action] else tables.regions[region]


@dataclass(frozen=True)
class _Scored:
    """The Centre's scores of the games whose arriving order it sent at one turn."""

    scores: centre.Scores
    total: F64  # (k, A, R)
    rows: dict[int, int]  # game: its row here
    parts: list[Any]  # fit, preference, doctrine, initiative, repeat, total: rounded (k, A, R)


@dataclass(frozen=True)
class _Opening:
    """What a turn's opening held for every game of a batch, computed once for the batch.

    The facts of one game read their rows from here, so a batch of replayed
    logs costs one pass of each formula and one rounding of each table, not
    one per game. Every formula is the engine's own, row by row, so a game's
    facts are the same in a batch of one as in a batch of many. The `_r`
    fields are rounded to a log's four decimals, as nested lists.
    """

    state: State
    slot: int
    view: F64  # (B, R, C) the party's view
    view_r: list[Any]
    true_r: list[Any]  # (B, R, C) the true conditions
    picture_r: list[Any]  # (B, R, C) Moscow's arriving picture
    true_fit_r: list[Any]  # (B, A, R)
    seen_fit_r: list[Any]  # (B, A, R)
    scored: dict[int, _Scored]  # by the turn the order was sent

    @classmethod
    def of(cls, tables: Tables, state: State) -> _Opening:
        slot = arriving_slot(tables, state.turn)
        seen = view.party_view(tables, state)
        true_fit = fit_table(tables, state.cond, state.influence, state.organisation)
        seen_fit = fit_table(tables, seen, state.influence, state.organisation)
        sent = np.maximum(state.directive_sent[:, slot], 0)
        answered = ((state.last_response == CONSULT) & (state.directive_sent[:, slot] == state.turn)
                    & (state.prior_action >= 0))
        scored = {}
        for turn in sorted(set(sent.tolist())):  # the line of the month each order was sent
            games = np.flatnonzero(sent == turn)
            strength = state.strength_ring[games, slot]
            found = centre.score(tables, turn, state.picture_ring[games, slot],
                                 strength[:, 0], strength[:, 1], state.memory_ring[games, slot],
                                 answered[games])
            total = found.total
            parts = [_rs(part) for part in (found.fit, found.preference, found.doctrine,
                                            found.initiative, found.repeat, total)]
            scored[turn] = _Scored(found, total, {int(g): k for k, g in enumerate(games)}, parts)
        return cls(state, slot, seen, _rs(seen), _rs(state.cond),
                   _rs(state.picture_ring[:, slot]), _rs(true_fit), _rs(seen_fit), scored)

    def scores(self, i: int) -> tuple[_Scored, int]:
        """The Centre's scores of game `i`'s arriving order, and its row in them."""
        found = self.scored[max(int(self.state.directive_sent[i, self.slot]), 0)]
        return found, found.rows[i]


def _no_directive(tables: Tables, state: State) -> dict[str, Any]:
    founded = tables.scenario.centre.founded or tables.scenario.start
    return {"action": None, "region": None, "sent": None, "arrived": tables.date(state.turn),
            "founded": founded, "line": None, "rigidity": None, "initiative": None,
            "revision": None, "moscow_believes": None, "party_sees": None, "true": None,
            "fit_moscow_believes": None, "fit_party_sees": None, "fit_true": None,
            "candidates": [], "forced": False}


def directive_card(tables: Tables, state: State, i: int = 0) -> Directive:
    """The directive that reaches game `i` at this turn, and why the Centre sent it.

    Before the Centre exists no directive comes, and the card says so
    (`action` None, and `founded`, the month the Centre comes into being).
    """
    return Directive.model_validate(_directive(tables, _Opening.of(tables, state), i))


def _directive(tables: Tables, opening: _Opening, i: int) -> dict[str, Any]:
    state, slot = opening.state, opening.slot
    action = int(state.directive_action[i, slot])
    if action < 0:
        return _no_directive(tables, state)
    region = int(state.directive_region[i, slot])
    sent = int(state.directive_sent[i, slot])
    scored, row = opening.scores(i)
    line = tables.line_of_turn[max(sent, 0)]
    k = int(state.directive_initiative[i, slot])
    initiative = None
    if k >= 0:
        pressure = tables.scenario.initiatives[k].pressure * tables.binding[
            tables.line_of_turn[state.turn]]
        initiative = {"id": tables.scenario.initiatives[k].id, "pressure": _r(pressure)}
    return {
        "action": tables.actions[action],
        "region": _where(tables, action, region),
        "sent": tables.date(sent) if sent >= 0 else None,
        "arrived": tables.date(state.turn),
        "founded": None,
        "line": tables.lines[line],
        "rigidity": _r(tables.rigidity[line]),
        "initiative": initiative,
        "revision": _revision(tables, state, i, scored, row, action, region),
        "moscow_believes": _conditions(opening.picture_r[i][region]),
        "party_sees": _conditions(opening.view_r[i][region]),
        "true": _conditions(opening.true_r[i][region]),
        "fit_moscow_believes": scored.parts[0][row][action][region],
        "fit_party_sees": opening.seen_fit_r[i][action][region],
        "fit_true": opening.true_fit_r[i][action][region],
        "candidates": _candidates(tables, scored, row, opening.true_fit_r[i]),
        "forced": bool(state.envoy_turns[i] > 0),
    }


def _candidates(tables: Tables, scored: _Scored, row: int,
                true_fit: list[Any]) -> list[dict[str, Any]]:
    """Every order the Centre could send, best first; an action of the whole party once."""
    mine = scored.total[row]
    place = np.isfinite(mine)
    national = tables.national
    if national.any():  # an action of the whole party: once, where it scores best
        best = np.zeros_like(place)
        best[np.arange(mine.shape[0]), mine.argmax(axis=1)] = True
        place &= np.where(national[:, None], best, True)
    fit, pref, doc, ini, rep, total = (part[row] for part in scored.parts)
    out = [{"action": tables.actions[a], "region": None if national[a] else tables.regions[r],
            "fit_in_picture": fit[a][r], "line_preference": pref[a][r], "doctrine": doc[a][r],
            "initiative": ini[a][r], "repeat": rep[a][r], "score": total[a][r],
            "true_fit_now": true_fit[a][r]}
           for a, r in zip(*(ix.tolist() for ix in np.nonzero(place)), strict=True)]
    return sorted(out, key=lambda c: -c["score"])


def _revision(tables: Tables, state: State, i: int, scored: _Scored, row: int,
              action: int, region: int) -> dict[str, Any] | None:
    """After a consultation: what the party's report changed in Moscow's picture and order.

    When the order stayed, the reason is told: either it still looked best
    by fit in the revised picture, or the line, doctrine or an initiative
    kept it above a better-fitting one (the line binds).
    """
    slot = arriving_slot(tables, state.turn)
    if (int(state.last_response[i]) != CONSULT or int(state.prior_action[i]) < 0
            or int(state.directive_sent[i, slot]) != state.turn):
        return None  # no consultation, or its answer did not displace what was on its way
    prior_a, prior_r = int(state.prior_action[i]), int(state.prior_region[i])
    before, after = state.prior_picture[i], state.picture_ring[i, slot]
    where = region if not tables.national[action] else prior_r
    changed = {c: _r(after[where, k] - before[where, k]) for k, c in enumerate(CONDITIONS)
               if abs(after[where, k] - before[where, k]) >= 0.01}
    same = prior_a == action and (prior_r == region or bool(tables.national[action]))
    sc = scored.scores
    fit = sc.fit[row]
    best_fit = np.unravel_index(int(np.where(np.isfinite(scored.total[row]), fit, -1.0).argmax()),
                                fit.shape)
    kept_by = None
    if same and (int(best_fit[0]), int(best_fit[1])) != (action, region):
        # What the kept order gains over the better-fitting one, part by part.
        alt = (int(best_fit[0]), int(best_fit[1]))
        parts = {"the line": sc.preference, "doctrine": sc.doctrine,
                 "the initiative": sc.initiative, "its recent orders": sc.repeat}
        gains = {name: float(part[row][action, region] - part[row][alt]) for name, part in
                 parts.items()}
        kept_by = max(gains, key=lambda name: gains[name])
    return {"report_of": tables.date(state.turn - 1), "region": tables.regions[where],
            "picture_change": changed, "changed": not same,
            "previous_action": tables.actions[prior_a],
            "previous_region": _where(tables, prior_a, prior_r), "kept_by": kept_by}


@dataclass(frozen=True)
class _Fired:
    """What the events of a turn's opening did, for a whole batch, rounded."""

    rolls: list[Any]  # (B, E) the keyed draw of every event
    damage: list[Any]  # (B, E)
    changes: list[Any]  # (B, E, 3)

    @classmethod
    def of(cls, tables: Tables, state: State, rolls: F64) -> _Fired:
        return cls(_rs(rolls), _rs(state.damage_taken), _rs(state.event_changes))

    def of_game(self, tables: Tables, state: State, i: int) -> list[dict[str, Any]]:
        fired = []
        for k in np.flatnonzero(state.fired_now[i]).tolist():
            ev = tables.scenario.events[k]
            chance = ev.chance < 1.0
            fired.append({"id": ev.id, "chance": _r(ev.chance) if chance else None,
                          "roll": self.rolls[i][k] if chance else None,
                          "damage_taken": self.damage[i][k] if ev.shield else None,
                          "changes": _figures(self.changes[i][k])})
        return fired


def events_now(tables: Tables, state: State, i: int = 0) -> list[Event]:
    """The events that fired at the opening of this turn, and what each did.

    An event left to chance also shows its chance and the roll that made it fire.
    """
    rolls = uniform(state.keys, state.turn, Purpose.EVENT, len(tables.events))
    return [Event.model_validate(e)
            for e in _Fired.of(tables, state, rolls).of_game(tables, state, i)]


def party_now(state: State, i: int = 0) -> Party:
    """The party's national figures (informers are hidden and left out)."""
    return Party.model_validate(dict(zip(NATIONAL, _rs(_national(state)[i]), strict=True)))


def _national(state: State) -> F64:
    """(B, len(NATIONAL)): the party's national figures of every game."""
    return np.stack([getattr(state, name) for name in NATIONAL], axis=1)


# The one-number facts of a turn, per game: stacked so that one rounding serves them all.
_SINGLES = ("trust_before", "trust_after", "p_leak", "income", "recruits", "informers", "score",
            "fit", "effort", "p_success", "roll", "reckoned", "p_setback", "setback_roll",
            "success_draw", "setback_draw")


def turn_record(tables: Tables, rec: TurnArrays, i: int = 0) -> Turn:
    """Everything about one turn of game `i`, for the log, the "why?" and the debrief."""
    return Turn.model_validate(turn_facts(tables, rec, [i])[0])


def turn_facts(tables: Tables, rec: TurnArrays, games: Sequence[int]) -> list[dict[str, Any]]:
    """The facts of one turn of each of `games`, as the plain data a `Turn` holds.

    What the games share is computed once for the batch (the party's view,
    the fits, the Centre's scores, the draws, the roundings); `turn_record`
    makes one game's typed facts from the same data, so replaying a batch of
    logs compares plain data with the log's and builds no model twice.
    """
    before, after = rec.before, rec.after
    keys, t = before.keys, before.turn
    opening = _Opening.of(tables, before)
    event_rolls = uniform(keys, t, Purpose.EVENT, len(tables.events))
    fired = _Fired.of(tables, before, event_rolls)
    singles = _rs(np.stack([
        before.trust, after.trust, rec.p_leak, rec.income, rec.recruits, after.informers,
        scores(tables, after), rec.fit, rec.effort, rec.p_success, rec.roll,
        _reckoned(tables, rec, opening.view), rec.p_setback, rec.setback_roll,
        uniform(keys, t, Purpose.SUCCESS)[:, 0], uniform(keys, t, Purpose.SETBACK)[:, 0]],
        axis=1))
    chance_events = [(k, ev.id) for k, ev in enumerate(tables.scenario.events) if ev.chance < 1.0]
    rolls_r, leak_r = fired.rolls, _rs(uniform(keys, t, Purpose.LEAK, 2))
    rivals_r = _rs(uniform(keys, t, Purpose.ALLY_TURN, 2))
    cadres_r, contributions_r = _rs(rec.cadres), _rs(rec.contributions)
    trust_r, changes_r, party_r = _rs(rec.trust_parts), _rs(rec.changes), _rs(_national(after))
    after_cond_r, influence_r = _rs(after.cond), _rs(after.influence)
    organisation_r = _rs(after.organisation)
    out = []
    for i in games:
        one = dict(zip(_SINGLES, singles[i], strict=True))
        leak = bool(rec.leak[i])
        out.append({
            "turn": t,
            "date": tables.date(t),
            "events": fired.of_game(tables, before, i),
            "directive": _directive(tables, opening, i),
            "response": RESPONSES[int(rec.response[i])],
            "charged_as": RESPONSES[int(rec.deviation[i])],
            "forced": bool(rec.forced[i]),
            "cadres_at_work": dict(zip(tables.regions, cadres_r[i], strict=True)),
            "resolution": _resolution(tables, rec, one, contributions_r[i], i),
            "centre": {
                "trust_before": one["trust_before"], "trust_after": one["trust_after"],
                "trust_parts": dict(zip(TRUST_PARTS, trust_r[i], strict=True)),
                "envoy": bool(rec.envoy_arrived[i]), "funds_cut": bool(rec.funds_cut[i]),
                "leadership_replaced": bool(rec.replaced[i])},
            "rivals": {"leak": {"chance": one["p_leak"], "happened": leak,
                                "region": tables.regions[int(rec.leak_region[i])] if leak
                                else None},
                       "ally_turned": bool(rec.ally_turned[i]), "split": bool(rec.split[i])},
            "changes": {cause: _figures(changes_r[i][c]) for c, cause in enumerate(CAUSES)},
            "income": one["income"],
            "recruits": one["recruits"],
            "party": dict(zip(NATIONAL, party_r[i], strict=True)),
            "informers": one["informers"],
            "seen": _seen(tables, opening, i),
            "regions": {r: {"influence": influence_r[i][k],
                            "organisation": organisation_r[i][k],
                            "conditions": _conditions(after_cond_r[i][k])}
                        for k, r in enumerate(tables.regions)},
            "alive": bool(after.alive[i]),
            "score": one["score"],
            "draws": {"events": {ident: rolls_r[i][k] for k, ident in chance_events},
                      "success": one["success_draw"], "setback": one["setback_draw"],
                      "leak": leak_r[i][0], "leak_region": leak_r[i][1],
                      "ally_turn": rivals_r[i][0], "split": rivals_r[i][1]},
        })
    return out


def _resolution(tables: Tables, rec: TurnArrays, one: dict[str, float],
                contributions: list[float], i: int) -> dict[str, Any] | None:
    action, region = int(rec.action[i]), int(rec.region[i])
    if action < 0:
        return None
    own = (tables.scenario.initiatives[int(rec.initiative[i])].id
           if rec.initiative_setback[i] and rec.setback[i] else None)
    return {
        "action": tables.actions[action], "region": _where(tables, action, region),
        "true_fit": one["fit"], "effort": one["effort"],
        "contributions": dict(zip(CONTRIBUTIONS, contributions, strict=True)),
        "chance": one["p_success"], "roll": one["roll"],
        "chance_party_reckoned": one["reckoned"], "success": bool(rec.success[i]),
        "setback": {"chance": one["p_setback"], "roll": one["setback_roll"],
                    "happened": bool(rec.setback[i]), "initiative": own}}


def _seen(tables: Tables, opening: _Opening, i: int) -> dict[str, Any]:
    """Every region as Moscow's arriving picture, the party's view and the truth had it."""
    pictured = int(opening.state.directive_action[i, opening.slot]) >= 0
    pic, sees, true = opening.picture_r[i], opening.view_r[i], opening.true_r[i]
    return {r: {"moscow_believes": _conditions(pic[k]) if pictured else None,
                "party_sees": _conditions(sees[k]), "true": _conditions(true[k])}
            for k, r in enumerate(tables.regions)}


def _reckoned(tables: Tables, rec: TurnArrays, seen: F64) -> F64:
    """The chance each party put on its action before trying it: its view `seen`, its
    cadre plan."""
    before = rec.before
    defied = (rec.deviation == DEFY) & (rec.directive_action >= 0)
    unity = before.unity + np.where(defied, tables.scenario.rules.party.defy_unity, 0.0)
    strength = Strength(before.influence, before.organisation, before.cadres, before.funds,
                        np.clip(unity, 0.0, 1.0))
    _, _, parts = success_parts(tables, strength, seen, rec.action, rec.region, rec.cadres)
    result: F64 = sigmoid(parts.sum(axis=1))
    return result


def outcome(tables: Tables, state: State, i: int = 0) -> Ending:
    """The result of game `i`: its category, score and its parts, goals, history beside it."""
    sc = tables.scenario
    one = state.select(i)
    category = sc.outcomes[int(categories(tables, one)[0])]
    return Ending(
        category=category.id, score=round(float(scores(tables, one)[0]), 2),
        score_parts=[_r(v) for v in score_parts(tables, one)[0]],
        goals=[Goal(id=g.id, met=bool(holds(one, g.when, tables.regions)[0])) for g in sc.goals],
        historical=sc.historical.outcome, as_in_history=category.id == sc.historical.outcome,
        ended=tables.last_month(max(min(state.turn, tables.n_turns) - 1, 0)),
        setbacks=int(state.setbacks[i]), envoys=int(state.envoys[i]),
        replacements=int(state.replacements[i]), party=party_now(state, i))
