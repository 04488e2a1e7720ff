"""A report's moments shared between processes: the same results as one batch of everything."""

from __future__ import annotations

import threading

import pytest
from debrief_helpers import play

from engine import counterfactual
from game.debrief import batches
from game.debrief.batches import MomentsJob, can_fork, play_moments, shares
from game.logs import played_log


def _job(ident: str, seed: int, games: int) -> MomentsJob:
    opened = played_log(play(ident, seed), "log.json")
    record, tables = opened.session.record, opened.tables
    orders = [t.orders for t in record.turns]
    states = counterfactual.openings(tables, record.seed, record.game, orders)
    found = counterfactual.moments([t.record for t in record.turns])
    options = [(m.turn, counterfactual.alternatives_at(tables, states[m.turn], orders[m.turn]))
               for m in found]
    return MomentsJob(tables, states, orders, options, record.seed, record.game, games)


@pytest.fixture(scope="module")
def job() -> MomentsJob:
    return _job("italy", 3, 12)


def test_shares_hold_every_moment_once_each_in_the_order_of_its_turns(job: MomentsJob) -> None:
    assert len(job.moments) >= 3
    for parts in (1, 2, 3, 50):
        found = shares(job, parts)
        assert sorted(k for share in found for k in share) == list(range(len(job.moments)))
        assert len(found) == min(parts, len(job.moments)) and all(found)
        for share in found:
            assert [job.moments[k][0] for k in share] == sorted(job.moments[k][0] for k in share)


def test_two_shares_hold_about_the_same_work(job: MomentsJob) -> None:
    work = [sum(job.cost(k) for k in share) for share in shares(job, 2)]
    heaviest = max(job.cost(k) for k in range(len(job.moments)))
    assert abs(work[0] - work[1]) <= heaviest


def test_moments_played_in_two_processes_are_those_of_one_batch(job: MomentsJob) -> None:
    assert can_fork()  # the test runs with no other thread
    whole = counterfactual.what_if_all(job.tables, job.openings, job.orders, job.moments,
                                       job.seed, job.game, job.games)
    assert play_moments(job, workers=2) == whole
    assert play_moments(job, workers=1) == whole
    assert [alt[0].chosen for alt in whole] == [True] * len(whole)


def test_with_another_thread_running_the_moments_are_played_here(
        job: MomentsJob, monkeypatch: pytest.MonkeyPatch) -> None:
    forks = []
    monkeypatch.setattr(batches.multiprocessing, "get_context",
                        lambda method: forks.append(method))  # would fail if called
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
        played = play_moments(job, workers=2)
    finally:
        stop.set()
        other.join()
    assert forks == [] and len(played) == len(job.moments)


def test_no_moment_plays_nothing() -> None:
    empty = _job("china", 1, 5)
    assert play_moments(MomentsJob(empty.tables, empty.openings, empty.orders, [], 1, 0, 5)) == []


def test_a_report_starts_its_moments_from_the_replay_s_own_openings(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from debrief_helpers import write_log

    from game.debrief.student import student_report
    from game.logs import open_log
    opened = open_log(str(write_log(play("italy", 5), tmp_path / "italy.json")))

    def again(*_args: object) -> None:
        raise AssertionError("the game was played a second time")
    monkeypatch.setattr(counterfactual, "openings", again)
    report = student_report(opened, games=4)
    assert report.moments and all(m.outlooks for m in report.moments)
