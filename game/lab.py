"""The `comintern simulate` command: batch runs, the rigidity sweep, and their tables.

Runs the engine's batched games (engine.simulate), in this process or in a
pool of processes, and turns the tidy rows into text tables for the
terminal, CSV and JSON for analysis, and the Markdown tables of
docs/ARGUMENT.md. A row does not depend on the number of processes: each
chunk of games is the same games wherever it is played, and the chunks are
joined in order.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, TextIO

from engine.controls import escape_controls
from engine.simulate import (
    CHUNK,
    SCORES,
    Job,
    MemoryEstimate,
    Progress,
    Tally,
    chunks,
    memory_needed,
    most_games,
    play,
    shifted,
    summarise,
)
from engine.tables import Settings, Tables, compile_scenario
from game import argument, terminal
from game.files import bundled_ids, open_scenario, write_atomic
from game.memory import free_memory

BEGIN, END = "<!-- sweep:begin -->", "<!-- sweep:end -->"
MAX_GAMES = 10_000_000  # per policy and setting: some 1.5 GB of tallies at the end
MAX_WORKERS = 64

Cell = tuple[Tables, str]  # a setting of a scenario, and the policy that plays it


class OutOfMemory(Exception):
    """A run refused before it starts: what it would need, and what there is."""

    def __init__(self, need: MemoryEstimate, free: int, games: int, workers: int,
                 fits: int) -> None:
        self.need, self.free, self.games, self.workers, self.fits = need, free, games, workers, fits
        super().__init__(self.message())

    def message(self) -> str:
        parts = [f"{_gb(self.need.tallies)} for the games' results",
                 f"{_gb(self.need.in_play)} for the games in play"]
        if self.need.processes:
            parts.append(f"{_gb(self.need.processes)} for {self.workers} worker processes")
        advice = (f"run at most {self.fits:,} games" if self.fits else "free some memory")
        if self.workers > 1:
            advice += ", or fewer --workers"
        return (f"{self.games:,} games need about {_gb(self.need.total)} of memory "
                f"({', '.join(parts)}), and about {_gb(self.free)} is free; {advice}")


def _gb(size: int) -> str:
    return f"{size / 1e9:.1f} GB" if size >= 1e8 else f"{size / 1e6:.0f} MB"


class ProgressBar:
    """A one-line bar on a terminal; silent when the stream is not one."""

    def __init__(self, stream: TextIO, label: str, width: int = 30, force: bool = False) -> None:
        self.stream, self.label, self.width = stream, label, width
        self.active = force or stream.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.active or done == self.shown:  # a turn that finished no game draws nothing
            return
        self.shown = done
        filled = round(self.width * done / max(total, 1))
        # The carriage return is the bar's own, so it goes past the escaping stream.
        terminal.raw(self.stream).write(f"\r{escape_controls(self.label)} "
                                        f"[{'#' * filled}{'.' * (self.width - filled)}] "
                                        f"{done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _row(cell: Cell, seed: int, tally: Tally, keep_scores: bool) -> dict[str, Any]:
    tables, policy = cell
    row = summarise(tables, policy, seed, tally)
    if keep_scores:
        row[SCORES] = tally.score
    return row


def play_rows(cells: Sequence[Cell], seed: int, games: int, workers: int = 1,
              chunk: int = CHUNK, progress: Progress | None = None,
              keep_scores: bool = False) -> list[dict[str, Any]]:
    """One summary row per cell: `games` games of `seed` in each, here or in `workers` processes.

    A cell's tally is summarised as soon as its last chunk is in, and let
    go, so a run holds the games of a few cells at a time (see
    `memory_needed`). With `keep_scores` each row also holds its games'
    scores under `SCORES` (see `paired`). `progress` counts games over all
    cells.
    """
    if workers == 1:
        return [_row(cell, seed, play(*cell, seed, games, chunk,
                                      shifted(progress, k * games, games * len(cells))
                                      if progress else None), keep_scores)
                for k, cell in enumerate(cells)]
    # Smaller chunks when there are few games, so that every process has work.
    spans = chunks(games, min(chunk, -(-games // workers)))
    parts: dict[int, dict[int, Tally]] = {c: {} for c in range(len(cells))}
    rows: dict[int, dict[str, Any]] = {}
    # spawn: the same start on every system, and safe in a process that has threads
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures: dict[Future[Tally], tuple[int, int]] = {}
        for c, (tables, policy) in enumerate(cells):
            job = Job(tables.scenario, tables.settings, policy, seed)
            for k, (first, n) in enumerate(spans):
                futures[pool.submit(job, first, n)] = (c, k)
        done = 0
        try:
            for future in as_completed(futures):
                c, k = futures.pop(future)
                parts[c][k] = future.result()
                if len(parts[c]) == len(spans):
                    whole = Tally.join([parts[c][j] for j in range(len(spans))])
                    rows[c] = _row(cells[c], seed, whole, keep_scores)
                    del parts[c], whole
                done += spans[k][1]
                if progress:
                    progress(done, games * len(cells))
        except BaseException:
            pool.shutdown(cancel_futures=True)  # a failed or interrupted run stops at once
            raise
    return [rows[c] for c in range(len(cells))]


def check_memory(tables: Sequence[Tables], games: int, workers: int = 1,
                 keep_scores: bool = False, free: int | None = None) -> MemoryEstimate:
    """The run's estimate; `OutOfMemory` if it needs more than is `free` (default: the system's)."""
    need = memory_needed(tables, games, workers, keep_scores=keep_scores)
    free = free_memory() if free is None else free
    if free is not None and need.total > free:
        raise OutOfMemory(need, free, games, workers,
                          most_games(tables, free, workers, keep_scores=keep_scores))
    return need


def _rows(cells: Sequence[Cell], seed: int, games: int, workers: int, progress: Progress | None,
          keep_scores: bool) -> list[dict[str, Any]]:
    check_memory([t for t, _ in cells], games, workers, keep_scores)
    return play_rows(cells, seed, games, workers, progress=progress, keep_scores=keep_scores)


def run(scenario: str, policies: Sequence[str], settings: Settings, seed: int, games: int,
        progress: Progress | None = None, stream: TextIO | None = None, workers: int = 1,
        keep_scores: bool = False) -> list[dict[str, Any]]:
    """One summary row per policy for one scenario and setting.

    With `keep_scores` each row also holds its games' scores under `SCORES`
    (see `paired`).
    """
    tables = compile_scenario(open_scenario(scenario), settings)
    bar = progress or ProgressBar(stream or sys.stderr, f"{scenario} {len(policies)} policies")
    return _rows([(tables, policy) for policy in policies], seed, games, workers, bar,
                 keep_scores)


def sweep(games: int, seed: int, scenarios: Sequence[str] | None = None,
          stream: TextIO | None = None, workers: int = 1,
          rigidities: Sequence[float | None] = (argument.OWN, *argument.RIGIDITIES),
          halves: bool = True) -> list[dict[str, Any]]:
    """The Argument lab's sweep (`game.argument.sweep_cells`), with per-game scores kept.

    Every player policy in every scenario at each line's own rigidity and at
    rigidity 0 to 1, and the judging policies with rigidity's halves apart.
    """
    cells: list[Cell] = []
    compiled: dict[tuple[str, Settings], Tables] = {}
    for scenario, settings, policy in argument.sweep_cells(scenarios or bundled_ids(),
                                                           rigidities, halves):
        if (scenario, settings) not in compiled:
            compiled[(scenario, settings)] = compile_scenario(open_scenario(scenario), settings)
        cells.append((compiled[(scenario, settings)], policy))
    bar = ProgressBar(stream or sys.stderr, f"sweep of {len(cells)} cells")
    return _rows(cells, seed, games, workers, bar, keep_scores=True)


def _pm(row: dict[str, Any], name: str, fmt: str = ".1f") -> str:
    return f"{row[f'{name}_mean']:{fmt}} ± {row[f'{name}_sd']:{fmt}}"


def text_table(rows: Iterable[dict[str, Any]]) -> str:
    """The terminal table: one line per row, the spreads as mean ± sd and p10-p90."""
    head = (f"{'policy':<19}{'survive':>8}{'as hist.':>9}{'score':>14}{'members (p10-p90)':>27}"
            f"{'influence':>11}{'organis.':>10}{'setbacks':>10}{'envoys':>8}")
    lines = [head, "-" * len(head)]
    for r in rows:
        members = (f"{r['members_mean']:,.0f} ({r['members_p10']:,.0f}-"
                   f"{r['members_p90']:,.0f})")
        lines.append(f"{r['policy']:<19}{r['survival']:>8.0%}{r['historical_outcome']:>9.0%}"
                     f"{_pm(r, 'score'):>14}{members:>27}{r['influence_mean']:>11.3f}"
                     f"{r['organisation_mean']:>10.3f}{r['setbacks_mean']:>10.1f}"
                     f"{r['envoys_mean']:>8.1f}")
    lines += ["", "end states (share of games):"]
    for r in rows:
        states = sorted(((v, k.removeprefix("outcome_")) for k, v in r.items()
                         if k.startswith("outcome_") and v > 0), reverse=True)
        lines.append(f"  {r['policy']:<19}" + ", ".join(f"{name} {share:.0%}"
                                                       for share, name in states))
    return "\n".join(lines)


def _tidy(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as written: without the per-game scores, which are for computing."""
    return [{k: v for k, v in r.items() if k != SCORES} for r in rows]


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as CSV: every column any row has; an empty cell for None."""
    columns: list[str] = []
    tidy = _tidy(rows)
    for r in tidy:
        columns += [k for k in r if k not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(tidy)
    return out.getvalue()


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as JSON, keys sorted; null for None."""
    return json.dumps(_tidy(rows), indent=1, sort_keys=True) + "\n"


def markdown_tables(rows: Sequence[dict[str, Any]], games: int, seed: int,
                    seconds: float | None = None) -> str:
    """The sweep as the Markdown tables of docs/ARGUMENT.md (`game.argument.markdown`)."""
    return argument.markdown(argument.Rows(rows), games, seed, seconds)


def write_markdown(path: Path, tables: str) -> None:
    """Put the tables between the sweep markers of `path`, keeping the prose around them."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text += f"\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    write_atomic(path, f"{head}{BEGIN}\n{tables}{END}{tail}")


def timed_sweep(games: int, seed: int, scenarios: Sequence[str] | None = None,
                stream: TextIO | None = None, workers: int = 1
                ) -> tuple[list[dict[str, Any]], float]:
    """The sweep, and how many seconds it took."""
    start = time.perf_counter()  # the clock belongs to the front end, not the engine
    rows = sweep(games, seed, scenarios, stream, workers)
    return rows, time.perf_counter() - start
