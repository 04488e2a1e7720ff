"""Playing a report's moments: one engine batch per core.

`engine.counterfactual.what_if_all` plays any set of a game's moments as one
batch: for a whole Germany log, ten moments and 7,638 games by the end.
Where this process may fork (a POSIX system, no other thread running), the
moments are shared out between `WORKERS` processes, each playing its share
as one batch; the shares are made even by the work they hold (games times
the turns left). Measured on this 2-core machine, three runs each: one batch
took 3.7 to 5.0 s, two processes 2.3 to 3.0 s.

A moment's results do not depend on the batch it is played in: its games
meet the same draws in any batch (`what_if_all`), so the sharing changes no
number, and the tests hold it to one batch of everything. Each worker runs
numpy's BLAS with one thread: the engine's matrix products are seven wide,
and two processes whose BLAS threads spun against each other were no faster
than one process.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from threadpoolctl import threadpool_limits

from engine import counterfactual
from engine.orders import Orders
from engine.state import State
from engine.tables import Tables

WORKERS = 2  # the processes that share the batches: this machine's cores

Moment = tuple[int, Sequence[Orders]]  # a turn and its options, the student's own first
Played = list[list[counterfactual.Alternative]]


@dataclass(frozen=True)
class MomentsJob:
    """The moments of one recorded game to play: what `what_if_all` takes."""

    tables: Tables
    openings: Sequence[State]
    orders: Sequence[Orders]
    moments: Sequence[Moment]
    seed: int
    game: int
    games: int  # fresh-luck games per option

    def size(self, k: int) -> int:
        """The games moment `k` adds to a batch: the same luck and fresh luck per option."""
        return len(self.moments[k][1]) * (1 + self.games)

    def cost(self, k: int) -> int:
        """Moment `k`'s games times the turns they play: what its share of the work is."""
        return self.size(k) * max(self.tables.n_turns - self.moments[k][0], 1)

    def play(self, batch: Sequence[int]) -> Played:
        return counterfactual.what_if_all(self.tables, self.openings, self.orders,
                                          [self.moments[k] for k in batch], self.seed,
                                          self.game, self.games)


def shares(job: MomentsJob, parts: int) -> list[list[int]]:
    """The moments in `parts` shares of about the same work, each in the order of its turns:
    the heaviest moment first onto the lightest share. No share is empty."""
    found: list[list[int]] = [[] for _ in range(min(parts, len(job.moments)))]
    work = [0] * len(found)
    for k in sorted(range(len(job.moments)), key=lambda k: -job.cost(k)):
        lightest = work.index(min(work))
        found[lightest].append(k)
        work[lightest] += job.cost(k)
    return [sorted(share, key=lambda k: job.moments[k][0]) for share in found]


def can_fork() -> bool:
    """Whether worker processes may be forked from here: a system that forks, and no other
    thread in this process (a thread's locks would be copied held)."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


_JOB: MomentsJob | None = None  # what a forked worker plays: inherited, never sent


def _play_in_worker(batch: Sequence[int]) -> Played:
    assert _JOB is not None, "a worker is forked after the job is set"
    with threadpool_limits(limits=1, user_api="blas"):
        return _JOB.play(batch)


def play_moments(job: MomentsJob, workers: int = WORKERS) -> Played:
    """Every moment of `job` played, in the order given: shared between `workers` forked
    processes, one batch each (`shares`), where the process may fork; else as one batch."""
    if not job.moments:
        return []
    parts = workers if workers > 1 and len(job.moments) > 1 and can_fork() else 1
    groups = shares(job, parts)
    if parts > 1:
        global _JOB
        _JOB = job
        try:
            with multiprocessing.get_context("fork").Pool(len(groups)) as pool:
                results = pool.map(_play_in_worker, groups, chunksize=1)
        finally:
            _JOB = None
    else:
        results = [job.play(groups[0])]
    played: dict[int, list[counterfactual.Alternative]] = {}
    for group, result in zip(groups, results, strict=True):
        played.update(zip(group, result, strict=True))
    return [played[k] for k in range(len(job.moments))]
