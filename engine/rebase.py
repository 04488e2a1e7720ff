"""A saved game replayed on changed rules: its orders, the same seed, a new record.

Pure. When a modder edits a scenario during a game, the record's draws,
facts and state hashes no longer hold, so `replay_on` does not compare
them (that is `engine.record.replay`). It plays the record's orders, the
only input a player gives, on the new tables with the record's seed, and
stops at the first order the new rules refuse: `engine.orders.check` is
the one judge of what is legal, and its rejection is kept as a typed
`Refused` that names the turn, the order and what is missing. When the
new rules end the game before the record's orders run out, `EndedEarlier`
says when and why. The session it returns is a fresh game whose record
carries the new scenario's content hash, so it saves and replays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.orders import Orders, Rejection, check
from engine.record import GameRecord, Session
from engine.tables import Tables

# What an order names that the new rules lack: a region or an action the file no longer
# has, an action the line in force no longer allows, or an envoy who now decides the turn.
Missing = Literal["region", "action", "line", "envoy", "order"]


@dataclass(frozen=True)
class Refused:
    """The first recorded order the new rules do not allow."""

    turn: int  # as the record counts turns, from 0
    date: str  # the turn's month on the new rules
    orders: Orders
    missing: Missing
    name: str  # the region's, action's or line's id, or the envoy's name
    rejection: Rejection  # the engine's own verdict, with its stable code

    @classmethod
    def of(cls, tables: Tables, turn: int, orders: Orders, rejection: Rejection) -> Refused:
        missing, name = _what_is_missing(tables, turn, orders, rejection)
        return cls(turn, tables.date(turn), orders, missing, name, rejection)


@dataclass(frozen=True)
class EndedEarlier:
    """The new rules end the game before the record's orders run out."""

    turn: int  # how many turns were played when it ended
    date: str  # the month it ended, on the new rules
    destroyed: bool  # the party was destroyed; otherwise the scenario now ends sooner
    wanted: int  # how many turns the record holds


@dataclass(frozen=True)
class Rebased:
    """A record's orders played on new tables, as far as the new rules allow."""

    session: Session  # the game on the new rules, at the turn where the replay stopped
    turns: int  # how many of the record's turns it holds
    wanted: int  # how many turns the record holds
    old_hash: str  # the content hash the record was played with
    stop: Refused | EndedEarlier | None  # None: every turn replayed

    @property
    def complete(self) -> bool:
        """Every recorded turn replayed: the game stands at the turn it stood at."""
        return self.stop is None

    @property
    def same_rules(self) -> bool:
        """The scenario's rules did not change (its words may have)."""
        return self.old_hash == self.session.record.scenario.hash


def replay_on(tables: Tables, record: GameRecord) -> Rebased:
    """Play `record`'s orders on `tables` from its seed, without checking what they made.

    Stops before the first order `engine.orders.check` refuses, or when the
    game is over before the orders run out. `tables` should be compiled with
    the record's settings (`engine.record.settings_of`). A format-1 record's
    orders are played the same way.
    """
    session = Session.start(tables, record.seed, record.game, record.player)
    legacy = record.legacy
    recorded = [e.orders for e in legacy.turns] if legacy else [e.orders for e in record.turns]
    wanted = len(recorded)
    for played, orders in enumerate(recorded):
        stop: Refused | EndedEarlier | None = None
        if session.over:
            stop = EndedEarlier(played, tables.date(session.state.turn),
                                not bool(session.state.alive[0]), wanted)
        elif (rejection := check(tables, session.state, orders)) is not None:
            stop = Refused.of(tables, session.state.turn, orders, rejection)
        if stop is not None:
            return Rebased(session, played, wanted, record.scenario.hash, stop)
        session.play(orders)
    return Rebased(session, wanted, wanted, record.scenario.hash, None)


def _what_is_missing(tables: Tables, turn: int, orders: Orders,
                     rejection: Rejection) -> tuple[Missing, str]:
    """What a rejection says is missing, from its stable code (`engine.orders.check`)."""
    code = rejection.code
    if code == "region/unknown":
        return "region", orders.region or ""
    if code == "cadres/unknown_region":
        return "region", next(r for r in orders.cadres if r not in tables.regions)
    if code == "action/unknown":
        return "action", orders.action or ""
    if code == "adapt/outside_line":
        return "line", tables.scenario.lines[int(tables.line_of_turn[turn])].id
    if code == "response/envoy_present":
        return "envoy", tables.envoy_name(turn)
    return "order", ""


__all__ = ["EndedEarlier", "Missing", "Rebased", "Refused", "replay_on"]
