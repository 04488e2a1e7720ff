"""The lab's memory (issue 11, item 7): estimated before anything is allocated, refused
with the estimate and what to do, and the estimate is never below what a run takes."""

from __future__ import annotations

import tracemalloc

import builders
import pytest

from engine.simulate import memory_needed, most_games
from game import lab
from game.cli import main


@pytest.fixture(scope="module")
def tables():
    return builders.tables()


def test_the_estimate_grows_with_games_scores_and_workers(tables) -> None:
    small, large = memory_needed([tables], 10_000), memory_needed([tables], 1_000_000)
    assert large.tallies == 100 * small.tallies
    assert memory_needed([tables], 10_000, keep_scores=True).tallies > small.tallies
    pooled = memory_needed([tables] * 8, 100_000, workers=4)
    assert pooled.processes > 0 and small.processes == 0
    assert pooled.in_play > memory_needed([tables] * 8, 100_000).in_play


def test_the_estimate_is_not_below_what_a_run_takes(tables) -> None:
    games = 12_000  # three chunks: the join of chunks is in the peak too
    need = memory_needed([tables], games, chunk=5_000)
    tracemalloc.start()
    lab.play_rows([(tables, "adapt")], 1, games, chunk=5_000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak <= need.total


def test_most_games_is_the_largest_run_that_fits(tables) -> None:
    free = memory_needed([tables] * 3, 50_000).total
    fits = most_games([tables] * 3, free)
    assert memory_needed([tables] * 3, fits).total <= free
    assert memory_needed([tables] * 3, fits + 1).total > free
    assert fits >= 50_000


def test_a_run_that_does_not_fit_is_refused_with_its_estimate(tables) -> None:
    need = memory_needed([tables], 1_000_000)
    with pytest.raises(lab.OutOfMemory) as caught:
        lab.check_memory([tables], 1_000_000, free=need.total // 2)
    message = caught.value.message()
    assert "1,000,000 games need about" in message
    assert f"run at most {most_games([tables], need.total // 2):,} games" in message


def test_the_command_refuses_before_it_allocates(monkeypatch, capsys) -> None:
    monkeypatch.setattr(lab, "free_memory", lambda: 10_000_000)  # 10 MB free
    monkeypatch.setattr(lab, "play_rows", lambda *a, **k: pytest.fail("the run started"))
    assert main(["simulate", "germany", "--games", "5000000"]) == 1
    err = capsys.readouterr().err
    assert "5,000,000 games need about" in err and "is free; run at most" in err
    assert "Traceback" not in err
