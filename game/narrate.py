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
from game.i18n import N_, _, ngettext, number, pgettext

# The module's tables hold messages marked N_ and are translated where they are used
# (game.i18n says why).
CONDITION_LABELS = {"industry": N_("industry"), "agrarian": N_("agrarian"),
                    "unrest": N_("unrest"), "repression": N_("repression"),
                    "right": N_("the right"), "ally": N_("the ally"),
                    "legality": N_("legality")}
FIGURE_FORMATS = (("members", ",.0f"), ("cadres", ",.0f"), ("funds", ".1f"))
KEPT_BY = {
    "the line": N_("the line binds"),
    "doctrine": N_("doctrine (Moscow reads the country through its template of 1917)"),
    "the initiative": N_("the initiative (Moscow presses for this course whatever the report "
                         "says)"),
}
ESTIMATE_NOTE = N_("Chances are the party's own estimate, from what it sees of the country; "
                   "it may be wrong.")
FIGURE_WORDS = {"members": N_("members"), "cadres": N_("cadres"), "funds": N_("funds"),
                "unity": N_("unity"), "security": N_("security")}


def condition_label(condition: str) -> str:
    """A condition's name in words, in the current language: 'the right'."""
    label = CONDITION_LABELS.get(condition)
    return _(label) if label else condition


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
        return self.actions.get(action or "", action or _("no action"))

    def region(self, region: str | None) -> str:
        return self.regions.get(region or "", region or _("the whole party"))

    def doing(self, action: str, region: str | None) -> str:
        """'Mass strike in Berlin', or 'Purge the factions (the whole party)'."""
        if action in self.national or region is None:
            return _("{action} (the whole party)").format(action=self.action(action))
        return _("{action} in {region}").format(action=self.action(action),
                                                region=self.region(region))

    def place(self, action: str, region: str | None) -> str:
        """Where an order is carried out: a region's name, or the whole party."""
        if action in self.national or region is None:
            return _("the whole party")
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
        return EventText(kind.name, kind.text, "") if kind else EventText(_("a setback"), "",
                                                                          "")

    def leak_text(self) -> str:
        """What an informer's leak does, in the scenario's words."""
        return self.scenario.rules.informers.leak_setback.text if self.scenario else ""

    def envoy(self, month: str, later: int = 0) -> str:
        """The envoy of the turn `later` turns after the turn of `month`."""
        k = self.months.index(month) + later if month in self.months else -1
        return self.envoy_names[k] if 0 <= k < len(self.envoy_names) else _("an envoy")


@dataclass(frozen=True)
class EventText:
    """What the player reads of an event or a setback."""

    title: str
    text: str
    source: str


def pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def signed(x: float, fmt: str) -> str:
    return number(x, "+" + fmt)


def trust_words(cost: float) -> str:
    return _("no trust cost") if abs(cost) < 0.005 else \
        _("trust {change:+.2f}").format(change=cost)


# -- the directive card ---------------------------------------------------------

REASONS_SHOWN = 5  # the Centre's best candidates a card shows


def no_directive(card: Directive) -> bool:
    return card.action is None


def no_directive_lines(card: Directive) -> list[str]:
    """Before the Centre exists: no order, and why."""
    first = (_("No directive from Moscow: the Communist International does not exist yet "
               "(founded {founded}). The party decides alone.").format(founded=card.founded)
             if card.founded else
             _("No directive from Moscow: the Communist International does not exist yet "
               "(it is founded later). The party decides alone."))
    return [first, _("Nothing the party does this turn costs Moscow's trust: there is no one "
                     "yet to answer to.")]


def sent_words(card: Directive, names: Names) -> str:
    """When the order left Moscow: its month, or before the game began."""
    first = names.months[0] if names.months else card.arrived
    return card.sent or _("before {month}").format(month=first)


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
    presses = _("Moscow presses for: {title}")
    out = ([presses.format(title=ini.title), " ".join(ini.text.split())] if ini
           else [presses.format(title=card.initiative.id)])
    if ini and ini.envoy:
        out.append(_("Carried by {envoy}.").format(envoy=ini.envoy))
    pressure = card.initiative.pressure
    if pressure > 0:
        out.append(_("Refusing it (adapt, stall or defy) costs {pressure:.2f} more trust than "
                     "the usual deviation; consulting does not count as refusing.").format(
                         pressure=pressure))
    return out


def initiative_title(card: Directive, names: Names) -> str | None:
    if not card.initiative:
        return None
    ini = names.initiative(card.initiative.id)
    return ini.title if ini else card.initiative.id


def picture_change(change: dict[str, float]) -> str:
    """'repression +0.12, legality -0.20', biggest changes first."""
    items = sorted(change.items(), key=lambda kv: -abs(kv[1]))
    return ", ".join(f"{condition_label(c)} {number(v, '+.2f')}" for c, v in items)


def revision_lines(card: Directive, names: Names) -> list[str]:
    """After a consultation: what the report changed in Moscow's picture and in its order."""
    rev = card.revision
    if not rev:
        return []
    where = names.region(rev.region)
    out = [_("Revised after your report of {month}.").format(month=rev.report_of)]
    if rev.picture_change:
        out.append(_("Moscow now sees {changes} in {region}.").format(
            changes=picture_change(rev.picture_change), region=where))
    else:
        out.append(_("Your report hardly changed Moscow's picture of {region}.").format(
            region=where))
    if rev.changed:
        out.append(_("The order changed: was {order}.").format(
            order=names.doing(rev.previous_action, rev.previous_region)))
    elif rev.kept_by:
        kept = KEPT_BY.get(rev.kept_by)
        out.append(_("The order stands: {reason}.").format(
            reason=_(kept) if kept else rev.kept_by))
    else:
        out.append(_("The order stands: it still looks best to Moscow."))
    return out


# -- before the party chooses ----------------------------------------------------

def _blame(blame: float) -> str:
    return _(", and {blame:+.2f} more if it fails").format(blame=blame) if blame < -0.005 \
        else ""


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
    return _("{order}: the party reckons {chance}; {trust}{if_it_fails}").format(
        order=names.doing(action, shown), chance=pct(float(chance)),
        trust=trust_words(item["trust"]), if_it_fails=_blame(opts[response]["blame"]))


def option_line(response: str, opts: dict[str, Any], card: Directive, names: Names,
                action: str | None = None, region: str | None = None) -> str:
    """What one response would do, its believed chance and its trust cost, in one line.

    For adapt and defy without a chosen action, the best one by believed chance.
    """
    alone = no_directive(card)
    if response == "comply":
        if alone:
            return _("no action this turn; no trust cost")
        return _("{order}: the party reckons {chance}; {trust}").format(
            order=names.doing(card.action or "", card.region),
            chance=pct(opts["comply"]["chance"]), trust=trust_words(opts["comply"]["trust"]))
    if response in ("adapt", "defy"):
        if action is not None:
            return action_line(opts, response, action, region, names)
        best = best_choice(opts, response)
        if best is None:
            return _("no action open")
        line = _("best: {choice}").format(
            choice=action_line(opts, response, best[0], best[1], names))
        if alone:
            what = (_("an action the line allows") if response == "adapt" else
                    _("any action, even one outside the line"))
            line = f"{what}; {line}"
        return line
    if response == "consult":
        cost = trust_words(opts["consult"]["trust"])
        return _("no action; Moscow reconsiders on your report; {trust}").format(trust=cost)
    return _("no action; {trust}").format(trust=trust_words(opts["stall"]["trust"]))


RESPONSE_WORDS = {"comply": N_("comply"), "adapt": N_("adapt"), "consult": N_("consult"),
                  "stall": N_("stall"), "defy": N_("defy")}
ALONE_WORDS = {"comply": N_("wait"), "adapt": N_("act"), "defy": N_("any action")}


def response_word(response: str) -> str:
    """A response's name in the current language: 'comply', 'befolgen'."""
    word = RESPONSE_WORDS.get(response)
    return _(word) if word else response


def open_responses(opts: dict[str, Any], card: Directive) -> list[str]:
    """The responses worth offering: comply alone under an envoy; no consult before the Centre."""
    if opts.get("only_comply"):
        return ["comply"]
    if no_directive(card):
        return ["comply", "adapt", "defy"]
    return ["comply", "adapt", "consult", "stall", "defy"]


def response_label(response: str, card: Directive) -> str:
    """The name of a response on a button or a menu: before the Centre, comply is to wait."""
    if no_directive(card) and response in ALONE_WORDS:
        return _(ALONE_WORDS[response])
    return response_word(response)


def options_lines(opts: dict[str, Any], card: Directive, names: Names,
                  envoy: str | None = None) -> list[tuple[str, str]]:
    """(response, line) for every open response; under an envoy, only comply, and why."""
    out = [(r, option_line(r, opts, card, names)) for r in open_responses(opts, card)]
    if opts.get("only_comply"):
        out.append(("", _("The envoy {envoy} decides: only comply is open this turn.").format(
            envoy=envoy) if envoy else _("An envoy decides: only comply is open this turn.")))
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
    """How well an action fits, as the word the sentences about fit take."""
    if fit >= 0.6:
        return pgettext("fit", "good")
    if fit >= 0.45:
        return pgettext("fit", "middling")
    return pgettext("fit", "poor")


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
        out.append(_("Enough cadres were at work {where}.").format(where=at))
    else:
        out.append(_("Too few cadres were at work {where}: about {share} of what the work "
                     "there needs.").format(where=at, share=pct(manned)))
    if effort < manned - 0.02:
        out.append(_("And the party had too little money to pay for it in full."))
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
        out.append(_("The party's organisation {where} helped.").format(where=at))
    elif org <= -0.15:
        out.append(_("The party's organisation {where} is weak, and held it back.").format(
            where=at))
    else:
        out.append(_("The party's organisation {where} made little difference.").format(
            where=at))
    unity = float(c.get("unity", 0.0))
    if unity >= 0.15:
        out.append(_("A united party helped."))
    elif unity <= -0.15:
        out.append(_("Divisions in the party held it back."))
    else:
        out.append(_("The party's unity made little difference."))
    if float(c.get("difficulty", 0.0)) <= -0.3:
        out.append(_("And it is a hard action in itself."))
    return out


def _luck_line(success: bool, chance: float) -> str:
    if success:
        return (_("It had every chance, and it came off.") if chance >= 0.75 else
                _("Luck went its way.") if chance >= 0.4 else
                _("It had little chance, but luck went its way."))
    return (_("It had little chance from the start.") if chance <= 0.25 else
            _("Luck went against it.") if chance <= 0.6 else
            _("It had a good chance, but luck went against it."))


def why_plain(entry: Turn, names: Names, reckoned: float | None = None) -> list[str]:
    """Why the turn went as it did, in words first: fit, cadres, organisation, unity, luck."""
    d, res, resp = entry.directive, entry.resolution, entry.response
    out: list[str] = []
    if no_directive(d):
        out.append(_("No directive had come from Moscow: the party decided alone."))
    else:
        line = _("Moscow ordered {order}.").format(order=names.doing(d.action or "", d.region))
        if (d.fit_true is not None and d.fit_moscow_believes is not None
                and d.fit_party_sees is not None):
            line += " " + _("In Moscow's picture it was a {moscow} fit; as the party saw it, "
                            "a {party} fit; in truth, a {truth} fit.").format(
                                moscow=_fit_word(d.fit_moscow_believes),
                                party=_fit_word(d.fit_party_sees), truth=_fit_word(d.fit_true))
        out.append(line)
    title = initiative_title(d, names)
    if title:
        out.append(_("It was Moscow's own initiative: {title}.").format(title=title))
    forced = _(" (the envoy decided)") if entry.forced else ""
    charged = "" if entry.charged_as == resp else _("; Moscow counted it as {response}").format(
        response=response_word(entry.charged_as))
    answered = _("wait (there was nothing to comply with)") if no_directive(d) and \
        resp == "comply" else response_word(resp)
    out.append(_("You answered: {response}{forced}{charged}.").format(
        response=answered, forced=forced, charged=charged))
    if not res:
        out.append(_("No action was taken this turn: your report went to Moscow instead, and "
                     "its next order answers it.") if resp == "consult" else
                   _("No action was taken this turn: the party waited."))
        return out
    national = res.region is None
    place = names.region(res.region)
    order = names.doing(res.action, res.region)
    out.append(_("{order}: it succeeded.").format(order=order) if res.success else
               _("{order}: it failed.").format(order=order))
    if national:
        out.append(_("It was a {fit} fit for the real conditions in the country.").format(
            fit=_fit_word(res.true_fit)))
    else:
        out.append(_("It was a {fit} fit for the real conditions in {region}.").format(
            fit=_fit_word(res.true_fit), region=place))
    at = _("across the party") if national else _("in {region}").format(region=place)
    out += _effort_lines(entry, names, res.effort, at)
    out += _contribution_lines(res.contributions, at)
    if reckoned is None:
        reckoned = reckoned_chance(entry, names)
    chance = res.chance
    if reckoned is not None:
        gap = _("about what was true") if abs(reckoned - chance) < 0.05 else (
            _("too high: it saw the country better than it was") if reckoned > chance else
            _("too low: the country was better for it than it saw"))
        out.append(_("The party reckoned its chance at {reckoned}; with the real conditions it "
                     "was {chance} ({gap}).").format(reckoned=pct(reckoned), chance=pct(chance),
                                                     gap=gap))
    else:
        out.append(_("With the real conditions its chance was {chance}.").format(
            chance=pct(chance)))
    out.append(_luck_line(res.success, chance))
    if res.setback.happened:
        sb = names.setback(res)
        out.append(_("The failure became a setback: {title}. {text}").format(
            title=sb.title, text=sb.text).strip())
    return out


def why_numbers(entry: Turn, names: Names, reckoned: float | None = None) -> list[str]:
    """The same turn in numbers: fits, effort, the named parts of the chance, the rolls."""
    d, res = entry.directive, entry.resolution
    out = []
    if (d.fit_true is not None and d.fit_moscow_believes is not None
            and d.fit_party_sees is not None):
        out.append(_("Fit of the order: Moscow's picture {moscow:.2f}, the party's view "
                     "{party:.2f}, truth {truth:.2f}.").format(
                         moscow=d.fit_moscow_believes, party=d.fit_party_sees, truth=d.fit_true))
    if res:
        out.append(_("{order}: true fit {fit:.2f}, effort {effort:.2f} (1.00 = enough "
                     "cadres).").format(order=names.doing(res.action, res.region),
                                        fit=res.true_fit, effort=res.effort))
        out.append(_("Parts of the chance (points on the odds scale: they add up, and the "
                     "sum becomes the chance):"))
        total = 0.0
        for name, points in res.contributions.items():
            total += points
            out.append(f"  {part_word(name):<20} {number(points, '+.2f')}")
        roll = (_("roll {roll:.2f} < chance") if res.success else
                _("roll {roll:.2f} >= chance")).format(roll=res.roll)
        sum_word = _("sum")
        out.append(f"  {sum_word:<20} " + _("{total:+.2f} -> chance {chance}; {roll}").format(
            total=total, chance=pct(res.chance), roll=roll))
        if reckoned is None:
            reckoned = reckoned_chance(entry, names)
        if reckoned is not None:
            out.append("  " + _("the party reckoned {reckoned} (sum {points:+.2f} with the fit "
                                "it saw)").format(reckoned=pct(reckoned),
                                                  points=_logit(reckoned)))
        if not res.success:
            out.append(_("Setback chance {chance}, roll {roll:.2f}.").format(
                chance=pct(res.setback.chance), roll=res.setback.roll))
    parts = entry.centre.trust_parts
    out.append(_("Trust: {parts}.").format(parts=", ".join(
        f"{_trust_word(k)} {number(v, '+.3f')}" for k, v in parts.items())))
    out.append(_("Informer leak chance this turn: {chance}.").format(
        chance=pct(entry.rivals.leak.chance)))
    return out


# The named parts of an action's chance, as the engine names them (engine.mechanics)
PART_WORDS = {"fit to conditions": N_("fit to conditions"), "cadres at work": N_("cadres at work"),
              "organisation": N_("organisation"), "unity": N_("unity"),
              "difficulty": N_("difficulty"), "base": N_("base")}
TRUST_WORDS = {"response": N_("your answer"), "rule": N_("a rule broken"),
               "recovery": N_("time"), "blame": N_("the failure, blamed on you"),
               "initiative": N_("refusing its initiative")}


def part_word(part: str) -> str:
    """A named part of an action's chance in words: 'fit to conditions'."""
    word = PART_WORDS.get(part)
    return _(word) if word else part.replace("_", " ")


def _trust_word(part: str) -> str:
    word = TRUST_WORDS.get(part)
    return _(word) if word else part


def trust_lines(entry: Turn, names: Names) -> list[str]:
    """Moscow's trust before and after, and what moved it, in words."""
    c = entry.centre
    reasons = [f"{_trust_word(key)} {number(v, '+.2f')}" for key, v in c.trust_parts.items()
               if abs(v) >= 0.005]
    why = f" ({', '.join(reasons)})" if reasons else ""
    out = [_("Moscow's trust {before:.2f} -> {after:.2f}{why}.").format(
        before=c.trust_before, after=c.trust_after, why=why)]
    if c.envoy:
        envoy = names.envoy(entry.date, later=1)
        out.append(_("Moscow sends an envoy: {envoy} will decide for the next turns.").format(
            envoy=envoy))
    if c.funds_cut:
        out.append(_("Moscow cuts the party's subsidy."))
    if c.leadership_replaced:
        out.append(_("Moscow replaces the party leadership."))
    return out


# -- changes by cause ---------------------------------------------------------------

def figures_text(changes: Figures) -> str:
    """'members -138,740, cadres -12': the figures that moved, the others left out."""
    parts = []
    for key, fmt in FIGURE_FORMATS:
        shown = signed(float(getattr(changes, key)), fmt)
        if shown.lstrip("+-").strip("0.,") == "":
            continue
        parts.append(f"{_(FIGURE_WORDS[key])} {shown}")
    return ", ".join(parts)


def spared(ev: Event) -> str:
    """'your preparation spared 40 % of the blow', for an event the party can prepare for."""
    if ev.damage_taken is None:
        return ""
    share = 1.0 - ev.damage_taken
    if share < 0.005:
        return _("your preparation spared none of the blow")
    return _("your preparation spared {share} of the blow").format(share=pct(share))


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
        "action": (_("{order} (your action)").format(order=names.doing(res.action, res.region))
                   if res else _("the action")),
        "recruitment and income": _("recruitment and income"),
        "informers": _("informers' leaks"),
        "sanctions": _("Moscow's sanctions"),
        "rivals": _rivals_label(entry),
    }
    rows: list[tuple[str, Figures, str]] = []
    for cause in ("action", "recruitment and income", "informers", "rivals", "sanctions"):
        if cause in ch and figures_text(ch[cause]):
            rows.append((labels[cause], ch[cause], ""))
    for ev in following:
        if figures_text(ev.changes) or ev.damage_taken is not None:
            title = names.event(ev.id).title
            rows.append((_("{event} ({when})").format(event=title, when=when) if when else title,
                         ev.changes, spared(ev)))
    return rows


def _rivals_label(entry: Turn) -> str:
    turned, split = entry.rivals.ally_turned, entry.rivals.split
    if turned and split:
        return _("rivals: the ally turning and the split")
    if turned:
        return _("rivals: the ally turning")
    return _("rivals: the split") if split else _("rivals")


def changes_by_cause(entry: Turn, names: Names, following: Sequence[Event] = (),
                     when: str = "") -> list[str]:
    """One line per cause: '<cause>: members -138,740, cadres -12'; events say what was spared.

    See `cause_rows` for `following` and `when`.
    """
    out = []
    for label, changes, note in cause_rows(entry, names, following, when):
        text = figures_text(changes) or _("no change in members, cadres or funds")
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
    body = _("For the party: {changes}").format(changes=text) if text else \
        _("Members, cadres and funds are as they were")
    return [body + (f"; {note}." if note else ".")]


def result_lines(entry: Turn, names: Names) -> list[str]:
    """The outcome of the action in one or two lines (the RESULT block, the log)."""
    res = entry.resolution
    if not res:
        return [_("No action this turn.")]
    verdict = (_("{order}: SUCCESS (chance {chance}, roll {roll:.2f})") if res.success else
               _("{order}: FAILURE (chance {chance}, roll {roll:.2f})"))
    out = [verdict.format(order=names.doing(res.action, res.region), chance=pct(res.chance),
                          roll=res.roll)]
    if res.setback.happened:
        out.append(_("SETBACK: {title}.").format(title=names.setback(res).title))
    return out


# -- a turn's whole story, for every front end --------------------------------------

PARTY_NOW = (("members", ",.0f"), ("cadres", ",.0f"), ("funds", ".1f"), ("unity", ".2f"),
             ("security", ".2f"))


def answered_line(entry: Turn) -> str:
    """'You answered: comply (the envoy decided)'."""
    forced = _(" (the envoy decided)") if entry.forced else ""
    return _("You answered: {response}{forced}").format(response=response_word(entry.response),
                                                        forced=forced)


def rivals_lines(entry: Turn, names: Names) -> list[str]:
    """The informers' leak, the ally turning and the split, when they happened."""
    rivals, out = entry.rivals, []
    if rivals.leak.happened:
        out.append(_("An informer leaked in {region}: {what}").format(
            region=names.region(rivals.leak.region), what=names.leak_text()).rstrip(": "))
    if rivals.ally_turned:
        out.append(_("The ally turned on the party."))
    if rivals.split:
        out.append(_("The party split."))
    return out


def party_now_line(entry: Turn, before: dict[str, float] | None) -> str | None:
    """'members 12,400 (-300), cadres 80 (+2), ...' after the turn, against before it."""
    if before is None:
        return None
    after = entry.party.model_dump()
    return ", ".join(f"{_(FIGURE_WORDS[key])} {number(after[key], fmt)} "
                     f"({signed(after[key] - before[key], fmt)})" for key, fmt in PARTY_NOW)


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
    return _("Cadres: only {total:,.0f}, under the {least:,.0f} a plan needs to matter: no "
             "plan to make, the default plan places them.").format(
                 total=effects["total"], least=effects["min_cadres"])


def _effort(effects: dict[str, Any]) -> str:
    return _("effort from cadres {share} of full, {points} on the odds").format(
        share=pct(effects["effort"]), points=signed(effects["effort_points"], ".2f"))


def plan_share_line(effects: dict[str, Any], region: str, names: Names) -> str:
    """What one region's share of a cadre plan means: for the action's effort, or for the
    organisation its routine work builds."""
    share, cadres = effects["shares"][region], effects["cadres"][region]
    head = ngettext("{region} {share} ({cadres:,.0f} cadre)",
                    "{region} {share} ({cadres:,.0f} cadres)", round(cadres)).format(
                        region=names.region(region), share=pct(share), cadres=cadres)
    if effects["action"] is not None and effects["effort"] is not None:
        action = names.action(effects["action"])
        if effects["national"]:
            return _("{head} — {action} is national, every cadre counts: {effort}").format(
                head=head, action=action, effort=_effort(effects))
        if effects["region"] == region:
            return _("{head} — {action} here: {effort}").format(head=head, action=action,
                                                               effort=_effort(effects))
    gain = signed(effects["organisation"][region], ".4f")
    return _("{head} — organisation from their routine work {gain} a turn").format(head=head,
                                                                                  gain=gain)


def plan_summary(effects: dict[str, Any], names: Names, default: bool = False) -> str:
    """The plan in a line: the share where the action is and the effort it gives (each
    region's own share is shown beside it on the map); `default`: the plan is the default."""
    head = _("Cadres (the default plan): {plan}") if default else _("Cadres: {plan}")
    if effects["action"] is None or effects["effort"] is None:
        return head.format(plan=_("no action this turn; they do routine work where they are, "
                                  "building organisation"))
    action = names.action(effects["action"])
    if effects["national"]:
        return head.format(plan=_("{action} is national, every cadre counts: {effort}").format(
            action=action, effort=_effort(effects)))
    region = effects["region"]
    return head.format(plan=_("{share} in {region} for {action}: {effort}").format(
        share=pct(effects["shares"][region]), region=names.region(region), action=action,
        effort=_effort(effects)))


EPILOGUE_TITLE = N_("Epilogue, to 1943")
CLOSING_TITLE = N_("the end of the Communist International")
MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
               N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
               N_("November"), N_("December"))


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
    return _("{month} {year}").format(month=_(MONTH_NAMES[int(rest) - 1]), year=year)


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
            return _("waited")
        return _("complied with {order}").format(order=names.doing(card.action, card.region))
    if response in ("adapt", "defy") and action:
        done = (_("adapted, doing {order}") if response == "adapt" else
                _("defied Moscow, doing {order}"))
        return done.format(order=names.doing(action, region))
    if response == "consult":
        return _("consulted Moscow")
    return _("stalled") if response == "stall" else str(response)


def turning_lines(turnings: Sequence[Any], entries: Sequence[Turn],
                  outcome_names: dict[str, str], names: Names) -> list[str]:
    """The choices that changed the ending most, each as one plain sentence."""
    lines = []
    for t in turnings:
        entry = entries[t.moment.turn]
        card = entry.directive
        mine, other = t.chosen.same_luck, t.instead.same_luck
        mine_words = orders_words(t.chosen.orders, card, names)
        other_words = orders_words(t.instead.orders, card, names)
        if other.category != mine.category:
            line = _("In {month} you {chosen}. With the same luck, had you {instead}, the game "
                     "would have ended “{other_ending}” instead of “{ending}”, with a score of "
                     "{other_score:.0f} instead of {score:.0f}.").format(
                         month=entry.date, chosen=mine_words, instead=other_words,
                         other_ending=outcome_names[other.category],
                         ending=outcome_names[mine.category], other_score=other.score,
                         score=mine.score)
        else:
            line = _("In {month} you {chosen}. With the same luck, had you {instead}, the game "
                     "would have kept the same ending, with a score of {other_score:.0f} "
                     "instead of {score:.0f}.").format(
                         month=entry.date, chosen=mine_words, instead=other_words,
                         other_score=other.score, score=mine.score)
        lines.append(line)
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
        result = (_("it failed, with a setback") if resolution.setback.happened else
                  _("it succeeded") if resolution.success else _("it failed"))
        members = sum(c.members for c in entry.changes.values())
        found.append((gap[0], entry.turn,
                      _("{month}: {order} fitted the true conditions {fit:.2f}, where another "
                        "of Moscow's own candidates fitted {best:.2f}; {result}; members "
                        "{members:+,.0f} that turn.").format(
                            month=entry.date, order=names.doing(card.action or "", card.region),
                            fit=card.fit_true, best=gap[1], result=result, members=members)))
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


SCORE_WORDS = {"alive": N_("surviving to the end"), "trust": N_("Moscow's trust"),
               "peak_members": N_("the most members at any time"), "members": N_("members"),
               "influence": N_("influence"), "organisation": N_("organisation"),
               "unity": N_("unity"), "security": N_("security"), "funds": N_("funds"),
               "cadres": N_("cadres")}


def score_terms(terms: Sequence[Any], names: Names) -> list[str]:
    """Each score term in words: 'members', 'influence in Berlin', 'unity (the best region)'."""
    out = []
    for term in terms:
        word = SCORE_WORDS.get(term.quantity)
        quantity = _(word) if word else term.quantity.replace("_", " ")
        if term.region == "mean":
            out.append(quantity)
        elif term.region in ("max", "min"):
            out.append((_("{quantity} (the best region)") if term.region == "max" else
                        _("{quantity} (the weakest region)")).format(quantity=quantity))
        else:
            out.append(_("{quantity} in {region}").format(quantity=quantity,
                                                          region=names.region(term.region)))
    return out


def score_line(terms: Sequence[Any], parts: Sequence[float], names: Names) -> str:
    """The score in its parts: what each of the scenario's terms gave, out of its weight.

    The parts add up to the score, which the line that shows it precedes.
    """
    shown = [_("{part} {points:.1f} of {weight:g}").format(part=label, points=part,
                                                          weight=term.weight)
             for label, term, part in zip(score_terms(terms, names), terms, parts, strict=True)]
    return _("Its parts: {parts}.").format(parts=", ".join(shown))


MOMENT_WORDS = {"initiative": N_("Moscow pressed its own initiative"),
                "setback": N_("the action failed with a setback"),
                "envoy": N_("Moscow sent an envoy"),
                "ally_turned": N_("the ally turned on the party"),
                "leak": N_("an informer leaked"), "replaced": N_("Moscow replaced the leadership")}


def moment_words(kinds: Iterable[str]) -> str:
    """Why a turn mattered, in words: 'Moscow sent an envoy; an informer leaked'."""
    return "; ".join(_(MOMENT_WORDS[k]) if k in MOMENT_WORDS else k for k in kinds)


# engine.counterfactual.RULE, the engine's own English, marked here for the catalogue (a
# test holds the two equal)
COUNTERFACTUAL_RULE = N_("after the changed order the game plays your own later orders; where "
                         "an envoy decides, an order other than compliance becomes compliance "
                         "with the default cadre plan, as in play")


def counterfactual_rule() -> str:
    """How a same-luck replay plays on after its changed order, in the current language."""
    return _(COUNTERFACTUAL_RULE)


def order_phrase(orders: Orders, names: Names) -> str:
    """An order as the player gave it, in the scenario's names where it still has them:
    'adapt: Mass strike @ ruhr | cadres Berlin 3, ruhr 1'. The response and the word
    'cadres' stay as the order syntax types them, in every language."""
    text: str = orders.response
    if orders.action:
        text += f": {names.action(orders.action)}"
        if orders.region and orders.action not in names.national:
            text += f" @ {names.region(orders.region)}"
    if orders.cadres:
        text += " | cadres " + ", ".join(f"{names.region(r)} {w:g}"
                                         for r, w in orders.cadres.items())
    return text


def _refused_line(stop: Refused, names: Names) -> str:
    """Why the new rules refuse a recorded order, one whole sentence for each reason."""
    where = {"turn": stop.turn + 1, "date": stop.date, "order": order_phrase(stop.orders, names)}
    if stop.missing == "region":
        return _("turn {turn} ({date}): the order '{order}' names a region the file no longer "
                 "has ({region})").format(region=stop.name, **where)
    if stop.missing == "action":
        return _("turn {turn} ({date}): the order '{order}' names an action the file no longer "
                 "has ({action})").format(action=stop.name, **where)
    if stop.missing == "line":
        line = next((ln.name for ln in names.scenario.lines if ln.id == stop.name),
                    stop.name) if names.scenario else stop.name
        return _("turn {turn} ({date}): the order '{order}' adapts to an action that the line "
                 "in force, {line}, no longer allows (doing it anyway is defiance)").format(
                     line=line, **where)
    if stop.missing == "envoy":
        return _("turn {turn} ({date}): the order '{order}' is not compliance, and on the new "
                 "rules the envoy {envoy} decides this turn: the party can only "
                 "comply").format(envoy=stop.name, **where)
    return _("turn {turn} ({date}): the order '{order}' is refused: {reason}").format(
        reason=stop.rejection.message, **where)


def rebase_stop_line(stop: Refused | EndedEarlier, names: Names) -> str:
    """Why a saved game's orders stop replaying on new rules, in one line:
    "turn 14 (1922-04): the order 'adapt: Mass strike @ ruhr' names a region the file no
    longer has (ruhr)". Turns are counted from 1, as the board counts them."""
    if isinstance(stop, Refused):
        return _refused_line(stop, names)
    if stop.destroyed:
        return ngettext("on the new rules the party is destroyed by {date}, after {turns} of "
                        "the saved game's {wanted} turn",
                        "on the new rules the party is destroyed by {date}, after {turns} of "
                        "the saved game's {wanted} turns", stop.wanted).format(
                            date=stop.date, turns=stop.turn, wanted=stop.wanted)
    return ngettext("on the new rules the scenario ends in {date}, after {turns} turn; the "
                    "saved game has {wanted}",
                    "on the new rules the scenario ends in {date}, after {turns} turns; the "
                    "saved game has {wanted}", stop.turn).format(
                        date=stop.date, turns=stop.turn, wanted=stop.wanted)


def rebase_summary(rebased: Rebased, names: Names) -> str:
    """What replaying a saved game on new rules did, in one line: 'replayed 14 turns on the
    new rules', or how far it came and why it stopped."""
    stop, n = rebased.stop, rebased.turns
    if stop is None:
        over = rebased.session.over and n > 0
        if rebased.same_rules:
            text = ngettext("replayed {turns} turn on the unchanged rules (only words changed, "
                            "if anything); on them the game is over",
                            "replayed {turns} turns on the unchanged rules (only words changed, "
                            "if anything); on them the game is over", n) if over else \
                ngettext("replayed {turns} turn on the unchanged rules (only words changed, "
                         "if anything)",
                         "replayed {turns} turns on the unchanged rules (only words changed, "
                         "if anything)", n)
        else:
            text = ngettext("replayed {turns} turn on the new rules; on them the game is over",
                            "replayed {turns} turns on the new rules; on them the game is over",
                            n) if over else \
                ngettext("replayed {turns} turn on the new rules",
                         "replayed {turns} turns on the new rules", n)
        return text.format(turns=n)
    if isinstance(stop, EndedEarlier):
        return _("the game ends earlier: {why}").format(why=rebase_stop_line(stop, names))
    return ngettext("replayed {turns} of {wanted} turn on the new rules, then stopped: {why}",
                    "replayed {turns} of {wanted} turns on the new rules, then stopped: {why}",
                    rebased.wanted).format(turns=n, wanted=rebased.wanted,
                                           why=rebase_stop_line(stop, names))


def rebase_go_on(rebased: Rebased) -> str:
    """Where a game on new rules goes on: 'from 1921-04 (turn 10)', or to its end."""
    session = rebased.session
    if session.over:
        return _("to its end on the new rules")
    turn = session.state.turn
    return _("from {date} (turn {turn})").format(date=session.tables.date(turn), turn=turn + 1)
