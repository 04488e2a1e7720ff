"""Vectorised party policies for batches: the bots of benchmarks, tests and the lab.

Pure. A policy maps (tables, state) to `BatchOrders` for every game at
once. Policies that need chance draw from their own keyed stream
(`Purpose.POLICY`), so they never disturb the game's own draws.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from engine.game import arriving_slot
from engine.mechanics import fit_one, fit_table
from engine.model import RESPONSES
from engine.orders import ADAPT, COMPLY, CONSULT, DEFY, STALL, BatchOrders
from engine.rng import Purpose, uniform
from engine.state import State
from engine.tables import Tables

Policy = Callable[[Tables, State], BatchOrders]
F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
CLOSE_ENOUGH = 0.15  # a directive this close to the best fit is worth obeying


def always_comply(tables: Tables, state: State) -> BatchOrders:
    """Carry out every directive as ordered, with the default cadre plan."""
    return BatchOrders.uniform(state.size, len(tables.regions), COMPLY)


def best_in_line(tables: Tables, state: State) -> tuple[I64, I64, F64]:
    """Per game, the action and region the line allows that fit the *truth* best, and that fit.

    An oracle: it reads the true conditions, which a player only estimates.
    """
    line = tables.line_of_turn[state.turn]
    fit = fit_table(tables, state.cond, state.influence, state.organisation)
    fit = np.where(tables.allowed[line][None, :, None], fit, -1.0)
    flat = fit.reshape(state.size, -1)
    best = flat.argmax(axis=1)
    n_regions = len(tables.regions)
    return best // n_regions, best % n_regions, flat[np.arange(state.size), best]


def directive_fit(tables: Tables, state: State) -> F64:
    """The true fit of the directive that reaches each game now."""
    slot = arriving_slot(tables, state.turn)
    return fit_one(tables, state.cond, state.influence, state.organisation,
                   state.directive_action[:, slot], state.directive_region[:, slot])


def _adapting(tables: Tables, state: State, which: NDArray[np.bool_]) -> BatchOrders:
    """Comply everywhere, except adapt to the best action in the line where `which`."""
    action, region, _ = best_in_line(tables, state)
    orders = BatchOrders.uniform(state.size, len(tables.regions), COMPLY)
    adapt = which & (state.envoy_turns == 0)
    orders.response[adapt] = ADAPT
    orders.action[adapt] = action[adapt]
    orders.region[adapt] = region[adapt]
    return orders


def always_adapt(tables: Tables, state: State) -> BatchOrders:
    """Adapt every turn to the action and region that fit the true conditions best."""
    return _adapting(tables, state, np.ones(state.size, dtype=bool))


def consult_then_adapt(tables: Tables, state: State) -> BatchOrders:
    """Comply with a directive that fits; otherwise consult once, then adapt while it misses.

    A directive "fits" when its true fit is within `CLOSE_ENOUGH` of the best
    the line allows. The first directive that misses after one that fitted
    is answered by a consultation; if the Centre's next directives still
    miss, the party adapts them until one fits again.
    """
    _, _, best = best_in_line(tables, state)
    off = directive_fit(tables, state) < best - CLOSE_ENOUGH
    asked = (state.last_response == CONSULT) | (state.last_response == ADAPT)
    orders = _adapting(tables, state, off & asked)
    ask = off & ~asked & (state.envoy_turns == 0)
    orders.response[ask] = CONSULT
    return orders


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


POLICIES: dict[str, Policy] = {
    "comply": always_comply,
    "adapt": always_adapt,
    "consult_then_adapt": consult_then_adapt,
    "stall": always_stall,
    "random": random_orders,
    "historical": historical,
}
