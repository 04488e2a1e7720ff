"""The Centre's own initiatives, blows softened by preparation, consultation, binding and blinding.

One rule per test, on the small scenario in tests/data/tiny.yaml.
"""

from __future__ import annotations

import builders
import numpy as np
from builders import orders, scenario, tables, with_arrays

from engine.explain import directive_card, events_now, turn_record
from engine.forecast import options, trust_costs
from engine.game import CAUSES, FIGURES, arriving_slot, damage_share, new_game, step
from engine.model import CONDITIONS
from engine.orders import ADAPT, COMPLY, CONSULT, DEFY, STALL
from engine.policies import PLAYER_POLICIES
from engine.tables import Settings, compile_scenario
from game import narrate

REPRESSION = CONDITIONS.index("repression")


# The shared initiative, with a setback of its own.
RISING = {**builders.RISING, "setback": {"name": "The rising is crushed", "text": "It fails.",
                                         "effects": {"members": -0.5}}}


def _play_to(t, s, turn, response=COMPLY):
    while s.turn < turn:
        s, rec = step(t, s, orders(t, s.size, response))
    return s


def test_a_rigid_centre_sends_its_initiative_and_it_arrives_after_the_courier_lag():
    t = tables(rigidity=1.0, initiatives=[RISING])
    sent = t.turn_of("1921-01")
    s = _play_to(t, new_game(t, 1, 3), sent + t.lag)
    card = directive_card(t, s)
    assert card.action == "insurrection" and card.region == "farms"
    assert card.sent == "1921-01" and card.initiative is not None
    assert narrate.Names.of(t).initiative(card.initiative.id).envoy == "An Envoy"
    before = _play_to(t, new_game(t, 1, 3), sent + t.lag - 1)
    assert directive_card(t, before).initiative is None


def test_an_initiative_that_does_not_fit_is_not_sent_by_a_centre_that_only_advises():
    t = tables(rigidity=0.0, initiatives=[RISING])
    s = _play_to(t, new_game(t, 1, 3), t.turn_of("1921-01") + t.lag)
    assert directive_card(t, s).action != "insurrection"


def test_refusing_an_initiative_costs_its_pressure_times_binding_on_top():
    t = tables(rigidity=1.0, initiatives=[RISING])
    s = _play_to(t, new_game(t, 1, 1), t.turn_of("1921-01") + t.lag)
    _, refused = step(t, s, orders(t, 1, STALL))
    _, consulted = step(t, s, orders(t, 1, CONSULT))
    assert refused.trust_parts[0, 4] == -0.3
    assert consulted.trust_parts[0, 4] == 0.0
    assert trust_costs(t, s)["stall"] == round(refused.trust_parts[0, 0] - 0.3, 4)
    half = compile_scenario(scenario(initiatives=[RISING]), Settings(rigidity=1.0, binding=0.5))
    _, soft = step(half, s, orders(half, 1, STALL))
    assert soft.trust_parts[0, 4] == -0.15


def test_an_obeyed_initiative_that_fails_costs_its_own_setback():
    t = tables(rigidity=1.0, initiatives=[RISING])
    n = 400
    s = _play_to(t, new_game(t, 1, n), t.turn_of("1921-01") + t.lag)
    after, rec = step(t, s, orders(t, n, COMPLY))
    hit = rec.setback
    assert hit.any() and (rec.initiative_setback == hit).all()
    res = turn_record(t, rec, int(np.flatnonzero(hit)[0])).resolution
    assert res is not None and narrate.Names.of(t).setback(res).title \
        == "The rising is crushed"
    # members -0.5 from the initiative's setback, not the rising's own -0.35
    lost = rec.changes[hit, CAUSES.index("action"), FIGURES.index("members")]
    assert np.allclose(lost, -0.5 * s.members[hit])


def test_an_events_damage_is_softened_by_the_partys_preparation():
    blow = {"id": "ban", "title": "Ban", "text": "The party is banned.", "source": "s",
            "date": "1920-04", "effects": {"legality": -0.5},
            "damage": {"members": -0.6, "organisation": -0.2},
            "shield": [{"quantity": "organisation", "weight": 1.0},
                       {"quantity": "security", "weight": 0.5}]}
    t = tables(events=[blow])
    s = new_game(t, 1, 2)
    s = with_arrays(s, organisation=np.array([[0.1, 0.1], [0.5, 0.5]]),
                    security=np.array([0.0, 0.4]))
    assert np.allclose(damage_share(t, s, 0), [0.9, 0.3])
    after, rec = step(t, s, orders(t, 2, STALL))
    taken = after.damage_taken[:, 0]
    assert taken[1] < taken[0] - 0.4
    lost = after.event_changes[:, 0, FIGURES.index("members")]
    assert np.allclose(lost / (after.members - lost), -0.6 * taken)
    assert events_now(t, after, 1)[0].damage_taken == round(float(taken[1]), 4)
    assert (after.cond[:, :, CONDITIONS.index("legality")] < 0.5).all()


def test_a_consultation_brings_the_revised_order_as_the_next_card():
    t = tables(rigidity=0.0)
    s = new_game(t, 1, 1)
    slot = arriving_slot(t, 0)
    s.directive_action[:, slot] = t.actions.index("peasant_organising")
    s.directive_region[:, slot] = t.regions.index("mill")
    after, _ = step(t, s, orders(t, 1, CONSULT))
    card = directive_card(t, after)
    assert card.sent == t.date(1)
    revision = card.revision
    assert revision is not None and revision.report_of == t.date(0) and revision.changed
    assert (revision.previous_action, revision.previous_region) == ("peasant_organising", "mill")


def test_binding_and_blinding_act_apart():
    sc = scenario()
    bound = compile_scenario(sc, Settings(binding=1.0, blinding=0.0))
    blind = compile_scenario(sc, Settings(binding=0.0, blinding=1.0))
    s = new_game(bound, 1, 1)
    _, rec_bound = step(bound, s, orders(bound, 1, STALL))
    _, rec_blind = step(blind, new_game(blind, 1, 1), orders(blind, 1, STALL))
    assert rec_bound.trust_parts[0, 0] < 0 and rec_blind.trust_parts[0, 0] == 0
    # Blind: the picture leans to the template; not blind: it is the (late) report.
    start = bound.start_conditions[None]
    assert np.allclose(new_game(bound, 1, 1).picture, start)
    assert not np.allclose(new_game(blind, 1, 1).picture, start)


def test_courier_lags_round_up_so_a_longer_distance_is_never_the_same_turn_count():
    lags = {months: tables(centre={"courier_lag_months": months}).lag for months in (3, 6, 7)}
    assert lags == {3: 1, 6: 2, 7: 3}


def test_no_directive_comes_before_the_centre_exists_and_nothing_costs_trust():
    t = tables(rigidity=1.0, centre={"founded": "1920-07"})
    s = new_game(t, 1, 1)
    assert directive_card(t, s).action is None
    _, rec = step(t, s, orders(t, 1, STALL))
    assert rec.trust_parts[0, 0] == 0.0 and options(t, s)["stall"]["trust"] == 0.0
    s = _play_to(t, s, t.turn_of("1920-07") + t.lag)
    assert directive_card(t, s).action is not None


def test_the_centre_remembers_its_orders_and_varies_them():
    plain = tables(rigidity=0.5, rules={"centre": {"repeat": 0.0}})
    varied = tables(rigidity=0.5, rules={"centre": {"repeat": 0.3}})

    def distinct(t):
        s, seen = new_game(t, 1, 1), set()
        while s.turn < t.n_turns:
            card = directive_card(t, s)
            seen.add((card.action, card.region))
            s, _ = step(t, s, orders(t, 1, COMPLY))
        return len(seen)

    assert distinct(varied) > distinct(plain)


def test_the_believed_chance_is_the_resolved_chance_when_the_party_sees_truly():
    t = tables(rigidity=0.5, party={"dogmatism": 0.0}, rules={"party": {"view_noise": 0.0}})
    s = new_game(t, 1, 1)
    forecast = options(t, s)
    _, rec = step(t, s, orders(t, 1, ADAPT, "strike", "mill"))
    assert forecast["adapt"]["actions"]["strike"]["chances"]["mill"] == round(
        float(rec.p_success[0]), 4)
    _, rec = step(t, s, orders(t, 1, DEFY, "nationalist_bloc", "farms"))
    assert forecast["defy"]["actions"]["nationalist_bloc"]["chances"]["farms"] == round(
        float(rec.p_success[0]), 4)


def test_every_change_of_members_cadres_and_funds_is_split_by_cause():
    t = tables(rigidity=1.0)
    s = new_game(t, 1, 50)
    for _ in range(6):
        after, rec = step(t, s, PLAYER_POLICIES["random"](t, s))
        before_events = after.event_changes.sum(axis=1)  # the next turn's opening
        total = np.stack([after.members, after.cadres, after.funds], axis=1) - before_events
        start = np.stack([s.members, s.cadres, s.funds], axis=1)
        assert np.allclose(start + rec.changes.sum(axis=1), total)
        s = after


def test_player_policies_read_the_partys_view_not_the_truth():
    """With a fully dogmatic, untrained leadership the view is Moscow's picture: truth is unseen."""
    t = tables(rigidity=1.0, party={"dogmatism": 1.0, "training": 0.0})
    s = new_game(t, 1, 8)
    shaken = with_arrays(s, cond=np.random.default_rng(3).random(s.cond.shape))
    for name, policy in PLAYER_POLICIES.items():
        a, b = policy(t, s), policy(t, shaken)
        assert (a.response == b.response).all() and (a.action == b.action).all(), name


def test_adapting_to_the_very_order_is_obeying_it():
    t = tables(rigidity=1.0, initiatives=[RISING])
    s = _play_to(t, new_game(t, 1, 1), t.turn_of("1921-01") + t.lag)
    _, rec = step(t, s, orders(t, 1, ADAPT, "insurrection", "farms"))
    assert rec.response[0] == COMPLY and rec.trust_parts[0, 4] == 0.0


def test_before_the_centre_exists_a_failed_deviation_brings_no_blame_and_no_split():
    t = tables(rigidity=1.0, centre={"founded": "1920-07"})
    s = new_game(t, 1, 300)
    _, rec = step(t, s, orders(t, 300, DEFY, "insurrection", "farms"))
    assert (~rec.success).any() and (rec.trust_parts[:, 3] == 0).all()
    calm = ~rec.setback & ~rec.split
    assert np.allclose(rec.after.unity[calm], s.unity[0] + 0.02 * (1 - s.unity[0]))


def _problems(**changes):
    from engine.problems import ProblemError
    try:
        scenario(**changes)
    except ProblemError as error:
        return {p.code for p in error.problems}
    return set()


def test_the_checker_refuses_initiatives_the_line_forbids_or_the_centre_cannot_send():
    assert _problems(initiatives=[RISING]) == set()
    assert "E213" in _problems(initiatives=[{**RISING, "action": "purge_factions",
                                             "region": None}])
    assert "E214" in _problems(initiatives=[{**RISING, "region": None}])
    # Founded in 1920-02: the first decision opens in 1920-04, so a 1920-03 order is never sent.
    assert "E215" in _problems(centre={"founded": "1920-02"},
                               initiatives=[{**RISING, "from": "1920-03"}])
    assert "E215" not in _problems(centre={"founded": "1920-02"},
                                   initiatives=[{**RISING, "from": "1920-04"}])


def test_a_consultation_does_not_recall_an_initiative_already_on_its_way():
    t = tables(rigidity=1.0, initiatives=[RISING])
    arrives = t.turn_of("1921-01") + t.lag
    s = _play_to(t, new_game(t, 1, 1), arrives - 1)
    after, _ = step(t, s, orders(t, 1, CONSULT))
    card = directive_card(t, after)
    assert card.initiative is not None and card.initiative.id == "rising"
    assert card.revision is None


def test_the_record_keeps_the_chance_the_party_reckoned():
    t = tables(rigidity=0.5)
    s = new_game(t, 1, 1)
    forecast = options(t, s)["defy"]["actions"]["strike"]["chances"]["farms"]
    _, rec = step(t, s, orders(t, 1, DEFY, "strike", "farms"))
    res = turn_record(t, rec).resolution
    assert res is not None and res.chance_party_reckoned == forecast


def test_answering_a_consultation_a_listening_centre_weighs_its_line_less():
    from engine import centre
    t = tables(rigidity=0.25, initiatives=[{**RISING, "to": "1922-12"}])
    asked = np.array([False, True])
    keep = centre.listening(t, t.turn_of("1921-01"), asked)
    assert keep[0] == 1.0 and keep[1] == 1.0 - 0.8 * 0.75
    rigid = tables(rigidity=1.0)
    assert (centre.listening(rigid, 0, asked) == 1.0).all()
    # During a pressed initiative, the answer may replace it: a listening
    # Centre persuaded by the report sends something else next turn.
    s = _play_to(t, new_game(t, 1, 50), t.turn_of("1921-01") + t.lag)
    pressed = directive_card(t, s).initiative
    assert (pressed.id if pressed else None) in ("rising", None)
    after, _ = step(t, s, orders(t, 50, CONSULT))
    slot = arriving_slot(t, after.turn)
    assert (after.directive_sent[:, slot] == after.turn).all()
