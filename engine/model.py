"""The scenario format as pydantic models: frozen, unknown keys forbidden.

Pure. These classes are the published schema (`comintern schema`); every
number that shapes play is a field here, documented for modders in
MODDING.md. Cross-references between parts (an event naming a region, a
line naming an action) are checked in `engine.checks`, not here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CONDITIONS = ("industry", "agrarian", "unrest", "repression", "right", "ally", "legality")
REGIONAL = ("influence", "organisation")
NATIONAL = ("members", "cadres", "funds", "unity", "trust", "security", "training", "dogmatism")
RESPONSES = ("comply", "adapt", "consult", "stall", "defy")

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
MONTH_PATTERN = r"^(1[89]|20)\d\d-(0[1-9]|1[0-2])$"
# a month (1943-05) or a span of whole years (1937-1938)
SPAN_PATTERN = r"^(1[89]|20)\d\d-((0[1-9]|1[0-2])|(1[89]|20)\d\d)$"
# the Communist International was wound up in 1943: no epilogue tells of later years
EPILOGUE_LAST = "1943-12"
CODE_PATTERN = r"^[EWH]\d{3}$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=40,
                          description="lower-case id: letters, digits, underscores")]
Month = Annotated[str, Field(pattern=MONTH_PATTERN, description="a month, written YYYY-MM")]
Span = Annotated[str, Field(pattern=SPAN_PATTERN, description="a month, written YYYY-MM, or a "
                            "span of whole years, written YYYY-YYYY")]
Code = Annotated[str, Field(pattern=CODE_PATTERN, description="a problem's code, as W301")]
Share = Annotated[float, Field(ge=0.0, le=1.0, description="a share from 0 to 1")]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
Name = Annotated[str, Field(min_length=1, max_length=120)]
# Bounds for numbers that have no natural range: wide enough for any sensible
# scenario, narrow enough that sums over a game never overflow to inf.
Change = Annotated[float, Field(ge=-1.0, le=1.0, description="a change of a share, -1 to 1")]
Weight = Annotated[float, Field(ge=-10.0, le=10.0)]
Count = Annotated[float, Field(ge=-1e9, le=1e9)]
Logit = Annotated[float, Field(ge=-100.0, le=100.0)]


class Frozen(BaseModel):
    # inf and nan are refused everywhere: one of them would spread through a whole game
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Conditions(Frozen):
    """Local conditions of a region, each 0..1."""

    industry: Share = Field(description="proletarian share of the working population")
    agrarian: Share = Field(description="peasant share")
    unrest: Share = Field(description="mass mood: readiness to strike and march")
    repression: Share = Field(description="police, courts, army and paramilitaries against "
                              "the party")
    right: Share = Field(description="strength of the fascist or reactionary right")
    ally: Share = Field(description="strength of the possible partner (social democrats, "
                        "nationalists, farmer-labour)")
    legality: Share = Field(description="how legally the party can work: 1 open, 0 banned")


class ConditionShift(Frozen):
    """A change to some conditions; fields left out do not change."""

    industry: Change = 0.0
    agrarian: Change = 0.0
    unrest: Change = 0.0
    repression: Change = 0.0
    right: Change = 0.0
    ally: Change = 0.0
    legality: Change = 0.0


class FitWeights(ConditionShift):
    """How well an action suits a place: fit = base + sum of weight x value, clipped to 0..1."""

    industry: Weight = 0.0
    agrarian: Weight = 0.0
    unrest: Weight = 0.0
    repression: Weight = 0.0
    right: Weight = 0.0
    ally: Weight = 0.0
    legality: Weight = 0.0
    base: Weight = 0.0
    influence: Weight = 0.0
    organisation: Weight = 0.0


class Effects(ConditionShift):
    """What something changes. Regional fields act on the region concerned."""

    influence: Change = Field(0.0, description="party influence in the region (added)")
    organisation: Change = Field(0.0, description="party organisation in the region (added)")
    members: float = Field(0.0, ge=-1.0, le=100.0, description="relative change: -0.5 halves "
                           "membership")
    cadres: float = Field(0.0, ge=-1.0, le=100.0, description="relative change of the cadre "
                          "count")
    funds: float = Field(0.0, ge=-1e6, le=1e6, description="funds added (negative: spent or "
                         "seized)")
    unity: Change = 0.0
    trust: Change = 0.0
    security: Change = 0.0
    training: Change = 0.0
    dogmatism: Change = 0.0
    informers: float = Field(0.0, ge=-1e4, le=1e4, description="hidden informers added "
                             "(negative: unmasked)")
    envoy_turns: int = Field(0, ge=0, le=40, description="an envoy decides for this many turns")
    funds_cut_turns: int = Field(0, ge=0, le=40, description="the Centre's subsidy stops")
    channel_cut_turns: int = Field(0, ge=0, le=40, description="the courier line is cut")


class Setback(Frozen):
    """A failure that turns into damage: arrests, bans, massacres."""

    name: Name
    text: Text
    effects: Effects


class TrustRule(Frozen):
    """A trust cost for an action from a date on (e.g. mixing party and intelligence work)."""

    start: Month = Field(alias="from")
    trust: Change
    reason: Text


class ActionType(Frozen):
    """One kind of action a party can take: its fit, risk, cost and effects."""

    id: Id
    name: Name
    summary: Text
    national: bool = Field(False, description="acts on the whole party; the region is ignored "
                           "and fit is judged on the national average")
    fit: FitWeights
    difficulty: Logit = Field(0.0, description="subtracted from the success logit")
    risk: Share = Field(description="chance that a failure becomes a setback, before repression")
    cost: float = Field(0.0, ge=0, le=1e6, description="funds spent to attempt it")
    doctrinal: float = Field(0.0, ge=0, le=1, description="how much the action belongs to the "
                             "Russian template; the Centre's doctrine favours it by this much")
    success: Effects
    failure: Effects = Effects()
    setback: Setback
    trust_rule: TrustRule | None = None


class Line(Frozen):
    """A general line of the Centre: what it allows, what it prefers, how it reads a country."""

    id: Id
    name: Name
    summary: Text
    allowed: list[Id] = Field(min_length=1)
    prefers: dict[Id, Weight] = Field(default_factory=dict,
                                     description="bonus to an action's score in the Centre's eyes")
    rigidity: Share = Field(description="0 = directives are advice, 1 = orders to be obeyed")
    template: ConditionShift = Field(default_factory=ConditionShift,
                                     description="how this line bends the doctrinal template")


class LineSpan(Frozen):
    start: Month = Field(alias="from")
    line: Id


class Region(Frozen):
    id: Id
    name: Name
    summary: Text
    conditions: Conditions
    influence: Share
    organisation: Share
    cadre_need: float = Field(gt=0, le=1e6, description="cadres needed here for full effort")


class TimelinePoint(Frozen):
    """A shift of the long-run conditions, reached on `date` (linear from the previous point)."""

    date: Month
    shift: ConditionShift
    regions: list[Id] | None = Field(None, description="only these regions (default: all)")
    note: Text
    source: Text


class Trigger(Frozen):
    """A test on a quantity: `members < 50000`, or `legality < 0.2` in a region or on average."""

    quantity: Name
    op: Literal["<", "<=", ">", ">=", "==", "!="]
    value: Count
    region: str = Field("mean", description="a region id, or mean, min, max over regions")


class Shield(Frozen):
    """A quantity of the party that softens an event's damage: weight x value is taken off it."""

    quantity: Name
    region: str = Field("mean", description="a region id, or mean, min, max over regions")
    weight: Weight = Field(description="share of the damage taken off per "
                          "unit of the quantity (negative: the quantity makes it worse)")


class Event(Frozen):
    """A historical event on a date, or a conditional event when its triggers hold.

    `effects` land whatever the party did; `damage` is scaled down by the
    party's preparation, measured by `shield`: each game takes the share
    1 - sum(weight x quantity) of it, clipped to 0..1.
    """

    id: Id
    title: Name
    text: Text
    source: Text
    date: Month | None = Field(None, description="fires on this month (a scheduled event)")
    when: list[Trigger] = Field(default_factory=list, description="all must hold (conditional)")
    after: Month | None = None
    before: Month | None = None
    chance: Share = 1.0
    once: bool = True
    regions: list[Id] | None = Field(None, description="where regional effects act (default: all)")
    lasting: bool = Field(False, description="condition changes also move the long-run level")
    effects: Effects = Effects()
    damage: Effects = Field(default_factory=Effects, description="what the blow costs a party "
                            "that did not prepare for it; the shield takes its share off")
    shield: list[Shield] = Field(default_factory=list, description="what softens the damage")

    @model_validator(mode="after")
    def _scheduled_or_conditional(self) -> Event:
        if self.date is None and not self.when:
            raise ValueError("an event needs a 'date' or at least one 'when' trigger")
        return self


class Initiative(Frozen):
    """A course the Centre ordered or pressed for in history: a directive it issues itself.

    From `from` to `to` the Centre adds `insistence` x blinding to the score
    of this action and region, so a rigid Centre sends it whatever its
    picture says and a flexible one only where it fits. It travels by
    courier like any directive; refusing it costs `pressure` x binding in
    trust besides the usual cost. (Blinding and binding are rigidity's two
    halves; a player's one rigidity sets both.)
    """

    id: Id
    title: Name
    text: Text = Field(description="what Moscow asks of the party, as the card shows it")
    source: Text
    start: Month = Field(alias="from", description="the month the Centre first sends it")
    end: Month | None = Field(None, alias="to", description="the last month it sends it "
                              "(default: the turn of `from` only)")
    action: Id
    region: Id | None = Field(None, description="where (leave out for a national action)")
    envoy: Name | None = Field(None, description="who carries it, where history names someone")
    insistence: float = Field(1.0, ge=0, le=10, description="added, times blinding (the "
                              "rigidity), to its score in the Centre's choice")
    pressure: float = Field(0.0, ge=0, le=1, description="extra trust, times binding (the "
                            "rigidity), that refusing it costs")
    setback: Setback | None = Field(None, description="what its failure is called (default: "
                                    "the action's own setback)")


class Envoy(Frozen):
    name: Name
    start: Month = Field(alias="from")
    end: Month = Field(alias="to")
    note: Text
    source: Text


class PartyStart(Frozen):
    name: Name
    members: int = Field(ge=0, le=100_000_000)
    capacity: int = Field(gt=0, le=1_000_000_000, description="members the party would have "
                          "with full influence, legality and middling unrest in every region: "
                          "the country's scale")
    cadres: int = Field(ge=0, le=10_000_000)
    funds: float = Field(ge=0, le=1e9)
    unity: Share
    trust: Share
    security: Share
    training: Share
    dogmatism: Share
    informers: float = Field(0.0, ge=0, le=1e6)


class CentreSpec(Frozen):
    founded: Month | None = Field(None, description="the month the Centre comes into being; "
                                  "before it no directive is sent (the Comintern: 1919-03)")
    courier_lag_months: int = Field(ge=0, le=24)
    doctrine: Share = Field(description="how strongly the Centre reads the country through "
                            "its template; multiplied by rigidity")
    subsidy: float = Field(ge=0, le=1e6, description="funds sent per turn while trust allows")
    template: Conditions = Field(description="the Russian template of 1917 as the Centre sees it")
    lines: list[LineSpan] = Field(min_length=1)


class HistoryStep(Frozen):
    """What the real party did from a month on: the script of the historical policy."""

    start: Month = Field(alias="from")
    response: Literal["comply", "adapt", "consult", "stall", "defy"]
    action: Id | None = Field(None, description="for adapt and defy: the action it took")
    region: Id | None = Field(None, description="for adapt and defy: where")
    note: Text
    source: Text

    @model_validator(mode="after")
    def _action_for_own_choices(self) -> HistoryStep:
        acting = self.response in ("adapt", "defy")
        if acting and not (self.action and self.region):
            raise ValueError(f"a '{self.response}' step needs an action and a region")
        if not acting and (self.action or self.region):
            raise ValueError(f"a '{self.response}' step takes no action or region")
        return self


class Goal(Frozen):
    id: Id
    text: Text
    when: list[Trigger] = Field(min_length=1)


class OutcomeCategory(Frozen):
    id: Id
    name: Name
    text: Text
    when: list[Trigger] = Field(default_factory=list, description="empty: the fallback")


class Historical(Frozen):
    outcome: Id
    text: Text
    source: Text


def span_months(span: str) -> tuple[str, str]:
    """The first and last month of an epilogue date: `1943-05` is itself, `1937-1938`
    runs from 1937-01 to 1938-12."""
    year, rest = span.split("-")
    if len(rest) == 4:
        return f"{year}-01", f"{rest}-12"
    return span, span


class EpilogueParagraph(Frozen):
    """One dated paragraph of the epilogue, sourced like an event."""

    date: Span = Field(description="when it happened: a month (1937-04) or a span of whole "
                       "years (1937-1938), after the scenario's end and no later than "
                       f"{EPILOGUE_LAST}")
    text: Text = Field(description="what became of the party, in the game's own sober words")
    source: Text = Field(description="where a teacher can check it: a URL or 'Author, Title "
                         "(Year)'; several are separated by ' ; '")


class Epilogue(Frozen):
    """What became of the party after the game's end, up to the Comintern's end in 1943.

    The front ends show it after the outcome: the party's own `paragraphs`
    in date order, then `closing`, the paragraph every scenario of the
    period shares (the dissolution of the Communist International), which
    a scenario takes from the catalogue `common/epilogue.yaml`. It is read,
    never played: no rule looks at it.
    """

    paragraphs: list[EpilogueParagraph] = Field(default_factory=list, max_length=12,
                                                description="this party's story after the "
                                                "game's end, in date order")
    closing: EpilogueParagraph | None = Field(None, description="the last paragraph, shared "
                                              "by every scenario that includes "
                                              "common/epilogue.yaml")

    def all_paragraphs(self) -> list[EpilogueParagraph]:
        """Every paragraph in the order a player reads them: the party's, then the closing."""
        return [*self.paragraphs, *([self.closing] if self.closing else [])]


class Term(Frozen):
    """One entry of the glossary: a word the front ends use, explained in plain words.

    The window's tooltips and guided first turn read the glossary, and so
    does the debrief; no rule looks at it. The shared entries are in the
    catalogue `common/glossary.yaml`; a scenario's own entry with the same id
    replaces the shared one.
    """

    id: Id
    term: Name = Field(description="the word or phrase as the player meets it")
    text: Text = Field(description="what it means: one or two plain sentences for a reader "
                       "of fifteen")
    see: list[Id] = Field(default_factory=list, max_length=8,
                          description="ids of related glossary terms")


class ScoreTerm(Frozen):
    quantity: Name
    region: str = "mean"
    weight: float = Field(ge=-1000.0, le=1000.0)
    scale: float = Field(1.0, gt=0, le=1e9, description="the value that earns the full weight")


class ResolutionRules(Frozen):
    fit: Logit = Field(description="logit points per unit of fit above 0.5")
    effort: Logit
    organisation: Logit
    unity: Logit
    base: Logit = 0.0
    repression_risk: Logit = Field(description="how much repression multiplies setback risk")
    misfit_risk: float = Field(0.0, ge=0, le=4, description="how much a poor fit multiplies "
                               "setback risk: x (1 + this x (0.5 - fit)), never below 0")
    routine: Change = Field(description="organisation built per turn by cadres at full effort")
    magnitude_floor: Share = Field(description="share of an effect reached with no effort")
    national_need: float = Field(gt=0, le=100, description="cadres a national action needs, "
                                 "as a share of the sum of every region's cadre_need")


class TrustRules(Frozen):
    comply: Change
    adapt: Change
    consult: Change
    stall: Change
    defy: Change
    blame: Change = Field(description="extra cost, times rigidity, when a deviation fails")
    recovery: Change
    baseline: Share


class SanctionRules(Frozen):
    envoy_below: Share
    envoy_turns: int = Field(ge=1, le=40)
    funds_cut_below: Share
    funds_cut_turns: int = Field(ge=1, le=40)
    replace_below: Share
    replace: Setback
    trust_after_replace: Share


class PartyRules(Frozen):
    recruit: Share = Field(description="share of the gap to the membership the party's standing "
                           "would support, closed per turn")
    illegal_recruit: Share = Field(description="share of recruitment still possible when banned")
    cadre_ratio: float = Field(gt=0, le=1, description="cadres per member the party grows toward")
    cadre_growth: float = Field(ge=0, le=1)
    dues: float = Field(ge=0, le=1e6, description="funds per 1000 members per turn")
    reserve: float = Field(1e9, ge=0, le=1e12, description="funds the party keeps for its "
                           "campaigns; above them the apparatus spends `upkeep` of the surplus "
                           "each turn")
    upkeep: Share = Field(0.0, description="share of the funds above `reserve` the apparatus "
                          "spends each turn on running costs (functionaries, rents, the paper)")
    influence_decay: Share
    organisation_decay: Share
    unity_recovery: Share
    defy_unity: Change
    consult_gain: Share = Field(description="how much a consultation sharpens the picture, "
                                "times (1 - blinding, the rigidity)")
    destroyed_below: int = Field(ge=0, le=100_000_000, description="members under which the "
                                 "party is destroyed")
    view_noise: float = Field(0.0, ge=0, le=1, description="how far the leadership misjudges "
                              "its own regions: the spread of its error per condition, times "
                              "(1 - training)")
    focus_share: Share = Field(description="share of cadres the default plan puts in the "
                               "action's region; the rest spread evenly")
    plan_min_cadres: float = Field(0.0, ge=0, description="below this many cadres a cadre "
                                   "plan cannot matter: the front ends skip the plan and "
                                   "the default plan is used")


class InformerRules(Frozen):
    recruit: float = Field(ge=0, le=1000, description="new informers per 1000 new members, at "
                           "zero security")
    base: float = Field(ge=0, le=1000, description="informers placed per turn, times repression")
    leak: Share = Field(description="leak chance per informer per turn")
    security_decay: Share
    leak_setback: Setback


class RightRules(Frozen):
    drift: Change
    unrest: Change = Field(description="growth per turn per unit of unrest above 0.5")
    setback: Change = Field(description="growth after each party setback in the region")


class AllyTurn(Frozen):
    ratio: float = Field(gt=0, le=1000, description="the ally may turn once party influence "
                         "exceeds this multiple of the ally's strength")
    chance: Share
    setback: Setback


class SplitRule(Frozen):
    below: Share
    chance: Share
    setback: Setback


class CentreRules(Frozen):
    """How the Centre weighs its own recent orders: it does not send the same one forever."""

    repeat: float = Field(0.15, ge=0, le=10, description="score taken off an action per recent "
                          "order of it (the memory below), times blinding")
    memory: Share = Field(0.6, description="share of the memory of past orders kept each turn")


class DriftRules(Frozen):
    rate: Share
    noise: float = Field(ge=0, le=1)


class Rules(Frozen):
    resolution: ResolutionRules
    trust: TrustRules
    sanctions: SanctionRules
    party: PartyRules
    informers: InformerRules
    right: RightRules
    ally_turn: AllyTurn
    split: SplitRule
    drift: DriftRules
    centre: CentreRules = Field(default_factory=CentreRules)


class Scenario(Frozen):
    """A whole scenario, with its catalogues merged in."""

    format_version: Literal[1]
    id: Id
    name: Name
    country: Name
    question: Text
    briefing: Text
    difficulty: Literal["gentle", "standard", "hard"]
    start: Month
    end: Month
    turn_months: int = Field(ge=1, le=12)
    include: list[str] = Field(default_factory=list, description="catalogue files merged in")
    actions: list[ActionType] = Field(min_length=1)
    lines: list[Line] = Field(min_length=1)
    rules: Rules
    regions: list[Region] = Field(min_length=1, max_length=12)
    party: PartyStart
    centre: CentreSpec
    timeline: list[TimelinePoint] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list, description="what the Centre "
                                          "ordered in history, as directives it issues")
    envoys: list[Envoy] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    outcomes: list[OutcomeCategory] = Field(min_length=1)
    historical: Historical
    history: list[HistoryStep] = Field(default_factory=list, description="what the real party "
                                       "did: the script of the historical policy")
    score: list[ScoreTerm] = Field(min_length=1)
    epilogue: Epilogue = Field(default_factory=Epilogue, description="what became of the "
                               "party up to 1943, shown after the outcome; never played")
    # excluded from the dump, so from the content hash: it changes what the
    # checker says, never what the scenario means
    silence: list[Code] = Field(default_factory=list, exclude=True,
                                description="warning and hint codes not to report for this file "
                                "(errors cannot be silenced)")
    # excluded from the content hash like `silence`: it explains words, never changes play,
    # so improving a definition does not turn every saved game into another scenario's
    glossary: list[Term] = Field(default_factory=list, max_length=400, exclude=True,
                                 description="the words the game explains, each in one or two "
                                 "sentences; shared ones come from common/glossary.yaml")
