"""The Centre: its picture of a country, and the directive it chooses from that picture.

Pure. The picture mixes the party's report, late by the courier lag, with
the doctrinal template of the current line; the mix leans to doctrine as
doctrine and *blinding* rise (the half of rigidity that bends what the
Centre sees). A consultation sends a fresh report that counts for more the
less blind the Centre is. The Centre then scores every action its line
allows, in every region, *in its picture*: fit, plus the line's preference,
the doctrinal bonus and the insistence of a historical initiative, less a
penalty for orders it has sent again and again (all times blinding).
Answering a consultation, it weighs its line, doctrine and initiative the
less, the more it listens.
That score table is what a student reads as the Centre's reasons.
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
    blind = tables.blinding[tables.line_of_turn[turn]]
    weight = np.full(consulted.shape, 1.0 - tables.scenario.centre.doctrine * blind)
    gain = tables.scenario.rules.party.consult_gain * (1.0 - blind)
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
    preference: F64  # the line's preference, times blinding
    doctrine: F64  # bonus for actions of the Russian template, times doctrine and blinding
    initiative: F64  # the insistence of a historical initiative, times blinding
    repeat: F64  # taken off for orders sent recently (negative or zero)
    allowed: NDArray[np.bool_]  # (A,) the line allows it

    @property
    def total(self) -> F64:
        # Summed in place, in the order of the fields: the same numbers as
        # fit + preference + ..., without a new table for every term.
        result: F64 = self.fit.copy()
        for part in (self.preference, self.doctrine, self.initiative, self.repeat):
            result += part
        result[:, ~self.allowed, :] = -np.inf
        return result


def listening(tables: Tables, turn: int, consulted: NDArray[np.bool_]) -> F64:
    """How much of its line, doctrine and initiative the Centre keeps in its answer, (B,).

    Answering a consultation, a Centre that listens (low blinding) weighs
    them less, by the same share as it takes the report in: at blinding 1
    it keeps them all.
    """
    blind = tables.blinding[tables.line_of_turn[turn]]
    gain = tables.scenario.rules.party.consult_gain * (1.0 - blind)
    result: F64 = np.where(consulted, 1.0 - gain, 1.0)
    return result


def score(tables: Tables, turn: int, pic: F64, influence: F64, organisation: F64,
          memory: F64, consulted: NDArray[np.bool_] | None = None) -> Scores:
    """Score every action and region in the Centre's picture under the line of `turn`.

    `memory` (B, A) counts the Centre's recent orders of each action;
    `consulted` (B,) marks the games whose party consulted: the Centre
    answers them (see `listening`).
    """
    line = tables.line_of_turn[turn]
    fit = fit_table(tables, pic, influence, organisation)
    shape = fit.shape
    asked = np.zeros(shape[0], dtype=bool) if consulted is None else consulted
    keep = listening(tables, turn, asked)[:, None, None]
    blind = float(tables.blinding[line])
    doctrine = tables.scenario.centre.doctrine * blind * tables.doctrinal
    # A doctrinaire Centre moves from campaign to campaign; one that only
    # advises repeats good advice for as long as the reports bear it out.
    repeat = -tables.scenario.rules.centre.repeat * blind * memory
    return Scores(
        fit=fit,
        preference=np.broadcast_to(keep * blind * tables.prefers[line][None, :, None], shape),
        doctrine=np.broadcast_to(keep * doctrine[None, :, None], shape),
        initiative=np.broadcast_to(keep * blind * tables.initiative_bonus[turn][None], shape),
        repeat=np.broadcast_to(repeat[:, :, None], shape),
        allowed=tables.allowed[line] & (turn < tables.trust_rule_turn),
    )


def choose(tables: Tables, scores: Scores) -> tuple[I64, I64]:
    """The directive with the best score: (action, region) per game; ties go to the first."""
    total = scores.total
    n_regions = total.shape[2]
    best = total.reshape(total.shape[0], -1).argmax(axis=1)
    return (best // n_regions).astype(np.int64), (best % n_regions).astype(np.int64)


def initiative_of(tables: Tables, turn: int, action: I64, region: I64) -> I64:
    """Which initiative (index, or -1) a directive chosen at `turn` carries out, per game."""
    result: I64 = tables.initiative_index[turn][np.maximum(action, 0), np.maximum(region, 0)]
    return np.where(action >= 0, result, -1)
