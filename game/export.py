"""A game's log as a spreadsheet: one row of facts per turn.

The columns are made from the typed facts of the record (`engine.facts`),
after the record has been replayed, so nothing a stranger wrote is believed.
Cells a spreadsheet would read as a formula are quoted.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

from engine.facts import Turn
from engine.record import GameRecord
from game.narrate import Names

COLUMNS = (
    "player", "scenario", "seed", "turn", "date", "response", "orders", "forced",
    "directive", "directive_region", "initiative",
    "fit_moscow_believes", "fit_party_sees", "fit_true", "picture_gap",
    "action", "action_region", "chance", "roll", "success", "setback",
    "trust_before", "trust_after", "envoy_arrives", "funds_cut", "leadership_replaced",
    "leak", "ally_turned", "split", "events",
    "members", "cadres", "funds", "unity", "mean_influence", "score", "alive",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet takes for a formula


def picture_gap(entry: Turn) -> float | None:
    """How far Moscow's picture was from the truth: the mean absolute gap over every region
    and condition, at the moment the party chose; none without a directive."""
    gaps = [abs(getattr(seen.moscow_believes, c) - getattr(seen.true, c))
            for seen in entry.seen.values() if seen.moscow_believes is not None
            for c in type(seen.true).model_fields]
    # fsum: the same figure whatever order the regions come in (a log read from its file
    # has them sorted, a game being played in the scenario's order)
    return round(math.fsum(gaps) / len(gaps), 4) if gaps else None


def turn_row(record: GameRecord, k: int, names: Names) -> dict[str, object]:
    """The facts of turn `k` of `record` as one row of `COLUMNS`."""
    entry = record.turns[k]
    e, d, res = entry.record, entry.record.directive, entry.record.resolution
    return {
        "player": record.player, "scenario": record.scenario.id, "seed": record.seed,
        "turn": e.turn + 1, "date": e.date, "response": e.response, "orders": entry.label,
        "forced": e.forced,
        "directive": names.action(d.action) if d.action else "",
        "directive_region": names.place(d.action, d.region) if d.action else "",
        "initiative": d.initiative.id if d.initiative else "",
        "fit_moscow_believes": d.fit_moscow_believes, "fit_party_sees": d.fit_party_sees,
        "fit_true": d.fit_true, "picture_gap": picture_gap(e),
        "action": names.action(res.action) if res else "",
        "action_region": names.place(res.action, res.region) if res else "",
        "chance": res.chance if res else None, "roll": res.roll if res else None,
        "success": res.success if res else None,
        "setback": res.setback.happened if res else None,
        "trust_before": e.centre.trust_before, "trust_after": e.centre.trust_after,
        "envoy_arrives": e.centre.envoy, "funds_cut": e.centre.funds_cut,
        "leadership_replaced": e.centre.leadership_replaced,
        "leak": e.rivals.leak.happened, "ally_turned": e.rivals.ally_turned,
        "split": e.rivals.split, "events": ";".join(ev.id for ev in e.events),
        "members": round(e.party.members), "cadres": round(e.party.cadres),
        "funds": e.party.funds, "unity": e.party.unity,
        "mean_influence": round(math.fsum(r.influence for r in e.regions.values())
                                / max(len(e.regions), 1), 4),
        "score": e.score, "alive": e.alive,
    }


def _cell(value: object) -> object:
    """A value as a spreadsheet should show it: blank for none, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Sequence[dict[str, object]], columns: Sequence[str] = COLUMNS) -> str:
    """`rows` as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in columns})
    return out.getvalue()


def turns_csv(record: GameRecord, names: Names) -> str:
    """One row per turn of a replayed record."""
    return csv_text([turn_row(record, k, names) for k in range(len(record.turns))])
