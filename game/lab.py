"""The `comintern simulate` command: batch runs, the rigidity sweep, and their tables.

Runs the engine's batched games (engine.simulate) and turns the tidy rows
into text tables for the terminal, CSV and JSON for analysis, and the
Markdown tables of docs/ARGUMENT.md.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from engine.policies import POLICIES
from engine.simulate import Progress, simulate
from engine.tables import Settings, compile_scenario
from game.files import bundled_ids, open_scenario, write_atomic

SWEEP_RIGIDITIES = (0.0, 0.25, 0.5, 0.75, 1.0)
BEGIN, END = "<!-- sweep:begin -->", "<!-- sweep:end -->"


class ProgressBar:
    """A one-line bar on a terminal; silent when the stream is not one."""

    def __init__(self, stream: TextIO, label: str, width: int = 30, force: bool = False) -> None:
        self.stream, self.label, self.width = stream, label, width
        self.active = force or stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.active:
            return
        filled = round(self.width * done / max(total, 1))
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
                          f"{done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(scenario: str, policies: Sequence[str], rigidity: float | None, seed: int, games: int,
        progress: Progress | None = None, stream: TextIO | None = None) -> list[dict[str, Any]]:
    """One summary row per policy for one scenario and setting."""
    tables = compile_scenario(open_scenario(scenario), Settings(rigidity=rigidity))
    rows = []
    for policy in policies:
        bar = progress or ProgressBar(stream or sys.stderr, f"{scenario} {policy:<18}")
        rows.append(simulate(tables, policy, seed, games, bar))
    return rows


def sweep(games: int, seed: int, scenarios: Sequence[str] | None = None,
          stream: TextIO | None = None) -> list[dict[str, Any]]:
    """Every policy at every sweep rigidity in every scenario: the Argument lab's table.

    The historical policy also plays under each line's own rigidity (rigidity
    None in its row): history as it was, the test of the first property.
    """
    rows = []
    for scenario in scenarios or bundled_ids():
        for rigidity in (*SWEEP_RIGIDITIES, None):
            tables = compile_scenario(open_scenario(scenario), Settings(rigidity=rigidity))
            for policy in POLICIES if rigidity is not None else ["historical"]:
                label = "lines" if rigidity is None else f"{rigidity:.2f}"
                bar = ProgressBar(stream or sys.stderr, f"{scenario} r={label} {policy:<18}")
                rows.append(simulate(tables, policy, seed, games, bar))
    return rows


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


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    columns: list[str] = []
    for r in rows:
        columns += [k for k in r if k not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=1, sort_keys=True) + "\n"


def markdown_tables(rows: Sequence[dict[str, Any]], games: int, seed: int,
                    seconds: float | None = None) -> str:
    """The sweep as Markdown: per scenario, mean score by policy and rigidity; then the checks."""
    out = [f"Generated by `comintern simulate --sweep --games {games} --seed {seed} --markdown "
           f"docs/ARGUMENT.md`" + (f" in {seconds:.0f} s." if seconds else ".")]
    scenarios = list(dict.fromkeys(r["scenario"] for r in rows))
    rigidities = sorted({r["rigidity"] for r in rows if r["rigidity"] is not None})
    policies = list(dict.fromkeys(r["policy"] for r in rows))
    by = {(r["scenario"], r["policy"], r["rigidity"]): r for r in rows}
    for scenario in scenarios:
        name = open_scenario(scenario).name
        out += ["", f"### {name}: mean score (± sd) by policy and rigidity", "",
                "| policy | " + " | ".join(f"r = {x:g}" for x in rigidities) + " |",
                "|---|" + "---:|" * len(rigidities)]
        for policy in policies:
            cells = [_pm(by[(scenario, policy, x)], "score") for x in rigidities]
            out.append(f"| {policy} | " + " | ".join(cells) + " |")
    out += ["", "### Consult-then-adapt minus always-comply, mean score", "",
            "| scenario | " + " | ".join(f"r = {x:g}" for x in rigidities) + " |",
            "|---|" + "---:|" * len(rigidities)]
    for scenario in scenarios:
        gaps = [by[(scenario, "consult_then_adapt", x)]["score_mean"]
                - by[(scenario, "comply", x)]["score_mean"] for x in rigidities]
        out.append(f"| {scenario} | " + " | ".join(f"{g:+.1f}" for g in gaps) + " |")
    out += ["", "### The historical policy: share of games ending as in history", "",
            "| scenario | each line's own rigidity | "
            + " | ".join(f"r = {x:g}" for x in rigidities) + " |",
            "|---|---:|" + "---:|" * len(rigidities)]
    for scenario in scenarios:
        own = by.get((scenario, "historical", None))
        shares = [by[(scenario, "historical", x)]["historical_outcome"] for x in rigidities]
        first = f"**{own['historical_outcome']:.0%}**" if own else "-"
        out.append(f"| {scenario} | {first} | " + " | ".join(f"{s:.0%}" for s in shares) + " |")
    return "\n".join(out) + "\n"


def write_markdown(path: Path, tables: str) -> None:
    """Put the tables between the sweep markers of `path`, keeping the prose around them."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text += f"\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    write_atomic(path, f"{head}{BEGIN}\n{tables}{END}{tail}")


def timed_sweep(games: int, seed: int, scenarios: Sequence[str] | None = None,
                stream: TextIO | None = None) -> tuple[list[dict[str, Any]], float]:
    start = time.perf_counter()  # the clock belongs to the front end, not the engine
    rows = sweep(games, seed, scenarios, stream)
    return rows, time.perf_counter() - start
