"""The Centre: its picture of a country, and the directive it chooses from that picture.

Pure. The picture mixes the party's report, late by the courier lag, with
the doctrinal template of the current line; the mix leans to doctrine as
doctrine and rigidity rise. A consultation sends a fresh report that
counts for more the less rigid the Centre is. The Centre then scores every
action its line allows, in every region, *in its picture* — that score
table is what a student reads as the Centre's reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from engine.mechanics import fit_table
from engine.tables import Tables

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def report_weight(tables: Tables, turn: int, consulted: NDArray[np.bool_]) -> F64:
    """How much the report counts against doctrine in the picture, per game (B,)."""
    line = tables.line_of_turn[turn]
    rig = tables.rigidity[line]
    weight = np.full(consulted.shape, 1.0 - tables.scenario.centre.doctrine * rig)
    gain = tables.scenario.rules.party.consult_gain * (1.0 - rig)
    result: F64 = np.where(consulted, weight + (1.0 - weight) * gain, weight)
    return result


def picture(tables: Tables, turn: int, reported: F64, consulted: NDArray[np.bool_]) -> F64:
    """The Centre's picture (B, R, C): the report bent toward the line's template."""
    w = report_weight(tables, turn, consulted)[:, None, None]
    template = tables.template[tables.line_of_turn[turn]][None, None, :]
    result: F64 = w * reported + (1.0 - w) * template
    return result


@dataclass(frozen=True)
class Scores:
    """How every candidate directive looks to the Centre, each (B, A, R)."""

    fit: F64  # fit in the Centre's picture
    preference: F64  # the line's preference, times rigidity
    doctrine: F64  # bonus for actions of the Russian template, times doctrine and rigidity
    allowed: NDArray[np.bool_]  # (A,) the line allows it

    @property
    def total(self) -> F64:
        result: F64 = np.where(self.allowed[None, :, None],
                               self.fit + self.preference + self.doctrine, -np.inf)
        return result


def score(tables: Tables, turn: int, pic: F64, influence: F64, organisation: F64) -> Scores:
    """Score every action and region in the Centre's picture under the line of `turn`."""
    line = tables.line_of_turn[turn]
    fit = fit_table(tables, pic, influence, organisation)
    shape = fit.shape
    rig = float(tables.rigidity[line])
    doctrine = tables.scenario.centre.doctrine * rig * tables.doctrinal
    return Scores(
        fit=fit,
        preference=np.broadcast_to(rig * tables.prefers[line][None, :, None], shape),
        doctrine=np.broadcast_to(doctrine[None, :, None], shape),
        allowed=tables.allowed[line] & (turn < tables.trust_rule_turn),
    )


def choose(tables: Tables, scores: Scores) -> tuple[I64, I64]:
    """The directive with the best score: (action, region) per game; ties go to the first."""
    total = scores.total
    n_regions = total.shape[2]
    best = total.reshape(total.shape[0], -1).argmax(axis=1)
    return (best // n_regions).astype(np.int64), (best % n_regions).astype(np.int64)
