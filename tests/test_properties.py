"""Random legal play keeps every quantity in bounds (hypothesis drives seeds and orders)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.game import new_game, step
from engine.model import RESPONSES
from engine.orders import Orders, check, legal, to_batch
from engine.tables import compile_scenario
from game.files import open_scenario

TABLES = compile_scenario(open_scenario("germany"))
SHARES = ("unity", "trust", "security", "training", "dogmatism")


def assert_invariants(s):
    for name, value in s.__dict__.items():
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            assert not np.isnan(value).any(), name
    for arr in (s.cond, s.anchor, s.influence, s.organisation, s.picture):
        assert (arr >= 0).all() and (arr <= 1).all()
    for name in SHARES:
        v = getattr(s, name)
        assert ((v >= 0) & (v <= 1)).all(), name
    for name in ("members", "cadres", "funds", "informers"):
        assert (getattr(s, name) >= 0).all(), name
    assert (s.envoy_turns >= 0).all() and (s.setbacks >= 0).all()


@st.composite
def turn_orders(draw, state):
    allowed = legal(TABLES, state)
    response = draw(st.sampled_from(allowed.responses))
    action = region = None
    if response in ("adapt", "defy"):
        names = allowed.adapt_actions if response == "adapt" else allowed.defy_actions
        action = draw(st.sampled_from(names))
        region = draw(st.sampled_from(allowed.regions))
    weights = draw(st.lists(st.floats(0, 5), min_size=len(TABLES.regions),
                            max_size=len(TABLES.regions)))
    cadres = {r: w for r, w in zip(TABLES.regions, weights, strict=True) if w > 0}
    if cadres and sum(cadres.values()) <= 0:
        cadres = {}
    return Orders(response=response, action=action, region=region, cadres=cadres)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), data=st.data())
def test_random_legal_play_keeps_invariants(seed, data):
    s = new_game(TABLES, seed, 1)
    assert_invariants(s)
    for _ in range(data.draw(st.integers(5, 25))):
        if not s.alive[0]:
            break
        orders = data.draw(turn_orders(s))
        assert check(TABLES, s, orders) is None
        s, _ = step(TABLES, s, to_batch(TABLES, [orders]))
        assert_invariants(s)


@given(response=st.sampled_from(RESPONSES), action=st.sampled_from(TABLES.actions),
       region=st.sampled_from(TABLES.regions),
       weights=st.dictionaries(st.sampled_from(TABLES.regions),
                               st.floats(0.01, 100, allow_nan=False), max_size=3))
def test_order_labels_read_back(response, action, region, weights):
    acting = response in ("adapt", "defy")
    orders = Orders(response=response, action=action if acting else None,
                    region=region if acting else None,
                    cadres={k: float(f"{v:g}") for k, v in weights.items()})
    assert Orders.parse(orders.label()) == orders
