"""One rule per test, on the small hand-built scenario in tests/data/tiny.yaml."""

from __future__ import annotations

import numpy as np
import pytest
from builders import orders, tables, with_arrays

from engine import centre
from engine.explain import directive_card, events_now, party_view
from engine.game import arriving_slot, new_game, step
from engine.model import CONDITIONS
from engine.orders import (
    ADAPT,
    COMPLY,
    CONSULT,
    DEFY,
    STALL,
    Orders,
    check,
    legal,
)
from game import narrate

N = 4000
UNREST = CONDITIONS.index("unrest")


def test_true_fit_decides_success_not_the_picture():
    """A directive that fits the truth succeeds more often than one that fits the picture."""
    t = tables(rigidity=1.0)
    s = new_game(t, 1, N)
    # Moscow's picture says the farms are ripe for a strike; the truth says the mill is.
    slot = arriving_slot(t, 0)
    picture = s.picture_ring.copy()
    picture[:, slot, 1] = picture[:, slot, 0]
    s = with_arrays(s, picture_ring=picture)
    s.directive_action[:, slot] = t.actions.index("strike")
    s.directive_region[:, slot] = t.regions.index("farms")
    _, complied = step(t, s, orders(t, N, COMPLY))
    _, adapted = step(t, s, orders(t, N, ADAPT, "strike", "mill"))
    assert complied.fit.mean() < adapted.fit.mean() - 0.3
    assert complied.success.mean() < adapted.success.mean() - 0.2


def test_higher_rigidity_makes_deviation_cost_more_trust():
    drops = {}
    for rig in (0.0, 0.5, 1.0):
        t = tables(rigidity=rig)
        s = new_game(t, 1, 1)
        after, rec = step(t, s, orders(t, 1, ADAPT, "agitation", "mill"))
        drops[rig] = rec.trust_parts[0, 0]
    assert drops[0.0] == 0.0
    assert drops[1.0] < drops[0.5] < 0.0


def test_defiance_costs_more_than_adaptation_and_compliance_gains():
    t = tables(rigidity=0.8)
    s = new_game(t, 1, 1)
    part = {}
    for response in (COMPLY, ADAPT, CONSULT, STALL, DEFY):
        action = "agitation" if response in (ADAPT, DEFY) else None
        _, rec = step(t, s, orders(t, 1, response, action, "mill" if action else None))
        part[response] = rec.trust_parts[0, 0]
    assert part[COMPLY] > 0 > part[CONSULT] > part[ADAPT] > part[DEFY]


def test_adapting_outside_the_line_is_charged_as_defiance():
    t = tables(rigidity=1.0)
    s = new_game(t, 1, 1)
    assert "purge_factions" not in legal(t, s).adapt_actions
    _, rec = step(t, s, orders(t, 1, ADAPT, "purge_factions", "mill"))
    assert rec.deviation[0] == DEFY
    rejection = check(t, s, Orders(response="adapt", action="purge_factions", region="mill"))
    assert rejection is not None and rejection.code == "adapt/outside_line"


def test_picture_follows_reports_at_rigidity_zero_and_doctrine_at_one():
    report = np.full((1, 2, len(CONDITIONS)), 0.1)
    none = np.zeros(1, dtype=bool)
    loose = centre.picture(tables(rigidity=0.0), 0, report, none)
    rigid = centre.picture(tables(rigidity=1.0), 0, report, none)
    t = tables()
    template = t.template[t.line_of_turn[0]]
    assert np.allclose(loose, report)
    assert np.abs(rigid - template).max() < np.abs(rigid - report).max()


def test_consultation_sharpens_the_picture_more_when_the_centre_listens():
    report = np.full((1, 2, len(CONDITIONS)), 0.1)
    for rig, expect_gain in ((0.3, True), (1.0, False)):
        t = tables(rigidity=rig)
        plain = centre.picture(t, 0, report, np.zeros(1, dtype=bool))
        heard = centre.picture(t, 0, report, np.ones(1, dtype=bool))
        gain = np.abs(plain - report).sum() - np.abs(heard - report).sum()
        assert (gain > 1e-9) == expect_gain


def test_consultation_sends_a_fresh_report():
    t = tables(rigidity=0.0)
    s = new_game(t, 1, 1)
    after_plain, _ = step(t, s, orders(t, 1, STALL))
    after_consult, _ = step(t, s, orders(t, 1, CONSULT))
    # With a one-turn courier lag the plain picture is last turn's truth; a
    # consultation makes it this turn's.
    assert np.allclose(after_consult.picture, after_consult.cond)
    assert not np.allclose(after_plain.picture, after_plain.cond)


def test_directives_arrive_after_the_courier_lag():
    t = tables()
    assert t.lag == 1
    s = new_game(t, 1, 1)
    for _ in range(3):
        card = directive_card(t, s)
        assert narrate.sent_words(card, narrate.Names.of(t)) == (
            t.date(s.turn - 1) if s.turn else f"before {t.date(0)}")
        s, _ = step(t, s, orders(t, 1, STALL))


def test_a_dogmatic_untrained_leadership_sees_moscows_picture():
    t = tables(rules={"party": {"view_noise": 0.0}})
    s = new_game(t, 1, 1)
    s.picture_ring[:] = 0.5
    blind = with_arrays(s, dogmatism=1.0, training=0.0)
    clear = with_arrays(s, dogmatism=0.0, training=0.0)
    assert np.allclose(party_view(t, blind), 0.5)
    assert np.allclose(party_view(t, clear), s.cond[0])


def test_low_trust_brings_an_envoy_who_forces_compliance():
    t = tables(rigidity=1.0)
    s = with_arrays(new_game(t, 1, 1), trust=0.36)
    s, rec = step(t, s, orders(t, 1, DEFY, "agitation", "mill"))
    assert rec.envoy_arrived[0] and s.envoy_turns[0] > 0
    assert legal(t, s).responses == ["comply"]
    rejection = check(t, s, Orders(response="stall"))
    assert rejection is not None and rejection.code == "response/envoy_present"
    _, forced = step(t, s, orders(t, 1, DEFY, "agitation", "mill"))
    assert forced.forced[0] and forced.response[0] == COMPLY


def test_very_low_trust_cuts_funds_and_replaces_the_leadership():
    t = tables(rigidity=1.0)
    s = with_arrays(new_game(t, 1, 1), trust=0.13, funds=0.0)
    after, rec = step(t, s, orders(t, 1, DEFY, "agitation", "mill"))
    assert rec.funds_cut[0] and rec.replaced[0]
    assert after.replacements[0] == 1
    restored = t.scenario.rules.sanctions.trust_after_replace + rec.trust_parts[0, 3]
    assert after.trust[0] == pytest.approx(restored)
    assert after.dogmatism[0] > s.dogmatism[0]
    # no subsidy while the funds are cut: income is dues alone
    dues = t.scenario.rules.party.dues * rec.after.members[0] / 1000
    assert rec.income[0] == pytest.approx(dues, rel=0.05)


def test_failures_become_setbacks_more_often_under_repression():
    rates = {}
    for repression in (0.1, 0.9):
        t = tables(rules={"resolution": {"misfit_risk": 0.0}})
        s = new_game(t, 1, N)
        cond = s.cond.copy()
        cond[:, :, CONDITIONS.index("repression")] = repression
        s = with_arrays(s, cond=cond)
        _, rec = step(t, s, orders(t, N, DEFY, "insurrection", "farms"))
        failed = ~rec.success
        rates[repression] = rec.setback[failed].mean()
        assert (rec.after.members[rec.setback] < s.members[rec.setback]).all()
    assert rates[0.9] > rates[0.1] + 0.2


def test_failures_where_the_action_did_not_fit_become_setbacks_more_often():
    t = tables()
    s = new_game(t, 1, N)
    _, fitting = step(t, s, orders(t, N, DEFY, "strike", "mill"))
    _, misfit = step(t, s, orders(t, N, DEFY, "strike", "farms"))
    assert misfit.fit.mean() < fitting.fit.mean() - 0.3
    assert misfit.p_setback[~misfit.success].mean() > 1.5 * fitting.p_setback[
        ~fitting.success].mean()


def test_a_leadership_misjudges_its_regions_less_the_better_trained_it_is():
    t = tables(party={"dogmatism": 0.0})
    s = new_game(t, 1, 500)
    errors = {}
    for training in (0.0, 0.8):
        view = party_view(t, with_arrays(s, training=training), 0)
        views = np.stack([party_view(t, with_arrays(s, training=training), i)
                          for i in range(200)])
        errors[training] = np.abs(views - s.cond[:200]).mean()
        assert view.shape == s.cond[0].shape
    assert 0.0 < errors[0.8] < errors[0.0] / 3


def test_effort_raises_the_chance_of_success():
    t = tables()
    s = new_game(t, 1, N)
    focused = orders(t, N, ADAPT, "agitation", "mill")
    focused.cadres[:] = [1.0, 0.0]
    starved = orders(t, N, ADAPT, "agitation", "mill")
    starved.cadres[:] = [0.01, 1.0]
    _, a = step(t, s, focused)
    _, b = step(t, s, starved)
    assert a.effort.mean() > b.effort.mean()
    assert a.p_success.mean() > b.p_success.mean()
    names = list(a.contributions[0])
    assert len(names) == 6


def test_informers_leak():
    t = tables()
    quiet = with_arrays(new_game(t, 1, N), informers=0.0)
    riddled = with_arrays(new_game(t, 1, N), informers=60.0)
    _, q = step(t, quiet, orders(t, N, STALL))
    _, r = step(t, riddled, orders(t, N, STALL))
    assert r.leak.mean() > 0.3 > q.leak.mean()
    assert (r.after.cadres[r.leak] < riddled.cadres[r.leak]).all()


def test_the_ally_turns_when_the_party_outgrows_it():
    t = tables()
    s = new_game(t, 1, N)
    strong = with_arrays(s, influence=0.9)
    _, rec = step(t, strong, orders(t, N, STALL))
    _, weak = step(t, s, orders(t, N, STALL))
    assert rec.ally_turned.mean() == pytest.approx(t.scenario.rules.ally_turn.chance, abs=0.03)
    assert not weak.ally_turned.any()
    turned = rec.after.ally_turned
    after = rec.after
    _, again = step(t, after, orders(t, N, STALL))
    assert not again.ally_turned[turned].any(), "the ally turns once"


def test_a_divided_party_may_split():
    t = tables()
    s = with_arrays(new_game(t, 1, N), unity=0.1)
    _, rec = step(t, s, orders(t, N, STALL))
    assert rec.split.mean() == pytest.approx(t.scenario.rules.split.chance, abs=0.03)
    assert (rec.after.members[rec.split] < s.members[rec.split]).all()


def test_setbacks_feed_the_right():
    t = tables()
    s = new_game(t, 1, N)
    _, rec = step(t, s, orders(t, N, DEFY, "insurrection", "farms"))
    right = CONDITIONS.index("right")
    hit = rec.after.cond[rec.setback, 1, right].mean()
    spared = rec.after.cond[~rec.setback & ~rec.leak, 1, right].mean()
    assert hit > spared


def test_scheduled_and_conditional_events():
    event = {"id": "crash", "title": "Crash", "text": "Prices fall.", "source": "test",
             "date": "1921-04", "effects": {"unrest": 0.3}}
    conditional = {"id": "wave", "title": "Wave", "text": "People join.", "source": "test",
                   "when": [{"quantity": "unrest", "op": ">", "value": 0.9, "region": "mill"}],
                   "effects": {"members": 0.5}}
    t = tables(events=[event, conditional])
    s = new_game(t, 1, 1)
    seen = {}
    while s.turn < t.n_turns:
        for k in np.flatnonzero(s.fired_now[0]):
            seen.setdefault(t.events[k], t.date(s.turn))
        s, _ = step(t, s, orders(t, 1, STALL))
    assert seen["crash"] == "1921-04"
    assert "wave" in seen and seen["wave"] >= "1921-04"
    assert s.fired[0].all()


def test_events_respect_their_window_and_do_not_repeat_when_once():
    repeat = {"id": "strike_wave", "title": "Strikes", "text": "Again.", "source": "test",
              "when": [{"quantity": "members", "op": ">", "value": 0}], "after": "1921-01",
              "before": "1922-01", "once": False, "effects": {"funds": 1}}
    single = {**repeat, "id": "once_only", "once": True}
    t = tables(events=[repeat, single])
    s = new_game(t, 1, 1)
    counts = {"strike_wave": 0, "once_only": 0}
    while s.turn < t.n_turns:
        for k in np.flatnonzero(s.fired_now[0]):
            counts[t.events[k]] += 1
        s, _ = step(t, s, orders(t, 1, STALL))
    assert counts == {"strike_wave": 4, "once_only": 1}


def test_step_never_changes_its_input():
    t = tables()
    s = new_game(t, 3, 8)
    snapshot = {k: v.copy() for k, v in s.__dict__.items() if isinstance(v, np.ndarray)}
    step(t, s, orders(t, 8, DEFY, "insurrection", "farms"))
    for name, value in snapshot.items():
        assert np.array_equal(getattr(s, name), value), name


def test_a_destroyed_party_stays_as_it_was():
    t = tables()
    s = with_arrays(new_game(t, 1, 2), members=[500.0, 20000.0])
    s, _ = step(t, s, orders(t, 2, STALL))
    assert list(s.alive) == [False, True]
    frozen = s.members[0]
    s, _ = step(t, s, orders(t, 2, STALL))
    assert s.members[0] == frozen and s.members[1] != 20000.0


def test_stepping_past_the_end_is_refused():
    t = tables()
    s = new_game(t, 1, 1)
    while s.turn < t.n_turns:
        s, _ = step(t, s, orders(t, 1, STALL))
    with pytest.raises(ValueError, match="over"):
        step(t, s, orders(t, 1, STALL))


def test_conditions_drift_toward_the_timeline():
    shift = {"date": "1922-01", "shift": {"unrest": -0.5}, "note": "calm", "source": "test"}
    t = tables(timeline=[shift])
    s = new_game(t, 1, 200)
    start = s.cond[:, :, UNREST].mean()
    while t.date(s.turn) < "1923-01":
        s, _ = step(t, s, orders(t, 200, STALL))
    assert s.cond[:, :, UNREST].mean() < start - 0.3


def test_lasting_effects_move_the_long_run_level_and_shocks_fade():
    ban = {"id": "ban", "title": "Ban", "text": "Banned.", "source": "test", "date": "1920-04",
           "lasting": True, "effects": {"legality": -0.6}}
    scare = {"id": "scare", "title": "Scare", "text": "Scared.", "source": "test",
             "date": "1920-04", "effects": {"unrest": -0.5}}
    t = tables(events=[ban, scare])
    s = new_game(t, 1, 1)
    start = s.cond[0, 0].copy()
    for _ in range(12):
        s, _ = step(t, s, orders(t, 1, STALL))
    legality, unrest = CONDITIONS.index("legality"), UNREST
    assert s.cond[0, 0, legality] < start[legality] - 0.4  # the ban stays
    assert abs(s.cond[0, 0, unrest] - start[unrest]) < 0.15  # the scare has faded


def test_the_centre_sees_reports_late():
    t = tables(rigidity=0.0)  # no doctrine: the picture is the report
    s = new_game(t, 1, 1)
    before = s.copy()
    s, _ = step(t, s, orders(t, 1, STALL))
    # one turn of courier lag: the picture at turn 1 is the truth of turn 0,
    # and so is what the Centre knows of the party's own strength
    assert np.allclose(s.picture, before.cond)
    assert not np.allclose(s.picture, s.cond)
    used = s.strength_ring[0, s.turn % (t.lag + 1)]
    assert np.allclose(used[0], before.influence[0]) and np.allclose(used[1],
                                                                     before.organisation[0])
    assert not np.allclose(used[0], s.influence[0])


def test_a_cut_channel_freezes_the_centres_picture_and_stops_the_subsidy():
    t = tables(rigidity=0.0)
    s = with_arrays(new_game(t, 1, 1), channel_cut_turns=5)
    pictures = []
    for _ in range(3):
        s, rec = step(t, s, orders(t, 1, STALL))
        pictures.append(s.picture.copy())
        dues = t.scenario.rules.party.dues * rec.after.members[0] / 1000
        assert rec.income[0] == pytest.approx(dues)
    assert all(np.allclose(p, pictures[0]) for p in pictures)  # no report gets through
    assert not np.allclose(pictures[-1], s.cond)  # while the country moves on


def test_the_directive_is_the_best_candidate_in_the_centres_picture():
    t = tables()
    s = new_game(t, 1, 1)
    for _ in range(4):
        s, _ = step(t, s, orders(t, 1, STALL))
        card = directive_card(t, s)
        best = card.candidates[0]
        assert (best.action, best.region) == (card.action, card.region)
        assert all(best.score >= r.score for r in card.candidates)


def test_the_line_changes_on_its_date():
    spans = [{"from": "1920-01", "line": "united_front"}, {"from": "1922-01",
                                                          "line": "third_period"}]
    t = tables(centre={"lines": spans})
    assert t.lines[t.line_of_turn[t.turn_of("1921-10")]] == "united_front"
    assert t.lines[t.line_of_turn[t.turn_of("1922-01")]] == "third_period"
    s = new_game(t, 1, 1)
    while t.date(s.turn) < "1922-01":
        s, _ = step(t, s, orders(t, 1, STALL))
    assert "united_front_above" not in legal(t, s).adapt_actions


def test_short_funds_mean_less_effort():
    t = tables()
    rich = with_arrays(new_game(t, 1, 1), funds=100.0)
    poor = with_arrays(new_game(t, 1, 1), funds=1.0)
    _, a = step(t, rich, orders(t, 1, ADAPT, "insurrection", "mill"))
    _, b = step(t, poor, orders(t, 1, ADAPT, "insurrection", "mill"))
    cost = t.cost[t.actions.index("insurrection")]
    assert b.effort[0] == pytest.approx(a.effort[0] / cost)
    assert b.after.funds[0] < 1.0 + b.income[0] + 1e-9


def test_the_intelligence_ban_costs_trust_only_after_its_date_and_only_by_choice():
    t = tables(rigidity=0.0)
    s = new_game(t, 1, 1)
    _, early = step(t, s, orders(t, 1, DEFY, "intelligence_money", "mill"))
    assert early.trust_parts[0, 1] == 0.0
    late = tables(rigidity=0.0, start="1926-01", end="1928-12",
                  centre={"lines": [{"from": "1926-01", "line": "united_front"}]})
    s = new_game(late, 1, 1)
    _, rec = step(late, s, orders(late, 1, DEFY, "intelligence_money", "mill"))
    rule = late.scenario.actions[late.actions.index("intelligence_money")].trust_rule
    assert rec.trust_parts[0, 1] == pytest.approx(rule.trust)
    # the Centre no longer orders it
    assert late.actions.index("intelligence_money") not in rec.after.directive_action[0]


def test_cadres_at_work_build_organisation_where_they_are():
    t = tables()
    s = new_game(t, 1, 1)
    plan = orders(t, 1, STALL)
    plan.cadres[:] = [0.0, 1.0]
    for _ in range(8):
        s, _ = step(t, s, plan)
    start = new_game(t, 1, 1)
    assert s.organisation[0, 1] > start.organisation[0, 1]
    assert s.organisation[0, 0] < start.organisation[0, 0]


def test_membership_moves_toward_what_influence_supports():
    t = tables()
    weak = with_arrays(new_game(t, 1, 1), influence=0.02)
    strong = with_arrays(new_game(t, 1, 1), influence=0.6)
    _, w = step(t, weak, orders(t, 1, STALL))
    _, g = step(t, strong, orders(t, 1, STALL))
    assert w.recruits[0] < 0 < g.recruits[0]


def test_an_event_left_to_chance_records_its_roll():
    coin = {"id": "coin", "title": "Coin", "text": "Maybe.", "source": "test", "chance": 0.5,
            "once": False, "when": [{"quantity": "members", "op": ">", "value": 0}],
            "effects": {"funds": 1}}
    t = tables(events=[coin])
    s = new_game(t, 4, 1)
    fired = 0
    while s.turn < t.n_turns:
        for event in events_now(t, s):
            assert event.roll is not None and event.roll < event.chance == 0.5
            fired += 1
        s, _ = step(t, s, orders(t, 1, STALL))
    assert 0 < fired < t.n_turns


def test_funds_beyond_the_reserve_go_on_the_apparatus_and_do_not_pile_up():
    t = tables(rules={"party": {"reserve": 20, "upkeep": 0.15}})
    rich = with_arrays(new_game(t, 1, 1), funds=120.0)
    after, rec = step(t, rich, orders(t, 1, STALL))
    assert after.funds[0] == pytest.approx(120.0 - 0.15 * 100.0 + rec.income[0])
    poor = with_arrays(new_game(t, 1, 1), funds=15.0)
    after, rec = step(t, poor, orders(t, 1, STALL))
    assert after.funds[0] == pytest.approx(15.0 + rec.income[0])
