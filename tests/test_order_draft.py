"""The answer composed on the board, without a window: what it becomes as engine orders."""

from __future__ import annotations

import subprocess
import sys

import builders
import pytest

from engine.orders import check, legal
from engine.record import Session
from game.app.draft import OrderDraft

REGIONS = ["north", "south", "east"]


def test_nothing_chosen_gives_no_orders():
    assert OrderDraft().orders() is None


def test_comply_gives_compliance_with_the_default_plan():
    draft = OrderDraft()
    assert draft.choose("comply") is True
    orders = draft.orders()
    assert orders is not None
    assert (orders.response, orders.action, orders.region, orders.cadres) == \
        ("comply", None, None, {})


def test_adapt_waits_for_its_action_and_region():
    draft = OrderDraft()
    assert draft.choose("adapt") is False
    assert draft.orders() is None and draft.pending == "adapt"
    assert draft.pick_action("strike", national=False, first_region="north") is False
    assert draft.pick_region("strike", "south") is True
    orders = draft.orders()
    assert orders is not None and orders.label() == "adapt: strike @ south"
    assert draft.pending is None


def test_a_national_action_needs_no_region_and_takes_the_first():
    draft = OrderDraft()
    draft.choose("defy")
    assert draft.pick_action("purge", national=True, first_region="north") is True
    assert (draft.response, draft.action, draft.region) == ("defy", "purge", "north")


def test_a_cancelled_picker_keeps_the_previous_answer():
    draft = OrderDraft()
    draft.choose("stall")
    draft.choose("adapt")
    draft.cancel()
    assert draft.response == "stall" and draft.pending is None
    assert draft.pick_region("strike", "east") is False  # nothing pending: ignored
    assert draft.response == "stall"


def test_choosing_anew_drops_the_old_action():
    draft = OrderDraft()
    draft.choose("adapt")
    draft.pick_region("strike", "south")
    draft.choose("consult")
    assert (draft.response, draft.action, draft.region) == ("consult", None, None)



def test_the_default_plan_leans_to_the_directive_or_the_answer_s_region():
    draft = OrderDraft()
    assert draft.focus("east") is None
    draft.choose("comply")
    assert draft.focus("east") == "east"
    draft.choose("adapt")
    draft.pick_region("strike", "south")
    assert draft.focus("east") == "south"


def test_clear_starts_a_new_turn():
    draft = OrderDraft()
    draft.choose("adapt")
    draft.pick_region("strike", "south")
    draft.shift(dict.fromkeys(REGIONS, 1.0), "north", 20)
    draft.clear()
    assert draft == OrderDraft()


@pytest.mark.parametrize("response", ["comply", "consult", "stall", "adapt", "defy"])
def test_the_engine_accepts_what_the_draft_makes(response):
    t = builders.tables(rigidity=0.5)
    state = Session.start(t, 1).state
    allowed = legal(t, state)
    draft = OrderDraft()
    if not draft.choose(response):
        action = (allowed.adapt_actions if response == "adapt" else allowed.defy_actions)[0]
        draft.pick_region(action, allowed.regions[-1])
    draft.shift(dict.fromkeys(allowed.regions, 1.0), allowed.regions[0], 20)
    orders = draft.orders()
    assert orders is not None and check(t, state, orders) is None


def test_the_draft_does_not_need_pygame():
    code = "import sys, game.app.draft; sys.exit('pygame' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
