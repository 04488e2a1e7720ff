"""The view models the window shows: plain, frozen data made by `GameSession`.

Pure: no pygame and no engine calls, so drawing code and tests can build
them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.facts import Directive, Event, Turn
from engine.orders import Legal
from game import narrate
from game.i18n import _


@dataclass(frozen=True)
class RegionView:
    id: str
    name: str
    summary: str
    influence: float
    organisation: float
    conditions: dict[str, float]  # as the party sees them


@dataclass(frozen=True)
class ActionView:
    id: str
    name: str
    summary: str
    national: bool


@dataclass(frozen=True)
class BoardView:
    """Everything the board shows at the opening of a turn."""

    scenario_id: str
    scenario_name: str
    date: str
    turn: int
    n_turns: int
    line_name: str
    line_summary: str
    rigidity: float
    regions: list[RegionView]
    party: dict[str, float]
    notes: list[str]
    card: Directive
    events: list[Event]
    legal: Legal
    focus_share: float
    actions: dict[str, ActionView]
    seed: int
    save_path: str
    options: dict[str, Any]  # every option's believed chance and trust cost (engine.forecast)
    names: narrate.Names

    @property
    def turn_text(self) -> str:
        """"turn 5 of 57"; once the last turn is played, it stays the last (never 58 of 57)."""
        if self.turn >= self.n_turns:
            return _("turn {turn} of {turns}, the last, played").format(turn=self.n_turns,
                                                                         turns=self.n_turns)
        return _("turn {turn} of {turns}").format(turn=self.turn + 1, turns=self.n_turns)


@dataclass(frozen=True)
class TurnResult:
    """A played turn: the engine's turn record and the party's figures before it.

    The figures after it already count the events that opened the next turn:
    `following` are those events, `when` their date, so that every change
    can be told by its cause. `reckoned` is the chance the party reckoned
    for its orders before it gave them, when it is known.
    """

    entry: Turn
    before: dict[str, float] | None
    following: list[Event] = field(default_factory=list)
    when: str = ""
    reckoned: float | None = None
