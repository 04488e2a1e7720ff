"""A saved game replayed on changed rules (`engine.rebase.replay_on`) and its words.

Each test plays a short game of the tiny scenario, changes one thing in the
scenario, and replays the record's orders on the new tables.
"""

from __future__ import annotations

import json
from typing import Any

import builders
import pytest

from engine.loader import content_hash
from engine.orders import Orders
from engine.rebase import EndedEarlier, Refused, replay_on
from engine.record import Session, replay
from engine.tables import Tables
from game.i18n import language
from game.narrate import Names, rebase_go_on, rebase_stop_line, rebase_summary

SEED = 11
# Six turns of orders that the tiny scenario allows; turn 3 acts in the farm country and
# turn 4 only names it in the cadre plan.
ORDERS = ["comply", "stall", "comply", "adapt: agitation @ farms", "comply | cadres farms=1",
          "consult"]


def played(tables: Tables, orders: list[str] = ORDERS) -> Session:
    session = Session.start(tables, SEED, player="Ana")
    for label in orders:
        session.play(Orders.parse(label))
    return session


@pytest.fixture(scope="module")
def tiny() -> Tables:
    return builders.tables()


@pytest.fixture(scope="module")
def game(tiny: Tables) -> Session:
    return played(tiny)


def without_farms() -> dict[str, Any]:
    mill = builders.scenario().regions[0].model_dump(mode="json", exclude_none=True)
    return {"regions": [mill]}


def test_a_changed_number_replays_to_the_same_turn_with_the_new_hash(game: Session) -> None:
    new = builders.tables(party={"capacity": 90000, "members": 15000})
    rebased = replay_on(new, game.record)
    assert rebased.complete and rebased.stop is None
    assert rebased.turns == rebased.wanted == len(ORDERS)
    assert rebased.session.state.turn == game.state.turn
    assert not rebased.same_rules
    assert rebased.old_hash == game.record.scenario.hash
    assert rebased.session.record.scenario.hash == content_hash(new.scenario)
    assert rebased.session.record.scenario.hash != game.record.scenario.hash
    # the same orders, the same player and seed; the game itself is another one
    assert [t.label for t in rebased.session.record.turns] == ORDERS
    assert (rebased.session.record.seed, rebased.session.record.player) == (SEED, "Ana")
    assert float(rebased.session.state.members[0]) != float(game.state.members[0])
    # the new record is a record of the new rules: it replays there without divergence
    again, divergence = replay(new, rebased.session.record)
    assert divergence is None and again.record.to_json() == rebased.session.record.to_json()
    words = rebase_summary(rebased, Names.of(new))
    assert words == "replayed 6 turns on the new rules"


def test_unchanged_rules_replay_the_very_same_game(tiny: Tables, game: Session) -> None:
    rebased = replay_on(tiny, game.record)
    assert rebased.complete and rebased.same_rules
    assert rebased.session.record.to_json() == game.record.to_json()
    assert "unchanged rules" in rebase_summary(rebased, Names.of(tiny))


def test_a_removed_region_stops_the_replay_at_the_order_that_names_it(game: Session) -> None:
    new = builders.tables(**without_farms())
    rebased = replay_on(new, game.record)
    stop = rebased.stop
    assert isinstance(stop, Refused)
    assert (stop.turn, stop.missing, stop.name) == (3, "region", "farms")
    assert stop.orders.label() == "adapt: agitation @ farms"
    assert stop.rejection.code == "region/unknown"  # the engine's own check said so
    assert stop.date == new.date(3)
    # the game stands at the last good turn, on the new rules
    assert not rebased.complete and rebased.turns == 3 and rebased.wanted == 6
    assert rebased.session.state.turn == 3 and len(rebased.session.record.turns) == 3
    names = Names.of(new)
    agitation = names.action("agitation")
    assert rebase_stop_line(stop, names) == (
        f"turn 4 ({new.date(3)}): the order 'adapt: {agitation} @ farms' names a region the "
        "file no longer has (farms)")
    assert rebase_summary(rebased, names).startswith("replayed 3 of 6 turns on the new rules, "
                                                     "then stopped: turn 4")
    assert rebase_go_on(rebased) == f"from {new.date(3)} (turn 4)"


def test_a_region_named_only_in_the_cadre_plan_is_missing_too(tiny: Tables) -> None:
    session = played(tiny, ["comply | cadres farms=1 mill=2"])
    stop = replay_on(builders.tables(**without_farms()), session.record).stop
    assert isinstance(stop, Refused)
    assert (stop.turn, stop.missing, stop.name) == (0, "region", "farms")
    assert stop.rejection.code == "cadres/unknown_region"


def test_an_envoy_who_now_decides_refuses_a_recorded_stall(tiny: Tables) -> None:
    session = played(tiny, ["comply", "stall"])
    assert int(session.state.envoy_turns[0]) == 0  # no envoy on the old rules
    new = builders.tables(rules={"sanctions": {"envoy_below": 0.99}})
    rebased = replay_on(new, session.record)
    stop = rebased.stop
    assert isinstance(stop, Refused)
    assert (stop.turn, stop.missing) == (1, "envoy")
    assert stop.name == new.envoy_name(1)
    assert stop.rejection.code == "response/envoy_present"
    line = rebase_stop_line(stop, Names.of(new))
    assert line.startswith(f"turn 2 ({new.date(1)}): the order 'stall' is not compliance")
    assert stop.name in line


def test_an_action_outside_the_new_line_is_refused_naming_the_line(tiny: Tables) -> None:
    session = played(tiny, ["comply", "adapt: agitation @ mill"])
    line = next(ln for ln in tiny.scenario.lines if ln.id == "united_front")
    kept = [a for a in line.allowed if a != "agitation"]
    narrower = [ln.model_dump(mode="json", by_alias=True, exclude_none=True)
                | ({"allowed": kept} if ln.id == "united_front" else {})
                for ln in tiny.scenario.lines]
    for ln in narrower:  # a line may not prefer what it no longer allows
        ln["prefers"] = {a: v for a, v in ln.get("prefers", {}).items() if a in ln["allowed"]}
    new = builders.tables(lines=narrower)
    stop = replay_on(new, session.record).stop
    assert isinstance(stop, Refused)
    assert (stop.turn, stop.missing, stop.name) == (1, "line", "united_front")
    assert line.name in rebase_stop_line(stop, Names.of(new))


def test_a_shorter_scenario_ends_the_game_earlier_and_says_so(game: Session) -> None:
    new = builders.tables(end="1920-12")  # four turns of three months
    assert new.n_turns == 4
    rebased = replay_on(new, game.record)
    stop = rebased.stop
    assert isinstance(stop, EndedEarlier)
    assert (stop.turn, stop.destroyed, stop.wanted) == (4, False, 6)
    assert rebased.session.over and rebased.session.record.outcome is not None
    assert rebase_go_on(rebased) == "to its end on the new rules"
    assert rebase_summary(rebased, Names.of(new)) == (
        f"the game ends earlier: on the new rules the scenario ends in {new.date(4)}, after "
        "4 turns; the saved game has 6")


def test_a_party_destroyed_sooner_on_the_new_rules_ends_the_game_there(game: Session) -> None:
    new = builders.tables(rules={"party": {"destroyed_below": 25000}})
    rebased = replay_on(new, game.record)
    stop = rebased.stop
    assert isinstance(stop, EndedEarlier) and stop.destroyed
    assert stop.turn == 1 and rebased.session.record.outcome is not None
    assert "the party is destroyed" in rebase_stop_line(stop, Names.of(new))


def test_a_format1_record_replays_its_orders_on_changed_rules() -> None:
    from engine.record import parse_record, settings_of
    from engine.tables import compile_scenario

    path = builders.ROOT / "tests" / "data" / "italy-format1.json"
    old = json.loads(path.read_text(encoding="utf-8"))
    record = parse_record(path.read_text(encoding="utf-8"), str(path))
    assert record.legacy is not None and not record.turns
    changed = builders.scenario(builders.SCENARIOS / "italy.yaml", party={"funds": 33})
    rebased = replay_on(compile_scenario(changed, settings_of(record)), record)
    assert rebased.wanted == len(old["turns"])
    assert rebased.complete and rebased.turns == rebased.wanted
    assert [t.label for t in rebased.session.record.turns] == [t["label"] for t in old["turns"]]
    assert not rebased.same_rules
    assert rebased.session.record.format_version == 2
    assert rebased.session.record.scenario.hash == content_hash(changed)


def test_the_rebase_words_are_german_in_a_german_game(game: Session) -> None:
    new = builders.tables(**without_farms())
    rebased = replay_on(new, game.record)
    with language("de"):
        words = rebase_summary(rebased, Names.of(new))
        go_on = rebase_go_on(rebased)
    assert words.startswith("3 von 6 Runden nach den neuen Regeln nachgespielt, dann "
                            "angehalten: Runde 4")
    assert "nennt eine Region, die die Datei nicht mehr hat (farms)" in words
    assert go_on == f"ab {new.date(3)} (Runde 4)"
