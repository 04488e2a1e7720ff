"""The cadre plan: what a share of the cadres does, as the engine reckons it, and the
pygame-free plan the board composes (steps from the plan in force, whole percentages)."""

from __future__ import annotations

import numpy as np
import pytest
from builders import tables, with_arrays

from engine.forecast import plan_effects, plan_shares
from engine.orders import Orders, legal
from engine.record import Session
from game.app.draft import OrderDraft, percents


def _acting(session: Session) -> str:
    return "adapt" if "adapt" in legal(session.tables, session.state).responses else "defy"


def test_the_effort_a_plan_promises_is_the_effort_resolution_counts():
    t = tables(rigidity=0.5, party={"cadres": 60})  # too few for full effort anywhere
    for weights in ({"mill": 3.0, "farms": 1.0}, {"mill": 1.0, "farms": 3.0}):
        session = Session.start(t, 7)
        session.play(Orders(response="stall"))  # a directive has arrived by now
        plan = np.array([weights[r] for r in t.regions])
        a, r = t.actions.index("strike"), t.regions.index("mill")
        promised = plan_effects(t, session.state, 0, a, r, plan)
        entry = session.play(Orders(response=_acting(session), action="strike", region="mill",
                                    cadres=weights))
        res = entry.resolution
        assert res is not None
        assert res.effort == pytest.approx(promised["effort"], abs=1e-3)
        assert res.contributions["cadres at work"] == \
            pytest.approx(promised["effort_points"], abs=1e-3)


def test_only_the_action_s_region_feeds_its_effort_and_every_share_builds_organisation():
    t = tables()
    s = with_arrays(Session.start(t, 1).state, cadres=100.0)  # fewer than full effort needs
    a, mill = t.actions.index("strike"), t.regions.index("mill")
    more = plan_effects(t, s, 0, a, mill, np.array([3.0, 1.0]))
    less = plan_effects(t, s, 0, a, mill, np.array([1.0, 3.0]))
    assert more["effort_points"] > less["effort_points"]
    assert more["region"] == "mill" and more["shares"]["mill"] == pytest.approx(0.75)
    assert more["cadres"]["mill"] == pytest.approx(0.75 * float(s.cadres[0]))
    assert less["organisation"]["farms"] > more["organisation"]["farms"] > 0
    none = plan_effects(t, s, 0, a, mill, np.array([1.0, 0.0]))
    assert none["organisation"]["farms"] == 0.0


def test_no_plan_means_the_engine_s_default_plan():
    t = tables()
    a, mill = t.actions.index("strike"), t.regions.index("mill")
    focus = t.scenario.rules.party.focus_share
    shares = plan_shares(t, a, mill)
    assert shares[mill] == pytest.approx(focus + (1 - focus) / len(t.regions))
    assert plan_shares(t, -1, 0) == pytest.approx(np.full(len(t.regions), 1 / len(t.regions)))


def test_too_few_cadres_is_a_threshold_in_the_rules():
    t = tables()
    minimum = t.scenario.rules.party.plan_min_cadres
    assert minimum > 0  # the bundled rules set it
    s = Session.start(t, 1).state
    few = with_arrays(s, cadres=minimum / 2)
    assert plan_effects(t, few, 0, -1, 0)["too_few"]
    assert not plan_effects(t, with_arrays(s, cadres=minimum * 2), 0, -1, 0)["too_few"]
    strict = tables(rules={"party": {"plan_min_cadres": float(s.cadres[0]) + 1}})
    assert plan_effects(strict, s, 0, -1, 0)["too_few"]


# -- the plan as the board composes it -----------------------------------------
REGIONS = ["north", "south", "east", "west"]
DEFAULT = {"north": 0.1, "south": 0.7, "east": 0.1, "west": 0.1}


def test_a_step_starts_from_the_plan_in_force():
    draft = OrderDraft()
    draft.shift(DEFAULT, "south", 10)
    assert draft.cadres["south"] == 80  # one step more, not a fresh even spread
    assert sum(draft.cadres.values()) == 100
    assert all(draft.cadres[r] < 10 for r in ("north", "east", "west"))


def test_a_step_out_gives_to_the_others_by_what_they_hold():
    draft = OrderDraft()
    draft.shift({"north": 0.2, "south": 0.6, "east": 0.2, "west": 0.0}, "south", -20)
    assert draft.cadres == {"north": 30, "south": 40, "east": 30, "west": 0}
    draft.cadres = {"north": 0, "south": 100, "east": 0, "west": 0}
    draft.shift(DEFAULT, "south", -30)  # the others hold nothing: given evenly
    assert draft.cadres == {"north": 10, "south": 70, "east": 10, "west": 10}


def test_steps_stop_at_none_and_at_all():
    draft = OrderDraft()
    for _ in range(15):
        draft.shift(DEFAULT, "east", 10)
    assert draft.cadres == {"north": 0, "south": 0, "east": 100, "west": 0}
    for _ in range(15):
        draft.shift(DEFAULT, "east", -10)
    assert draft.cadres["east"] == 0 and sum(draft.cadres.values()) == 100
    draft.choose("comply")
    orders = draft.orders()
    assert orders is not None and set(orders.cadres) == set(REGIONS)
    draft.default_plan()
    assert draft.orders().cadres == {}


def test_even_and_whole_percentages():
    draft = OrderDraft()
    draft.even(["a", "b", "c"])
    assert sorted(draft.cadres.values()) == [33, 33, 34]
    assert percents({"a": 1.0, "b": 0.0}) == {"a": 100, "b": 0}
    assert percents({"a": 0.0, "b": 0.0}) == {"a": 0, "b": 0}
    assert sum(percents({k: 1 / 7 for k in "abcdefg"}).values()) == 100
