"""Explaining a game to a person: the directive card, the turn record, the outcome.

Pure. Everything here turns batched arrays into plain, JSON-ready
dictionaries for one game of the batch: what Moscow believed beside what
the party saw and what was true, the Centre's reasons (how every candidate
scored in its picture), and the named contributions behind each outcome.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine import centre
from engine.game import CONTRIBUTIONS, TurnArrays, arriving_slot
from engine.mechanics import fit_table
from engine.model import CONDITIONS, NATIONAL, RESPONSES
from engine.outcomes import categories, scores
from engine.quantities import holds
from engine.rng import Purpose, uniform
from engine.state import State
from engine.tables import Tables

F64 = NDArray[np.float64]
REASONS_SHOWN = 5


def _r(x: float | np.floating[Any]) -> float:
    return round(float(x), 4)


def _conditions(row: F64) -> dict[str, float]:
    return {c: _r(v) for c, v in zip(CONDITIONS, row, strict=True)}


def party_view(tables: Tables, state: State, i: int = 0) -> F64:
    """Conditions as the party's leadership sees them, (R, C).

    A dogmatic leadership with little Moscow training takes the Centre's
    picture for its own: the mix leans to the picture by dogmatism x (1 - training).
    """
    k = float(state.dogmatism[i] * (1.0 - state.training[i]))
    pic = state.picture_ring[i, arriving_slot(tables, state.turn)]
    result: F64 = (1.0 - k) * state.cond[i] + k * pic
    return result


def _place(tables: Tables, action: int, region: int) -> str:
    if action < 0:
        return "none"
    if tables.national[action]:
        return "the whole party"
    return tables.scenario.regions[region].name


def directive_card(tables: Tables, state: State, i: int = 0) -> dict[str, Any]:
    """The directive that reaches game `i` at this turn, and why the Centre sent it."""
    slot = arriving_slot(tables, state.turn)
    action = int(state.directive_action[i, slot])
    region = int(state.directive_region[i, slot])
    sent = int(state.directive_sent[i, slot])
    pic = state.picture_ring[i, slot]
    view = party_view(tables, state, i)
    sent_turn = max(sent, 0)
    strength = state.strength_ring[i, slot]
    scores = centre.score(tables, sent_turn, pic[None], strength[None, 0], strength[None, 1])
    total = scores.total[0]
    true_fit = fit_table(tables, state.cond[i:i + 1], state.influence[i:i + 1],
                         state.organisation[i:i + 1])[0]
    seen_fit = fit_table(tables, view[None], state.influence[i:i + 1],
                         state.organisation[i:i + 1])[0]
    # The best region for each allowed action, best actions first: what the
    # Centre weighed against what, rather than one action in many places.
    best_region = total.argmax(axis=1)
    ranked = sorted((a for a in range(total.shape[0]) if np.isfinite(total[a, 0])),
                    key=lambda a: -total[a, best_region[a]])
    reasons = []
    for a in ranked[:REASONS_SHOWN]:
        r = int(best_region[a])
        reasons.append({
            "action": tables.actions[a],
            "region": None if tables.national[a] else tables.regions[r],
            "fit_in_picture": _r(scores.fit[0, a, r]),
            "line_preference": _r(scores.preference[0, a, r]),
            "doctrine": _r(scores.doctrine[0, a, r]), "score": _r(total[a, r]),
            "true_fit_now": _r(true_fit[a, r]),
        })
    line = tables.line_of_turn[sent_turn]
    return {
        "action": tables.actions[action],
        "action_name": tables.scenario.actions[action].name,
        "region": None if tables.national[action] else tables.regions[region],
        "place": _place(tables, action, region),
        "sent": tables.date(sent) if sent >= 0 else f"before {tables.date(0)}",
        "arrived": tables.date(state.turn),
        "line": tables.lines[line],
        "rigidity": _r(tables.rigidity[line]),
        "moscow_believes": _conditions(pic[region]),
        "party_sees": _conditions(view[region]),
        "true": _conditions(state.cond[i, region]),
        "fit_moscow_believes": _r(scores.fit[0, action, region]),
        "fit_party_sees": _r(seen_fit[action, region]),
        "fit_true": _r(true_fit[action, region]),
        "reasons": reasons,
        "forced_by": tables.envoy_name(state.turn) if state.envoy_turns[i] > 0 else None,
    }


def events_now(tables: Tables, state: State, i: int = 0) -> list[dict[str, Any]]:
    """The events that fired at the opening of this turn, with their historical notes.

    An event left to chance also shows its chance and the roll that made it fire.
    """
    rolls = uniform(state.keys[i:i + 1], state.turn, Purpose.EVENT, len(tables.events))[0]
    fired = []
    for k, ev in enumerate(tables.scenario.events):
        if not state.fired_now[i, k]:
            continue
        entry: dict[str, Any] = {"id": ev.id, "title": ev.title, "text": ev.text,
                                 "source": ev.source}
        if ev.chance < 1.0:
            entry.update(chance=_r(ev.chance), roll=_r(rolls[k]))
        fired.append(entry)
    return fired


def party_now(state: State, i: int = 0) -> dict[str, float]:
    """The party's national figures (informers are hidden and left out)."""
    return {name: _r(getattr(state, name)[i]) for name in NATIONAL}


def turn_record(tables: Tables, rec: TurnArrays, i: int = 0) -> dict[str, Any]:
    """Everything about one turn of game `i`, for the log, the "why?" and the debrief."""
    before, after = rec.before, rec.after
    sc = tables.scenario
    action = int(rec.action[i])
    region = int(rec.region[i])
    resolution: dict[str, Any] | None = None
    if action >= 0:
        kind = sc.actions[action]
        resolution = {
            "action": kind.id, "action_name": kind.name,
            "region": None if kind.national else tables.regions[region],
            "place": _place(tables, action, region),
            "true_fit": _r(rec.fit[i]), "effort": _r(rec.effort[i]),
            "contributions": {name: _r(v) for name, v in zip(CONTRIBUTIONS,
                                                             rec.contributions[i], strict=True)},
            "chance": _r(rec.p_success[i]), "roll": _r(rec.roll[i]),
            "success": bool(rec.success[i]),
            "setback": {"chance": _r(rec.p_setback[i]), "roll": _r(rec.setback_roll[i]),
                        "happened": bool(rec.setback[i]),
                        "name": kind.setback.name if rec.setback[i] else None,
                        "text": kind.setback.text if rec.setback[i] else None},
        }
    rules = sc.rules
    leak = bool(rec.leak[i])
    return {
        "turn": before.turn,
        "date": tables.date(before.turn),
        "events": events_now(tables, before, i),
        "directive": directive_card(tables, before, i),
        "response": RESPONSES[int(rec.response[i])],
        "charged_as": RESPONSES[int(rec.deviation[i])],
        "forced": bool(rec.forced[i]),
        "cadres_at_work": {r: _r(v) for r, v in zip(tables.regions, rec.cadres[i], strict=True)},
        "resolution": resolution,
        "centre": {
            "trust_before": _r(before.trust[i]), "trust_after": _r(after.trust[i]),
            "trust_parts": dict(zip(("response", "rule", "recovery", "blame"),
                                    (_r(v) for v in rec.trust_parts[i]), strict=True)),
            "envoy": tables.envoy_name(after.turn) if rec.envoy_arrived[i] else None,
            "funds_cut": bool(rec.funds_cut[i]),
            "leadership_replaced": bool(rec.replaced[i]),
        },
        "rivals": {
            "leak": {"chance": _r(rec.p_leak[i]), "happened": leak,
                     "region": tables.regions[int(rec.leak_region[i])] if leak else None,
                     "text": rules.informers.leak_setback.text if leak else None},
            "ally_turned": bool(rec.ally_turned[i]),
            "split": bool(rec.split[i]),
        },
        "income": _r(rec.income[i]),
        "recruits": _r(rec.recruits[i]),
        "party": party_now(after, i),
        "informers": _r(after.informers[i]),
        "regions": {r: {"influence": _r(after.influence[i, k]),
                        "organisation": _r(after.organisation[i, k]),
                        **_conditions(after.cond[i, k])}
                    for k, r in enumerate(tables.regions)},
        "alive": bool(after.alive[i]),
    }


def outcome(tables: Tables, state: State, i: int = 0) -> dict[str, Any]:
    """The result of game `i`: its category, score, goals, and history beside it."""
    sc = tables.scenario
    one = state.select(i)
    category = sc.outcomes[int(categories(tables, one)[0])]
    score = float(scores(tables, one)[0])
    historical = next(cat for cat in sc.outcomes if cat.id == sc.historical.outcome)
    return {
        "category": category.id, "name": category.name, "text": category.text,
        "score": round(score, 2),
        "goals": [{"id": g.id, "text": g.text,
                   "met": bool(holds(one, g.when, tables.regions)[0])} for g in sc.goals],
        "historical": {"category": historical.id, "name": historical.name,
                       "text": sc.historical.text, "source": sc.historical.source},
        "as_in_history": category.id == historical.id,
        "ended": tables.last_month(max(min(state.turn, tables.n_turns) - 1, 0)),
        "setbacks": int(state.setbacks[i]), "envoys": int(state.envoys[i]),
        "replacements": int(state.replacements[i]),
        "party": party_now(state, i),
    }
