"""The narrator: the words every front end shows, from the engine's typed facts.

One behaviour per test, on the small scenario in tests/data/tiny.yaml; every
expected number is read from the engine's facts, never hard-coded.
"""

from __future__ import annotations

import builders
import numpy as np
from builders import BLOW, RISING, tables, with_arrays

from engine.explain import directive_card, events_now, turn_record
from engine.facts import Candidate, Directive, Revision
from engine.forecast import options
from engine.game import arriving_slot, new_game, step
from engine.orders import ADAPT, COMPLY, CONSULT, STALL, BatchOrders
from engine.outcomes import score_parts, scores
from game import narrate


def orders(t, response, action=None, region=None):
    out = BatchOrders.uniform(1, len(t.regions), response)
    if action is not None:
        out.action[:] = t.actions.index(action)
        out.region[:] = t.regions.index(region)
    return out


def play_to(t, s, turn):
    while s.turn < turn:
        s, _ = step(t, s, orders(t, COMPLY))
    return s


# -- the card --------------------------------------------------------------------

def test_before_the_centre_exists_the_card_says_there_is_no_directive_and_no_cost():
    t = tables(centre={"founded": "1920-07"})
    card = directive_card(t, new_game(t, 1, 1))
    text = " ".join(narrate.no_directive_lines(card))
    assert "the Communist International does not exist yet (founded 1920-07)" in text
    assert "The party decides alone." in text
    assert "costs Moscow's trust" in text


def test_an_initiative_shows_its_title_text_envoy_and_the_price_of_refusing_it():
    t = tables(rigidity=1.0, initiatives=[RISING])
    s = play_to(t, new_game(t, 1, 1), t.turn_of("1921-01") + t.lag)
    card = directive_card(t, s)
    names = narrate.Names.of(t)
    lines = narrate.card_initiative(card, names)
    assert lines[0] == "Moscow presses for: The rising"
    assert RISING["text"] in lines
    assert "Carried by An Envoy." in lines
    assert card.initiative is not None
    assert f"costs {card.initiative.pressure:.2f} more trust" in lines[-1]
    assert narrate.card_initiative(directive_card(t, new_game(t, 1, 1)), names) == []


def test_a_revision_names_the_report_the_old_order_and_what_moscow_now_sees():
    t = tables(rigidity=0.0)
    names = narrate.Names.of(t)
    s = new_game(t, 1, 1)
    slot = arriving_slot(t, 0)
    s.directive_action[:, slot] = t.actions.index("peasant_organising")
    s.directive_region[:, slot] = t.regions.index("mill")
    after, _ = step(t, s, orders(t, CONSULT))
    lines = narrate.revision_lines(directive_card(t, after), names)
    assert lines[0] == f"Revised after your report of {t.date(0)}."
    assert "The order changed: was Peasant organising in Mill town." in lines
    assert not any("peasant_organising" in line or " mill" in line for line in lines)


def test_a_revision_that_kept_the_order_says_why():
    names = narrate.Names(actions={"strike": "Mass strike"}, regions={"ruhr": "The Ruhr"})
    base = {"report_of": "1923-07", "region": "ruhr",
            "picture_change": {"legality": -0.2, "repression": 0.12}, "changed": False,
            "previous_action": "strike", "previous_region": "ruhr"}

    def card(**revision: object) -> Directive:
        return Directive(action="strike", region="ruhr", arrived="1923-10",
                         revision=Revision(**{**base, **revision}))

    for kept_by, words in (("the line", "The order stands: the line binds."),
                           ("doctrine", "The order stands: doctrine"),
                           ("the initiative", "The order stands: the initiative"),
                           (None, "The order stands: it still looks best to Moscow.")):
        lines = narrate.revision_lines(card(kept_by=kept_by), names)
        assert lines[1] == "Moscow now sees legality -0.20, repression +0.12 in The Ruhr."
        assert lines[2].startswith(words), lines
    assert narrate.revision_lines(card(changed=True, kept_by=None), names)[2] == \
        "The order changed: was Mass strike in The Ruhr."


# -- before the choice ---------------------------------------------------------------

def test_each_option_shows_the_chance_the_party_reckons_and_its_trust_cost():
    t = tables(rigidity=1.0)
    names = narrate.Names.of(t)
    s = new_game(t, 1, 1)
    card, opts = directive_card(t, s), options(t, s)
    lines = dict(narrate.options_lines(opts, card, names))
    assert list(lines) == ["comply", "adapt", "consult", "stall", "defy"]
    comply = lines["comply"]
    assert f"{names.action(card.action)} in Mill town" in comply
    assert f"the party reckons {narrate.pct(opts['comply']['chance'])}" in comply
    assert f"trust {opts['comply']['trust']:+.2f}" in comply
    action, region, best = narrate.best_choice(opts, "adapt")
    assert best == max(c for a in opts["adapt"]["actions"].values()
                       for c in a["chances"].values())
    adapt = lines["adapt"]
    assert f"{names.action(action)} in {names.region(region)}" in adapt
    assert f"the party reckons {narrate.pct(best)}" in adapt
    assert f"{opts['adapt']['blame']:+.2f} more if it fails" in adapt
    assert f"trust {opts['stall']['trust']:+.2f}" in lines["stall"]
    chosen = narrate.option_line("defy", opts, card, names, "strike", "farms")
    farms = opts["defy"]["actions"]["strike"]["chances"]["farms"]
    assert f"the party reckons {narrate.pct(farms)}" in chosen
    assert "Mass strike in Farm country" in chosen


def test_under_an_envoy_only_comply_is_offered_and_the_envoy_is_named():
    t = tables(rigidity=1.0)
    s = with_arrays(new_game(t, 1, 1), envoy_turns=np.array([2]))
    lines = narrate.options_lines(options(t, s), directive_card(t, s), narrate.Names.of(t),
                                  "Comrade X")
    assert [r for r, _ in lines] == ["comply", ""]
    assert lines[-1][1] == "The envoy Comrade X decides: only comply is open this turn."


def test_before_the_centre_comply_is_waiting_and_nothing_costs_trust():
    t = tables(rigidity=1.0, centre={"founded": "1920-07"})
    s = new_game(t, 1, 1)
    card, opts = directive_card(t, s), options(t, s)
    lines = dict(narrate.options_lines(opts, card, narrate.Names.of(t)))
    assert list(lines) == ["comply", "adapt", "defy"]  # nobody to consult yet
    assert lines["comply"] == "no action this turn; no trust cost"
    assert all("no trust cost" in line and "trust -" not in line for line in lines.values())
    assert narrate.response_label("comply", card) == "wait"


# -- why? ------------------------------------------------------------------------------

def test_why_speaks_plain_words_first_and_numbers_apart():
    t = tables(rigidity=1.0, initiatives=[RISING])
    names = narrate.Names.of(t)
    s = play_to(t, new_game(t, 1, 1), t.turn_of("1921-01") + t.lag)
    _, rec = step(t, s, orders(t, COMPLY))
    entry = turn_record(t, rec)
    assert entry.resolution is not None
    assert entry.resolution.true_fit < 0.45  # the rising does not fit the farm country
    plain = narrate.why_plain(entry, names)
    text = " ".join(plain)
    assert "It was a poor fit for the real conditions in Farm country." in plain
    assert "Enough cadres were at work in Farm country." in plain
    assert "It was Moscow's own initiative: The rising." in plain
    assert "logit" not in text and "effort 0" not in text and "farms" not in text
    numbers = " ".join(narrate.why_numbers(entry, names))
    assert f"effort {entry.resolution.effort:.2f}" in numbers
    assert "points on the odds scale" in numbers


def test_too_few_cadres_are_said_in_words():
    t = tables(rigidity=1.0)
    s = with_arrays(new_game(t, 1, 1), cadres=np.array([10.0]))
    _, rec = step(t, s, orders(t, COMPLY))
    entry = turn_record(t, rec)
    plain = narrate.why_plain(entry, narrate.Names.of(t))
    assert any(line.startswith("Too few cadres were at work in Mill town") for line in plain)


def test_the_chance_the_party_reckoned_is_its_forecast_beside_the_truth():
    t = tables(rigidity=1.0, party={"dogmatism": 0.9, "training": 0.0})
    names = narrate.Names.of(t)
    s = new_game(t, 1, 1)
    forecast = options(t, s)["comply"]["chance"]
    _, rec = step(t, s, orders(t, COMPLY))
    entry = turn_record(t, rec)
    # the chance told after the turn is the one shown before it, from the record alone
    assert abs(narrate.reckoned_chance(entry, names) - forecast) < 1e-3
    plain = narrate.why_plain(entry, names)
    assert (f"The party reckoned its chance at {narrate.pct(forecast)}; with the real "
            f"conditions it was {narrate.pct(entry.resolution.chance)}") in " ".join(plain)


# -- changes by cause ----------------------------------------------------------------

def test_an_events_loss_is_its_own_cause_never_the_actions():
    t = tables(rigidity=1.0, events=[BLOW])
    names = narrate.Names.of(t)
    s = new_game(t, 1, 1)
    before = {k: float(getattr(s, k)[0]) for k in ("members", "cadres", "funds")}
    after, rec = step(t, s, orders(t, ADAPT, "strike", "mill"))
    entry, following = turn_record(t, rec), events_now(t, after)
    assert [names.event(ev.id).title for ev in following] == ["The party is banned"]
    lines = narrate.changes_by_cause(entry, names, following, "news of 1920-04")
    action_line = next(line for line in lines if "(your action)" in line)
    event_line = next(line for line in lines if line.startswith("The party is banned"))
    lost = following[0].changes.members
    assert lost < -1000
    assert f"members {lost:+,.0f}" in event_line and f"{lost:+,.0f}" not in action_line
    assert "(news of 1920-04)" in event_line
    spared = 1 - (following[0].damage_taken or 0.0)
    assert f"your preparation spared {narrate.pct(spared)} of the blow" in event_line
    assert action_line.startswith("Mass strike in Mill town (your action): ")
    assert any(line.startswith("recruitment and income: ") for line in lines)
    # the causes and the next opening's events add up to the party's figures after the turn
    total = narrate.totals(entry, following)
    for key in before:
        assert abs(before[key] + total[key] - getattr(entry.party, key)) < 0.01


def test_a_turn_without_action_names_no_action():
    t = tables(rigidity=1.0)
    _, rec = step(t, new_game(t, 1, 1), orders(t, STALL))
    lines = narrate.changes_by_cause(turn_record(t, rec), narrate.Names.of(t))
    assert lines and not any("your action" in line for line in lines)
    assert narrate.result_lines(turn_record(t, rec), narrate.Names.of(t)) == \
        ["No action this turn."]


def test_an_event_says_what_it_cost_and_what_preparation_spared():
    t = tables(events=[BLOW])
    s = new_game(t, 1, 1)
    s = with_arrays(s, organisation=np.array([[0.4, 0.4]]))
    after, _ = step(t, s, orders(t, STALL))
    ev = events_now(t, after)[0]
    (line,) = narrate.event_lines(ev)
    assert ev.damage_taken is not None
    assert line.startswith(f"For the party: members {ev.changes.members:+,.0f}")
    assert f"spared {narrate.pct(1 - ev.damage_taken)} of the blow" in line


def test_a_sparkline_spans_its_width_from_lowest_to_highest() -> None:
    line = narrate.sparkline([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], 10)
    assert line == narrate.RAMP
    assert len(narrate.sparkline(list(range(57)), 40)) == 40
    assert narrate.sparkline([3.0, 3.0], 5) == " " * 5  # a flat series sits low
    assert narrate.marks_line([0, 28, 56], 57, 20) == "^" + " " * 8 + "^" + " " * 9 + "^"


def test_misfits_obeyed_names_the_orders_that_fitted_worst() -> None:
    t = builders.tables(rigidity=1.0)
    _, rec = step(t, new_game(t, 1, 1), orders(t, COMPLY))
    played = turn_record(t, rec)
    assert played.resolution is not None

    def entry(turn: int, response: str, fit: float, best: float):
        candidate = Candidate(action="strike", region="ruhr", fit_in_picture=0.5,
                              line_preference=0.0, doctrine=0.0, initiative=0.0, repeat=0.0,
                              score=1.0, true_fit_now=best)
        card = Directive(action="strike", region="ruhr", arrived="1920-01", fit_true=fit,
                         candidates=[candidate])
        res = played.resolution.model_copy(update={
            "success": False,
            "setback": played.resolution.setback.model_copy(update={"happened": turn == 2})})
        changes = {**{k: v.model_copy(update={"members": 0.0})
                      for k, v in played.changes.items()},
                   "action": played.changes["action"].model_copy(update={"members": -100.0}),
                   "rivals": played.changes["rivals"].model_copy(update={"members": 20.0})}
        return played.model_copy(update={"turn": turn, "date": f"1920-{turn + 1:02d}",
                                          "response": response, "directive": card,
                                          "resolution": res, "changes": changes})
    names = narrate.Names(actions={"strike": "Mass strike"}, regions={"ruhr": "the Ruhr"})
    entries = [entry(0, "comply", 0.5, 0.55), entry(1, "stall", 0.1, 0.9),
               entry(2, "comply", 0.1, 0.9), entry(3, "comply", 0.3, 0.6)]
    count, lines = narrate.misfits_obeyed(entries, names, limit=1)
    assert count == 2  # the stalled turn and the near fit do not count
    assert lines == ["1920-03: Mass strike in the Ruhr fitted the true conditions 0.10, where "
                     "another of Moscow's own candidates fitted 0.90; it failed, with a "
                     "setback; members -80 that turn."]


def test_the_score_line_gives_each_term_out_of_its_weight() -> None:
    tables = builders.tables()
    state = new_game(tables, 1, 3)
    parts = score_parts(tables, state)
    assert parts.shape == (3, len(tables.scenario.score))
    assert np.allclose(parts.sum(axis=1), scores(tables, state))
    line = narrate.score_line(tables.scenario.score, list(parts[0]), narrate.Names.of(tables))
    assert line.startswith("Its parts: ")
    for term, part in zip(tables.scenario.score, parts[0], strict=True):
        assert f"{part:.1f} of {term.weight:g}" in line
