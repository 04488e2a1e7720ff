"""The answer being composed on the board: response, action, region and cadre plan.

Pure (no pygame, no engine calls beyond building `Orders`), so the rules of
composing an answer are tested without a window. The board scene holds one
draft, changes it from intents and picker results, and sends its `orders()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from engine.orders import Orders, Response

MAX_WEIGHT = 9
NEEDS_ACTION = ("adapt", "defy")  # these ask for an action (and a region) before they stand


@dataclass
class OrderDraft:
    """An answer in the making. An empty cadre plan means the engine's default plan."""

    response: str | None = None
    action: str | None = None
    region: str | None = None
    cadres: dict[str, int] = field(default_factory=dict)
    pending: str | None = None  # adapt or defy while its action is being picked

    # -- the response -------------------------------------------------------
    def choose(self, response: str) -> bool:
        """Take `response`. False when it needs an action first: it waits as `pending`."""
        if response in NEEDS_ACTION:
            self.pending = response
            return False
        self.response, self.action, self.region, self.pending = response, None, None, None
        return True

    def pick_action(self, action: str, national: bool, first_region: str) -> bool:
        """The pending response's action. True when the answer is complete; a regional
        action still needs its region (`pick_region`)."""
        if self.pending is None:
            return False
        if not national:
            return False
        # A national action acts on the whole party; the engine still wants a region.
        self.response, self.action, self.region = self.pending, action, first_region
        self.pending = None
        return True

    def pick_region(self, action: str, region: str) -> bool:
        """The region of the pending response's action; True when it completed the answer."""
        if self.pending is None:
            return False
        self.response, self.action, self.region = self.pending, action, region
        self.pending = None
        return True

    def cancel(self) -> None:
        """A picker closed without a choice: the answer stays what it was."""
        self.pending = None

    # -- the cadre plan -----------------------------------------------------
    def weigh(self, regions: Sequence[str], region: str, delta: int) -> None:
        """Give `region` more or fewer cadres; the first change starts from an even plan."""
        if not self.cadres:
            self.cadres = dict.fromkeys(regions, 1)
        self.cadres[region] = min(max(self.cadres.get(region, 0) + delta, 0), MAX_WEIGHT)

    def even(self, regions: Sequence[str]) -> None:
        self.cadres = dict.fromkeys(regions, 1)

    def default_plan(self) -> None:
        self.cadres = {}

    def plan(self) -> dict[str, float]:
        """The cadre weights as the engine takes them."""
        return {k: float(v) for k, v in self.cadres.items()}

    def focus(self, directive_region: str | None) -> str | None:
        """The region the default plan leans to: the directive's when complying, else the
        answer's own region."""
        if self.response == "comply":
            return directive_region
        return self.region if self.response in NEEDS_ACTION else None

    # -- sending ----------------------------------------------------------------
    def orders(self) -> Orders | None:
        """The engine's orders for this answer, or None before a response is chosen."""
        if self.response is None:
            return None
        return Orders(response=cast(Response, self.response), action=self.action,
                      region=self.region, cadres=self.plan())

    def clear(self) -> None:
        """A new turn: nothing chosen, the default plan."""
        self.response = self.action = self.region = self.pending = None
        self.cadres = {}
