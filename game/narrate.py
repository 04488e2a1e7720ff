"""The narrator: the engine's facts about a turn turned into words, for every front end.

Pure. Each function takes the plain dictionaries of `engine.explain` and
`engine.forecast` (a directive card, a turn record, the options of a turn)
and returns lines of text; the text mode prints them, the window sets them
in its card and panels. So the story of a turn is written once. What the
player reads names actions and regions by the scenario's names (`Names`),
never by their ids.

Two kinds of text: *plain* lines say what happened in words (a good or a
poor fit, too few cadres, luck); *number* lines, labelled as such, follow
for whoever wants the arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from math import exp, log
from typing import Any

from engine.facts import Candidate, Directive, Event, Figures, Resolution, Turn
from engine.model import Epilogue, Initiative, Scenario
from engine.orders import Orders
from engine.rebase import EndedEarlier, Rebased, Refused
from engine.tables import Tables

CONDITION_LABELS = {"industry": "industry", "agrarian": "agrarian", "unrest": "unrest",
                    "repression": "repression", "right": "the right", "ally": "the ally",
                    "legality": "legality"}
FIGURE_FORMATS = (("members", ",.0f"), ("cadres", ",.0f"), ("funds", ".1f"))
KEPT_BY = {
    "the line": "the line binds",
    "doctrine": "doctrine (Moscow reads the country through its template of 1917)",
    "the initiative": "the initiative (Moscow presses for this course whatever the report says)",
}
ESTIMATE_NOTE = ("Chances are the party's own estimate, from what it sees of the country; "
                 "it may be wrong.")


@dataclass(frozen=True)
class Names:
    """The scenario's words for the ids the facts use: actions, regions, events, initiatives.

    Built from the tables (`Names.of`); a test may give only the names it needs.
    """

    actions: dict[str, str]
    regions: dict[str, str]
    national: frozenset[str] = field(default_factory=frozenset)
    fit_weight: float | None = None  # odds points per unit of fit: the party's chance from a fit
    cadre_need: dict[str, float] = field(default_factory=dict)  # per region; "": national
    scenario: Scenario | None = None  # the events', initiatives' and setbacks' words
    months: tuple[str, ...] = ()  # the month of every turn, and of the end
    envoy_names: tuple[str, ...] = ()  # the envoy Moscow would send at each turn

    @classmethod
    def of(cls, tables: Tables) -> Names:
        sc = tables.scenario
        need = {r: float(v) for r, v in zip(tables.regions, tables.cadre_need, strict=True)}
        national_need = float(sc.rules.resolution.national_need) * sum(need.values())
        return cls(actions={a.id: a.name for a in sc.actions},
                   regions={r.id: r.name for r in sc.regions},
                   national=frozenset(a.id for a in sc.actions if a.national),
                   fit_weight=float(sc.rules.resolution.fit),
                   cadre_need={**need, "": national_need}, scenario=sc,
                   months=tuple(tables.date(t) for t in range(tables.n_turns + 1)),
                   envoy_names=tuple(tables.envoy_name(t) for t in range(tables.n_turns + 1)))

    def action(self, action: str | None) -> str:
        return self.actions.get(action or "", action or "no action")

    def region(self, region: str | None) -> str:
        return self.regions.get(region or "", region or "the whole party")

    def doing(self, action: str, region: str | None) -> str:
        """'Mass strike in Berlin', or 'Purge the factions (the whole party)'."""
        if action in self.national or region is None:
            return f"{self.action(action)} (the whole party)"
        return f"{self.action(action)} in {self.region(region)}"

    def place(self, action: str, region: str | None) -> str:
        """Where an order is carried out: a region's name, or the whole party."""
        if action in self.national or region is None:
            return "the whole party"
        return self.region(region)

    def outcome(self, category: str) -> EventText:
        """An ending's name and text."""
        sc = self.scenario
        found = next((o for o in sc.outcomes if o.id == category), None) if sc else None
        return EventText(found.name, found.text, "") if found else EventText(category, "", "")

    def goal(self, goal: str) -> str:
        sc = self.scenario
        return next((g.text for g in sc.goals if g.id == goal), goal) if sc else goal

    def history(self) -> EventText:
        """How the party ended in history: the category's name, the account, its sources."""
        if not self.scenario:
            return EventText("", "", "")
        h = self.scenario.historical
        return EventText(self.outcome(h.outcome).title, h.text, h.source)

    def event(self, event: str) -> EventText:
        """An event's title, text and sources; its id where the scenario is not at hand."""
        found = {ev.id: ev for ev in self.scenario.events} if self.scenario else {}
        if event in found:
            ev = found[event]
            return EventText(ev.title, ev.text, ev.source)
        return EventText(event, "", "")

    def initiative(self, initiative: str) -> Initiative | None:
        sc = self.scenario
        return next((i for i in sc.initiatives if i.id == initiative), None) if sc else None

    def setback(self, res: Resolution) -> EventText:
        """The setback a failed action became: the initiative's own, or the action's."""
        own = self.initiative(res.setback.initiative) if res.setback.initiative else None
        kind = own.setback if own and own.setback else None
        if kind is None and self.scenario:
            kind = next((a.setback for a in self.scenario.actions if a.id == res.action), None)
        return EventText(kind.name, kind.text, "") if kind else EventText("a setback", "", "")

    def leak_text(self) -> str:
        """What an informer's leak does, in the scenario's words."""
        return self.scenario.rules.informers.leak_setback.text if self.scenario else ""

    def envoy(self, month: str, later: int = 0) -> str:
        """The envoy of the turn `later` turns after the turn of `month`."""
        k = self.months.index(month) + later if month in self.months else -1
        return self.envoy_names[k] if 0 <= k < len(self.envoy_names) else "an envoy"


@dataclass(frozen=True)
class EventText:
    """What the player reads of an event or a setback."""

    title: str
    text: str
    source: str


def pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def signed(x: float, fmt: str) -> str:
    return f"{x:+{fmt}}"


def trust_words(cost: float) -> str:
    return "no trust cost" if abs(cost) < 0.005 else f"trust {cost:+.2f}"


# -- the directive card ---------------------------------------------------------

REASONS_SHOWN = 5  # the Centre's best candidates a card shows


def no_directive(card: Directive) -> bool:
    return card.action is None


def no_directive_lines(card: Directive) -> list[str]:
    """Before the Centre exists: no order, and why."""
    return [f"No directive from Moscow: the Communist International does not exist yet "
            f"(founded {card.founded or 'later'}). The party decides alone.",
            "Nothing the party does this turn costs Moscow's trust: there is no one yet to "
            "answer to."]


def sent_words(card: Directive, names: Names) -> str:
    """When the order left Moscow: its month, or before the game began."""
    first = names.months[0] if names.months else card.arrived
    return card.sent or f"before {first}"


def forced_by(card: Directive, names: Names) -> str | None:
    """The envoy who decides this turn, by name, or none."""
    return names.envoy(card.arrived) if card.forced else None


def reasons(card: Directive, limit: int = REASONS_SHOWN) -> list[Candidate]:
    """The Centre's best candidates, one per action (its best region), best first."""
    seen: set[str] = set()
    out = []
    for c in card.candidates:
        if c.action not in seen:
            seen.add(c.action)
            out.append(c)
    return out[:limit]


def card_initiative(card: Directive, names: Names) -> list[str]:
    """A course Moscow pressed for in history: its title, its text, who carries it, its price."""
    if not card.initiative:
        return []
    ini = names.initiative(card.initiative.id)
    out = ([f"Moscow presses for: {ini.title}", " ".join(ini.text.split())] if ini
           else [f"Moscow presses for: {card.initiative.id}"])
    if ini and ini.envoy:
        out.append(f"Carried by {ini.envoy}.")
    pressure = card.initiative.pressure
    if pressure > 0:
        out.append(f"Refusing it (adapt, stall or defy) costs {pressure:.2f} more trust than "
                   "the usual deviation; consulting does not count as refusing.")
    return out


def initiative_title(card: Directive, names: Names) -> str | None:
    if not card.initiative:
        return None
    ini = names.initiative(card.initiative.id)
    return ini.title if ini else card.initiative.id


def picture_change(change: dict[str, float]) -> str:
    """'repression +0.12, legality -0.20', biggest changes first."""
    items = sorted(change.items(), key=lambda kv: -abs(kv[1]))
    return ", ".join(f"{CONDITION_LABELS.get(c, c)} {v:+.2f}" for c, v in items)


def revision_lines(card: Directive, names: Names) -> list[str]:
    """After a consultation: what the report changed in Moscow's picture and in its order."""
    rev = card.revision
    if not rev:
        return []
    where = names.region(rev.region)
    out = [f"Revised after your report of {rev.report_of}."]
    if rev.picture_change:
        out.append(f"Moscow now sees {picture_change(rev.picture_change)} in {where}.")
    else:
        out.append(f"Your report hardly changed Moscow's picture of {where}.")
    if rev.changed:
        out.append(f"The order changed: was "
                   f"{names.doing(rev.previous_action, rev.previous_region)}.")
    elif rev.kept_by:
        out.append(f"The order stands: {KEPT_BY.get(rev.kept_by, rev.kept_by)}.")
    else:
        out.append("The order stands: it still looks best to Moscow.")
    return out


# -- before the party chooses ----------------------------------------------------

def _blame(blame: float) -> str:
    return f", and {blame:+.2f} more if it fails" if blame < -0.005 else ""


def best_choice(opts: dict[str, Any], response: str) -> tuple[str, str, float] | None:
    """The action and region with the best believed chance for adapt or defy."""
    best: tuple[str, str, float] | None = None
    for action, item in opts[response]["actions"].items():
        for region, chance in item["chances"].items():
            if best is None or chance > best[2]:
                best = (action, region, float(chance))
    return best


def action_line(opts: dict[str, Any], response: str, action: str, region: str | None,
                names: Names) -> str:
    """One adapt or defy choice: what, where, the chance the party reckons, the trust."""
    item = opts[response]["actions"][action]
    chances = item["chances"]
    chance = chances.get(region) if region else max(chances.values())
    shown = None if action in names.national else region
    return (f"{names.doing(action, shown)}: the party reckons {pct(float(chance))}; "
            f"{trust_words(item['trust'])}{_blame(opts[response]['blame'])}")


def option_line(response: str, opts: dict[str, Any], card: Directive, names: Names,
                action: str | None = None, region: str | None = None) -> str:
    """What one response would do, its believed chance and its trust cost, in one line.

    For adapt and defy without a chosen action, the best one by believed chance.
    """
    alone = no_directive(card)
    if response == "comply":
        if alone:
            return "no action this turn; no trust cost"
        return (f"{names.doing(card.action or '', card.region)}: the party reckons "
                f"{pct(opts['comply']['chance'])}; {trust_words(opts['comply']['trust'])}")
    if response in ("adapt", "defy"):
        if action is not None:
            return action_line(opts, response, action, region, names)
        best = best_choice(opts, response)
        if best is None:
            return "no action open"
        line = f"best: {action_line(opts, response, best[0], best[1], names)}"
        if alone:
            what = ("an action the line allows" if response == "adapt" else
                    "any action, even one outside the line")
            line = f"{what}; {line}"
        return line
    if response == "consult":
        cost = trust_words(opts["consult"]["trust"])
        return f"no action; Moscow reconsiders on your report; {cost}"
    return f"no action; {trust_words(opts['stall']['trust'])}"


RESPONSE_WORDS = {"comply": "comply", "adapt": "adapt", "consult": "consult", "stall": "stall",
                  "defy": "defy"}


def open_responses(opts: dict[str, Any], card: Directive) -> list[str]:
    """The responses worth offering: comply alone under an envoy; no consult before the Centre."""
    if opts.get("only_comply"):
        return ["comply"]
    if no_directive(card):
        return ["comply", "adapt", "defy"]
    return ["comply", "adapt", "consult", "stall", "defy"]


def response_label(response: str, card: Directive) -> str:
    """The name of a response on a button or a menu: before the Centre, comply is to wait."""
    if no_directive(card):
        return {"comply": "wait", "adapt": "act", "defy": "any action"}.get(response, response)
    return RESPONSE_WORDS.get(response, response)


def options_lines(opts: dict[str, Any], card: Directive, names: Names,
                  envoy: str | None = None) -> list[tuple[str, str]]:
    """(response, line) for every open response; under an envoy, only comply, and why."""
    out = [(r, option_line(r, opts, card, names)) for r in open_responses(opts, card)]
    if opts.get("only_comply"):
        who = f"The envoy {envoy}" if envoy else "An envoy"
        out.append(("", f"{who} decides: only comply is open this turn."))
    return out


def action_rows(opts: dict[str, Any], response: str,
                names: Names) -> list[tuple[str, str, float, float]]:
    """(action id, name, best believed chance over the regions, trust) for adapt or defy."""
    rows = []
    for action, item in opts[response]["actions"].items():
        rows.append((action, names.action(action), max(float(v) for v in
                                                      item["chances"].values()),
                     float(item["trust"])))
    return rows


# -- after the turn: why? ----------------------------------------------------------

def _fit_word(fit: float) -> str:
    if fit >= 0.6:
        return "good"
    if fit >= 0.45:
        return "middling"
    return "poor"


def _effort_lines(entry: Turn, names: Names, effort: float, at: str) -> list[str]:
    """Enough cadres or too few for the work, and money: effort is the lesser of the two."""
    assert entry.resolution is not None
    working = entry.cadres_at_work
    region = entry.resolution.region
    need = names.cadre_need.get(region or "")
    manned = effort  # without the needs, the effort stands for the cadres
    if need and working:
        here = sum(working.values()) if region is None else float(working.get(region, 0.0))
        manned = min(1.0, here / need)
    out = []
    if manned >= 0.95:
        out.append(f"Enough cadres were at work {at}.")
    else:
        out.append(f"Too few cadres were at work {at}: about {pct(manned)} of what the work "
                   "there needs.")
    if effort < manned - 0.02:
        out.append("And the party had too little money to pay for it in full.")
    return out


def reckoned_chance(entry: Turn, names: Names) -> float | None:
    """The chance the party reckoned for the action it carried out, where the record tells it.

    The party knows its own strength, so its estimate differs from the true
    chance only by the fit it saw; the card gives that fit for the directive.
    So this works for a complied order; for other actions the front end
    passes the estimate it showed before the choice.
    """
    res, d = entry.resolution, entry.directive
    if not res or names.fit_weight is None or entry.response != "comply":
        return None
    if d.action != res.action or d.fit_party_sees is None:
        return None
    total = sum(res.contributions.values())
    believed = total + names.fit_weight * (d.fit_party_sees - res.true_fit)
    return 1.0 / (1.0 + exp(-believed))


def chance_chosen(opts: dict[str, Any], response: str, action: str | None,
                  region: str | None) -> float | None:
    """The chance the party reckoned for the orders it gave, from the turn's options."""
    if response == "comply":
        chance = opts["comply"]["chance"]
        return None if chance is None else float(chance)
    if response in ("adapt", "defy") and action in opts[response]["actions"]:
        chances = opts[response]["actions"][action]["chances"]
        return float(chances[region]) if region in chances else max(chances.values())
    return None


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return log(p / (1 - p))


def _contribution_lines(c: dict[str, float], at: str) -> list[str]:
    """Organisation, unity and difficulty in words: what helped and what held back."""
    out = []
    org = float(c.get("organisation", 0.0))
    if org >= 0.15:
        out.append(f"The party's organisation {at} helped.")
    elif org <= -0.15:
        out.append(f"The party's organisation {at} is weak, and held it back.")
    else:
        out.append(f"The party's organisation {at} made little difference.")
    unity = float(c.get("unity", 0.0))
    if unity >= 0.15:
        out.append("A united party helped.")
    elif unity <= -0.15:
        out.append("Divisions in the party held it back.")
    else:
        out.append("The party's unity made little difference.")
    if float(c.get("difficulty", 0.0)) <= -0.3:
        out.append("And it is a hard action in itself.")
    return out


def _luck_line(success: bool, chance: float) -> str:
    if success:
        return ("It had every chance, and it came off." if chance >= 0.75 else
                "Luck went its way." if chance >= 0.4 else
                "It had little chance, but luck went its way.")
    return ("It had little chance from the start." if chance <= 0.25 else
            "Luck went against it." if chance <= 0.6 else
            "It had a good chance, but luck went against it.")


def why_plain(entry: Turn, names: Names, reckoned: float | None = None) -> list[str]:
    """Why the turn went as it did, in words first: fit, cadres, organisation, unity, luck."""
    d, res, resp = entry.directive, entry.resolution, entry.response
    out: list[str] = []
    if no_directive(d):
        out.append("No directive had come from Moscow: the party decided alone.")
    else:
        line = f"Moscow ordered {names.doing(d.action or '', d.region)}."
        if (d.fit_true is not None and d.fit_moscow_believes is not None
                and d.fit_party_sees is not None):
            line += (f" In Moscow's picture it was a {_fit_word(d.fit_moscow_believes)} fit;"
                     f" as the party saw it, a {_fit_word(d.fit_party_sees)} fit; in truth, "
                     f"a {_fit_word(d.fit_true)} fit.")
        out.append(line)
    title = initiative_title(d, names)
    if title:
        out.append(f"It was Moscow's own initiative: {title}.")
    forced = " (the envoy decided)" if entry.forced else ""
    charged = "" if entry.charged_as == resp else f"; Moscow counted it as {entry.charged_as}"
    answered = "wait (there was nothing to comply with)" if no_directive(d) and \
        resp == "comply" else resp
    out.append(f"You answered: {answered}{forced}{charged}.")
    if not res:
        what = {"consult": "your report went to Moscow instead, and its next order answers it",
                "stall": "the party waited"}.get(resp, "the party waited")
        out.append(f"No action was taken this turn: {what}.")
        return out
    national = res.region is None
    place = names.region(res.region)
    out.append(f"{names.doing(res.action, res.region)}: "
               f"{'it succeeded' if res.success else 'it failed'}.")
    where = "the country" if national else place
    out.append(f"It was a {_fit_word(res.true_fit)} fit for the real conditions in {where}.")
    at = "across the party" if national else f"in {place}"
    out += _effort_lines(entry, names, res.effort, at)
    out += _contribution_lines(res.contributions, at)
    if reckoned is None:
        reckoned = reckoned_chance(entry, names)
    chance = res.chance
    if reckoned is not None:
        gap = "about what was true" if abs(reckoned - chance) < 0.05 else (
            "too high: it saw the country better than it was" if reckoned > chance else
            "too low: the country was better for it than it saw")
        out.append(f"The party reckoned its chance at {pct(reckoned)}; with the real "
                   f"conditions it was {pct(chance)} ({gap}).")
    else:
        out.append(f"With the real conditions its chance was {pct(chance)}.")
    out.append(_luck_line(res.success, chance))
    if res.setback.happened:
        sb = names.setback(res)
        out.append(f"The failure became a setback: {sb.title}. {sb.text}".strip())
    return out


def why_numbers(entry: Turn, names: Names, reckoned: float | None = None) -> list[str]:
    """The same turn in numbers: fits, effort, the named parts of the chance, the rolls."""
    d, res = entry.directive, entry.resolution
    out = []
    if (d.fit_true is not None and d.fit_moscow_believes is not None
            and d.fit_party_sees is not None):
        out.append(f"Fit of the order: Moscow's picture {d.fit_moscow_believes:.2f}, "
                   f"the party's view {d.fit_party_sees:.2f}, truth {d.fit_true:.2f}.")
    if res:
        out.append(f"{names.doing(res.action, res.region)}: true fit "
                   f"{res.true_fit:.2f}, effort {res.effort:.2f} (1.00 = enough cadres).")
        out.append("Parts of the chance (points on the odds scale: they add up, and the "
                   "sum becomes the chance):")
        total = 0.0
        for name, points in res.contributions.items():
            total += points
            out.append(f"  {name:<20} {points:+.2f}")
        out.append(f"  {'sum':<20} {total:+.2f} -> chance {pct(res.chance)}; roll "
                   f"{res.roll:.2f} {'<' if res.success else '>='} chance")
        if reckoned is None:
            reckoned = reckoned_chance(entry, names)
        if reckoned is not None:
            out.append(f"  the party reckoned {pct(reckoned)} (sum "
                       f"{_logit(reckoned):+.2f} with the fit it saw)")
        if not res.success:
            out.append(f"Setback chance {pct(res.setback.chance)}, roll "
                       f"{res.setback.roll:.2f}.")
    parts = entry.centre.trust_parts
    out.append("Trust: " + ", ".join(f"{k} {v:+.3f}" for k, v in parts.items()) + ".")
    out.append(f"Informer leak chance this turn: {pct(entry.rivals.leak.chance)}.")
    return out


TRUST_WORDS = {"response": "your answer", "rule": "a rule broken", "recovery": "time",
               "blame": "the failure, blamed on you", "initiative": "refusing its initiative"}


def trust_lines(entry: Turn, names: Names) -> list[str]:
    """Moscow's trust before and after, and what moved it, in words."""
    c = entry.centre
    reasons = [f"{TRUST_WORDS.get(key, key)} {v:+.2f}" for key, v in c.trust_parts.items()
               if abs(v) >= 0.005]
    why = f" ({', '.join(reasons)})" if reasons else ""
    out = [f"Moscow's trust {c.trust_before:.2f} -> {c.trust_after:.2f}{why}."]
    if c.envoy:
        envoy = names.envoy(entry.date, later=1)
        out.append(f"Moscow sends an envoy: {envoy} will decide for the next turns.")
    if c.funds_cut:
        out.append("Moscow cuts the party's subsidy.")
    if c.leadership_replaced:
        out.append("Moscow replaces the party leadership.")
    return out


# -- changes by cause ---------------------------------------------------------------

def figures_text(changes: Figures) -> str:
    """'members -138,740, cadres -12': the figures that moved, the others left out."""
    parts = []
    for key, fmt in FIGURE_FORMATS:
        shown = signed(float(getattr(changes, key)), fmt)
        if shown.lstrip("+-").strip("0.,") == "":
            continue
        parts.append(f"{key} {shown}")
    return ", ".join(parts)


def spared(ev: Event) -> str:
    """'your preparation spared 40 % of the blow', for an event the party can prepare for."""
    if ev.damage_taken is None:
        return ""
    share = 1.0 - ev.damage_taken
    if share < 0.005:
        return "your preparation spared none of the blow"
    return f"your preparation spared {pct(share)} of the blow"


def cause_rows(entry: Turn, names: Names, following: Sequence[Event] = (),
               when: str = "") -> list[tuple[str, Figures, str]]:
    """(cause, changes, note) for what moved members, cadres and funds over the turn.

    A turn's figures, as the party reads them after it, run from the moment it
    chose (this turn's events had already struck) to the opening of the next
    turn, whose events have struck too: those are `following`, the events of
    the next opening, each named (and marked `when`, e.g. "news of 1921-04").
    An event's loss is its own row, never the action's.
    """
    ch, res = entry.changes, entry.resolution
    labels = {
        "action": (f"{names.doing(res.action, res.region)} (your action)" if res
                   else "the action"),
        "recruitment and income": "recruitment and income",
        "informers": "informers' leaks",
        "sanctions": "Moscow's sanctions",
        "rivals": _rivals_label(entry),
    }
    rows: list[tuple[str, Figures, str]] = []
    for cause in ("action", "recruitment and income", "informers", "rivals", "sanctions"):
        if cause in ch and figures_text(ch[cause]):
            rows.append((labels[cause], ch[cause], ""))
    for ev in following:
        if figures_text(ev.changes) or ev.damage_taken is not None:
            title = names.event(ev.id).title
            rows.append((f"{title} ({when})" if when else title, ev.changes, spared(ev)))
    return rows


def _rivals_label(entry: Turn) -> str:
    what = [w for flag, w in ((entry.rivals.ally_turned, "the ally turning"),
                              (entry.rivals.split, "the split")) if flag]
    return "rivals: " + " and ".join(what) if what else "rivals"


def changes_by_cause(entry: Turn, names: Names, following: Sequence[Event] = (),
                     when: str = "") -> list[str]:
    """One line per cause: '<cause>: members -138,740, cadres -12'; events say what was spared.

    See `cause_rows` for `following` and `when`.
    """
    out = []
    for label, changes, note in cause_rows(entry, names, following, when):
        text = figures_text(changes) or "no change in members, cadres or funds"
        out.append(f"{label}: {text}" + (f"; {note}" if note else ""))
    return out


def totals(entry: Turn, following: Iterable[Event] = ()) -> dict[str, float]:
    """The turn's whole change of members, cadres and funds: its causes and the next events."""
    out = {key: 0.0 for key, _ in FIGURE_FORMATS}
    for changes in [*entry.changes.values(), *(ev.changes for ev in following)]:
        for key in out:
            out[key] += float(getattr(changes, key))
    return out


def event_lines(ev: Event) -> list[str]:
    """What an event did to the party's figures, and what preparation spared."""
    text = figures_text(ev.changes)
    note = spared(ev)
    if not text and not note:
        return []
    body = f"For the party: {text}" if text else "Members, cadres and funds are as they were"
    return [body + (f"; {note}." if note else ".")]


def result_lines(entry: Turn, names: Names) -> list[str]:
    """The outcome of the action in one or two lines (the RESULT block, the log)."""
    res = entry.resolution
    if not res:
        return ["No action this turn."]
    verdict = "SUCCESS" if res.success else "FAILURE"
    out = [f"{names.doing(res.action, res.region)}: {verdict} "
           f"(chance {pct(res.chance)}, roll {res.roll:.2f})"]
    if res.setback.happened:
        out.append(f"SETBACK: {names.setback(res).title}.")
    return out


# -- a turn's whole story, for every front end --------------------------------------

PARTY_NOW = (("members", ",.0f"), ("cadres", ",.0f"), ("funds", ".1f"), ("unity", ".2f"),
             ("security", ".2f"))


def answered_line(entry: Turn) -> str:
    """'You answered: comply (the envoy decided)'."""
    forced = " (the envoy decided)" if entry.forced else ""
    return f"You answered: {entry.response}{forced}"


def rivals_lines(entry: Turn, names: Names) -> list[str]:
    """The informers' leak, the ally turning and the split, when they happened."""
    rivals, out = entry.rivals, []
    if rivals.leak.happened:
        out.append(f"An informer leaked in {names.region(rivals.leak.region)}: "
                   f"{names.leak_text()}".rstrip(": "))
    if rivals.ally_turned:
        out.append("The ally turned on the party.")
    if rivals.split:
        out.append("The party split.")
    return out


def party_now_line(entry: Turn, before: dict[str, float] | None) -> str | None:
    """'members 12,400 (-300), cadres 80 (+2), ...' after the turn, against before it."""
    if before is None:
        return None
    after = entry.party.model_dump()
    return ", ".join(f"{key} {after[key]:{fmt}} ({after[key] - before[key]:+{fmt}})"
                     for key, fmt in PARTY_NOW)


@dataclass(frozen=True)
class TurnStory:
    """A played turn told in words, part by part: each front end sets the parts it shows."""

    date: str
    answered: str
    result: list[str]
    setback: str  # the setback's own text, when there was one
    trust: list[str]
    rivals: list[str]
    party_now: str | None
    causes: list[str]
    why: list[str]
    numbers: list[str]

    @classmethod
    def of(cls, entry: Turn, names: Names, before: dict[str, float] | None = None,
           following: Sequence[Event] = (), when: str = "",
           reckoned: float | None = None) -> TurnStory:
        res = entry.resolution
        setback = names.setback(res).text if res and res.setback.happened else ""
        return cls(date=entry.date, answered=answered_line(entry),
                   result=result_lines(entry, names), setback=setback,
                   trust=trust_lines(entry, names), rivals=rivals_lines(entry, names),
                   party_now=party_now_line(entry, before),
                   causes=changes_by_cause(entry, names, following, when),
                   why=why_plain(entry, names, reckoned),
                   numbers=why_numbers(entry, names, reckoned))


__all__ = ["CONDITION_LABELS", "ESTIMATE_NOTE", "Names", "action_line", "action_rows",
           "best_choice", "card_initiative", "cause_rows", "chance_chosen", "changes_by_cause",
           "event_lines", "figures_text", "no_directive", "no_directive_lines", "open_responses",
           "option_line", "options_lines", "pct", "reckoned_chance", "response_label",
           "result_lines", "revision_lines", "spared", "totals", "trust_lines", "trust_words",
           "why_numbers", "why_plain"]


# -- the cadre plan ------------------------------------------------------------
def plan_too_few(effects: dict[str, Any]) -> str:
    """The one line that says a plan cannot matter: too few cadres to spread."""
    return (f"Cadres: only {effects['total']:,.0f}, under the {effects['min_cadres']:,.0f} a "
            "plan needs to matter: no plan to make, the default plan places them.")


def _effort(effects: dict[str, Any]) -> str:
    return (f"effort from cadres {pct(effects['effort'])} of full, "
            f"{signed(effects['effort_points'], '.2f')} on the odds")


def plan_share_line(effects: dict[str, Any], region: str, names: Names) -> str:
    """What one region's share of a cadre plan means: for the action's effort, or for the
    organisation its routine work builds."""
    share, cadres = effects["shares"][region], effects["cadres"][region]
    head = f"{names.region(region)} {pct(share)} ({cadres:,.0f} cadres)"
    if effects["action"] is not None and effects["effort"] is not None:
        action = names.action(effects["action"])
        if effects["national"]:
            return f"{head} — {action} is national, every cadre counts: {_effort(effects)}"
        if effects["region"] == region:
            return f"{head} — {action} here: {_effort(effects)}"
    gain = signed(effects["organisation"][region], ".4f")
    return f"{head} — organisation from their routine work {gain} a turn"


def plan_summary(effects: dict[str, Any], names: Names) -> str:
    """The plan in a line: the share where the action is and the effort it gives (each
    region's own share is shown beside it on the map)."""
    if effects["action"] is None or effects["effort"] is None:
        return ("Cadres: no action this turn; they do routine work where they are, building "
                "organisation")
    action = names.action(effects["action"])
    if effects["national"]:
        return f"Cadres: {action} is national, every cadre counts: {_effort(effects)}"
    region = effects["region"]
    return (f"Cadres: {pct(effects['shares'][region])} in {names.region(region)} for "
            f"{action}: {_effort(effects)}")


EPILOGUE_TITLE = "Epilogue, to 1943"
CLOSING_TITLE = "the end of the Communist International"
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


@dataclass(frozen=True)
class EpilogueLine:
    """One paragraph of the epilogue as the player reads it."""

    when: str  # "May 1943", "1937-1938"
    text: str
    sources: tuple[str, ...]  # one item a line
    closing: bool = False  # the paragraph every scenario shares: the Comintern's end


def epilogue_date(date: str) -> str:
    """`1943-05` as `May 1943`; a span of years (`1937-1938`) as it is written."""
    year, rest = date.split("-")
    if len(rest) == 4:
        return f"{year}-{rest}"
    return f"{MONTH_NAMES[int(rest) - 1]} {year}"


def epilogue_lines(epilogue: Epilogue) -> list[EpilogueLine]:
    """The scenario's epilogue in the order it is read: the party's paragraphs, then the
    closing one; the text mode prints these and the window sets them in its panel."""
    return [EpilogueLine(epilogue_date(p.date), " ".join(p.text.split()),
                         tuple(s.strip() for s in p.source.split(" ; ") if s.strip()),
                         closing=p is epilogue.closing)
            for p in epilogue.all_paragraphs()]


# -- the ending: what Moscow's orders cost, and the choices that changed it ------
MISFIT_GAP = 0.15  # a bad fit: one of Moscow's own candidates fitted this much better


def orders_words(orders: Orders, card: Directive | None, names: Names) -> str:
    """What a response did, in words: 'complied with Mass strike in Berlin', 'stalled'."""
    response, action, region = orders.response, orders.action, orders.region
    if response == "comply":
        if card is None or card.action is None:
            return "waited"
        return f"complied with {names.doing(card.action, card.region)}"
    if response in ("adapt", "defy") and action:
        verb = "adapted, doing" if response == "adapt" else "defied Moscow, doing"
        return f"{verb} {names.doing(action, region)}"
    return str({"consult": "consulted Moscow", "stall": "stalled"}.get(response, response))


def turning_lines(turnings: Sequence[Any], entries: Sequence[Turn],
                  outcome_names: dict[str, str], names: Names) -> list[str]:
    """The choices that changed the ending most, each as one plain sentence."""
    lines = []
    for t in turnings:
        entry = entries[t.moment.turn]
        card = entry.directive
        mine, other = t.chosen.same_luck, t.instead.same_luck
        moved = (f"ended “{outcome_names[other.category]}” instead of "
                 f"“{outcome_names[mine.category]}”" if other.category != mine.category
                 else "kept the same ending")
        lines.append(f"In {entry.date} you {orders_words(t.chosen.orders, card, names)}. "
                     f"With the same luck, had you "
                     f"{orders_words(t.instead.orders, card, names)}"
                     f", the game would have {moved}, with a score of {other.score:.0f} "
                     f"instead of {mine.score:.0f}.")
    return lines


def misfit_gap(card: Directive) -> tuple[float, float] | None:
    """(gap, best fit): how much better one of Moscow's best candidates fitted the truth."""
    if card.action is None or card.fit_true is None:
        return None
    best = max((c.true_fit_now for c in reasons(card)), default=0.0)
    return best - card.fit_true, best


def misfits_obeyed(entries: Sequence[Turn], names: Names,
                   limit: int = 5) -> tuple[int, list[str]]:
    """The turns where the party obeyed an order that fitted its country badly, and what followed.

    An order fits badly when one of the Centre's own best candidates that
    turn (`reasons`) fitted the true conditions at least `MISFIT_GAP` better.
    Returns how many such turns there were, and the `limit` that fitted
    worst, in turn order.
    """
    found = []
    for entry in entries:
        card, resolution = entry.directive, entry.resolution
        gap = misfit_gap(card)
        if entry.response != "comply" or gap is None or resolution is None or \
                gap[0] < MISFIT_GAP:
            continue
        result = "it succeeded" if resolution.success else "it failed"
        if resolution.setback.happened:
            result += ", with a setback"
        members = sum(c.members for c in entry.changes.values())
        found.append((gap[0], entry.turn,
                      f"{entry.date}: {names.doing(card.action or '', card.region)} "
                      f"fitted the true conditions {card.fit_true:.2f}, where another "
                      f"of Moscow's own candidates fitted {gap[1]:.2f}; {result}; members "
                      f"{members:+,.0f} that turn."))
    worst = sorted(sorted(found, key=lambda f: -f[0])[:limit], key=lambda f: f[1])
    return len(found), [line for _gap, _turn, line in worst]


RAMP = " .:-=+*#%@"  # plain characters from low to high, for a terminal's chart


def sparkline(values: Sequence[float], width: int, low: float | None = None,
              high: float | None = None) -> str:
    """`values` as one row of `width` plain characters, each the mean of its stretch."""
    if not values or width <= 0:
        return ""
    low = min(values) if low is None else low
    high = max(values) if high is None else high
    span = (high - low) or 1.0
    cells = []
    for k in range(width):
        part = values[k * len(values) // width:max((k + 1) * len(values) // width,
                                                     k * len(values) // width + 1)]
        level = (sum(part) / len(part) - low) / span
        cells.append(RAMP[min(max(round(level * (len(RAMP) - 1)), 0), len(RAMP) - 1)])
    return "".join(cells)


def marks_line(turns: Iterable[int], n_turns: int, width: int, mark: str = "^") -> str:
    """A row under a sparkline with `mark` beneath each of `turns` (of `n_turns`)."""
    row = [" "] * width
    for turn in turns:
        row[min(turn * width // max(n_turns, 1), width - 1)] = mark
    return "".join(row)


SCORE_WORDS = {"alive": "surviving to the end", "trust": "Moscow's trust",
               "peak_members": "the most members at any time"}


def score_terms(terms: Sequence[Any], names: Names) -> list[str]:
    """Each score term in words: 'members', 'influence in Berlin', 'unity (the best region)'."""
    out = []
    for term in terms:
        quantity = SCORE_WORDS.get(term.quantity, term.quantity.replace("_", " "))
        where = {"mean": "", "max": " (the best region)", "min": " (the weakest region)"}.get(
            term.region, f" in {names.region(term.region)}")
        out.append(quantity + where)
    return out


def score_line(terms: Sequence[Any], parts: Sequence[float], names: Names) -> str:
    """The score in its parts: what each of the scenario's terms gave, out of its weight.

    The parts add up to the score, which the line that shows it precedes.
    """
    shown = [f"{label} {part:.1f} of {term.weight:g}" for label, term, part in
             zip(score_terms(terms, names), terms, parts, strict=True)]
    return "Its parts: " + ", ".join(shown) + "."


MOMENT_WORDS = {"initiative": "Moscow pressed its own initiative",
                "setback": "the action failed with a setback",
                "envoy": "Moscow sent an envoy", "ally_turned": "the ally turned on the party",
                "leak": "an informer leaked", "replaced": "Moscow replaced the leadership"}


def moment_words(kinds: Iterable[str]) -> str:
    """Why a turn mattered, in words: 'Moscow sent an envoy; an informer leaked'."""
    return "; ".join(MOMENT_WORDS.get(k, k) for k in kinds)


def order_phrase(orders: Orders, names: Names) -> str:
    """An order as the player gave it, in the scenario's names where it still has them:
    'adapt: Mass strike @ ruhr | cadres Berlin 3, ruhr 1'."""
    text: str = orders.response
    if orders.action:
        text += f": {names.action(orders.action)}"
        if orders.region and orders.action not in names.national:
            text += f" @ {names.region(orders.region)}"
    if orders.cadres:
        text += " | cadres " + ", ".join(f"{names.region(r)} {w:g}"
                                         for r, w in orders.cadres.items())
    return text


def _refused_words(stop: Refused, names: Names) -> str:
    """Why the new rules refuse a recorded order, after 'the order ...'."""
    if stop.missing == "region":
        return f"names a region the file no longer has ({stop.name})"
    if stop.missing == "action":
        return f"names an action the file no longer has ({stop.name})"
    if stop.missing == "line":
        line = next((ln.name for ln in names.scenario.lines if ln.id == stop.name),
                    stop.name) if names.scenario else stop.name
        return (f"adapts to an action that the line in force, {line}, no longer allows "
                "(doing it anyway is defiance)")
    if stop.missing == "envoy":
        return (f"is not compliance, and on the new rules the envoy {stop.name} decides this "
                "turn: the party can only comply")
    return f"is refused: {stop.rejection.message}"


def rebase_stop_line(stop: Refused | EndedEarlier, names: Names) -> str:
    """Why a saved game's orders stop replaying on new rules, in one line:
    "turn 14 (1922-04): the order 'adapt: Mass strike @ ruhr' names a region the file no
    longer has (ruhr)". Turns are counted from 1, as the board counts them."""
    if isinstance(stop, Refused):
        return (f"turn {stop.turn + 1} ({stop.date}): the order "
                f"'{order_phrase(stop.orders, names)}' {_refused_words(stop, names)}")
    if stop.destroyed:
        return (f"on the new rules the party is destroyed by {stop.date}, after {stop.turn} "
                f"of the saved game's {stop.wanted} turns")
    return (f"on the new rules the scenario ends in {stop.date}, after {stop.turn} turns; "
            f"the saved game has {stop.wanted}")


def _turns(n: int) -> str:
    return f"{n} turn" if n == 1 else f"{n} turns"


def rebase_summary(rebased: Rebased, names: Names) -> str:
    """What replaying a saved game on new rules did, in one line: 'replayed 14 turns on the
    new rules', or how far it came and why it stopped."""
    stop = rebased.stop
    if stop is None:
        rules = "the unchanged rules (only words changed, if anything)" if rebased.same_rules \
            else "the new rules"
        over = "; on them the game is over" if rebased.session.over and rebased.turns else ""
        return f"replayed {_turns(rebased.turns)} on {rules}{over}"
    if isinstance(stop, EndedEarlier):
        return f"the game ends earlier: {rebase_stop_line(stop, names)}"
    return (f"replayed {rebased.turns} of {_turns(rebased.wanted)} on the new rules, then "
            f"stopped: {rebase_stop_line(stop, names)}")


def rebase_go_on(rebased: Rebased) -> str:
    """Where a game on new rules goes on: 'from 1921-04 (turn 10)', or to its end."""
    session = rebased.session
    if session.over:
        return "to its end on the new rules"
    turn = session.state.turn
    return f"from {session.tables.date(turn)} (turn {turn + 1})"
