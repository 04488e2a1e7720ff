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

from engine import centre, view
from engine.game import (
    CAUSES,
    CONTRIBUTIONS,
    FIGURES,
    Strength,
    TurnArrays,
    arriving_slot,
    success_parts,
)
from engine.mechanics import fit_table, sigmoid
from engine.model import CONDITIONS, NATIONAL, RESPONSES
from engine.orders import CONSULT, DEFY
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
    """Conditions as game `i`'s party sees them, (R, C): see `engine.view`."""
    result: F64 = view.party_view(tables, state.select(i))[0]
    return result


def _place(tables: Tables, action: int, region: int) -> str:
    if action < 0:
        return "none"
    if tables.national[action]:
        return "the whole party"
    return tables.scenario.regions[region].name


def _no_directive(tables: Tables, state: State) -> dict[str, Any]:
    founded = tables.scenario.centre.founded or tables.scenario.start
    return {"action": None, "action_name": "No directive", "region": None, "place": "none",
            "sent": None, "arrived": tables.date(state.turn), "line": None, "rigidity": None,
            "founded": founded, "initiative": None, "revision": None, "reasons": [],
            "forced_by": None}


def directive_card(tables: Tables, state: State, i: int = 0) -> dict[str, Any]:
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
    scores = centre.score(tables, sent_turn, pic[None], strength[None, 0], strength[None, 1],
                          state.memory_ring[i:i + 1, slot], answered)
    total = scores.total[0]
    true_fit = fit_table(tables, state.cond[i:i + 1], state.influence[i:i + 1],
                         state.organisation[i:i + 1])[0]
    seen_fit = fit_table(tables, view_now[None], state.influence[i:i + 1],
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
            "doctrine": _r(scores.doctrine[0, a, r]),
            "initiative": _r(scores.initiative[0, a, r]),
            "repeat": _r(scores.repeat[0, a, r]),
            "score": _r(total[a, r]),
            "true_fit_now": _r(true_fit[a, r]),
        })
    line = tables.line_of_turn[sent_turn]
    k = int(state.directive_initiative[i, slot])
    initiative = None
    if k >= 0:
        ini = tables.scenario.initiatives[k]
        initiative = {"id": ini.id, "title": ini.title, "text": ini.text, "envoy": ini.envoy,
                      "source": ini.source,
                      "pressure": _r(ini.pressure
                                     * tables.binding[tables.line_of_turn[state.turn]])}
    return {
        "action": tables.actions[action],
        "action_name": tables.scenario.actions[action].name,
        "region": None if tables.national[action] else tables.regions[region],
        "place": _place(tables, action, region),
        "sent": tables.date(sent) if sent >= 0 else f"before {tables.date(0)}",
        "arrived": tables.date(state.turn),
        "line": tables.lines[line],
        "rigidity": _r(tables.rigidity[line]),
        "initiative": initiative,
        "revision": _revision(tables, state, i, scores, action, region),
        "moscow_believes": _conditions(pic[region]),
        "party_sees": _conditions(view_now[region]),
        "true": _conditions(state.cond[i, region]),
        "fit_moscow_believes": _r(scores.fit[0, action, region]),
        "fit_party_sees": _r(seen_fit[action, region]),
        "fit_true": _r(true_fit[action, region]),
        "reasons": reasons,
        "forced_by": tables.envoy_name(state.turn) if state.envoy_turns[i] > 0 else None,
    }


def _revision(tables: Tables, state: State, i: int, scores: centre.Scores, action: int,
              region: int) -> dict[str, Any] | None:
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
    fit = scores.fit[0]
    best_fit = np.unravel_index(int(np.where(np.isfinite(scores.total[0]), fit, -1.0).argmax()),
                                fit.shape)
    kept_by = None
    if same and (int(best_fit[0]), int(best_fit[1])) != (action, region):
        # What the kept order gains over the better-fitting one, part by part.
        alt = (int(best_fit[0]), int(best_fit[1]))
        parts = {"the line": scores.preference, "doctrine": scores.doctrine,
                 "the initiative": scores.initiative, "its recent orders": scores.repeat}
        gains = {name: float(part[0][action, region] - part[0][alt]) for name, part in
                 parts.items()}
        kept_by = max(gains, key=lambda name: gains[name])
    return {
        "report_of": tables.date(state.turn - 1),
        "region": tables.regions[where],
        "picture_change": changed,
        "changed": not same,
        "previous": {"action": tables.actions[prior_a],
                     "region": None if tables.national[prior_a] else tables.regions[prior_r]},
        "kept_by": kept_by,
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
        if ev.shield:
            entry["damage_taken"] = _r(state.damage_taken[i, k])
        entry["changes"] = {f: _r(v) for f, v in zip(FIGURES, state.event_changes[i, k],
                                                     strict=True)}
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
        setback = kind.setback
        own = sc.initiatives[int(rec.initiative[i])].setback if rec.initiative_setback[i] else None
        setback = own or setback
        resolution = {
            "action": kind.id, "action_name": kind.name,
            "region": None if kind.national else tables.regions[region],
            "place": _place(tables, action, region),
            "true_fit": _r(rec.fit[i]), "effort": _r(rec.effort[i]),
            "contributions": {name: _r(v) for name, v in zip(CONTRIBUTIONS,
                                                             rec.contributions[i], strict=True)},
            "chance": _r(rec.p_success[i]), "roll": _r(rec.roll[i]),
            "chance_party_reckoned": _r(_reckoned(tables, rec, i)),
            "success": bool(rec.success[i]),
            "setback": {"chance": _r(rec.p_setback[i]), "roll": _r(rec.setback_roll[i]),
                        "happened": bool(rec.setback[i]),
                        "name": setback.name if rec.setback[i] else None,
                        "text": setback.text if rec.setback[i] else None},
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
            "trust_parts": dict(zip(("response", "rule", "recovery", "blame", "initiative"),
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
        "changes": {cause: {f: _r(v) for f, v in zip(FIGURES, rec.changes[i, c], strict=True)}
                    for c, cause in enumerate(CAUSES)},
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
