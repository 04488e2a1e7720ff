"""The party's orders for a turn: typed data, a label a person can read, and checks.

Pure. `Orders` is what a player or policy decides; its `label()` reads
like `adapt: strike @ ruhr | cadres ruhr=3 berlin=1` and `Orders.parse`
reads it back. Illegal orders come back as a `Rejection` with a stable
code, never as an exception in the engine.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Literal, cast

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, field_validator

from engine.model import RESPONSES

__all__ = ["RESPONSES", "BatchOrders", "Legal", "Orders", "Rejection", "check", "legal",
           "to_batch"]
from engine.problems import did_you_mean
from engine.state import State
from engine.tables import Tables

Response = Literal["comply", "adapt", "consult", "stall", "defy"]
Weight = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)]
COMPLY, ADAPT, CONSULT, STALL, DEFY = range(5)
# Matched against a stripped label, so no two runs of spaces compete for the
# same characters: the match is linear in the label's length.
_LABEL = re.compile(r"(?P<resp>[a-z]+)(?:\s*:\s*(?P<action>[a-z0-9_]+)"
                    r"(?:\s*@\s*(?P<region>[a-z0-9_]+))?)?")


class OrdersSyntaxError(ValueError):
    """A label that cannot be read as orders."""


class Orders(BaseModel):
    """One game's orders for one turn."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    response: Response
    action: str | None = Field(None, description="for adapt and defy: the action taken instead")
    region: str | None = Field(None, description="for adapt and defy: where")
    cadres: dict[str, Weight] = Field(default_factory=dict,
                                      description="weights per region; empty: the default plan")

    @field_validator("cadres")
    @classmethod
    def _sorted(cls, cadres: dict[str, float]) -> dict[str, float]:
        """Regions in name order: one plan, one label, however it was typed."""
        return dict(sorted(cadres.items()))

    def label(self) -> str:
        text: str = self.response
        if self.action:
            text += f": {self.action}" + (f" @ {self.region}" if self.region else "")
        if self.cadres:
            text += " | cadres " + " ".join(f"{k}={v:g}" for k, v in self.cadres.items())
        return text

    @classmethod
    def parse(cls, label: str) -> Orders:
        """Read a label back: `comply`, `adapt: strike @ ruhr | cadres ruhr=2 berlin=1`."""
        head, _, tail = label.partition("|")
        match = _LABEL.fullmatch(head.strip().lower())
        if not match or match["resp"] not in RESPONSES:
            raise OrdersSyntaxError(f"cannot read {head.strip()!r} as orders; write one of "
                                    f"{', '.join(RESPONSES)}, e.g. 'adapt: strike @ ruhr'")
        cadres: dict[str, float] = {}
        tail = tail.strip()
        if tail:
            words = tail.split()
            if words[0] != "cadres":
                raise OrdersSyntaxError(f"after '|' write 'cadres region=weight ...', not {tail!r}")
            for word in words[1:]:
                name, eq, weight = word.partition("=")
                try:
                    cadres[name] = float(weight)
                except ValueError:
                    raise OrdersSyntaxError(f"cannot read {word!r} as region=weight") from None
                if not eq or not math.isfinite(cadres[name]) or not 0 <= cadres[name] <= 1e6:
                    raise OrdersSyntaxError(f"cannot read {word!r} as region=weight")
        response = cast(Response, match["resp"])
        return cls(response=response, action=match["action"], region=match["region"],
                   cadres=cadres)


@dataclass(frozen=True)
class Rejection:
    """Why orders cannot be carried out, with a stable code."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass(frozen=True)
class Legal:
    """What game `i` may do this turn."""

    responses: list[str]
    adapt_actions: list[str]
    defy_actions: list[str]
    regions: list[str]
    forced_by: str | None  # the envoy's name while one decides


def legal(tables: Tables, state: State, i: int = 0) -> Legal:
    """The responses and actions open to game `i` at this turn."""
    line = tables.line_of_turn[state.turn]
    adapt = [a for a, ok in zip(tables.actions, tables.allowed[line], strict=True) if ok]
    envoy = int(state.envoy_turns[i]) > 0
    return Legal(
        responses=["comply"] if envoy else list(RESPONSES),
        adapt_actions=adapt,
        defy_actions=list(tables.actions),
        regions=list(tables.regions),
        forced_by=tables.envoy_name(state.turn) if envoy else None,
    )


def check(tables: Tables, state: State, orders: Orders, i: int = 0) -> Rejection | None:
    """None when game `i` can carry out `orders`, else the reason it cannot."""
    if not bool(state.alive[i]) or state.turn >= tables.n_turns:
        return Rejection("game/over", "the game is over")
    allowed = legal(tables, state, i)
    if orders.response not in allowed.responses:
        return Rejection("response/envoy_present", f"{allowed.forced_by} decides this turn: "
                         "the party can only comply")
    for name in orders.cadres:
        if name not in tables.regions:
            return Rejection("cadres/unknown_region", f'no region "{name}" in this scenario.'
                             f"{did_you_mean(name, tables.regions)}")
    if orders.cadres and sum(orders.cadres.values()) <= 0:
        return Rejection("cadres/empty", "cadre weights must add up to more than zero")
    if orders.response in ("adapt", "defy"):
        if not orders.action or not orders.region:
            return Rejection("response/needs_action", f"{orders.response} needs an action and "
                             f"a region, e.g. '{orders.response}: agitation @ {tables.regions[0]}'")
        if orders.action not in tables.actions:
            return Rejection("action/unknown", f'no action "{orders.action}".'
                             f"{did_you_mean(orders.action, tables.actions)}")
        if orders.region not in tables.regions:
            return Rejection("region/unknown", f'no region "{orders.region}".'
                             f"{did_you_mean(orders.region, tables.regions)}")
        if orders.response == "adapt" and orders.action not in allowed.adapt_actions:
            return Rejection("adapt/outside_line", f'the current line does not allow '
                             f'"{orders.action}": adapting within the line means one of '
                             f"{', '.join(allowed.adapt_actions)}; doing it anyway is defiance")
    elif orders.action or orders.region:
        return Rejection("response/no_action", f"{orders.response} takes no action; use "
                         "adapt or defy to act on your own")
    return None


@dataclass(frozen=True)
class BatchOrders:
    """Orders for a whole batch as arrays: what `step` reads."""

    response: NDArray[np.int64]  # (B,)
    action: NDArray[np.int64]  # (B,) -1 when none
    region: NDArray[np.int64]  # (B,) -1 when none
    cadres: NDArray[np.float64]  # (B, R) weights; a zero row means the default plan

    @classmethod
    def uniform(cls, n: int, n_regions: int, response: int) -> BatchOrders:
        """The same bare response (no action of its own, default cadres) for every game."""
        return cls(np.full(n, response, dtype=np.int64), np.full(n, -1, dtype=np.int64),
                   np.full(n, -1, dtype=np.int64), np.zeros((n, n_regions)))


def to_batch(tables: Tables, orders: list[Orders]) -> BatchOrders:
    """Checked `Orders`, one per game, as `BatchOrders`."""
    n, r = len(orders), len(tables.regions)
    out = BatchOrders.uniform(n, r, COMPLY)
    for i, o in enumerate(orders):
        out.response[i] = RESPONSES.index(o.response)
        if o.action:
            out.action[i] = tables.actions.index(o.action)
        if o.region:
            out.region[i] = tables.regions.index(o.region)
        for name, weight in o.cadres.items():
            out.cadres[i, tables.regions.index(name)] = weight
    return out
