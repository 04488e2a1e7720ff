"""The argument as evidence: the sweep's cells, the properties it must show, and its tables.

The sweep plays the player's policies (never an oracle) in every bundled
scenario at each line's own rigidity and at rigidity 0 to 1, and plays
comply and the two judging policies with rigidity's halves set apart
(binding: what deviation costs; blinding: how doctrine bends the picture).
`checks` turns its rows into verdicts on the properties of issue "The
argument in play" (points 2 to 5 and 9); `markdown` writes the tables of
docs/ARGUMENT.md from the same rows, so the page and the tests read the
same facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.policies import PLAYER_POLICIES, PURE_POLICIES
from engine.simulate import SCORES, Paired, paired_difference
from engine.tables import Settings
from game.files import open_scenario

Row = dict[str, Any]
PLAYERS = tuple(PLAYER_POLICIES)
RIGIDITIES = (0.0, 0.25, 0.5, 0.75, 1.0)
OWN = None  # each line's own rigidity
JUDGES = ("selective", "consult_then_adapt")  # the policies that judge each order
HALVES = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0))  # (binding, blinding)
HALF_POLICIES = ("comply", *JUDGES)
# The targets, as the issue states them.
CLASS_SHARE = 0.05  # an outcome class or goal "reached" by some policy
HISTORY_AT_LEAST = 0.6
BEST_AS_HISTORY_AT_MOST = 0.5
MISFIT_RIGID, MISFIT_LOOSE = 0.25, 0.10
REVISED_AT_LEAST = 0.40
REPEAT_AT_MOST = 0.40


def settings_label(settings: Settings) -> str:
    if settings.binding is not None or settings.blinding is not None:
        return f"binding {settings.binding:g}, blinding {settings.blinding:g}"
    return "own" if settings.rigidity is None else f"r = {settings.rigidity:g}"


def sweep_cells(scenarios: Sequence[str],
                rigidities: Sequence[float | None] = (OWN, *RIGIDITIES),
                halves: bool = True) -> list[tuple[str, Settings, str]]:
    """(scenario, settings, policy) of every cell of the sweep, in a fixed order."""
    cells = []
    for scenario in scenarios:
        for rigidity in rigidities:
            cells += [(scenario, Settings(rigidity=rigidity), p) for p in PLAYERS]
        if halves:
            for binding, blinding in HALVES:
                cells += [(scenario, Settings(binding=binding, blinding=blinding), p)
                          for p in HALF_POLICIES]
    return cells


class Rows:
    """The sweep's rows, looked up by scenario, setting and policy."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = list(rows)
        self.by = {(r["scenario"], r["rigidity"], r["binding"], r["blinding"], r["policy"]): r
                   for r in rows}
        self.scenarios = list(dict.fromkeys(r["scenario"] for r in rows))

    def get(self, scenario: str, policy: str, rigidity: float | None = OWN,
            binding: float | None = None, blinding: float | None = None) -> Row | None:
        return self.by.get((scenario, rigidity, binding, blinding, policy))

    def at(self, scenario: str, policy: str, rigidity: float | None = OWN) -> Row:
        row = self.get(scenario, policy, rigidity)
        if row is None:
            raise KeyError(f"the sweep has no row for {scenario} {policy} at rigidity {rigidity}")
        return row

    def best(self, scenario: str, rigidity: float | None = OWN) -> Row:
        """The player policy with the highest mean score at this rigidity."""
        return max((self.at(scenario, p, rigidity) for p in PLAYERS),
                   key=lambda r: r["score_mean"])

    def rigidities(self, scenario: str) -> list[float]:
        return sorted({r["rigidity"] for r in self.rows if r["scenario"] == scenario
                       and r["rigidity"] is not None and r["binding"] is None})


def paired(first: Row, second: Row) -> Paired:
    """First row's policy minus the second's, game by game: mean score and 95 % interval.

    Both rows need their scores (`keep_scores`), and the same scenario,
    settings, seed and games, or their games would not share their luck.
    """
    same = ("scenario_hash", "rigidity", "binding", "blinding", "seed", "games")
    differ = [key for key in same if first[key] != second[key]]
    if differ:
        raise ValueError(f"the rows are not paired: their {', '.join(differ)} differ")
    if SCORES not in first or SCORES not in second:
        raise ValueError("the rows carry no per-game scores: run them with keep_scores")
    return paired_difference(first[SCORES], second[SCORES])


@dataclass(frozen=True)
class Verdict:
    """One property of one scenario: whether the sweep shows it, and the figures why."""

    scenario: str
    point: str
    passed: bool
    detail: str


def _outcome_ids(scenario: str) -> list[str]:
    return [c.id for c in open_scenario(scenario).outcomes]


def _goal_ids(scenario: str) -> list[str]:
    return [g.id for g in open_scenario(scenario).goals]


def endings(rows: Rows, scenario: str) -> Verdict:
    """Point 2: at least three outcome classes each reached in 5 % of games by some policy."""
    reached = {}
    for cid in _outcome_ids(scenario):
        share, policy = max((rows.at(scenario, p)[f"outcome_{cid}"], p) for p in PLAYERS)
        if share >= CLASS_SHARE:
            reached[cid] = (share, policy)
    detail = ", ".join(f"{cid} {s:.0%} ({p})" for cid, (s, p) in reached.items())
    return Verdict(scenario, "2: three endings reached", len(reached) >= 3, detail)


def history(rows: Rows, scenario: str) -> Verdict:
    """Point 2: the historical policy ends as history in at least 60 % of games."""
    share = rows.at(scenario, "historical")["historical_outcome"]
    return Verdict(scenario, "2: historical policy ends as history", share >= HISTORY_AT_LEAST,
                   f"{share:.0%}")


def best_changes_history(rows: Rows, scenario: str) -> Verdict:
    """Point 2: the best-scoring player policy ends as history in at most half its games."""
    best = rows.best(scenario)
    share = best["historical_outcome"]
    return Verdict(scenario, "2: the best policy changes the ending",
                   share <= BEST_AS_HISTORY_AT_MOST, f"{best['policy']} {share:.0%}")


def goals(rows: Rows, scenario: str) -> Verdict:
    """Point 2: every goal met in at least 5 % of games by some policy."""
    parts, ok = [], True
    for gid in _goal_ids(scenario):
        share, policy = max((rows.at(scenario, p)[f"goal_{gid}"], p) for p in PLAYERS)
        ok &= share >= CLASS_SHARE
        parts.append(f"{gid} {share:.0%} ({policy})")
    return Verdict(scenario, "2: every goal reachable", ok, ", ".join(parts))


def misfits(rows: Rows, scenario: str) -> Verdict:
    """Point 3: under comply, misfit orders at least 25 % at rigidity 1, at most 10 % at 0."""
    rigid = rows.at(scenario, "comply", 1.0)["misfit_share"]
    loose = rows.at(scenario, "comply", 0.0)["misfit_share"]
    return Verdict(scenario, "3: Moscow errs where it matters",
                   rigid >= MISFIT_RIGID and loose <= MISFIT_LOOSE,
                   f"{rigid:.0%} at r = 1, {loose:.0%} at r = 0")


def judging_wins(rows: Rows, scenario: str) -> Verdict:
    """Point 4: at rigidity 1, selective or consult-then-adapt beats comply and adapt."""
    parts, ok = [], False
    for judge in JUDGES:
        row = rows.at(scenario, judge, 1.0)
        vs = [paired(row, rows.at(scenario, other, 1.0)) for other in ("comply", "adapt")]
        ok |= all(p.low > 0 for p in vs)
        parts.append(f"{judge} {vs[0].mean:+.1f} [{vs[0].low:+.1f}] vs comply, "
                     f"{vs[1].mean:+.1f} [{vs[1].low:+.1f}] vs adapt")
    return Verdict(scenario, "4: judging beats obeying and adapting at r = 1", ok,
                   "; ".join(parts))


def lead(rows: Rows, scenario: str, rigidity: float | None) -> float:
    best = rows.best(scenario, rigidity)
    return float(best["score_mean"] - rows.at(scenario, "comply", rigidity)["score_mean"])


def obedience_costs_narrow(rows: Rows, scenario: str) -> Verdict:
    """Point 4: at rigidity 0 the best policy's lead over comply is at most half that at 1."""
    loose, rigid = lead(rows, scenario, 0.0), lead(rows, scenario, 1.0)
    return Verdict(scenario, "4: what obedience costs narrows", loose <= rigid / 2,
                   f"lead {loose:+.1f} at r = 0, {rigid:+.1f} at r = 1")


def advice_is_better(rows: Rows, scenario: str) -> Verdict:
    """Point 4: the best player policy scores higher at rigidity 0 than at 1."""
    loose, rigid = rows.best(scenario, 0.0), rows.best(scenario, 1.0)
    return Verdict(scenario, "4: fewer problems where orders are advice",
                   loose["score_mean"] > rigid["score_mean"],
                   f"{loose['policy']} {loose['score_mean']:.1f} at r = 0, "
                   f"{rigid['policy']} {rigid['score_mean']:.1f} at r = 1")


def no_pure_strategy(rows: Rows, scenario: str) -> Verdict:
    """Point 4: no pure policy best at every rigidity; stall and random best nowhere."""
    best = {x: rows.best(scenario, x)["policy"] for x in rows.rigidities(scenario)}
    always = [p for p in PURE_POLICIES if all(b == p for b in best.values())]
    idle = [p for p in ("stall", "random") if p in best.values()]
    return Verdict(scenario, "4: no pure strategy wins", not always and not idle,
                   ", ".join(f"{x:g}: {p}" for x, p in best.items()))


def consultation_shows(rows: Rows, scenario: str) -> Verdict:
    """Point 5: at rigidity 0.5 or less, a consultation changes a misfit order in 40 % of cases.

    A misfit order is one whose true fit is 0.15 or more below the best the
    line allows, as in point 3.
    """
    shares = {x: rows.at(scenario, "consult_then_adapt", x)["consult_revised_misfit_share"]
              for x in rows.rigidities(scenario) if x <= 0.5}
    # Where no order ever looked wrong enough to ask, there is nothing to count.
    ok = all(s is None or s >= REVISED_AT_LEAST for s in shares.values())
    return Verdict(scenario, "5: consultation changes orders", ok,
                   ", ".join(f"{s:.0%} at r = {x:g}" if s is not None
                             else f"no consultation at r = {x:g}" for x, s in shares.items()))


def turns_change(rows: Rows, scenario: str) -> Verdict:
    """Point 9: under comply, no directive in more than 40 % of a game's turns (mean)."""
    share = rows.at(scenario, "comply")["directive_repeat_max"]
    return Verdict(scenario, "9: turns that change", share <= REPEAT_AT_MOST,
                   f"the commonest order in {share:.0%} of turns")


CHECKS = (endings, history, best_changes_history, goals, misfits, judging_wins,
          obedience_costs_narrow, advice_is_better, no_pure_strategy, consultation_shows,
          turns_change)


def checks(rows: Rows) -> list[Verdict]:
    """Every property for every scenario of the sweep."""
    return [check(rows, scenario) for scenario in rows.scenarios for check in CHECKS]


def halves(rows: Rows, scenario: str) -> dict[tuple[float, float], tuple[str, Paired]]:
    """At each (binding, blinding): the better judge's lead over comply, game by game."""
    out = {}
    for binding, blinding in HALVES:
        comply = rows.get(scenario, "comply", None, binding, blinding)
        if comply is None:
            continue
        judged = []
        for judge in JUDGES:
            row = rows.get(scenario, judge, None, binding, blinding)
            if row is not None:
                judged.append((judge, paired(row, comply)))
        if judged:
            out[(binding, blinding)] = max(judged, key=lambda j: j[1].mean)
    return out


def _ci(p: Paired) -> str:
    return f"{p.mean:+.1f} [{p.low:+.1f}, {p.high:+.1f}]"


def markdown(rows: Rows, games: int, seed: int, seconds: float | None = None) -> str:
    """The tables of docs/ARGUMENT.md, from the sweep's rows."""
    out = [f"Generated by `comintern simulate --sweep --games {games} --seed {seed} "
           f"--markdown docs/ARGUMENT.md`" + (f" in {seconds:.0f} s." if seconds else ".")]
    verdicts = checks(rows)
    out += ["", "### The properties, scenario by scenario", "",
            "| scenario | property | shown | figures |", "|---|---|:-:|---|"]
    out += [f"| {v.scenario} | {v.point} | {'yes' if v.passed else '**no**'} | {v.detail} |"
            for v in verdicts]
    for scenario in rows.scenarios:
        sc = open_scenario(scenario)
        rigs: list[float | None] = [OWN, *rows.rigidities(scenario)]
        head = ["own"] + [f"r = {x:g}" for x in rigs[1:]]
        out += ["", f"### {sc.name}", "", "Mean score (± sd) by policy and rigidity; "
                "\"own\" is each line's own rigidity.", "",
                "| policy | " + " | ".join(head) + " |", "|---|" + "---:|" * len(head)]
        for p in PLAYERS:
            cells = [f"{r['score_mean']:.1f} ± {r['score_sd']:.1f}"
                     for r in (rows.at(scenario, p, x) for x in rigs)]
            out.append(f"| {p} | " + " | ".join(cells) + " |")
        out += ["", "Paired differences of mean score, with 95 % intervals (the same games "
                "under each policy):", "",
                "| rigidity | best policy | best − comply | selective − comply | "
                "selective − adapt | consult_then_adapt − comply |",
                "|---|---|---:|---:|---:|---:|"]
        for x in rigs:
            best = rows.best(scenario, x)
            comply, adapt = rows.at(scenario, "comply", x), rows.at(scenario, "adapt", x)
            sel, cta = rows.at(scenario, "selective", x), rows.at(scenario, "consult_then_adapt", x)
            label = "own" if x is None else f"{x:g}"
            out.append(f"| {label} | {best['policy']} | {_ci(paired(best, comply))} | "
                       f"{_ci(paired(sel, comply))} | {_ci(paired(sel, adapt))} | "
                       f"{_ci(paired(cta, comply))} |")
        ids = _outcome_ids(scenario)
        names = {c.id: c.name for c in sc.outcomes}
        out += ["", "Endings at each line's own rigidity (share of games; history's ending "
                f"is *{names[sc.historical.outcome]}*):", "",
                "| policy | " + " | ".join(names[c] for c in ids) + " |",
                "|---|" + "---:|" * len(ids)]
        for p in PLAYERS:
            row = rows.at(scenario, p)
            out.append(f"| {p} | " + " | ".join(f"{row[f'outcome_{c}']:.0%}" for c in ids)
                       + " |")
        gids = _goal_ids(scenario)
        out += ["", "Goals met at each line's own rigidity:", "",
                "| policy | " + " | ".join(gids) + " |", "|---|" + "---:|" * len(gids)]
        for p in PLAYERS:
            row = rows.at(scenario, p)
            out.append(f"| {p} | " + " | ".join(f"{row[f'goal_{g}']:.0%}" for g in gids) + " |")
    out += ["", "### Binding or blinding: which half of rigidity does the work", "",
            "The better of selective and consult_then_adapt, minus comply, with rigidity's "
            "halves set apart (binding: what deviating costs in trust; blinding: how far "
            "doctrine bends Moscow's picture and choice). Paired, 95 % intervals.", "",
            "| scenario | neither | binding only | blinding only | both |",
            "|---|---:|---:|---:|---:|"]
    for scenario in rows.scenarios:
        got = halves(rows, scenario)
        cells = [f"{_ci(got[h][1])} ({got[h][0]})" if h in got else "-" for h in HALVES]
        out.append(f"| {scenario} | " + " | ".join(cells) + " |")
    out += ["", "### Moscow's orders under comply", "",
            "| scenario | rigidity | orders 0.15 or more below the best fit | commonest order's "
            "share of turns | consultations that changed the next order (consult_then_adapt): "
            "all, about a misfit order |", "|---|---|---:|---:|---:|"]
    for scenario in rows.scenarios:
        for x in (0.0, OWN, 1.0):
            comply, cta = rows.at(scenario, "comply", x), rows.at(scenario, "consult_then_adapt", x)
            revised = [cta["consult_revised_share"], cta["consult_revised_misfit_share"]]
            out.append(f"| {scenario} | {'own' if x is None else f'{x:g}'} | "
                       f"{comply['misfit_share']:.0%} | {comply['directive_repeat_max']:.0%} | "
                       + ", ".join(f"{v:.0%}" if v is not None else "-" for v in revised)
                       + " |")
    return "\n".join(out) + "\n"
