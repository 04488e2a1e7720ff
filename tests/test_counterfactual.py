"""What other choices would have brought (engine/counterfactual.py): the same luck replays
the student's own game exactly, fresh luck is reproducible, and a moment's rule is kept."""

from __future__ import annotations

import builders
import pytest

from engine.counterfactual import (
    Moment,
    alternatives_at,
    moments,
    openings,
    turning_choices,
    what_if,
)
from engine.explain import turn_record
from engine.facts import Pressed, Turn
from engine.game import new_game, step
from engine.orders import COMPLY, BatchOrders, Orders
from engine.policies import POLICIES
from engine.record import Session
from engine.tables import Settings, Tables, compile_scenario
from game.files import open_scenario


def played(tables: Tables, seed: int, policy: str = "selective") -> Session:
    """A whole game of `seed` played by a player policy, as a session with its record."""
    session = Session.start(tables, seed)
    choose = POLICIES[policy]
    while not session.over:
        batch = choose(tables, session.state)
        response = ["comply", "adapt", "consult", "stall", "defy"][int(batch.response[0])]
        action = region = None
        if response in ("adapt", "defy"):
            action = tables.actions[int(batch.action[0])]
            region = tables.regions[int(batch.region[0])]
        session.play(Orders(response=response, action=action, region=region))
    return session


@pytest.fixture(scope="module", params=["germany", "china"])
def game(request) -> tuple[Tables, Session]:
    tables = compile_scenario(open_scenario(request.param), Settings())
    return tables, played(tables, 11)


def test_the_same_luck_of_the_chosen_order_is_the_game_itself(game) -> None:
    tables, session = game
    orders = [e.orders for e in session.record.turns]
    states = openings(tables, session.record.seed, session.record.game, orders)
    outcome = session.record.outcome
    for turn in (0, len(orders) // 2, len(orders) - 1):
        options = alternatives_at(tables, states[turn], orders[turn])
        found = what_if(tables, states[turn], orders[turn + 1:], options,
                        session.record.seed, session.record.game, games=20)
        assert found[0].chosen and found[0].orders == orders[turn]
        assert found[0].same_luck.category == outcome.category
        assert found[0].same_luck.score == pytest.approx(outcome.score, abs=0.01)


def test_fresh_luck_is_reproducible_and_is_not_the_same_luck(game) -> None:
    tables, session = game
    orders = [e.orders for e in session.record.turns]
    states = openings(tables, session.record.seed, session.record.game, orders)
    args = (tables, states[2], orders[3:], alternatives_at(tables, states[2], orders[2]),
            session.record.seed, session.record.game)
    first, again = what_if(*args, games=60), what_if(*args, games=60)
    assert first == again
    spread = first[0].fresh_luck
    assert spread.games == 60 and sum(spread.shares.values()) == pytest.approx(1.0)
    assert spread.score_p10 < spread.score_p90  # the luck differs from game to game


def test_every_response_open_is_an_alternative_and_an_envoy_leaves_none(game) -> None:
    tables, session = game
    state = openings(tables, session.record.seed, session.record.game, [])[0]
    options = alternatives_at(tables, state, Orders(response="stall"))
    assert [o.response for o in options][0] == "stall"
    assert sorted(o.response for o in options) == sorted(["comply", "adapt", "consult",
                                                          "stall", "defy"])
    adapt = next(o for o in options if o.response == "adapt")
    line = tables.line_of_turn[state.turn]
    assert tables.allowed[line][tables.actions.index(adapt.action)]
    state.envoy_turns[:] = 2
    assert [o.response for o in alternatives_at(tables, state, Orders(response="comply"))] \
        == ["comply"]


def test_moments_follow_their_rule() -> None:
    t = builders.tables(rigidity=1.0)
    _, rec = step(t, new_game(t, 1, 1), BatchOrders.uniform(1, len(t.regions), COMPLY))
    base = turn_record(t, rec)
    assert base.resolution is not None

    def entry(turn: int, **happened: bool) -> Turn:
        res = base.resolution.model_copy(update={"setback": base.resolution.setback.model_copy(
            update={"happened": happened.get("setback", False)})})
        return base.model_copy(update={
            "turn": turn,
            "directive": base.directive.model_copy(update={"initiative": Pressed(
                id="x", pressure=0.1) if happened.get("initiative") else None}),
            "resolution": res,
            "centre": base.centre.model_copy(update={
                "envoy": happened.get("envoy", False),
                "leadership_replaced": happened.get("replaced", False)}),
            "rivals": base.rivals.model_copy(update={
                "ally_turned": happened.get("ally", False),
                "leak": base.rivals.leak.model_copy(update={"happened": happened.get("leak",
                                                                                      False)})})})
    entries = [entry(0), entry(1, setback=True), entry(2, initiative=True, envoy=True),
               entry(3, leak=True), entry(4), entry(5, ally=True, replaced=True)]
    assert moments(entries) == [Moment(1, ("setback",)), Moment(2, ("initiative", "envoy")),
                                Moment(3, ("leak",)), Moment(5, ("ally_turned", "replaced"))]
    assert moments(entries, limit=2) == [Moment(2, ("initiative", "envoy")),
                                         Moment(5, ("ally_turned", "replaced"))]


def test_the_choices_that_changed_the_ending_are_real_changes(game) -> None:
    tables, session = game
    entries = [e.record for e in session.record.turns]
    orders = [e.orders for e in session.record.turns]
    found = turning_choices(tables, session.record.seed, session.record.game, orders, entries)
    assert len(found) <= 2
    assert [t.moment.turn for t in found] == sorted(t.moment.turn for t in found)
    for turning in found:
        assert turning.chosen.same_luck.category == session.record.outcome.category
        assert turning.instead.orders != turning.chosen.orders
        assert (turning.instead.same_luck.category != turning.chosen.same_luck.category
                or turning.instead.same_luck.score != turning.chosen.same_luck.score)
        assert turning.instead.fresh_luck is None  # the same luck alone was asked for


@pytest.mark.parametrize("ident", ["germany", "china"])
def test_a_batch_stepped_in_place_plays_as_one_stepped_from_copies(ident: str) -> None:
    from engine.state import digests
    tables = compile_scenario(open_scenario(ident))
    kept = new_game(tables, 31, 300)
    used = new_game(tables, 31, 300)
    choose = POLICIES["selective"]
    while kept.turn < tables.n_turns:
        if kept.turn == 10:  # from here one game is over: the step then copies after all
            kept.alive[7] = used.alive[7] = False
        orders = choose(tables, kept)
        before = digests(kept, range(kept.size))
        kept_after, kept_record = step(tables, kept, orders)
        used_after, used_record = step(tables, used, orders, consume=True)
        assert digests(kept, range(kept.size)) == before  # the copy leaves its input alone
        assert digests(used_after, range(300)) == digests(kept_after, range(300))
        assert (used_record.changes == kept_record.changes).all()
        kept, used = kept_after, used_after
    assert not kept.alive[7] and kept.turn == tables.n_turns
