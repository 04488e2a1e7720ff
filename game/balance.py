"""`comintern simulate FILE --report`: a scenario's shape at a glance, for its author.

Made from the lab's rows (one per player policy): how often each event
fires, each goal is met and each outcome is reached, and the spread of the
score, with a flag on what is almost never or almost always true under
every policy. Words only; the numbers come from `engine.simulate`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from engine.model import Event, Scenario

RARE, COMMON = 0.02, 0.98  # "almost never" and "almost always": shares of games
NAME = 28  # characters of a name in the first column: the table fits 80 columns
WIDTH = 79  # the report fits a terminal of 80 columns
COLUMN = 6  # characters of a share; policies are numbered, with a legend


def _certain(event: Event) -> bool:
    """A dated event without chance or condition fires in every game by design: no flag."""
    return event.date is not None and not event.when and event.chance >= 1.0


def _flag(shares: Sequence[float]) -> str:
    if all(s <= RARE for s in shares):
        return "almost never"
    if all(s >= COMMON for s in shares):
        return "almost always"
    return ""


def _cut(text: str) -> str:
    return text if len(text) <= NAME else text[:NAME - 1] + "…"


def _block(title: str, kind: str, items: list[tuple[str, str, list[float], bool]],
           policies: int) -> tuple[list[str], list[str]]:
    """A table of shares (one column per policy, by number) and the flags it raises."""
    lines = [title, f"  {'':<{NAME}}" + "".join(f"{k:>{COLUMN}}" for k in range(1, policies + 1))]
    flags = []
    for ident, name, shares, flaggable in items:
        flag = _flag(shares) if flaggable else ""
        lines.append(f"  {_cut(name):<{NAME}}" + "".join(f"{s:>{COLUMN}.0%}" for s in shares)
                     + (" !" if flag else ""))
        if flag:
            flags.append(f"{kind} {ident} is {flag} true ({min(shares):.0%} to "
                         f"{max(shares):.0%} of games under every policy)")
    return lines, flags


def balance_report(scenario: Scenario, rows: Sequence[dict[str, Any]], games: int,
                   seed: int) -> str:
    """The report for `scenario` from one row per policy of `games` games of `seed`."""
    policies = [r["policy"] for r in rows]
    lines = [textwrap.fill(f"Balance of {scenario.name} ({scenario.id}): {games:,} games under "
                           f"each of {len(rows)} player policies, seed {seed}", WIDTH),
             textwrap.fill("Policies: " + ", ".join(f"{k} {p}" for k, p in enumerate(policies, 1)),
                           WIDTH, subsequent_indent="  "), ""]
    flags: list[str] = []
    sections: list[tuple[str, str, list[tuple[str, str, list[float], bool]]]] = [
        ("Outcomes (share of games)", "outcome",
         [(c.id, c.name, [r[f"outcome_{c.id}"] for r in rows], True) for c in scenario.outcomes]),
        ("Goals (share of games that meet them)", "goal",
         [(g.id, g.text, [r[f"goal_{g.id}"] for r in rows], True) for g in scenario.goals]),
        ("Events (share of games in which they fire)", "event",
         [(e.id, e.title, [r[f"event_{e.id}"] for r in rows], not _certain(e))
          for e in scenario.events]),
    ]
    for title, kind, items in sections:
        block, raised = _block(title, kind, items, len(policies))
        lines += [*block, ""]
        flags += raised
    lines.append("Score (mean, and the 10th to 90th percentile)")
    for r in rows:
        lines.append(f"  {r['policy']:<{NAME}}{r['score_mean']:>7.1f}   "
                     f"{r['score_p10']:.1f} to {r['score_p90']:.1f}")
    lines += ["", textwrap.fill("Flags (!), under every policy; dated events that fire in "
                                "every game by design are not flagged:", WIDTH)]
    flags = flags or ["none: every outcome, goal and event is sometimes true and sometimes not"]
    lines += [textwrap.fill(flag, WIDTH, initial_indent="  ", subsequent_indent="    ")
              for flag in flags]
    return "\n".join(lines)
