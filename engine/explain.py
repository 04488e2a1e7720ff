"""Explaining a game: the directive card, the turn's facts, the ending, for one game.

Pure. Everything here turns batched arrays into the typed facts of
`engine.facts` for one game of the batch: what Moscow believed beside what
the party saw and what was true, the Centre's reasons (how every candidate
scored in its picture), the named contributions behind each outcome and the
draws that decided it. No words: `game.narrate` makes them from these facts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine import centre, view
from engine.facts import (
    Candidate,
    Centre,
    Conditions,
    Directive,
    Draws,
    Ending,
    Event,
    Figures,
    Goal,
    Leak,
    Party,
    Pressed,
    RegionAfter,
    RegionSeen,
    Resolution,
    Revision,
    Rivals,
    Setback,
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


def _conditions(row: F64) -> Conditions:
    return Conditions(**{c: _r(v) for c, v in zip(CONDITIONS, row, strict=True)})


def _figures(row: F64) -> Figures:
    return Figures(members=_r(row[0]), cadres=_r(row[1]), funds=_r(row[2]))


def party_view(tables: Tables, state: State, i: int = 0) -> F64:
    """Conditions as game `i`'s party sees them, (R, C): see `engine.view`."""
    result: F64 = view.party_view(tables, state.select(i))[0]
    return result


def _where(tables: Tables, action: int, region: int) -> str | None:
    """The region's id, or none for an action of the whole party."""
    return None if tables.national[action] else tables.regions[region]


def _no_directive(tables: Tables, state: State) -> Directive:
    founded = tables.scenario.centre.founded or tables.scenario.start
    return Directive(action=None, arrived=tables.date(state.turn), founded=founded)


def directive_card(tables: Tables, state: State, i: int = 0) -> Directive:
    """The directive that reaches game `i` at this turn, and why the Centre sent it.

    Before the Centre exists no directive comes, and the card says so
    (`action` None, and `founded`, the month the Centre comes into being).
    """
    slot = arriving_slot(tables, state.turn)
    action = int(state.directive_action[i, slot])
    if action < 0:
        return _no_directive(tables, state)
    region = int(state.directive_region[i, slot])
    sent = int(state.directive_sent[i, slot])
    pic = state.picture_ring[i, slot]
    view_now = party_view(tables, state, i)
    sent_turn = max(sent, 0)
    strength = state.strength_ring[i, slot]
    answered = np.array([int(state.last_response[i]) == CONSULT and sent == state.turn
                         and int(state.prior_action[i]) >= 0])
    scored = centre.score(tables, sent_turn, pic[None], strength[None, 0], strength[None, 1],
                          state.memory_ring[i:i + 1, slot], answered)
    true_fit = fit_table(tables, state.cond[i:i + 1], state.influence[i:i + 1],
                         state.organisation[i:i + 1])[0]
    seen_fit = fit_table(tables, view_now[None], state.influence[i:i + 1],
                         state.organisation[i:i + 1])[0]
    line = tables.line_of_turn[sent_turn]
    k = int(state.directive_initiative[i, slot])
    initiative = None
    if k >= 0:
        pressure = tables.scenario.initiatives[k].pressure * tables.binding[
            tables.line_of_turn[state.turn]]
        initiative = Pressed(id=tables.scenario.initiatives[k].id, pressure=_r(pressure))
    return Directive(
        action=tables.actions[action],
        region=_where(tables, action, region),
        sent=tables.date(sent) if sent >= 0 else None,
        arrived=tables.date(state.turn),
        line=tables.lines[line],
        rigidity=_r(tables.rigidity[line]),
        initiative=initiative,
        revision=_revision(tables, state, i, scored, action, region),
        moscow_believes=_conditions(pic[region]),
        party_sees=_conditions(view_now[region]),
        true=_conditions(state.cond[i, region]),
        fit_moscow_believes=_r(scored.fit[0, action, region]),
        fit_party_sees=_r(seen_fit[action, region]),
        fit_true=_r(true_fit[action, region]),
        candidates=_candidates(tables, scored, true_fit),
        forced=bool(state.envoy_turns[i] > 0),
    )


def _candidates(tables: Tables, scored: centre.Scores, true_fit: F64) -> list[Candidate]:
    """Every order the Centre could send, best first; an action of the whole party once."""
    total = scored.total[0]
    out = []
    for a in range(total.shape[0]):
        places = [int(total[a].argmax())] if tables.national[a] else range(total.shape[1])
        for r in places:
            if not np.isfinite(total[a, r]):
                continue
            out.append(Candidate(
                action=tables.actions[a], region=_where(tables, a, r),
                fit_in_picture=_r(scored.fit[0, a, r]),
                line_preference=_r(scored.preference[0, a, r]),
                doctrine=_r(scored.doctrine[0, a, r]), initiative=_r(scored.initiative[0, a, r]),
                repeat=_r(scored.repeat[0, a, r]), score=_r(total[a, r]),
                true_fit_now=_r(true_fit[a, r])))
    return sorted(out, key=lambda c: -c.score)


def _revision(tables: Tables, state: State, i: int, scored: centre.Scores, action: int,
              region: int) -> Revision | None:
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
    fit = scored.fit[0]
    best_fit = np.unravel_index(int(np.where(np.isfinite(scored.total[0]), fit, -1.0).argmax()),
                                fit.shape)
    kept_by = None
    if same and (int(best_fit[0]), int(best_fit[1])) != (action, region):
        # What the kept order gains over the better-fitting one, part by part.
        alt = (int(best_fit[0]), int(best_fit[1]))
        parts = {"the line": scored.preference, "doctrine": scored.doctrine,
                 "the initiative": scored.initiative, "its recent orders": scored.repeat}
        gains = {name: float(part[0][action, region] - part[0][alt]) for name, part in
                 parts.items()}
        kept_by = max(gains, key=lambda name: gains[name])
    return Revision(report_of=tables.date(state.turn - 1), region=tables.regions[where],
                    picture_change=changed, changed=not same,
                    previous_action=tables.actions[prior_a],
                    previous_region=_where(tables, prior_a, prior_r),
                    kept_by=kept_by)  # type: ignore[arg-type]


def events_now(tables: Tables, state: State, i: int = 0) -> list[Event]:
    """The events that fired at the opening of this turn, and what each did.

    An event left to chance also shows its chance and the roll that made it fire.
    """
    rolls = uniform(state.keys[i:i + 1], state.turn, Purpose.EVENT, len(tables.events))[0]
    fired = []
    for k, ev in enumerate(tables.scenario.events):
        if not state.fired_now[i, k]:
            continue
        chance = ev.chance < 1.0
        fired.append(Event(id=ev.id, chance=_r(ev.chance) if chance else None,
                           roll=_r(rolls[k]) if chance else None,
                           damage_taken=_r(state.damage_taken[i, k]) if ev.shield else None,
                           changes=_figures(state.event_changes[i, k])))
    return fired


def party_now(state: State, i: int = 0) -> Party:
    """The party's national figures (informers are hidden and left out)."""
    return Party(**{name: _r(getattr(state, name)[i]) for name in NATIONAL})


def _draws(tables: Tables, before: State, i: int) -> Draws:
    """The keyed draws of game `i`'s turn: those that decided events, action, leak, rivals."""
    keys, t = before.keys[i:i + 1], before.turn
    events = uniform(keys, t, Purpose.EVENT, len(tables.events))[0]
    leak = uniform(keys, t, Purpose.LEAK, 2)[0]
    rivals = uniform(keys, t, Purpose.ALLY_TURN, 2)[0]
    return Draws(events={ev.id: _r(events[k]) for k, ev in enumerate(tables.scenario.events)
                         if ev.chance < 1.0},
                 success=_r(uniform(keys, t, Purpose.SUCCESS)[0, 0]),
                 setback=_r(uniform(keys, t, Purpose.SETBACK)[0, 0]),
                 leak=_r(leak[0]), leak_region=_r(leak[1]),
                 ally_turn=_r(rivals[0]), split=_r(rivals[1]))


def _resolution(tables: Tables, rec: TurnArrays, i: int) -> Resolution | None:
    action, region = int(rec.action[i]), int(rec.region[i])
    if action < 0:
        return None
    own = (tables.scenario.initiatives[int(rec.initiative[i])].id
           if rec.initiative_setback[i] and rec.setback[i] else None)
    return Resolution(
        action=tables.actions[action], region=_where(tables, action, region),
        true_fit=_r(rec.fit[i]), effort=_r(rec.effort[i]),
        contributions={name: _r(v) for name, v in zip(CONTRIBUTIONS, rec.contributions[i],
                                                      strict=True)},
        chance=_r(rec.p_success[i]), roll=_r(rec.roll[i]),
        chance_party_reckoned=_r(_reckoned(tables, rec, i)), success=bool(rec.success[i]),
        setback=Setback(chance=_r(rec.p_setback[i]), roll=_r(rec.setback_roll[i]),
                        happened=bool(rec.setback[i]), initiative=own))


def _seen(tables: Tables, before: State, i: int) -> dict[str, RegionSeen]:
    """Every region as Moscow's arriving picture, the party's view and the truth had it."""
    slot = arriving_slot(tables, before.turn)
    pictured = int(before.directive_action[i, slot]) >= 0
    pic, sees = before.picture_ring[i, slot], party_view(tables, before, i)
    return {r: RegionSeen(moscow_believes=_conditions(pic[k]) if pictured else None,
                          party_sees=_conditions(sees[k]), true=_conditions(before.cond[i, k]))
            for k, r in enumerate(tables.regions)}


def turn_record(tables: Tables, rec: TurnArrays, i: int = 0) -> Turn:
    """Everything about one turn of game `i`, for the log, the "why?" and the debrief."""
    before, after = rec.before, rec.after
    leak = bool(rec.leak[i])
    return Turn(
        turn=before.turn,
        date=tables.date(before.turn),
        events=events_now(tables, before, i),
        directive=directive_card(tables, before, i),
        response=RESPONSES[int(rec.response[i])],  # type: ignore[arg-type]
        charged_as=RESPONSES[int(rec.deviation[i])],  # type: ignore[arg-type]
        forced=bool(rec.forced[i]),
        cadres_at_work={r: _r(v) for r, v in zip(tables.regions, rec.cadres[i], strict=True)},
        resolution=_resolution(tables, rec, i),
        centre=Centre(
            trust_before=_r(before.trust[i]), trust_after=_r(after.trust[i]),
            trust_parts={k: _r(v) for k, v in zip(TRUST_PARTS, rec.trust_parts[i],
                                                  strict=True)},
            envoy=bool(rec.envoy_arrived[i]), funds_cut=bool(rec.funds_cut[i]),
            leadership_replaced=bool(rec.replaced[i])),
        rivals=Rivals(leak=Leak(chance=_r(rec.p_leak[i]), happened=leak,
                                region=tables.regions[int(rec.leak_region[i])] if leak else None),
                      ally_turned=bool(rec.ally_turned[i]), split=bool(rec.split[i])),
        changes={cause: _figures(rec.changes[i, c])
                 for c, cause in enumerate(CAUSES)},
        income=_r(rec.income[i]),
        recruits=_r(rec.recruits[i]),
        party=party_now(after, i),
        informers=_r(after.informers[i]),
        seen=_seen(tables, before, i),
        regions={r: RegionAfter(influence=_r(after.influence[i, k]),
                                organisation=_r(after.organisation[i, k]),
                                conditions=_conditions(after.cond[i, k]))
                 for k, r in enumerate(tables.regions)},
        alive=bool(after.alive[i]),
        score=_r(scores(tables, after.select(i))[0]),
        draws=_draws(tables, before, i),
    )


def _reckoned(tables: Tables, rec: TurnArrays, i: int) -> float:
    """The chance the party put on its action before trying it: its view, its cadre plan."""
    before = rec.before.select(i)
    unity = before.unity + (tables.scenario.rules.party.defy_unity
                            if rec.deviation[i] == DEFY and rec.directive_action[i] >= 0 else 0.0)
    strength = Strength(before.influence, before.organisation, before.cadres, before.funds,
                        np.clip(unity, 0.0, 1.0))
    _, _, parts = success_parts(tables, strength, view.party_view(tables, before),
                                rec.action[i:i + 1], rec.region[i:i + 1], rec.cadres[i:i + 1])
    return float(sigmoid(parts.sum(axis=1))[0])


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
