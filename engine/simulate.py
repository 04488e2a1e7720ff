"""Many games at once: run a policy over batches of games and summarise them as tidy rows.

Pure. A run plays its games in chunks of at most `CHUNK` games; game *i*
of a run is the same game whichever chunk holds it, because `new_game`
keys it by its index, so a row never depends on the chunk size or on how
many processes shared the chunks. Of each game only what its row needs is
kept (a `Tally`: some 80 bytes a game), so the memory of a run is one
chunk's states plus that. A row carries everything needed to reproduce it
(scenario and its hash, policy, settings, seed, number of games) beside
the statistics, so a table of rows is its own record. The same engine
plays these games as a single player's: there is no separate fast path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.game import TurnArrays, arriving_slot, new_game, step
from engine.loader import content_hash
from engine.model import Scenario
from engine.orders import CONSULT
from engine.outcomes import categories, scores
from engine.policies import POLICIES, Policy, best_in_line, directive_fit
from engine.quantities import holds
from engine.state import State
from engine.tables import Settings, Tables, compile_scenario

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
BoolA = NDArray[np.bool_]

CHUNK = 5000  # games stepped together: big enough to vectorise, small enough for any machine
# A directive this far below the best the line allows, by true fit, is a misfit.
# Fixed here rather than taken from a policy, so the column means the same
# whatever the policies compare against.
MISFIT = 0.15
SCORES = "per_game_scores"  # the row key of `simulate(keep_scores=True)`; writers leave it out

Progress = Callable[[int, int], None]  # (games done, games in all)
Watch = Callable[[TurnArrays], None]


def run_batch(tables: Tables, policy: Policy, seed: int, games: int, first_game: int = 0,
              watch: Watch | None = None) -> State:
    """Play games first_game .. first_game + games - 1 of `seed` to the end; the final states.

    `watch` sees every turn's record, for counts the final state does not keep.
    """
    state = new_game(tables, seed, games, first_game)
    while state.turn < tables.n_turns and state.alive.any():
        state, record = step(tables, state, policy(tables, state))
        if watch:
            watch(record)
    return state


class _Directives:
    """Counts over one batch's turns: the directives that arrived and what consulting changed.

    Reads the truth (`best_in_line`), which is right for a measurement and
    wrong for a policy.
    """

    def __init__(self, tables: Tables, games: int) -> None:
        self.tables = tables
        self.arrived = np.zeros((games, len(tables.actions) * len(tables.regions)), np.int64)
        self.turns = np.zeros(games, np.int64)  # turns each game played alive
        self.directives = self.misfits = self.consults = self.revised = 0
        self.misfit_consults = self.misfit_revised = 0  # about orders that truly misfit
        self.fired = np.zeros((games, len(tables.events)), np.int32)  # times each event fired

    def __call__(self, record: TurnArrays) -> None:
        t, before, after = self.tables, record.before, record.after
        live = before.alive
        sent = live & (record.directive_action >= 0)  # before the Centre exists none arrives
        _, _, best = best_in_line(t, before)
        misfit = directive_fit(t, before) <= best - MISFIT
        self.turns += live
        self.fired += before.fired_now & live[:, None]
        self.directives += int(sent.sum())
        self.misfits += int((sent & misfit).sum())
        which = record.directive_action * len(t.regions) + record.directive_region
        self.arrived[np.flatnonzero(sent), which[sent]] += 1
        if after.turn < t.n_turns:
            asked = live & (record.response == CONSULT) & after.alive
            slot = arriving_slot(t, after.turn)
            revised = ((after.directive_action[:, slot] != record.directive_action)
                       | (after.directive_region[:, slot] != record.directive_region))
            self.consults += int(asked.sum())
            self.revised += int((asked & revised).sum())
            self.misfit_consults += int((asked & misfit).sum())
            self.misfit_revised += int((asked & misfit & revised).sum())


RUN_TOTALS = ("event_games", "event_fires")  # Tally arrays summed over a run, not per game


@dataclass(frozen=True)
class Tally:
    """What a run keeps of its games: what its row summarises, and no more.

    Per game (B,) the end quantities, the outcome category and the goals met
    (B, G); then counts over every turn the games played.
    """

    score: F64
    members: F64
    influence: F64
    organisation: F64
    setbacks: F64
    envoys: F64
    trust: F64
    alive: BoolA
    category: I64
    goals: BoolA
    repeat_max: F64  # the largest share of a game's turns that one directive arrived in
    directives: int  # directives that reached live games
    misfits: int  # of which were misfits (`MISFIT`)
    consults: int  # consultations in games that went on
    revised: int  # of which were followed by a different directive
    misfit_consults: int  # consultations about a misfit order (`MISFIT`, by the truth)
    misfit_revised: int  # of which were followed by a different directive
    event_games: I64  # (E,) over the run: games in which each event fired at least once
    event_fires: I64  # (E,) over the run: the times each event fired

    @property
    def size(self) -> int:
        return int(self.score.shape[0])

    @staticmethod
    def join(parts: Sequence[Tally]) -> Tally:
        """The tallies of consecutive chunks, in order, as one."""
        joined: dict[str, Any] = {}
        for f in fields(Tally):
            values = [getattr(p, f.name) for p in parts]
            per_game = isinstance(values[0], np.ndarray) and f.name not in RUN_TOTALS
            joined[f.name] = np.concatenate(values) if per_game else sum(values)
        return Tally(**joined)


def _tally(tables: Tables, state: State, seen: _Directives) -> Tally:
    met = [holds(state, goal.when, tables.regions) for goal in tables.scenario.goals]
    goals = np.stack(met, axis=1) if met else np.zeros((state.size, 0), dtype=bool)
    return Tally(
        score=scores(tables, state), members=state.members.copy(),
        influence=state.influence.mean(axis=1), organisation=state.organisation.mean(axis=1),
        setbacks=state.setbacks.astype(np.float64), envoys=state.envoys.astype(np.float64),
        trust=state.trust.copy(), alive=state.alive.copy(), category=categories(tables, state),
        goals=goals, repeat_max=seen.arrived.max(axis=1) / np.maximum(seen.turns, 1),
        directives=seen.directives, misfits=seen.misfits, consults=seen.consults,
        revised=seen.revised, misfit_consults=seen.misfit_consults,
        misfit_revised=seen.misfit_revised,
        event_games=(seen.fired > 0).sum(axis=0, dtype=np.int64),
        event_fires=seen.fired.sum(axis=0, dtype=np.int64))


def shifted(progress: Progress, offset: int, total: int) -> Progress:
    """`progress` for a part of a run: the part's games done, counted in the whole run."""
    return lambda done, _: progress(offset + done, total)


def play_chunk(tables: Tables, policy: str, seed: int, first_game: int, games: int,
               progress: Progress | None = None) -> Tally:
    """Games first_game .. first_game + games - 1 under `policy` (a name from `POLICIES`).

    `progress` hears after each turn how many of these games the turns played stand for.
    """
    seen = _Directives(tables, games)

    def watch(record: TurnArrays) -> None:
        seen(record)
        if progress:
            progress(games * record.after.turn // tables.n_turns, games)

    return _tally(tables, run_batch(tables, POLICIES[policy], seed, games, first_game, watch),
                  seen)


def chunks(games: int, chunk: int = CHUNK) -> list[tuple[int, int]]:
    """(first game, number of games) of each chunk of a run."""
    return [(first, min(chunk, games - first)) for first in range(0, games, chunk)]


def play(tables: Tables, policy: str, seed: int, games: int, chunk: int = CHUNK,
         progress: Progress | None = None) -> Tally:
    """All `games` games of `seed` under `policy`, chunk after chunk, as one tally."""
    parts = []
    for first, n in chunks(games, chunk):
        parts.append(play_chunk(tables, policy, seed, first, n,
                                shifted(progress, first, games) if progress else None))
        if progress:  # a chunk whose parties all died early ends before its last turn
            progress(first + n, games)
    return Tally.join(parts)


@dataclass(frozen=True)
class Job:
    """One policy's run, as another process receives it: data to pickle, no numpy state.

    The tables are compiled again on the other side: a millisecond, and the
    same tables, since compiling is deterministic.
    """

    scenario: Scenario
    settings: Settings
    policy: str
    seed: int

    def __call__(self, first_game: int, games: int) -> Tally:
        return play_chunk(compile_scenario(self.scenario, self.settings), self.policy,
                          self.seed, first_game, games)


# Measured: a chunk's peak, its states, step temporaries and counts, is 4 to 5
# times the bytes of its games' state; a worker process starts at about 200 MB.
STEP_FACTOR = 5
PROCESS_BYTES = 200_000_000


@dataclass(frozen=True)
class MemoryEstimate:
    """What a run of the lab needs at its peak, in bytes, by what holds it."""

    tallies: int  # the per-game results of the cells being finished, and scores kept
    in_play: int  # the chunks of games being stepped, over every process
    processes: int  # the worker processes themselves

    @property
    def total(self) -> int:
        return self.tallies + self.in_play + self.processes


def memory_needed(tables: Sequence[Tables], games: int, workers: int = 1, chunk: int = CHUNK,
                  keep_scores: bool = False) -> MemoryEstimate:
    """The peak memory of `games` games in each cell of `tables`, before any is allocated.

    A cell's tally is held twice while its chunks are joined; with workers
    the chunks of up to `workers + 1` cells can be in flight at once. Scores
    kept for paired comparisons stay to the end.
    """
    return _Sizes.of(tables).estimate(games, workers, chunk, keep_scores)


def most_games(tables: Sequence[Tables], free: int, workers: int = 1, chunk: int = CHUNK,
               keep_scores: bool = False) -> int:
    """The largest number of games per cell whose run fits in `free` bytes (0 if none)."""
    sizes, low, high = _Sizes.of(tables), 0, 1
    while sizes.estimate(high, workers, chunk, keep_scores).total <= free and high < 2**40:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if sizes.estimate(middle, workers, chunk, keep_scores).total <= free:
            low = middle
        else:
            high = middle
    return low


@dataclass(frozen=True)
class _Sizes:
    """Bytes per game of each cell's tally, and of the largest state, measured once."""

    tally: list[int]
    state: int

    @classmethod
    def of(cls, tables: Sequence[Tables]) -> _Sizes:
        unique = {id(t): t for t in tables}  # the cells of a sweep share their tables
        tally = {key: _tally_bytes(t) for key, t in unique.items()}
        return cls([tally[id(t)] for t in tables], max(_state_bytes(t) for t in unique.values()))

    def estimate(self, games: int, workers: int, chunk: int, keep_scores: bool) -> MemoryEstimate:
        in_flight = 1 if workers == 1 else min(len(self.tally), workers + 1)
        tallies = 2 * games * sum(sorted(self.tally)[-in_flight:])
        if keep_scores:
            tallies += 8 * games * len(self.tally)
        span = max(min(chunk, games if workers == 1 else -(-games // workers)), 1)
        stepped = min(workers, -(-games // span) * len(self.tally))
        return MemoryEstimate(tallies=tallies, in_play=stepped * span * self.state * STEP_FACTOR,
                              processes=PROCESS_BYTES * workers if workers > 1 else 0)


def _state_bytes(tables: Tables) -> int:
    state = new_game(tables, 0, 1)
    return sum(getattr(state, f.name).nbytes for f in fields(state)
               if isinstance(getattr(state, f.name), np.ndarray))


def _tally_bytes(tables: Tables) -> int:
    tally = _tally(tables, new_game(tables, 0, 1), _Directives(tables, 1))
    return sum(getattr(tally, f.name).nbytes for f in fields(tally)
               if isinstance(getattr(tally, f.name), np.ndarray) and f.name not in RUN_TOTALS)


def _spread(values: F64) -> dict[str, float]:
    return {"mean": float(values.mean()), "sd": float(values.std()),
            "p10": float(np.percentile(values, 10)), "p90": float(np.percentile(values, 90))}


def summarise(tables: Tables, policy: str, seed: int, tally: Tally) -> dict[str, Any]:
    """One tidy row: the parameters of the run and the statistics of its games."""
    sc, settings = tables.scenario, tables.settings
    historical = [c.id for c in sc.outcomes].index(sc.historical.outcome)
    row: dict[str, Any] = {
        "scenario": sc.id, "scenario_hash": content_hash(sc), "policy": policy,
        "rigidity": settings.rigidity, "binding": settings.binding,
        "blinding": settings.blinding, "seed": seed, "games": tally.size,
        "survival": float(tally.alive.mean()),
        "historical_outcome": float((tally.category == historical).mean()),
    }
    stats = {"score": tally.score, "members": tally.members, "influence": tally.influence,
             "organisation": tally.organisation, "setbacks": tally.setbacks,
             "envoys": tally.envoys, "trust": tally.trust}
    for name, values in stats.items():
        for stat, number in _spread(values).items():
            row[f"{name}_{stat}"] = round(number, 4)
    for k, category in enumerate(sc.outcomes):
        row[f"outcome_{category.id}"] = float((tally.category == k).mean())
    for k, goal in enumerate(sc.goals):
        row[f"goal_{goal.id}"] = float(tally.goals[:, k].mean())
    row["misfit_share"] = tally.misfits / tally.directives if tally.directives else None
    row["consult_revised_share"] = tally.revised / tally.consults if tally.consults else None
    row["consult_revised_misfit_share"] = (tally.misfit_revised / tally.misfit_consults
                                           if tally.misfit_consults else None)
    row["directive_repeat_max"] = round(float(tally.repeat_max.mean()), 4)
    for k, event in enumerate(sc.events):
        row[f"event_{event.id}"] = float(tally.event_games[k] / tally.size)
        row[f"event_{event.id}_per_game"] = round(float(tally.event_fires[k] / tally.size), 4)
    return row


def simulate(tables: Tables, policy: str, seed: int, games: int,
             progress: Progress | None = None, chunk: int = CHUNK,
             keep_scores: bool = False) -> dict[str, Any]:
    """Run `policy` (a name from `POLICIES`) and return its summary row.

    With `keep_scores` the row also holds each game's score under `SCORES`,
    for paired comparisons (`paired_difference`); the writers leave it out.
    """
    tally = play(tables, policy, seed, games, chunk, progress)
    row = summarise(tables, policy, seed, tally)
    if keep_scores:
        row[SCORES] = tally.score
    return row


@dataclass(frozen=True)
class Paired:
    """The mean of a per-game difference and its 95 % interval (normal approximation)."""

    mean: float
    low: float
    high: float
    games: int


def paired_difference(a: Sequence[float] | F64, b: Sequence[float] | F64) -> Paired:
    """Mean of a - b over games of the same seed and index, with its 95 % interval.

    Game *i* has the same luck under every policy (its draws are keyed by
    game, turn and purpose), so the difference game by game removes the
    luck the two runs share: the interval is far narrower than that of two
    independent means.
    """
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError("paired scores need two equal runs of at least 2 games each")
    diff = x - y
    mean = float(diff.mean())
    half = 1.96 * float(diff.std(ddof=1)) / float(np.sqrt(diff.size))
    return Paired(mean=mean, low=mean - half, high=mean + half, games=int(diff.size))
