"""Vectorised party policies for batches: the bots of benchmarks, tests and the lab.

Pure. A policy maps (tables, state) to `BatchOrders` for every game at
once. Policies that need chance draw from their own keyed stream
(`Purpose.POLICY`), so they never disturb the game's own draws.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.mechanics import fit_table
from engine.model import RESPONSES
from engine.orders import ADAPT, COMPLY, DEFY, BatchOrders
from engine.rng import Purpose, uniform
from engine.state import State
from engine.tables import Tables

Policy = Callable[[Tables, State], BatchOrders]


def always_comply(tables: Tables, state: State) -> BatchOrders:
    """Carry out every directive as ordered, with the default cadre plan."""
    return BatchOrders.uniform(state.size, len(tables.regions), COMPLY)


def always_adapt(tables: Tables, state: State) -> BatchOrders:
    """Adapt to the action and region that fit the *true* conditions best within the line.

    An oracle: it reads the truth, which a player only estimates.
    """
    line = tables.line_of_turn[state.turn]
    fit = fit_table(tables, state.cond, state.influence, state.organisation)
    fit = np.where(tables.allowed[line][None, :, None], fit, -1.0)
    best = fit.reshape(state.size, -1).argmax(axis=1)
    n_regions = len(tables.regions)
    orders = BatchOrders.uniform(state.size, n_regions, ADAPT)
    orders.action[:] = best // n_regions
    orders.region[:] = best % n_regions
    forced = state.envoy_turns > 0
    orders.response[forced] = COMPLY
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
    "random": random_orders,
}
