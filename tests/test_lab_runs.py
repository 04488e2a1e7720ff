"""Lab runs at scale: chunks, processes, the directive columns, paired intervals, guard rails."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pytest
from builders import TINY, tables

import engine.simulate as sim
from engine.game import arriving_slot, new_game, step
from engine.orders import CONSULT
from engine.outcomes import scores
from engine.policies import POLICIES, always_comply, best_in_line, directive_fit
from engine.simulate import (
    MISFIT,
    SCORES,
    paired_difference,
    play,
    run_batch,
    simulate,
)
from engine.tables import Settings, compile_scenario
from game import argument, lab
from game.cli import main

GOALS = [{"id": "survive", "text": "Stay alive.",
          "when": [{"quantity": "alive", "op": ">=", "value": 1}]},
         {"id": "millions", "text": "A million members.",
          "when": [{"quantity": "members", "op": ">=", "value": 1_000_000}]}]


# -- 1. chunks -------------------------------------------------------------------------

def test_rows_do_not_depend_on_the_chunk_size():
    t = tables(rigidity=0.75)
    for policy in ("comply", "random", "consult_then_adapt"):
        assert simulate(t, policy, 5, 50, chunk=7) == simulate(t, policy, 5, 50, chunk=1000)


def test_games_are_played_in_chunks_of_at_most_chunk_games(monkeypatch):
    sizes = []

    def counting(tables, seed, n=1, first_game=0):
        sizes.append((first_game, n))
        return new_game(tables, seed, n, first_game)

    monkeypatch.setattr(sim, "new_game", counting)
    tally = play(tables(), "comply", 3, 50, chunk=7)
    assert sizes == [(k, 7) for k in range(0, 49, 7)] + [(49, 1)]
    # what is kept is per game, and game i is the game of the unchunked batch
    whole = run_batch(tables(), always_comply, 3, 50)
    assert tally.size == 50 and np.array_equal(tally.score, scores(tables(), whole))


# -- 2. processes ----------------------------------------------------------------------

def test_rows_from_two_processes_equal_those_of_one_and_the_bar_reaches_the_end():
    heard: list[tuple[int, int]] = []
    settings = Settings(rigidity=0.5, binding=1.0)
    policies = ["comply", "random"]
    alone = lab.run(str(TINY), policies, settings, 3, 30, progress=lambda *_: None,
                    keep_scores=True)
    shared = lab.run(str(TINY), policies, settings, 3, 30, workers=2,
                     progress=lambda done, total: heard.append((done, total)), keep_scores=True)
    for one, two in zip(alone, shared, strict=True):  # the games come back in their order
        assert np.array_equal(one.pop(SCORES), two.pop(SCORES))
    assert shared == alone
    assert heard[-1] == (60, 60)  # 2 policies x 30 games
    assert [d for d, _ in heard] == sorted(d for d, _ in heard)


def test_the_bar_counts_games_over_every_policy():
    shown = io.StringIO()
    bar = lab.ProgressBar(shown, "tiny", width=10, force=True)
    lab.run(str(TINY), ["comply", "stall"], Settings(), 3, 20, progress=bar)
    text = shown.getvalue()
    assert "[#####.....] 20/40" in text and text.endswith("[##########] 40/40\n")
    assert text.count("\n") == 1


# -- 3. new columns --------------------------------------------------------------------

def _by_hand(t, policy, seed, games):
    """The directive columns counted game by game, turn by turn, without the engine's tally."""
    s = new_game(t, seed, games)
    directives = misfits = consults = revised = 0
    arrived, played = [Counter() for _ in range(games)], [0] * games
    while s.turn < t.n_turns and s.alive.any():
        slot = arriving_slot(t, s.turn)
        _, _, best = best_in_line(t, s)
        fit = directive_fit(t, s)
        after, record = step(t, s, POLICIES[policy](t, s))
        for i in np.flatnonzero(s.alive):
            played[i] += 1
            directive = (s.directive_action[i, slot], s.directive_region[i, slot])
            if directive[0] >= 0:
                directives += 1
                misfits += bool(best[i] - fit[i] >= MISFIT)
                arrived[i][directive] += 1
            if record.response[i] == CONSULT and after.alive[i] and after.turn < t.n_turns:
                consults += 1
                nxt = arriving_slot(t, after.turn)
                revised += (after.directive_action[i, nxt],
                            after.directive_region[i, nxt]) != directive
        s = after
    repeat = np.mean([max(c.values()) / n for c, n in zip(arrived, played, strict=True)])
    return misfits / directives, revised / consults if consults else None, repeat


@pytest.mark.parametrize("policy", ["random", "comply"])
def test_directive_columns_match_a_count_by_hand(policy):
    t = tables(rigidity=0.8)
    row = simulate(t, policy, 3, 24, chunk=10)
    misfit, revised, repeat = _by_hand(t, policy, 3, 24)
    assert row["misfit_share"] == pytest.approx(misfit)
    assert 0 < row["misfit_share"] < 1
    assert row["directive_repeat_max"] == pytest.approx(repeat, abs=1e-4)
    if policy == "comply":
        assert row["consult_revised_share"] is None  # it never consults
    else:
        assert row["consult_revised_share"] == pytest.approx(revised)
        assert 0 < row["consult_revised_share"] < 1


def test_goal_and_setting_columns():
    t = tables(rigidity=0.5, goals=GOALS)
    row = simulate(t, "comply", 3, 20)
    assert row["goal_survive"] == row["survival"] > 0
    assert row["goal_millions"] == 0.0
    assert (row["binding"], row["blinding"]) == (None, None)
    apart = simulate(compile_scenario(t.scenario, Settings(0.5, binding=1.0, blinding=0.0)),
                     "comply", 3, 20)
    assert (apart["rigidity"], apart["binding"], apart["blinding"]) == (0.5, 1.0, 0.0)


def test_the_command_writes_the_new_columns(tmp_path, capsys):
    out_csv, out_json = tmp_path / "r.csv", tmp_path / "r.json"
    assert main(["simulate", "germany", "--games", "20", "--policy", "comply",
                 "--binding", "1", "--blinding", "0", "--csv", str(out_csv),
                 "--json", str(out_json)]) == 0
    assert "binding 1, blinding 0" in capsys.readouterr().out
    row = json.loads(out_json.read_text())[0]
    assert (row["binding"], row["blinding"], row["consult_revised_share"]) == (1.0, 0.0, None)
    for key in ("misfit_share", "directive_repeat_max", "goal_underground_ready",
                "goal_mass_party", "goal_trusted"):
        assert 0.0 <= row[key] <= 1.0, key
    written = next(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert written["consult_revised_share"] == "" and float(written["misfit_share"]) > 0


# -- 4. paired intervals ---------------------------------------------------------------

def test_paired_difference_is_the_mean_difference_with_its_interval():
    result = paired_difference([3.0, 5.0, 4.0, 8.0], [1.0, 1.0, 2.0, 2.0])
    diffs = np.array([2.0, 4.0, 2.0, 6.0])
    half = 1.96 * diffs.std(ddof=1) / 2.0
    assert (result.mean, result.games) == (3.5, 4)
    assert (result.low, result.high) == pytest.approx((3.5 - half, 3.5 + half))
    with pytest.raises(ValueError):
        paired_difference([1.0, 2.0], [1.0])


def test_rows_with_their_scores_pair_and_the_writers_leave_the_scores_out():
    rows = lab.run("germany", ["consult_then_adapt", "comply"], Settings(rigidity=1.0), 4, 40,
                   progress=lambda *_: None, keep_scores=True)
    assert len(rows[0][SCORES]) == 40
    gap = argument.paired(rows[0], rows[1])
    assert gap.mean == pytest.approx(rows[0]["score_mean"] - rows[1]["score_mean"], abs=1e-3)
    assert gap.low < gap.mean < gap.high
    assert argument.paired(rows[1], rows[1]).high == pytest.approx(0.0)
    assert SCORES not in lab.to_json(rows) and SCORES not in lab.to_csv(rows)
    assert SCORES in simulate(tables(), "comply", 4, 5, keep_scores=True)
    other_seed = lab.run("germany", ["comply"], Settings(rigidity=1.0), 5, 40,
                         progress=lambda *_: None, keep_scores=True)[0]
    with pytest.raises(ValueError, match="seed"):
        argument.paired(rows[0], other_seed)
    with pytest.raises(ValueError, match="keep_scores"):
        argument.paired({k: v for k, v in rows[0].items() if k != SCORES}, rows[1])


# -- 5. guard rails --------------------------------------------------------------------

@pytest.mark.parametrize("flag, value", [("--games", "0"), ("--games", "10000001"),
                                         ("--games", "many"), ("--workers", "0"),
                                         ("--workers", "65"), ("--binding", "2")])
def test_out_of_range_numbers_stop_with_an_argparse_error(flag, value, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["simulate", "germany", flag, value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith(f"comintern simulate: error: argument {flag}: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("failure", [MemoryError, BrokenProcessPool])
def test_running_out_of_memory_is_one_line_and_exit_1(failure, monkeypatch, capsys):
    def exhausted(*args, **kwargs):
        raise failure()

    monkeypatch.setattr(lab, "play_rows", exhausted)
    assert main(["simulate", "germany", "--games", "20"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "memory" in err
