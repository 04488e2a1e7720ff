"""The scenario format as pydantic models: frozen, unknown keys forbidden.

Pure. These classes are the published schema (`comintern schema`); every
number that shapes play is a field here, documented for modders in
MODDING.md. Cross-references between parts (an event naming a region, a
line naming an action) are checked in `engine.checks`, not here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

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
LANG_PATTERN = r"^[a-z]{2,3}$"  # an ISO 639 code: de, fr, bg

# The aliases carry no description: each field says what it means in the
# game, and a test fails on any property of the published schema without one.
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=40)]
Month = Annotated[str, Field(pattern=MONTH_PATTERN)]
Span = Annotated[str, Field(pattern=SPAN_PATTERN)]
Code = Annotated[str, Field(pattern=CODE_PATTERN)]
Lang = Annotated[str, Field(pattern=LANG_PATTERN)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
Name = Annotated[str, Field(min_length=1, max_length=120)]
# Bounds for numbers that have no natural range: wide enough for any sensible
# scenario, narrow enough that sums over a game never overflow to inf.
Change = Annotated[float, Field(ge=-1.0, le=1.0)]
Weight = Annotated[float, Field(ge=-10.0, le=10.0)]
Count = Annotated[float, Field(ge=-1e9, le=1e9)]
Logit = Annotated[float, Field(ge=-100.0, le=100.0)]
# a trigger's, shield's or score term's region: an average or extreme over regions, or one
REGION_CHOICE = ("which region: `mean` (the average, the default), `min` or `max` over the "
                 "regions, or one region's id. Leave it out for a national quantity (E205)")


# How an entry changes the entry of the same id from an earlier file (engine.catalogues).
# Excluded from the dump, so from the content hash: the merged entry is what counts.
Override = Literal["merge", "replace"]
OVERRIDE_HELP = ("change the entry of the same id (an envoy: name) from an included "
                 "catalogue: merge changes only the keys given here, replace puts this whole "
                 "entry in its place")


class Frozen(BaseModel):
    # inf and nan are refused everywhere: one of them would spread through a whole game
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Conditions(Frozen):
    """Local conditions of a region, each a share from 0 to 1."""

    industry: Share = Field(description="the proletarian share of the working population; "
                            "it acts only through fit weights and triggers")
    agrarian: Share = Field(description="the peasant share of the working population; it acts "
                            "only through fit weights and triggers")
    unrest: Share = Field(description="the mass mood, readiness to strike and march; it speeds "
                          "recruitment and, above 0.5, the growth of the right")
    repression: Share = Field(description="police, courts, army and paramilitaries against the "
                              "party; it raises the setback chance of failed actions and brings "
                              "police informers")
    right: Share = Field(description="the strength of the fascist or reactionary right; it "
                         "grows every turn by the rules under `right`")
    ally: Share = Field(description="the strength of the possible partner (social democrats, "
                        "nationalists, farmer-labour); the ally may turn on a party whose "
                        "influence outgrows it")
    legality: Share = Field(description="how openly the party can work: 1 open, 0 banned; it "
                            "scales recruitment, of which a banned party keeps the share "
                            "`rules.party.illegal_recruit`")


class ConditionShift(Frozen):
    """A change to some conditions, each from -1 to 1; conditions left out do not change."""

    industry: Change = Field(0.0, description="change of the proletarian share (industry)")
    agrarian: Change = Field(0.0, description="change of the peasant share (agrarian)")
    unrest: Change = Field(0.0, description="change of the mass mood (unrest)")
    repression: Change = Field(0.0, description="change of repression")
    right: Change = Field(0.0, description="change of the strength of the right")
    ally: Change = Field(0.0, description="change of the possible partner's strength (ally)")
    legality: Change = Field(0.0, description="change of legality (1 open, 0 banned)")


class FitWeights(ConditionShift):
    """How well an action suits a place: fit = base + sum of weight x value, clipped to 0..1.

    Each weight is from -10 to 10 and defaults to 0; the values are the
    region's conditions and the party's influence and organisation there.
    """

    industry: Weight = Field(0.0, description="fit added per unit of the proletarian share")
    agrarian: Weight = Field(0.0, description="fit added per unit of the peasant share")
    unrest: Weight = Field(0.0, description="fit added per unit of unrest")
    repression: Weight = Field(0.0, description="fit added per unit of repression (negative: "
                               "repression makes the action a poor fit)")
    right: Weight = Field(0.0, description="fit added per unit of the right's strength")
    ally: Weight = Field(0.0, description="fit added per unit of the ally's strength")
    legality: Weight = Field(0.0, description="fit added per unit of legality")
    base: Weight = Field(0.0, description="fit everywhere, before the weighted values")
    influence: Weight = Field(0.0, description="fit added per unit of the party's influence in "
                              "the region")
    organisation: Weight = Field(0.0, description="fit added per unit of the party's "
                                 "organisation in the region")


class Effects(ConditionShift):
    """What something changes; every key defaults to 0, so name only what changes.

    Condition changes, influence and organisation act on the regions
    concerned and are clipped to 0..1; the national keys act once.
    """

    influence: Change = Field(0.0, description="added to the party's influence in each region "
                              "concerned, then clipped to 0..1")
    organisation: Change = Field(0.0, description="added to the party's organisation in each "
                                 "region concerned, then clipped to 0..1")
    members: float = Field(0.0, ge=-1.0, le=100.0, description="relative change of membership: "
                           "members x (1 + value); -0.5 halves it, 1.0 doubles it")
    cadres: float = Field(0.0, ge=-1.0, le=100.0, description="relative change of the cadres, "
                          "like `members`: -0.1 loses one cadre in ten")
    funds: float = Field(0.0, ge=-1e6, le=1e6, description="funds added (negative: spent or "
                         "seized); funds never go below 0")
    unity: Change = Field(0.0, description="added to unity, then clipped to 0..1")
    trust: Change = Field(0.0, description="added to the Centre's trust, then clipped to 0..1")
    security: Change = Field(0.0, description="added to security, then clipped to 0..1")
    training: Change = Field(0.0, description="added to training, then clipped to 0..1")
    dogmatism: Change = Field(0.0, description="added to dogmatism, then clipped to 0..1")
    informers: float = Field(0.0, ge=-1e4, le=1e4, description="hidden informers added "
                             "(negative: unmasked); never below 0")
    envoy_turns: int = Field(0, ge=0, le=40, description="an envoy decides for at least this "
                             "many turns: the party can only comply")
    funds_cut_turns: int = Field(0, ge=0, le=40, description="the Centre's subsidy stops for at "
                                 "least this many turns")
    channel_cut_turns: int = Field(0, ge=0, le=40, description="the courier line is cut for at "
                                   "least this many turns: no subsidy, and the reports sent "
                                   "meanwhile never reach Moscow")


class Setback(Frozen):
    """A failure that turns into damage: arrests, bans, massacres."""

    name: Name = Field(description="a short name, shown when it happens")
    text: Text = Field(description="what happens, as the player reads it")
    effects: Effects = Field(description="the damage, applied in full")


class TrustRule(Frozen):
    """A trust cost for an action from a date on (e.g. mixing party and intelligence work)."""

    start: Month = Field(alias="from", description="the month the rule starts (YYYY-MM); from "
                         "then on the Centre never orders the action")
    trust: Change = Field(description="the change in trust each time the party chooses the "
                          "action itself (negative: a cost); not scaled by binding")
    reason: Text = Field(description="the historical ground for the rule, with its source")


class ActionType(Frozen):
    """One kind of action a party can take: its fit, risk, cost and effects."""

    id: Id = Field(description="the action's id, unique among all actions after merging (E201)")
    name: Name = Field(description="the name shown to the player")
    summary: Text = Field(description="what the action is and where it works")
    national: bool = Field(False, description="acts on the whole party: the region is ignored, "
                           "fit is judged on the national average and regional effects act on "
                           "every region")
    fit: FitWeights = Field(description="how well it suits a place, from the conditions "
                            "(may be `{}`)")
    difficulty: Logit = Field(0.0, description="logit points subtracted from the success "
                              "chance: a hard action fails often even where it fits")
    risk: Share = Field(description="the chance that a failure becomes a setback, before "
                        "repression and a poor fit are counted")
    cost: float = Field(0.0, ge=0, le=1e6, description="funds spent on each attempt; short "
                        "funds reduce the effort")
    doctrinal: float = Field(0.0, ge=0, le=1, description="how much the action belongs to the "
                             "Russian template of 1917, 0 to 1; the Centre favours it by "
                             "doctrine x blinding x this")
    success: Effects = Field(description="what changes when it succeeds, scaled by effort")
    failure: Effects = Field(Effects(), description="what changes when it fails, in full")
    setback: Setback = Field(description="the damage when a failure turns into a setback")
    trust_rule: TrustRule | None = Field(None, description="a trust cost for this action from "
                                         "a date on (none by default)")
    override: Override | None = Field(None, exclude=True, description=OVERRIDE_HELP)


class Line(Frozen):
    """A general line of the Centre: what it allows, what it prefers, how it reads a country."""

    id: Id = Field(description="the line's id, unique among all lines after merging (E201)")
    name: Name = Field(description="the line's name, shown with the directive")
    summary: Text = Field(description="what the line stood for and when")
    allowed: list[Id] = Field(min_length=1, description="the actions the Centre may order, and "
                              "the only ones the party may adapt to; any other is defiance")
    prefers: dict[Id, Weight] = Field(default_factory=dict, description="a bonus per action, "
                                      "-10 to 10, added times blinding to its score in the "
                                      "Centre's choice; every action preferred must be allowed "
                                      "(E206)")
    rigidity: Share = Field(description="0: directives are advice for consultation; 1: orders "
                            "to be obeyed. It sets both binding (what deviation costs) and "
                            "blinding (how far doctrine bends the Centre's picture)")
    template: ConditionShift = Field(default_factory=ConditionShift,
                                     description="added to `centre.template` (then clipped to "
                                     "0..1) while this line holds")
    override: Override | None = Field(None, exclude=True, description=OVERRIDE_HELP)


class LineSpan(Frozen):
    """Which general line holds from a month on, until the next period."""

    start: Month = Field(alias="from", description="the month the line comes into force "
                         "(YYYY-MM); periods in date order, the first at or before `start`")
    line: Id = Field(description="the id of the line (E203 if unknown)")


class Region(Frozen):
    """A region of the country: its conditions and the party's standing there."""

    id: Id = Field(description="the region's id, unique among regions (E201); not `mean`, "
                   "`min` or `max`, which triggers read as selectors")
    name: Name = Field(description="the region's name, shown to the player")
    summary: Text = Field(description="a line about the region")
    conditions: Conditions = Field(description="the seven conditions at the start, all of them")
    influence: Share = Field(description="the party's support among the masses here at the "
                             "start, 0 to 1")
    organisation: Share = Field(description="the party's cells and apparatus here at the "
                                "start, 0 to 1")
    cadre_need: float = Field(gt=0, le=1e6, description="cadres at work here for full effort: "
                              "effort is the cadres placed here divided by this, at most 1")


class TimelinePoint(Frozen):
    """A shift of the long-run conditions, reached on `date` (linear from the previous point)."""

    date: Month = Field(description="the month by which the shift is reached; points in date "
                        "order (E211)")
    shift: ConditionShift = Field(description="the total shift from the starting conditions, "
                                  "for the conditions named")
    regions: list[Id] | None = Field(None, description="the regions the point applies to "
                                     "(default: all)")
    note: Text = Field(description="what changes and why")
    source: Text = Field(description="where the figures come from")


class Trigger(Frozen):
    """A test on a quantity: `members < 50000`, or `legality < 0.2` in a region or on average."""

    quantity: Name = Field(description="the quantity tested: a condition, influence, "
                           "organisation, a party figure or a count such as `setbacks` "
                           "(section 3.8; E204 if unknown)")
    op: Literal["<", "<=", ">", ">=", "==", "!="] = Field(description="the comparison; quote it "
                                                          "in YAML (`\">=\"`)")
    value: Count = Field(description="the number the quantity is compared with")
    region: str = Field("mean", description=REGION_CHOICE)


class Shield(Frozen):
    """A quantity of the party that softens an event's damage: weight x value is taken off it."""

    quantity: Name = Field(description="the quantity that protects the party, as for triggers "
                           "(E204 if unknown)")
    region: str = Field("mean", description=REGION_CHOICE)
    weight: Weight = Field(description="share of the damage taken off per unit of the "
                           "quantity, -10 to 10 (negative: the quantity makes it worse)")


class Event(Frozen):
    """A historical event on a date, or a conditional event when its triggers hold.

    `effects` land whatever the party did; `damage` is scaled down by the
    party's preparation, measured by `shield`: each game takes the share
    1 - sum(weight x quantity) of it, clipped to 0..1.
    """

    id: Id = Field(description="the event's id, unique among events (E201)")
    title: Name = Field(description="the headline shown when the event fires")
    text: Text = Field(description="what happened, shown when it fires")
    source: Text = Field(description="where the facts were checked; shown with the text")
    date: Month | None = Field(None, description="a scheduled event fires in the turn "
                               "containing this month")
    when: list[Trigger] = Field(default_factory=list, description="triggers that must all hold "
                                "for it to fire; without `date`, at least one")
    after: Month | None = Field(None, description="conditional events only: eligible from the "
                                "turn containing this month on")
    before: Month | None = Field(None, description="conditional events only: eligible up to, "
                                 "but not including, the turn containing this month")
    chance: Share = Field(1.0, description="the chance, 0 to 1, that it fires in a turn where "
                          "it is due")
    once: bool = Field(True, description="fire at most once per game; false lets it fire again "
                       "in later turns")
    regions: list[Id] | None = Field(None, description="where its regional effects act "
                                     "(default: every region)")
    lasting: bool = Field(False, description="its condition changes also move the long-run "
                          "level, so the drift does not undo them")
    effects: Effects = Field(Effects(), description="what it changes whatever the party did")
    damage: Effects = Field(default_factory=Effects, description="what the blow costs a party "
                            "that did not prepare for it; the shield takes its share off")
    shield: list[Shield] = Field(default_factory=list, description="what softens the damage: "
                                 "each game takes 1 - sum(weight x quantity) of it, clipped to "
                                 "0..1")
    override: Override | None = Field(None, exclude=True, description=OVERRIDE_HELP)

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

    id: Id = Field(description="the initiative's id, unique among initiatives (E201)")
    title: Name = Field(description="shown on the directive card with the order")
    text: Text = Field(description="what Moscow asks of the party, as the card shows it")
    source: Text = Field(description="where it is documented; shown with the text")
    start: Month = Field(alias="from", description="the Centre sends it from the turn that "
                         "contains this month; it arrives a courier lag later")
    end: Month | None = Field(None, alias="to", description="the last month in which the "
                              "Centre sends it (default: the turn of `from` only)")
    action: Id = Field(description="the action the Centre orders; the line in force at `from` "
                       "and at `to` must allow it (E213)")
    region: Id | None = Field(None, description="where; required for an action that acts in a "
                              "region (E214), left out for a national action")
    envoy: Name | None = Field(None, description="who carries it, where history names someone; "
                               "shown on the card")
    insistence: float = Field(1.0, ge=0, le=10, description="added, times blinding, to the "
                              "score of this action in this region when the Centre chooses, "
                              "0 to 10")
    pressure: float = Field(0.0, ge=0, le=1, description="trust the party loses, times binding, "
                            "on top of the usual cost when it refuses the order, 0 to 1")
    setback: Setback | None = Field(None, description="what it is called and costs if the party "
                                    "obeys and the action ends in a setback (default: the "
                                    "action's own setback)")


class Envoy(Frozen):
    """A named envoy of the Centre, for the months history places him or her there."""

    name: Name = Field(description="the envoy's name")
    start: Month = Field(alias="from", description="the first month the name applies")
    end: Month = Field(alias="to", description="the last month it applies; not before `from` "
                       "(E210)")
    note: Text = Field(description="who the envoy was")
    source: Text = Field(description="where that is documented")
    override: Override | None = Field(None, exclude=True, description=OVERRIDE_HELP)


class PartyStart(Frozen):
    """The party's national figures at the start."""

    name: Name = Field(description="the party's name")
    members: int = Field(ge=0, le=100_000_000, description="members at the start; also the "
                         "base of `members_ratio`. More than `rules.party.destroyed_below`")
    capacity: int = Field(gt=0, le=1_000_000_000, description="the country's scale: the "
                          "membership the party would reach with full influence and legality "
                          "and middling unrest (0.5) in every region")
    cadres: int = Field(ge=0, le=10_000_000, description="trained activists who carry out the "
                        "party's work, placed in regions by the cadre plan")
    funds: float = Field(ge=0, le=1e9, description="money, in an abstract unit (about what one "
                         "agitation campaign costs)")
    unity: Share = Field(description="1 = one mind; low unity weakens every action and risks "
                         "splits")
    trust: Share = Field(description="the Centre's confidence in this leadership; low trust "
                         "brings envoys, cut funds and replacement")
    security: Share = Field(description="protection against informers: new informers are "
                            "scaled by 1 - security")
    training: Share = Field(description="the share of cadres schooled in Moscow: the better "
                            "trained, the truer the leadership's view of its country")
    dogmatism: Share = Field(description="how far the leadership takes Moscow's picture for its "
                             "own, unless its cadres are trained")
    informers: float = Field(0.0, ge=0, le=1e6, description="hidden police informers inside "
                             "the party at the start; never shown during play")


class CentreSpec(Frozen):
    """The Centre's view of the country: courier lag, doctrine, subsidy and lines."""

    founded: Month | None = Field(None, description="the month the Centre comes into being; "
                                  "before it no directive is sent (the Comintern: 1919-03). "
                                  "Leave it out if the Centre exists from the start")
    courier_lag_months: int = Field(ge=0, le=24, description="months a courier takes between "
                                    "Moscow and the party, one way, 0 to 24; in turns it is "
                                    "rounded up")
    doctrine: Share = Field(description="how strongly the Centre reads the country through its "
                            "template; always multiplied by blinding")
    subsidy: float = Field(ge=0, le=1e6, description="funds sent every turn, unless the subsidy "
                           "or the courier line is cut")
    template: Conditions = Field(description="the Russian template of 1917 as the Centre sees "
                                 "it: all seven conditions, one set for every region")
    lines: list[LineSpan] = Field(min_length=1, description="which general line holds from "
                                  "which month")


class HistoryStep(Frozen):
    """What the real party did from a month on: the script of the historical policy."""

    start: Month = Field(alias="from", description="when the party began to act this way; the "
                         "first step at `start` (E212)")
    response: Literal["comply", "adapt", "consult", "stall", "defy"] = Field(
        description="what it did with the Centre's directives")
    action: Id | None = Field(None, description="for adapt and defy only, and required there: "
                              "the action it took instead")
    region: Id | None = Field(None, description="for adapt and defy only, and required there: "
                              "where")
    note: Text = Field(description="what the party did, in a sentence or two")
    source: Text = Field(description="where it is documented")

    @model_validator(mode="after")
    def _action_for_own_choices(self) -> HistoryStep:
        acting = self.response in ("adapt", "defy")
        if acting and not (self.action and self.region):
            raise ValueError(f"a '{self.response}' step needs an action and a region")
        if not acting and (self.action or self.region):
            raise ValueError(f"a '{self.response}' step takes no action or region")
        return self


class Goal(Frozen):
    """A goal ticked or not at the end; it changes neither score nor outcome."""

    id: Id = Field(description="the goal's id, unique among goals (E201)")
    text: Text = Field(description="the goal as the player reads it")
    when: list[Trigger] = Field(min_length=1, description="the goal is met if all hold at the "
                                "end")


class OutcomeCategory(Frozen):
    """An ending: the first category, in file order, whose triggers all hold at the end."""

    id: Id = Field(description="the outcome's id, unique among outcomes (E201)")
    name: Name = Field(description="the short name shown at the end")
    text: Text = Field(description="what this outcome means")
    when: list[Trigger] = Field(default_factory=list, description="triggers that must all hold; "
                                "empty only for the last category, the fallback (E207)")


class Historical(Frozen):
    """What really happened, set beside the player's outcome at the end."""

    outcome: Id = Field(description="the outcome category history fell into (E203 if unknown)")
    text: Text = Field(description="what happened")
    source: Text = Field(description="where it is documented")


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

    id: Id = Field(description="the term's id: a front end asks for it by this (E201 if twice "
                   "in one file)")
    term: Name = Field(description="the word or phrase as the player meets it")
    text: Text = Field(description="what it means: one or two plain sentences for a reader "
                       "of fifteen")
    see: list[Id] = Field(default_factory=list, max_length=8,
                          description="ids of related glossary terms")


class ScoreTerm(Frozen):
    """One term of the score: weight x clip(value / scale, 0, 1), read at the end."""

    quantity: Name = Field(description="the quantity scored, as for triggers (E204 if unknown)")
    region: str = Field("mean", description=REGION_CHOICE)
    weight: float = Field(ge=-1000.0, le=1000.0, description="points for the full value; let "
                          "the weights add up to 100, as the score is shown out of 100")
    scale: float = Field(1.0, gt=0, le=1e9, description="the value that earns the full weight")


class ResolutionRules(Frozen):
    """How actions succeed: points on the logit scale, where 0 is an even chance."""

    fit: Logit = Field(description="logit points per unit of true fit above 0.5")
    effort: Logit = Field(description="logit points per unit of effort above 0.5 (cadres at "
                          "work divided by those needed, at most 1)")
    organisation: Logit = Field(description="logit points per unit of organisation in the "
                                "region above 0.5")
    unity: Logit = Field(description="logit points per unit of unity above 0.5")
    base: Logit = Field(0.0, description="logit points added to every action")
    repression_risk: Logit = Field(description="how much repression raises the setback chance: "
                                   "risk x (0.5 + this x repression)")
    misfit_risk: float = Field(0.0, ge=0, le=4, description="how much a poor true fit raises "
                               "the setback chance: it is multiplied by 1 + this x (0.5 - true "
                               "fit), never below 0")
    routine: Change = Field(description="organisation built per turn in a region by cadres at "
                            "full effort, as a share of what is still missing")
    magnitude_floor: Share = Field(description="the share of a success's effects reached with "
                                   "no effort")
    national_need: float = Field(gt=0, le=100, description="the cadres a national action "
                                 "needs, as a share of the sum of every region's cadre_need")


class TrustRules(Frozen):
    """The Centre's confidence: what each response does to trust, from -1 to 1.

    Negative values among the five responses, and `blame`, are multiplied by
    binding; positive values are not.
    """

    comply: Change = Field(description="trust change for complying")
    adapt: Change = Field(description="trust change for adapting within the line")
    consult: Change = Field(description="trust change for consulting")
    stall: Change = Field(description="trust change for stalling")
    defy: Change = Field(description="trust change for defying, and for adapting outside the "
                         "line")
    blame: Change = Field(description="extra change, times binding, when an adapted or defiant "
                          "action fails")
    recovery: Change = Field(description="each turn trust moves this share of the way to "
                             "`baseline`, from above or below")
    baseline: Share = Field(description="the level trust returns to")


class SanctionRules(Frozen):
    """What low trust brings: an envoy, a cut subsidy, a new leadership."""

    envoy_below: Share = Field(description="below this trust an envoy arrives ...")
    envoy_turns: int = Field(ge=1, le=40, description="... and decides for this many turns")
    funds_cut_below: Share = Field(description="below this trust the subsidy stops ...")
    funds_cut_turns: int = Field(ge=1, le=40, description="... for this many turns")
    replace_below: Share = Field(description="below this trust the Centre replaces the "
                                 "leadership")
    replace: Setback = Field(description="the replacement's effects, applied to every region")
    trust_after_replace: Share = Field(description="trust in the new leadership")


class PartyRules(Frozen):
    """The party's own life: recruitment, cadres, money, decay and the cadre plan."""

    recruit: Share = Field(description="the share of the gap between members and the "
                           "membership the party's standing supports, closed per turn (in both "
                           "directions)")
    illegal_recruit: Share = Field(description="the share of recruitment still possible where "
                                   "the party is banned")
    cadre_ratio: float = Field(gt=0, le=1, description="cadres per member that the party grows "
                               "toward (0.005: five per thousand)")
    cadre_growth: float = Field(ge=0, le=1, description="the share of the gap to that target "
                                "closed per turn, 0 to 1")
    dues: float = Field(ge=0, le=1e6, description="funds per 1000 members per turn")
    reserve: float = Field(1e9, ge=0, le=1e12, description="funds kept for campaigns; above "
                           "them the apparatus spends `upkeep` of the surplus each turn "
                           "(default: no limit)")
    upkeep: Share = Field(0.0, description="share of the funds above `reserve` spent each turn "
                          "on running costs (functionaries, rents, the paper)")
    influence_decay: Share = Field(description="share of influence lost per turn")
    organisation_decay: Share = Field(description="share of organisation lost per turn")
    unity_recovery: Share = Field(description="share of the gap to full unity closed per turn")
    defy_unity: Change = Field(description="unity change when a response counts as defiance")
    consult_gain: Share = Field(description="how much a consultation sharpens the Centre's "
                                "picture, times (1 - blinding)")
    destroyed_below: int = Field(ge=0, le=100_000_000, description="with fewer members the "
                                 "party is destroyed and its game ends")
    view_noise: float = Field(0.0, ge=0, le=1, description="how far the leadership misjudges "
                              "its own regions: the standard deviation of its error in each "
                              "condition, times (1 - training)")
    focus_share: Share = Field(description="the default cadre plan puts this share of the "
                               "cadres in the action's region and spreads the rest evenly")
    plan_min_cadres: float = Field(0.0, ge=0, description="with fewer cadres than this a cadre "
                                   "plan cannot matter: the front ends skip it and the default "
                                   "plan places them")


class InformerRules(Frozen):
    """The police inside the party: how informers come in and what their leaks do."""

    recruit: float = Field(ge=0, le=1000, description="informers per 1000 new members, at zero "
                           "security")
    base: float = Field(ge=0, le=1000, description="informers placed per turn, times the "
                        "average repression, at zero security")
    leak: Share = Field(description="leak chance per informer per turn")
    security_decay: Share = Field(description="share of security lost per turn")
    leak_setback: Setback = Field(description="the effects of a leak, in one region chosen at "
                                  "random")


class RightRules(Frozen):
    """The growth of the right, per region and turn, from -1 to 1."""

    drift: Change = Field(description="growth everywhere, every turn")
    unrest: Change = Field(description="growth per unit of unrest above 0.5 (below 0.5 the "
                           "right shrinks by the same rule)")
    setback: Change = Field(description="growth in a region after each party setback or leak "
                            "there")


class AllyTurn(Frozen):
    """The partner turns on the party once the party outgrows it."""

    ratio: float = Field(gt=0, le=1000, description="the ally may turn once average party "
                         "influence exceeds this multiple of the ally's average strength")
    chance: Share = Field(description="the chance per turn while that holds; it happens at most "
                          "once per game")
    setback: Setback = Field(description="its effects, in every region; its condition changes "
                             "are lasting")


class SplitRule(Frozen):
    """Factions walk out when unity is low."""

    below: Share = Field(description="with unity below this ...")
    chance: Share = Field(description="... the party splits with this chance per turn (it can "
                          "happen again)")
    setback: Setback = Field(description="the split's effects, in every region")


class CentreRules(Frozen):
    """How the Centre weighs its own recent orders: it does not send the same one forever."""

    repeat: float = Field(0.15, ge=0, le=10, description="score taken off an action, in every "
                          "region, per unit of the Centre's memory of ordering it, times "
                          "blinding")
    memory: Share = Field(0.6, description="the share of that memory kept from one turn to the "
                          "next; each order of the action adds 1")


class DriftRules(Frozen):
    """How conditions move toward their long-run level each turn."""

    rate: Share = Field(description="share of the gap to the long-run level closed per turn")
    noise: float = Field(ge=0, le=1, description="the standard deviation of the random change "
                         "of each condition per turn; the draw is uniform, so no change exceeds "
                         "1.73 x this")


class Rules(Frozen):
    """Every number of the model that belongs to no action, line or scenario.

    `common/rules.yaml` sets them; a scenario's own `rules:` overrides single
    keys, at any depth.
    """

    resolution: ResolutionRules = Field(description="how actions succeed and fail")
    trust: TrustRules = Field(description="what each response does to the Centre's trust")
    sanctions: SanctionRules = Field(description="what low trust brings")
    party: PartyRules = Field(description="the party's own life: recruitment, cadres, money")
    informers: InformerRules = Field(description="police informers inside the party")
    right: RightRules = Field(description="the growth of the right")
    ally_turn: AllyTurn = Field(description="when and how the ally turns on the party")
    split: SplitRule = Field(description="when factions walk out")
    drift: DriftRules = Field(description="how conditions drift")
    centre: CentreRules = Field(default_factory=CentreRules, description="how the Centre weighs "
                                "its own recent orders")


OwnName = Annotated[str, Field(min_length=1, max_length=200, description="a file in the "
                               "scenario's folder, relative to the scenario file")]


class OwnMap(Frozen):
    """The scenario's own board, from files in its own folder (MODDING.md, section 2).

    The window draws `image` in the map's frame, then the region `shapes`
    over it; without `map:` it uses the bundled map of the scenario's id, if
    any, else a schematic board. The files never change play.
    """

    shapes: OwnName = Field(description="a JSON file of region shapes in a unit square (the "
                            "format of assets/maps), relative to the scenario file")
    image: OwnName | None = Field(None, description="a PNG picture (at most 4096 pixels a "
                                  "side) drawn under the shapes, stretched to the map's frame")


# The parts of a student's debrief a discussion question may point to.
ReportPart = Literal["ending", "score", "timeline", "fit", "gap", "moments", "obeyed",
                     "adapted", "sources"]


class Question(Frozen):
    """A question for the class, and the parts of the debrief that help answer it."""

    question: Text = Field(description="the question, as the debrief prints it")
    draws_on: list[ReportPart] = Field(min_length=1, description="the parts of the student's "
                                       "report it draws on: ending, score, timeline, fit, gap, "
                                       "moments, obeyed, adapted, sources")


class Scenario(Frozen):
    """A whole scenario, with its catalogues merged in."""

    format_version: Literal[1] = Field(description="the version of this format; only 1 exists")
    id: Id = Field(description="the scenario's id; game records store it")
    name: Name = Field(description="the title shown at the start of a game and in the "
                       "scenario menu")
    country: Name = Field(description="the country")
    question: Text = Field(description="the historical question the scenario asks; shown at "
                           "the start")
    briefing: Text = Field(description="the situation at the start, addressed to the player")
    difficulty: Literal["gentle", "standard", "hard"] = Field(description="a label shown in the "
                                                              "scenario menu; it changes no rule")
    start: Month = Field(description="the first month of the first turn (YYYY-MM)")
    end: Month = Field(description="the last month played; after `start` (E210)")
    turn_months: int = Field(ge=1, le=12, description="months per turn, 1 to 12")
    include: list[str] = Field(default_factory=list, description="catalogue files merged in: "
                               "relative .yaml paths, looked for beside the scenario, then in "
                               "the bundled scenarios folder")
    actions: list[ActionType] = Field(min_length=1, description="the scenario's own actions, "
                                      "after the catalogues' (at least 1 after merging)")
    lines: list[Line] = Field(min_length=1, description="the scenario's own general lines, "
                              "after the catalogues' (at least 1 after merging)")
    rules: Rules = Field(description="every other number of the model; normally from "
                         "common/rules.yaml, and a scenario names only the keys it changes")
    regions: list[Region] = Field(min_length=1, max_length=12, description="the country's 1 "
                                  "to 12 regions")
    party: PartyStart = Field(description="the party's national figures at the start")
    centre: CentreSpec = Field(description="the Centre's view of this country")
    timeline: list[TimelinePoint] = Field(default_factory=list, description="shifts of the "
                                          "long-run conditions: the slow changes of an era")
    events: list[Event] = Field(default_factory=list, description="historical and conditional "
                                "events")
    initiatives: list[Initiative] = Field(default_factory=list, description="what the Centre "
                                          "ordered in history, as directives it issues")
    envoys: list[Envoy] = Field(default_factory=list, description="the names of the Centre's "
                                "envoys, by period")
    goals: list[Goal] = Field(default_factory=list, description="goals ticked or not at the "
                              "end")
    outcomes: list[OutcomeCategory] = Field(min_length=1, description="the endings, the most "
                                            "specific first; the last has no `when`")
    historical: Historical = Field(description="what really happened, set beside the outcome")
    history: list[HistoryStep] = Field(default_factory=list, description="what the real party "
                                       "did: the script of the historical policy")
    score: list[ScoreTerm] = Field(min_length=1, description="the terms of the score, at "
                                   "least 1")
    epilogue: Epilogue = Field(default_factory=Epilogue, description="what became of the "
                               "party up to 1943, shown after the outcome; never played")
    # excluded from the dump, so from the content hash: it changes what the
    # checker says, never what the scenario means
    silence: list[Code] = Field(default_factory=list, exclude=True,
                                description="warning and hint codes not to report for this file "
                                "(errors cannot be silenced); not part of the content hash")
    # excluded like `silence`: a map changes how the board looks, never what happens
    map: OwnMap | None = Field(None, exclude=True, description="the scenario's own map: a "
                               "shapes file and a picture beside the scenario file")
    # excluded from the content hash like `silence`: it explains words, never changes play,
    # so improving a definition does not turn every saved game into another scenario's
    glossary: list[Term] = Field(default_factory=list, max_length=400, exclude=True,
                                 description="the words the game explains, each in one or two "
                                 "sentences; shared ones come from common/glossary.yaml")
    discussion: list[Question] = Field(default_factory=list, description="questions for a "
                                       "class to discuss after playing, in the debrief; words, "
                                       "not part of the content hash")
    # excluded like `glossary`: words in other languages, laid over these by the loader
    translations: dict[Lang, dict[str, Any]] = Field(
        default_factory=dict, exclude=True, description="the file's texts in other languages, "
        "by language code (de: {...}); each mirrors the file's word fields, entries with an id "
        "keyed by it (MODDING.md, section 10). A file beside this one, such as germany.de.yaml, "
        "may hold them instead; not part of the content hash")
    # the folder of the file it was loaded from, where its own files are (set by the loader)
    _source_folder: str | None = PrivateAttr(None)
    # the language its words were loaded in (set by the loader)
    _language: str = PrivateAttr("en")

    @property
    def source_folder(self) -> str | None:
        """The folder the scenario was loaded from, when it has files of its own there."""
        return self._source_folder

    @property
    def language(self) -> str:
        """The language of its words: `en`, the original, or the translation it was loaded in."""
        return self._language
