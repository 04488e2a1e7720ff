"""The answer being composed on the board: response, action, region and cadre plan.

Pure (no pygame, no engine calls beyond building `Orders`), so the rules of
composing an answer are tested without a window. The board scene holds one
draft, changes it from intents and picker results, and sends its `orders()`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from engine.orders import Orders, Response

STEP = 10  # percentage points of the cadres one press of ←/→ moves
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
    def shift(self, start: Mapping[str, float], region: str, delta: int) -> None:
        """Move `delta` percentage points of the cadres into `region` (out of it if negative)
        from the other regions, in proportion to what each holds.

        The first change starts from `start`, the plan in force (the default
        plan's shares), so that one step changes the plan by one step.
        """
        if not self.cadres:
            self.cadres = percents(start)
        plan = self.cadres
        old = plan.get(region, 0)
        new = min(max(old + delta, 0), 100)
        others = [r for r in plan if r != region]
        if new == old or not others:
            return
        held = {r: plan[r] for r in others}
        if new > old:  # taken from the others, as much as each holds
            take = percents(held, sum(held.values()) - (new - old))
            plan.update(take)
        else:  # given to the others: by what they hold, evenly if they hold nothing
            base = held if sum(held.values()) > 0 else dict.fromkeys(others, 1)
            gift = percents(base, old - new)
            plan.update({r: held[r] + gift[r] for r in others})
        plan[region] = new

    def even(self, regions: Sequence[str]) -> None:
        self.cadres = percents(dict.fromkeys(regions, 1.0))

    def default_plan(self) -> None:
        self.cadres = {}

    def plan(self) -> dict[str, float]:
        """The cadre weights as the engine takes them (percentages)."""
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


def percents(weights: Mapping[str, float], total: int = 100) -> dict[str, int]:
    """Whole percentages (summing to `total`) in proportion to `weights`, by largest
    remainder; all zero weights give all zeros."""
    whole = sum(max(v, 0.0) for v in weights.values())
    if whole <= 0 or total <= 0:
        return dict.fromkeys(weights, 0)
    exact = {k: max(v, 0.0) * total / whole for k, v in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    rest = total - sum(out.values())
    for k in sorted(exact, key=lambda k: out[k] - exact[k])[:rest]:
        out[k] += 1
    return out
