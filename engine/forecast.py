"""What each option looks like before the party chooses: chance as it believes, and trust.

Pure. The chance of success is computed by the same formula as resolution
(`engine.game.success_parts`), but on the party's *view* of its regions,
which may be wrong; the trust cost is what the Centre will charge at this
turn's binding. Nothing here reads the true conditions, so a player is
shown only what the party could know.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.game import (
    CONTRIBUTIONS,
    Strength,
    arriving_slot,
    default_plan,
    routine_work,
    success_parts,
)
from engine.mechanics import sigmoid
from engine.model import RESPONSES
from engine.state import State
from engine.tables import Tables
from engine.view import party_view

F64 = NDArray[np.float64]


def believed_chances(tables: Tables, state: State, i: int = 0, plan: F64 | None = None,
                     unity_shift: float = 0.0) -> F64:
    """The party's own estimate of success for every action in every region, (A, R).

    `plan` (R,) is the cadre plan as weights; None means the default plan
    for each action and region. `unity_shift` is what the response itself
    does to unity before the action is tried (open defiance divides).
    """
    na, nr = len(tables.actions), len(tables.regions)
    action = np.repeat(np.arange(na, dtype=np.int64), nr)
    region = np.tile(np.arange(nr, dtype=np.int64), na)
    n = na * nr
    one = state.select(i)
    cadres = (default_plan(tables, action, region) if plan is None or plan.sum() <= 0
              else np.broadcast_to(plan / plan.sum(), (n, nr)))
    strength = Strength(
        influence=np.broadcast_to(one.influence, (n, nr)),
        organisation=np.broadcast_to(one.organisation, (n, nr)),
        cadres=np.full(n, float(one.cadres[0])), funds=np.full(n, float(one.funds[0])),
        unity=np.full(n, float(np.clip(one.unity[0] + unity_shift, 0.0, 1.0))))
    view = np.broadcast_to(party_view(tables, one), (n, nr, one.cond.shape[2]))
    _, _, parts = success_parts(tables, strength, view, action, region,
                                cadres * float(one.cadres[0]))
    result: F64 = sigmoid(parts.sum(axis=1)).reshape(na, nr)
    return result


def trust_costs(tables: Tables, state: State, i: int = 0) -> dict[str, float]:
    """The change in trust each response brings at this turn, before any blame for failure."""
    slot = arriving_slot(tables, state.turn)
    if int(state.directive_action[i, slot]) < 0:
        return dict.fromkeys(RESPONSES, 0.0)
    bind = float(tables.binding[tables.line_of_turn[state.turn]])
    rules = tables.scenario.rules.trust
    k = int(state.directive_initiative[i, slot])
    pressure = float(tables.initiative_pressure[k]) * bind if k >= 0 else 0.0
    out = {}
    for name in RESPONSES:
        base = float(getattr(rules, name))
        cost = base * bind if base < 0 else base
        if name in ("adapt", "stall", "defy"):
            cost -= pressure
        out[name] = round(cost, 4)
    return out


def options(tables: Tables, state: State, i: int = 0,
            plan: F64 | None = None) -> dict[str, Any]:
    """Every option of game `i` this turn, with its believed chance and its trust cost.

    `comply`, `consult` and `stall` are single options; `adapt` (the
    actions the line allows) and `defy` (any action) list each action with
    its trust cost and its believed chance in every region. `blame` is the
    extra trust a deviation costs if it fails.
    """
    slot = arriving_slot(tables, state.turn)
    chances = believed_chances(tables, state, i, plan)
    trust = trust_costs(tables, state, i)
    t = state.turn
    line = tables.line_of_turn[t]
    bind = float(tables.binding[line])
    action = int(state.directive_action[i, slot])
    region = max(int(state.directive_region[i, slot]), 0)
    envoy = int(state.envoy_turns[i]) > 0

    # Open defiance divides the party before the action is tried, once there
    # is a Centre to defy.
    defied = (believed_chances(tables, state, i, plan,
                               unity_shift=tables.scenario.rules.party.defy_unity)
              if action >= 0 else chances)

    def listing(names: list[int], response: str) -> dict[str, Any]:
        table = defied if response == "defy" else chances
        out = {}
        for a in names:
            rule = (float(tables.trust_rule_value[a]) if t >= tables.trust_rule_turn[a] else 0.0)
            out[tables.actions[a]] = {
                "trust": round(trust[response] + rule, 4),
                "chances": {r: round(float(table[a, k]), 4)
                            for k, r in enumerate(tables.regions)},
            }
        return out

    allowed = [a for a in range(len(tables.actions)) if tables.allowed[line][a]]
    blame = round(tables.scenario.rules.trust.blame * bind, 4) if action >= 0 else 0.0
    return {
        "comply": {"chance": round(float(chances[action, region]), 4) if action >= 0 else None,
                   "trust": trust["comply"]},
        "consult": {"trust": trust["consult"]},
        "stall": {"trust": trust["stall"]},
        "adapt": {"blame": blame, "actions": listing(allowed, "adapt")},
        "defy": {"blame": blame, "actions": listing(list(range(len(tables.actions))), "defy")},
        "only_comply": envoy,
    }


def plan_shares(tables: Tables, action: int, region: int, plan: F64 | None = None) -> F64:
    """The shares (R,) of the cadres a plan puts in each region; None is the default plan
    for `action` at `region` (an action < 0: no action, the cadres spread evenly)."""
    if plan is None or float(plan.sum()) <= 0:
        shares: F64 = default_plan(tables, np.array([action]), np.array([region]))[0]
        return shares
    result: F64 = plan / plan.sum()
    return result


def plan_effects(tables: Tables, state: State, i: int, action: int, region: int,
                 plan: F64 | None = None) -> dict[str, Any]:
    """What a cadre plan does this turn, region by region, as the party reckons it.

    For each region: its share, the cadres that share puts to work, and the
    organisation their routine work builds there. For the action (if any):
    its effort (0..1, the cadres at work over those it needs, and whether it
    can be paid) and its "cadres at work" contribution to the odds, in logit points
    (the same formula as resolution: `success_parts`), which counts only the
    cadres in the action's region, or every cadre for a national action.
    `too_few` says the party has fewer cadres than `plan_min_cadres`: no plan
    can matter, and the front ends skip it.
    """
    one = state.select(i)
    shares = plan_shares(tables, action, region, plan)
    total = float(one.cadres[0])
    at_work = shares[None, :] * total
    gains = routine_work(tables, one.organisation, at_work)[0]
    points: float | None = None
    effort: float | None = None
    if action >= 0:
        strength = Strength(one.influence, one.organisation, one.cadres, one.funds, one.unity)
        view = party_view(tables, one)
        _, efforts, parts = success_parts(tables, strength, view, np.array([action]),
                                          np.array([max(region, 0)]), at_work)
        points = float(parts[0, CONTRIBUTIONS.index("cadres at work")])
        effort = float(efforts[0])
    national = action >= 0 and bool(tables.national[action])
    minimum = float(tables.scenario.rules.party.plan_min_cadres)
    return {
        "shares": {r: float(v) for r, v in zip(tables.regions, shares, strict=True)},
        "cadres": {r: float(v) for r, v in zip(tables.regions, at_work[0], strict=True)},
        "organisation": {r: float(v) for r, v in zip(tables.regions, gains, strict=True)},
        "action": tables.actions[action] if action >= 0 else None,
        "region": None if action < 0 or national else tables.regions[region],
        "national": national, "effort": effort, "effort_points": points, "total": total,
        "too_few": total < minimum, "min_cadres": minimum,
    }
