"""Vectorised party policies for batches: the bots of benchmarks, tests and the lab.

Pure. A policy maps (tables, state) to `BatchOrders` for every game at
once. The player's policies read only what a player sees: the directive
card and the party's own view of its country (`engine.view`). A policy
that reads the true conditions is an *oracle*; its name ends in
`_oracle`, and it is never offered as evidence of what a player could do.
Policies that need chance draw from their own keyed stream
(`Purpose.POLICY`), so they never disturb the game's own draws.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from engine.game import Strength, arriving_slot, default_plan, success_parts
from engine.mechanics import fit_table, sigmoid
from engine.model import RESPONSES
from engine.orders import ADAPT, COMPLY, CONSULT, DEFY, STALL, BatchOrders
from engine.rng import Purpose, uniform
from engine.state import State
from engine.tables import Tables
from engine.view import arriving_fit, best_of, best_seen, directive_seen_fit, party_view

Policy = Callable[[Tables, State], BatchOrders]
F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
BoolA = NDArray[np.bool_]
CLOSE_ENOUGH = 0.15  # a directive this close to the best fit is worth obeying
DIRE = 0.2  # a directive the party gives no better chance than this is refused at any cost


def always_comply(tables: Tables, state: State) -> BatchOrders:
    """Carry out every directive as ordered, with the default cadre plan."""
    return BatchOrders.uniform(state.size, len(tables.regions), COMPLY)


def best_in_line(tables: Tables, state: State) -> tuple[I64, I64, F64]:
    """Per game, the action and region the line allows that fit the *truth* best, and that fit.

    An oracle: it reads the true conditions, which a player only estimates.
    """
    return best_of(tables, state, fit_table(tables, state.cond, state.influence,
                                            state.organisation))


def directive_fit(tables: Tables, state: State) -> F64:
    """The true fit of the directive that reaches each game now."""
    return arriving_fit(tables, state, state.cond)


def _adapting(tables: Tables, state: State, which: BoolA,
              choice: tuple[I64, I64, F64]) -> BatchOrders:
    """Comply everywhere, except adapt to `choice` (action, region, fit) where `which`."""
    action, region, _ = choice
    orders = BatchOrders.uniform(state.size, len(tables.regions), COMPLY)
    adapt = which & (state.envoy_turns == 0)
    orders.response[adapt] = ADAPT
    orders.action[adapt] = action[adapt]
    orders.region[adapt] = region[adapt]
    return orders


def always_adapt(tables: Tables, state: State) -> BatchOrders:
    """Adapt every turn to the action and region in the line that fit the party's view best."""
    return _adapting(tables, state, np.ones(state.size, dtype=bool), best_seen(tables, state))


def affordable(tables: Tables, state: State) -> BoolA:
    """Per game: adapting now would leave trust above the line where an envoy comes.

    The party sees its trust and what adapting costs (the card says so), so
    a careful leadership deviates only while it can afford to.
    """
    rules = tables.scenario.rules
    bind = float(tables.binding[tables.line_of_turn[state.turn]])
    slot = arriving_slot(tables, state.turn)
    k = state.directive_initiative[:, slot]
    pressure = np.where(k >= 0, tables.initiative_pressure[np.maximum(k, 0)]
                        if len(tables.initiative_pressure) else 0.0, 0.0)
    cost = (-rules.trust.adapt + pressure) * bind
    result: BoolA = state.trust - cost >= rules.sanctions.envoy_below
    return result


def dire(tables: Tables, state: State) -> BoolA:
    """Per game: the party reckons the order it received has little chance (`DIRE` or less).

    An order the party expects to end in defeat is refused whatever it costs.
    """
    slot = arriving_slot(tables, state.turn)
    action, region = state.directive_action[:, slot], state.directive_region[:, slot]
    _, _, parts = success_parts(tables, Strength.of(state), party_view(tables, state), action,
                                region, state.cadres[:, None] * default_plan(tables, action,
                                                                            region))
    result: BoolA = (action >= 0) & (sigmoid(parts.sum(axis=1)) <= DIRE)
    return result


def selective(tables: Tables, state: State) -> BatchOrders:
    """Comply when the order fits the party's view within `CLOSE_ENOUGH` of its best; else adapt.

    It adapts only while trust can bear the cost (`affordable`): a misfit
    it cannot afford to refuse, it obeys.
    """
    choice = best_seen(tables, state)
    off = directive_seen_fit(tables, state) < choice[2] - CLOSE_ENOUGH
    return _adapting(tables, state, off & (affordable(tables, state) | dire(tables, state)),
                     choice)


def _consult_then_adapt(tables: Tables, state: State, fit_now: F64,
                        choice: tuple[I64, I64, F64]) -> BatchOrders:
    off = fit_now < choice[2] - CLOSE_ENOUGH
    asked = state.last_response == CONSULT
    can = affordable(tables, state) | dire(tables, state)
    orders = _adapting(tables, state, off & asked & can, choice)
    ask = off & ~asked & (state.envoy_turns == 0)
    orders.response[ask] = CONSULT
    return orders


def consult_then_adapt(tables: Tables, state: State) -> BatchOrders:
    """Comply with an order that fits the party's view; otherwise consult, then adapt.

    An order "fits" when its fit in the party's view is within
    `CLOSE_ENOUGH` of the best the line allows. A misfit is answered with a
    consultation; the Centre's answer comes back as the next order, and if
    that still misses, the party adapts it.
    """
    return _consult_then_adapt(tables, state, directive_seen_fit(tables, state),
                               best_seen(tables, state))


def always_defy(tables: Tables, state: State) -> BatchOrders:
    """Every turn, the action that fits best in the party's view, line or no line, in defiance."""
    action, region, _ = best_seen(tables, state, within_line=False)
    orders = BatchOrders.uniform(state.size, len(tables.regions), DEFY)
    orders.action[:], orders.region[:] = action, region
    forced = state.envoy_turns > 0
    orders.response[forced], orders.action[forced], orders.region[forced] = COMPLY, -1, -1
    return orders


def adapt_oracle(tables: Tables, state: State) -> BatchOrders:
    """An oracle: adapt every turn to the best action in the line by the *true* conditions."""
    return _adapting(tables, state, np.ones(state.size, dtype=bool), best_in_line(tables, state))


def consult_then_adapt_oracle(tables: Tables, state: State) -> BatchOrders:
    """An oracle: consult-then-adapt judged by the *true* fit instead of the party's view."""
    return _consult_then_adapt(tables, state, directive_fit(tables, state),
                               best_in_line(tables, state))


def always_stall(tables: Tables, state: State) -> BatchOrders:
    """Do nothing, every turn."""
    return BatchOrders.uniform(state.size, len(tables.regions), STALL)


def historical(tables: Tables, state: State) -> BatchOrders:
    """What the real party did, from the scenario's `history` script."""
    script = tables.scenario.history
    orders = BatchOrders.uniform(state.size, len(tables.regions), COMPLY)
    if not script:
        return orders
    month = tables.date(state.turn)
    current = [step for step in script if step.start <= month][-1]
    orders.response[:] = RESPONSES.index(current.response)
    if current.action and current.region:
        orders.action[:] = tables.actions.index(current.action)
        orders.region[:] = tables.regions.index(current.region)
    return orders


def random_orders(tables: Tables, state: State) -> BatchOrders:
    """Any legal response, action, region and cadre plan, drawn from the policy's stream."""
    n_regions = len(tables.regions)
    draw = uniform(state.keys, state.turn, Purpose.POLICY, 3 + n_regions)
    response = np.minimum((draw[:, 0] * len(RESPONSES)).astype(np.int64), len(RESPONSES) - 1)
    response[state.envoy_turns > 0] = COMPLY
    line = tables.line_of_turn[state.turn]
    allowed = np.flatnonzero(tables.allowed[line])
    pick_allowed = allowed[np.minimum((draw[:, 1] * len(allowed)).astype(np.int64),
                                      len(allowed) - 1)]
    pick_any = np.minimum((draw[:, 1] * len(tables.actions)).astype(np.int64),
                          len(tables.actions) - 1)
    action = np.where(response == DEFY, pick_any, pick_allowed)
    acting = (response == ADAPT) | (response == DEFY)
    region = np.minimum((draw[:, 2] * n_regions).astype(np.int64), n_regions - 1)
    cadres = np.where(draw[:, 3:] < 0.3, 0.0, draw[:, 3:])  # some regions left without cadres
    return BatchOrders(response=response, action=np.where(acting, action, -1),
                       region=np.where(acting, region, -1), cadres=cadres)


PLAYER_POLICIES: dict[str, Policy] = {
    "comply": always_comply,
    "adapt": always_adapt,
    "consult_then_adapt": consult_then_adapt,
    "selective": selective,
    "stall": always_stall,
    "defy": always_defy,
    "random": random_orders,
    "historical": historical,
}
ORACLES: dict[str, Policy] = {
    "adapt_oracle": adapt_oracle,
    "consult_then_adapt_oracle": consult_then_adapt_oracle,
}
POLICIES: dict[str, Policy] = {**PLAYER_POLICIES, **ORACLES}
PURE_POLICIES = ("comply", "adapt", "stall", "defy", "random")
