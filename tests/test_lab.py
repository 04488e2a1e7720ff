"""Policies, batch simulation, the sweep tables, and the argument the model must show."""

from __future__ import annotations

import csv
import io
import json

import pytest
from builders import tables, with_arrays

from engine.game import arriving_slot, new_game, step
from engine.orders import ADAPT, COMPLY, CONSULT, STALL, BatchOrders
from engine.outcomes import categories, scores
from engine.policies import (
    CLOSE_ENOUGH,
    ORACLES,
    POLICIES,
    always_comply,
    best_in_line,
    consult_then_adapt,
    consult_then_adapt_oracle,
    directive_fit,
    historical,
)
from engine.simulate import run_batch, simulate
from engine.tables import compile_scenario
from engine.view import best_seen
from game import argument, lab
from game.cli import main
from game.files import bundled_ids, open_scenario

SMALL = 300  # games per run in the argument tests: fast, and still far from chance


def _misfit_state(t):
    """A state whose arriving directive fits the truth far worse than the best choice."""
    s = new_game(t, 1, 1)
    slot = arriving_slot(t, 0)
    s.directive_action[:, slot] = t.actions.index("peasant_organising")
    s.directive_region[:, slot] = t.regions.index("mill")
    return s


def test_consult_then_adapt_consults_first_then_adapts():
    t = tables(rigidity=0.5)
    s = _misfit_state(t)
    _, _, best = best_in_line(t, s)
    assert directive_fit(t, s)[0] < best[0] - CLOSE_ENOUGH
    assert consult_then_adapt(t, s).response[0] == CONSULT
    assert consult_then_adapt_oracle(t, s).response[0] == CONSULT
    asked = with_arrays(s, last_response=CONSULT)
    seen = consult_then_adapt(t, asked)
    assert seen.response[0] == ADAPT
    assert (seen.action[0], seen.region[0]) == tuple(x[0] for x in best_seen(t, asked)[:2])
    orders = consult_then_adapt_oracle(t, asked)
    assert orders.response[0] == ADAPT
    assert (orders.action[0], orders.region[0]) == tuple(x[0] for x in best_in_line(t, s)[:2])


def test_consult_then_adapt_complies_with_a_directive_that_fits_and_under_an_envoy():
    t = tables(rigidity=0.5)
    s = new_game(t, 1, 1)
    action, region, _ = best_in_line(t, s)
    slot = arriving_slot(t, 0)
    s.directive_action[:, slot], s.directive_region[:, slot] = action, region
    assert consult_then_adapt(t, s).response[0] == COMPLY
    forced = with_arrays(_misfit_state(t), envoy_turns=2, last_response=CONSULT)
    assert consult_then_adapt(t, forced).response[0] == COMPLY


def test_historical_policy_follows_the_script():
    script = [{"from": "1920-01", "response": "comply", "note": "n", "source": "s"},
              {"from": "1921-01", "response": "defy", "action": "strike", "region": "mill",
               "note": "n", "source": "s"},
              {"from": "1922-01", "response": "stall", "note": "n", "source": "s"}]
    t = tables(history=script)
    s = new_game(t, 1, 2)
    seen = {}
    while s.turn < t.n_turns:
        seen[t.date(s.turn)[:4]] = historical(t, s)
        s, _ = step(t, s, seen[t.date(s.turn)[:4]])
    assert (seen["1920"].response == COMPLY).all()
    assert (seen["1921"].action == t.actions.index("strike")).all()
    assert (seen["1923"].response == STALL).all()


def test_every_policy_gives_legal_orders_for_every_scenario():
    for name in bundled_ids():
        t = compile_scenario(open_scenario(name))
        s = new_game(t, 2, 16)
        for policy in POLICIES.values():
            orders = policy(t, s)
            assert isinstance(orders, BatchOrders) and orders.response.shape == (16,)
            assert (orders.action < len(t.actions)).all() and (orders.region < len(t.regions)).all()
            step(t, s, orders)


def test_simulate_rows_carry_their_parameters_and_spreads():
    t = tables(rigidity=0.5)
    row = simulate(t, "comply", 7, 50)
    for key in ("scenario", "scenario_hash", "policy", "rigidity", "seed", "games"):
        assert key in row
    assert (row["policy"], row["rigidity"], row["seed"], row["games"]) == ("comply", 0.5, 7, 50)
    assert row["score_p10"] <= row["score_mean"] <= row["score_p90"]
    shares = [v for k, v in row.items() if k.startswith("outcome_")]
    assert sum(shares) == pytest.approx(1.0)


def test_a_batch_run_equals_its_games_run_alone():
    t = tables()
    batch = run_batch(t, always_comply, 3, 6)
    alone = new_game(t, 3, 1, first_game=4)
    while alone.turn < t.n_turns:
        alone, _ = step(t, alone, always_comply(t, alone))
    assert scores(t, alone)[0] == pytest.approx(scores(t, batch)[4])
    assert categories(t, alone)[0] == categories(t, batch)[4]


def test_simulate_command_prints_a_table_and_writes_csv_and_json(tmp_path, capsys):
    out_csv, out_json = tmp_path / "r.csv", tmp_path / "r.json"
    code = main(["simulate", "germany", "--games", "20", "--policy", "comply", "--policy",
                 "stall", "--csv", str(out_csv), "--json", str(out_json)])
    assert code == 0
    text = capsys.readouterr().out
    assert "comply" in text and "stall" in text and "±" in text
    assert "end states" in text and "banned_broken" in text
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert [r["policy"] for r in rows] == ["comply", "stall"]
    assert json.loads(out_json.read_text())[1]["policy"] == "stall"


def test_simulate_needs_a_scenario_or_sweep(capsys):
    assert main(["simulate"]) == 2
    assert "scenario" in capsys.readouterr().err


def test_progress_bar_draws_on_a_terminal_only():
    shown = io.StringIO()
    lab.ProgressBar(shown, "germany", width=10, force=True)(5, 10)
    assert "[#####.....] 5/10" in shown.getvalue()
    quiet = io.StringIO()
    lab.ProgressBar(quiet, "germany")(5, 10)
    assert quiet.getvalue() == ""


def test_sweep_tables_go_between_the_markers_and_keep_the_prose(tmp_path):
    rows = lab.sweep(4, 1, ["germany"], stream=io.StringIO(), rigidities=(None, 0.0, 1.0))
    cells = argument.sweep_cells(["germany"], (None, 0.0, 1.0))
    assert [(r["policy"], r["rigidity"], r["binding"]) for r in rows] == [
        (p, s.rigidity, s.binding) for _, s, p in cells]
    assert not {r["policy"] for r in rows} & set(ORACLES), "the sweep plays no oracle"
    doc = tmp_path / "ARGUMENT.md"
    doc.write_text(f"# Prose before\n\n{lab.BEGIN}\nold\n{lab.END}\n\nProse after.\n")
    lab.write_markdown(doc, lab.markdown_tables(rows, 4, 1))
    text = doc.read_text()
    assert text.startswith("# Prose before") and text.endswith("Prose after.\n")
    assert "old" not in text and "| selective |" in text and "binding only" in text
    assert "oracle" not in text.split(lab.BEGIN)[1]
    assert text.count(lab.BEGIN) == 1


# -- the argument: the properties of docs/ARGUMENT.md, on smaller seeded runs ----------

SWEPT = (None, 0.0, 0.5, 1.0)  # each line's own rigidity, and three of the sweep's


@pytest.fixture(scope="module")
def swept():
    rows = lab.sweep(SMALL, 11, bundled_ids(), stream=io.StringIO(), workers=2,
                     rigidities=SWEPT, halves=False)
    return argument.Rows(rows)


@pytest.mark.parametrize("check", argument.CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("name", bundled_ids())
def test_the_argument_holds(swept, name, check):
    verdict = check(swept, name)
    assert verdict.passed, f"{name}: {verdict.point}: {verdict.detail}"


def test_the_checks_fail_where_the_property_fails(swept):
    """A check is not a formality: made to read a false row, it says no."""
    rows = argument.Rows([dict(r) for r in swept.rows])
    rows.at("germany", "historical")["historical_outcome"] = 0.1
    rows.at("germany", "comply", 1.0)["misfit_share"] = 0.05
    assert not argument.history(rows, "germany").passed
    assert not argument.misfits(rows, "germany").passed
