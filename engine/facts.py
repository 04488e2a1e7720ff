"""The facts of a turn and of an ending: typed, without a word of prose.

What the log keeps of each turn, and what every front end narrates from:
the orders' results, the draws that decided them, the named contributions,
the events with their effects, Moscow's picture beside the party's view and
the truth for every region, every candidate the Centre scored, every change
split by cause, and the score after the turn. Actions, regions, events,
lines and initiatives appear by id; their names and texts stay in the
scenario, and `game.narrate` puts them in. So a change of wording never
breaks a saved game, and replay compares facts, not sentences.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.model import Id

Number = Annotated[float, Field(allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Month = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}$")]
Response = Literal["comply", "adapt", "consult", "stall", "defy"]
KeptBy = Literal["the line", "doctrine", "the initiative", "its recent orders"]
MAX_COUNT = 1_000  # turns, setbacks, envoys: more than any game of 1919-1943 holds
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


class Facts(BaseModel):
    """A typed fact: strict when read from a log, frozen once made."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Conditions(Facts):
    """A region's seven conditions, each from 0 to 1."""

    industry: Number
    agrarian: Number
    unrest: Number
    repression: Number
    right: Number
    ally: Number
    legality: Number


class Figures(Facts):
    """A change (or a level) of the three counted figures."""

    members: Number = 0.0
    cadres: Number = 0.0
    funds: Number = 0.0


class Party(Facts):
    """The party's national figures (informers are hidden and kept apart)."""

    members: Number
    cadres: Number
    funds: Number
    unity: Number
    trust: Number
    security: Number
    training: Number
    dogmatism: Number


class Candidate(Facts):
    """One order the Centre weighed: its parts in Moscow's picture, and its fit in truth."""

    action: Id
    region: Id | None = Field(description="none for an action of the whole party")
    fit_in_picture: Number
    line_preference: Number
    doctrine: Number
    initiative: Number
    repeat: Number
    score: Number
    true_fit_now: Number


class Revision(Facts):
    """After a consultation: what the party's report changed in Moscow's picture and order."""

    report_of: Month
    region: Id
    picture_change: dict[Id, Number] = Field(description="conditions moved by 0.01 or more")
    changed: bool
    previous_action: Id
    previous_region: Id | None
    kept_by: KeptBy | None = Field(description="what kept the order above a better fit")


class Pressed(Facts):
    """A historical initiative the directive carries out, and the trust refusing it costs."""

    id: Id
    pressure: Number


class Directive(Facts):
    """The directive that reached the party at a turn, and why the Centre sent it.

    Before the Centre exists no directive comes: `action` is none and
    `founded` is the month the Centre comes into being.
    """

    action: Id | None
    region: Id | None = None
    sent: Month | None = Field(None, description="none: before the game began")
    arrived: Month
    founded: Month | None = None
    line: Id | None = None
    rigidity: Number | None = None
    initiative: Pressed | None = None
    revision: Revision | None = None
    moscow_believes: Conditions | None = None
    party_sees: Conditions | None = None
    true: Conditions | None = None
    fit_moscow_believes: Number | None = None
    fit_party_sees: Number | None = None
    fit_true: Number | None = None
    candidates: list[Candidate] = Field(
        default_factory=list, description="every order the Centre could send, best first")
    forced: bool = Field(False, description="an envoy stands over the party this turn")

    @property
    def none(self) -> bool:
        return self.action is None


class Event(Facts):
    """An event that fired at the opening of a turn, and what it did."""

    id: Id
    chance: Share | None = Field(None, description="for an event left to chance")
    roll: Share | None = Field(None, description="the draw that made it fire")
    damage_taken: Number | None = Field(None, description="the share of the blow that struck, "
                                        "for an event the party can prepare for")
    changes: Figures


class Setback(Facts):
    chance: Share
    roll: Share
    happened: bool
    initiative: Id | None = Field(None, description="the initiative whose own setback it was")


class Resolution(Facts):
    """The action carried out: its fit, effort, the parts of its chance, the rolls."""

    action: Id
    region: Id | None
    true_fit: Number
    effort: Number
    contributions: dict[str, Number] = Field(description="the named parts of the chance, in "
                                             "points on the odds scale; they add up")
    chance: Share
    roll: Share
    chance_party_reckoned: Share
    success: bool
    setback: Setback


class Centre(Facts):
    trust_before: Number
    trust_after: Number
    trust_parts: dict[str, Number]
    envoy: bool = Field(description="an envoy arrives for the next turns")
    funds_cut: bool
    leadership_replaced: bool


class Leak(Facts):
    chance: Share
    happened: bool
    region: Id | None


class Rivals(Facts):
    leak: Leak
    ally_turned: bool
    split: bool


class RegionAfter(Facts):
    """A region at the end of the turn."""

    influence: Number
    organisation: Number
    conditions: Conditions


class RegionSeen(Facts):
    """A region when the party chose: what Moscow believed, what the party saw, the truth."""

    moscow_believes: Conditions | None = Field(description="the picture behind the arriving "
                                               "directive; none without one")
    party_sees: Conditions
    true: Conditions


class Draws(Facts):
    """The keyed draws the turn used, in the order of the turn. Replay checks them first."""

    events: dict[Id, Share] = Field(description="the roll of every event left to chance")
    success: Share
    setback: Share
    leak: Share
    leak_region: Share
    ally_turn: Share
    split: Share


class Turn(Facts):
    """Everything about one turn of one game."""

    turn: Count
    date: Month
    events: list[Event]
    directive: Directive
    response: Response
    charged_as: Response
    forced: bool
    cadres_at_work: dict[Id, Number]
    resolution: Resolution | None
    centre: Centre
    rivals: Rivals
    changes: dict[str, Figures] = Field(description="by cause: sanctions, action, "
                                        "recruitment and income, informers, rivals")
    income: Number
    recruits: Number
    party: Party
    informers: Number
    seen: dict[Id, RegionSeen]
    regions: dict[Id, RegionAfter]
    alive: bool
    score: Number
    draws: Draws


class Goal(Facts):
    id: Id
    met: bool


class Ending(Facts):
    """How a game ended, beside history."""

    category: Id
    score: Number
    score_parts: list[Number] = Field(description="what each of the scenario's score terms gave")
    goals: list[Goal]
    historical: Id = Field(description="the outcome category history reached")
    as_in_history: bool
    ended: Month
    setbacks: Count
    envoys: Count
    replacements: Count
    party: Party
