"""Text mode: a whole game in a terminal, or driven by a pipe or a file.

Every answer is a line: a key shown in [brackets], or a whole order such
as `adapt: strike @ ruhr | cadres ruhr=3 berlin=1`. The record is written
atomically after every turn, so a game stopped at any point resumes with
`comintern play --resume FILE`. The words that tell a turn (the card's
initiative and revision, each option's believed chance, why?, the changes
by cause) come from `game.narrate`, shared with the window.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from engine import counterfactual
from engine.controls import escape_controls
from engine.explain import directive_card, events_now, party_now, party_view
from engine.facts import Directive, Ending, Event, Party, Turn
from engine.forecast import options, plan_effects
from engine.mechanics import fit_one
from engine.model import CONDITIONS
from engine.orders import Orders, OrdersSyntaxError, Response, check, legal
from engine.record import Session
from engine.state import State
from engine.tables import Tables
from game import narrate
from game.debrief import write_report
from game.files import clear_stale_temps, save_failure, write_atomic
from game.i18n import N_, _, ngettext, number, pgettext
from game.logs import played_log

WIDTH = 78  # the widest the text mode writes, and its width for a pipe or a file
MIN_WIDTH = 30  # narrower terminals get this width and wrap it themselves
# The module's messages are marked N_ and translated where they are written (game.i18n).
MORE = N_("-- more: Enter --")  # a screenful is unread
GO_ON = N_("Enter to go on  [w]hy [q]uit >")  # after the turn's result, at a terminal
END_MENU = N_("[e] export my log to a folder  [r] make my report  [Enter] finish >")
MAX_ANSWER = 1000  # characters in one answer line; longer lines are refused
# the conditions' column heads: at most five letters
SHORT = {"industry": N_("indus"), "agrarian": N_("agrar"), "unrest": N_("unrst"),
         "repression": N_("repr"), "right": N_("right"), "ally": N_("ally"),
         "legality": N_("legal")}
RESPONSE_KEYS: dict[str, Response] = {"c": "comply", "a": "adapt", "k": "consult", "s": "stall",
                                      "d": "defy"}
# The help, filled to the terminal's width: paragraphs, and the keys of the responses.
HELP_KEYS = (
    ("c", "comply", N_("carry it out as ordered (trust rises a little)")),
    ("a", "adapt", N_("do another action the current line allows, where you choose")),
    ("k", "consult", N_("report the real situation and ask Moscow to reconsider: no action "
                        "this turn, but the Centre's next picture is sharper (the less rigid "
                        "the Centre, the more it listens)")),
    ("s", "stall", N_("do nothing this turn")),
    ("d", "defy", N_("do any action, openly against the line: costs the most trust")),
)
HELP = (
    N_("Deviation costs trust in proportion to the line's rigidity. Low trust brings an envoy "
       "who decides for some turns, cuts in funds, or a new leadership."),
    N_("Before the Communist International exists no directive comes: [c] waits, [a] and [d] "
       "act on the party's own, and nothing costs trust."),
    N_("Then assign cadres: [Enter] for the default plan, [e] for an even spread, or weights "
       "such as 'ruhr=3 berlin=1'."),
    N_("Before you choose, each answer is shown with the chance of success the party reckons "
       "(its own estimate from what it sees, which may be wrong) and what it costs in "
       "Moscow's trust; [o] shows that list again."),
    N_("In every menu Enter goes back one menu (at the cadres, where Enter takes the default "
       "plan, [b] does)."),
    N_("Other keys: [w] why? (the last turn explained), [r] regions, [?] this help, [q] save "
       "and quit. Or type a whole order on one line, as below."),
)


def short(condition: str) -> str:
    """A condition's column head in the current language."""
    return _(SHORT[condition])


class EndOfInput(Exception):
    """The pipe or file of answers ran out."""


class QuitGame(Exception):
    """The player asked to stop; the record is saved."""


def pct(x: float) -> str:
    return f"{100 * x:.0f}%"


# Spaces that must not break a line, held as no-break spaces (textwrap breaks only
# at ASCII whitespace) while the lines are filled and written as spaces: a figure
# keeps its unit ("63 %"), a command to copy stays whole.
NO_BREAK = "\u00a0"


_WORD = re.compile(r"[^ \t\n\r\f\v]+")


def hold(text: str) -> str:
    """`text` kept on one line when output is wrapped (it may still be longer than one)."""
    return text.replace(" ", NO_BREAK)


def _held(text: str) -> str:
    return text.replace(" %", NO_BREAK + "%")


def wrap(text: str, indent: str = "  ", hang: str | None = None, width: int = WIDTH) -> str:
    """`text` filled to `width` at word boundaries, `indent` first and `hang` after."""
    # Never break inside a word or at its hyphens: addresses must stay whole.
    # runs of white space become one space; held spaces stay held
    words = _held(" ".join(_WORD.findall(text)))
    return textwrap.fill(words, width, initial_indent=indent,
                         subsequent_indent=indent if hang is None else hang,
                         break_long_words=False, break_on_hyphens=False).replace(NO_BREAK, " ")


def fit_line(line: str, width: int) -> str:
    """One line of output made to fit `width`: wrapped at words, its indentation kept.

    Lines already laid out (tables, pre-wrapped text) that fit pass unchanged;
    a longer one continues two spaces deeper than it began, so an indented
    block stays indented.
    """
    if len(line) <= width:
        return line.replace(NO_BREAK, " ")
    indent = line[:len(line) - len(line.lstrip(" "))]
    return textwrap.fill(_held(line.strip(" ")), width, initial_indent=indent,
                         subsequent_indent=indent + "  ", replace_whitespace=False,
                         break_long_words=False, break_on_hyphens=False).replace(NO_BREAK, " ")


def screen_size(out: TextIO) -> tuple[int, int | None]:
    """The width to write at and the lines a screen holds (None: no screen, a pipe or file)."""
    if not out.isatty():
        return WIDTH, None
    size = shutil.get_terminal_size((WIDTH + 2, 24))
    # one column short of the edge: a line that fills it leaves some terminals a line down
    return max(MIN_WIDTH, min(WIDTH, size.columns - 1)), max(size.lines, 10)


def plan_of(tables: Tables, orders: Orders) -> np.ndarray | None:
    """The cadre weights of `orders` as an array in region order; None for the default plan."""
    if not orders.cadres:
        return None
    plan = np.array([float(orders.cadres.get(r, 0.0)) for r in tables.regions])
    top = float(plan.max())
    return plan / top if top > 0 and np.isfinite(top) else None


def reckoned(tables: Tables, state: State, orders: Orders) -> float | None:
    """The chance of success the party reckons for `orders`, with their cadre plan."""
    plan = None if int(state.envoy_turns[0]) > 0 else plan_of(tables, orders)
    return narrate.chance_chosen(options(tables, state, 0, plan), orders.response,
                                 orders.action, orders.region)


def following_events(tables: Tables, state: State) -> list[Event]:
    """The events that opened the turn `state` is at: they count in the last turn's figures."""
    return events_now(tables, state) if state.turn < tables.n_turns else []


class TextGame:
    """Plays one `Session` through a line-based input and a text output."""

    def __init__(self, session: Session, save_path: Path, lines: Iterator[str],
                 out: TextIO, echo: bool = False, *, interactive: bool | None = None,
                 width: int | None = None, height: int | None = None) -> None:
        self.session = session
        self.tables = session.tables
        self.save_path = save_path
        self.lines = lines
        self.out = out
        self.echo = echo  # print answers read from a pipe, so a transcript reads well
        # A person at a terminal (answers not echoed) gets pauses so nothing scrolls
        # away unread; a pipe or an answers file never waits.
        self.interactive = not echo if interactive is None else interactive
        self.fixed = (width, height)  # None: the terminal's own, read as it changes
        self.shown = 0  # lines written since the player last answered
        self.held: list[str] | None = None  # the lines of a section, written together
        self.names = narrate.Names.of(self.tables)
        self.last: Turn | None = None
        self.last_reckoned: float | None = None

    # -- input and output -------------------------------------------------
    def size(self) -> tuple[int, int | None]:
        """Columns to write in and lines a screen holds (None: no pauses)."""
        width, height = screen_size(self.out)
        width = self.fixed[0] or width
        height = self.fixed[1] or height
        return width, height if self.interactive else None

    @property
    def width(self) -> int:
        return self.size()[0]

    def wrap(self, text: str, indent: str = "  ", hang: str | None = None) -> str:
        return wrap(text, indent, hang, self.width)

    def rule(self, mark: str = "-") -> str:
        return mark * self.width

    def say(self, text: str = "") -> None:
        """Write `text` fitted to the screen, pausing when a screenful is unread."""
        width = self.width
        # escaped before it is measured, so a written-out control still fits the line
        parts = [part for line in escape_controls(text).split("\n")
                 for part in fit_line(line, width).split("\n")]
        if self.held is not None:
            self.held.extend(parts)
        else:
            self.write_lines(parts)

    def write_lines(self, parts: list[str]) -> None:
        height = self.size()[1]
        for part in parts:
            if height and self.shown >= height - 1:
                self.more()
            print(part, file=self.out)
            self.shown += 1

    @contextmanager
    def section(self, reserve: int = 0) -> Iterator[None]:
        """Lines that belong together: a page breaks before them rather than inside.

        `reserve` lines are kept free on the same screen for what follows at once
        (the prompt under the options).
        """
        if self.held is not None:  # already inside one
            yield
            return
        self.held = []
        try:
            yield
        finally:
            parts, self.held = self.held, None
            height = self.size()[1]
            need = len(parts) + reserve
            if height and self.shown and self.shown + need > height - 1 >= need:
                self.more()
            self.write_lines(parts)

    def more(self) -> None:
        """A full screen is unread: wait for Enter before writing on."""
        self.out.write(_(MORE))
        self.out.flush()
        try:
            next(self.lines)
        except StopIteration:
            self.interactive = False  # input closed: write the rest; the next ask ends it
            print(file=self.out)
        self.shown = 0

    def prompt(self, prompt: str) -> None:
        """Write a prompt: its last line, fitted, stays open for the answer."""
        *before, last = prompt.split("\n")
        width, height = self.size()
        last = escape_controls(last.rstrip())
        if last.endswith(" >"):  # the mark stays with the last word
            last = last[:-2] + NO_BREAK + ">"
        *full, tail = fit_line(last, width - 2).split("\n")
        with self.section(reserve=1):
            for line in before + full:
                self.say(line)
        if height and self.shown >= height - 1:
            self.more()
        self.out.write(tail + " ")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        while True:
            self.prompt(prompt)
            try:
                answer = next(self.lines).strip()
            except StopIteration:
                self.say()
                raise EndOfInput from None
            self.shown = 0
            if len(answer) <= MAX_ANSWER:
                break
            self.say("\n  " + _("That answer is {length:,} characters long; an answer is at "
                               "most {most:,}. Nothing was done: answer again.").format(
                                   length=len(answer), most=MAX_ANSWER))
        if self.echo:
            self.say(answer)
        return answer

    def say_sources(self, text: str, indent: str) -> None:
        """Sources one to a line, lined up: scenario files separate them with ' ; '."""
        sources = [s.strip() for s in text.split(" ; ")]
        label = _("Source:") + " "
        pad = " " * len(label)
        if all(len(indent + label) + len(s.split(" ", 1)[0]) <= self.width for s in sources):
            for k, source in enumerate(sources):
                # the label is part of the indent: wrapping would fold a run of spaces away
                self.say(self.wrap(source, indent + (label if k == 0 else pad), indent + pad))
            return
        # an address too long to stand beside the label: every source under it, whole
        self.say(indent + (_("Source:") if len(sources) == 1 else _("Sources:")))
        for source in sources:
            self.say(self.wrap(source, indent + "  ", indent + "    "))

    def save(self) -> None:
        try:
            write_atomic(self.save_path, self.session.record.to_json())
        except OSError as exc:
            saved = len(self.session.record.turns) - 1  # the turn being saved is the one lost
            raise OSError(exc.errno, save_failure(exc, saved, self.tables, self.save_path),
                          exc.filename) from None

    # -- the game loop ----------------------------------------------------
    def run(self) -> Ending | None:
        """Play until the end, the player quits or the input runs out; returns the outcome."""
        sc = self.tables.scenario
        self.say(self.rule("="))
        self.say(_("{name}  |  {id}  |  seed {seed}").format(name=sc.name, id=sc.id,
                                                           seed=self.session.record.seed))
        self.say(self.rule("="))
        if not self.session.record.turns:
            self.say(self.wrap(sc.briefing, ""))
            self.say()
            self.say(self.wrap(_("The question: {question}").format(question=sc.question), ""))
        elif self.session.over:
            self.say(_("This game is over; here is how it ended."))
        else:
            self.say(_("Resuming at {month} (turn {turn}).").format(
                month=self.tables.date(self.session.state.turn),
                turn=self.session.state.turn + 1))
        clear_stale_temps(self.save_path)  # left by a game killed while it saved
        self.save()  # at once, so an unusable save path is found before any play
        self.say(_("The game is recorded after every turn in {path}").format(
            path=self.save_path))
        self.say(_("Type ? at any prompt for help."))
        try:
            while not self.session.over:
                self.show_opening()
                orders = self.read_orders()
                before = party_now(self.session.state)
                self.last_reckoned = reckoned(self.tables, self.session.state, orders)
                self.last = self.session.play(orders)
                self.save()
                with self.section():
                    self.show_result(self.last, before)
                self.pause()
        except QuitGame:
            self.save()
            self.say(_("Saved. Continue with: {command}").format(
                command=hold(f"comintern play --resume {self.save_path}")))
            return None
        except EndOfInput:
            self.save()
            self.say(_("The answers ran out at {month}. Continue with: {command}").format(
                month=self.tables.date(self.session.state.turn),
                command=hold(f"comintern play --resume {self.save_path}")))
            return None
        self.save()
        outcome = self.session.record.outcome
        assert outcome is not None
        self.show_outcome(outcome)
        if self.interactive:
            with contextlib.suppress(EndOfInput, QuitGame):
                self.after_the_end()
        return outcome

    # -- after the end: the log and the report ------------------------------
    def after_the_end(self) -> None:
        """Offer to export the log to a folder and to make the player's report."""
        while True:
            answer = self.ask(f"\n{_(END_MENU)} ").lower()
            if answer == "e":
                self.export_log()
            elif answer == "r":
                self.make_report()
            elif answer in ("", "q"):
                return
            else:
                self.say("  " + _("e, r, or Enter."))

    def export_log(self) -> None:
        folder = Path(self.ask("  " + _("The folder to put your log in (Enter: your home "
                                        "folder) >")) or "~").expanduser()
        target = folder / self.save_path.name
        if not folder.is_dir():
            self.say("  " + _("{folder} is not a folder; nothing was written.").format(
                folder=folder))
            return
        try:
            write_atomic(target, self.session.record.to_json())
        except OSError as exc:
            self.say("  " + _("Could not write {path}: {reason}.").format(
                path=target, reason=exc.strerror or exc))
            return
        self.say("  " + _("Your log is in {path}. Hand that file in.").format(
            path=hold(str(target))))

    def make_report(self) -> None:
        target = self.save_path.with_suffix(".html")
        self.say("  " + _("Making your report: the engine replays the moments that "
                          "mattered ..."))
        try:
            write_report(played_log(self.session, str(self.save_path)), target, named=True)
        except OSError as exc:
            self.say("  " + _("Could not write {path}: {reason}.").format(
                path=target, reason=exc.strerror or exc))
            return
        self.say("  " + _("Your report is in {path}: open it in a web browser.").format(
            path=hold(str(target))))

    # -- the opening of a turn --------------------------------------------
    def show_opening(self) -> None:
        state, t = self.session.state, self.tables
        line = t.scenario.lines[t.line_of_turn[state.turn]]
        # A screen that fills up breaks between these parts, never inside one.
        with self.section():
            self.say()
            self.say(self.rule())
            self.say(_("{month}  |  turn {turn} of {turns}  |  line: {line} (rigidity "
                       "{rigidity:.2f})").format(
                           month=t.date(state.turn), turn=state.turn + 1, turns=t.n_turns,
                           line=line.name, rigidity=t.rigidity[t.line_of_turn[state.turn]]))
            self.say(self.rule())
        for ev in events_now(t, state):
            words = self.names.event(ev.id)
            with self.section():
                self.say(f"* {words.title}")
                self.say(self.wrap(words.text, "    "))
                for line in narrate.event_lines(ev):
                    self.say(self.wrap(line, "    "))
                self.say_sources(words.source, "    ")
        for part in (self.show_party, self.show_regions):
            with self.section():
                part()
        self.show_directive()
        with self.section(reserve=2):  # the prompt stays with the options it asks about
            self.show_options()

    def show_party(self) -> None:
        s = self.session.state
        self.say(_("PARTY  members {members:,.0f}   cadres {cadres:,.0f}   funds "
                   "{funds:.1f}").format(members=s.members[0], cadres=s.cadres[0],
                                         funds=s.funds[0]))
        self.say("       " + _("unity {unity:.2f}  Moscow's trust {trust:.2f}  security "
                               "{security:.2f}  trained in Moscow {training:.2f}").format(
                                   unity=s.unity[0], trust=s.trust[0], security=s.security[0],
                                   training=s.training[0]))
        notes = []
        if s.funds_cut_turns[0] > 0:
            cut = int(s.funds_cut_turns[0])
            notes.append(ngettext("Moscow's subsidy is cut ({turns} more turn)",
                                  "Moscow's subsidy is cut ({turns} more turns)", cut).format(
                                      turns=cut))
        if s.channel_cut_turns[0] > 0:
            notes.append(_("the courier line is cut"))
        if notes:
            self.say("       " + "; ".join(notes))

    def show_regions(self) -> None:
        s, t = self.session.state, self.tables
        view = party_view(t, s)
        head = "".join(f"{short(c):>6}" for c in CONDITIONS)
        self.say(_("REGIONS  party: influence, organisation; conditions as the party sees them"))
        infl, org = _("infl"), _("org")  # column heads of at most five letters
        self.say(f"  {'':<22}{infl:>6}{org:>6}{head}")
        for k, region in enumerate(t.scenario.regions):
            values = "".join(number(v, '6.2f') for v in view[k])
            self.say(f"  {region.name[:22]:<22}{number(s.influence[0, k], '6.2f')}"
                     f"{number(s.organisation[0, k], '6.2f')}{values}")

    def show_directive(self) -> None:
        card = directive_card(self.tables, self.session.state)
        # two parts a full screen may break between: the card, and Moscow's reasons
        with self.section():
            self.show_card(card)
        if not narrate.no_directive(card):
            with self.section():
                self.show_reasons(card)

    def show_card(self, card: Directive) -> None:
        names = self.names
        self.say()
        if narrate.no_directive(card):
            self.say(_("NO DIRECTIVE FROM MOSCOW"))
            for line in narrate.no_directive_lines(card):
                self.say(self.wrap(line))
            return
        action = card.action or ""
        self.say(_("DIRECTIVE FROM MOSCOW  (sent {sent}, arrived {arrived})").format(
            sent=narrate.sent_words(card, names), arrived=card.arrived))
        self.say(f"  {names.action(action)} -- {names.place(action, card.region)}")
        initiative = narrate.card_initiative(card, names)
        if initiative:
            self.say(self.wrap(f"** {initiative[0]} **"))
            for line in initiative[1:]:
                self.say(self.wrap(line, "     "))
        for k, line in enumerate(narrate.revision_lines(card, names)):
            self.say(self.wrap(line, "  " if k == 0 else "     "))
        where = names.region(card.region or self.tables.regions[0])
        if not card.region:
            where = _("{region} (a national action: one region shown)").format(region=where)
        head = "".join(f"{short(c):>6}" for c in CONDITIONS)
        self.say(self.wrap(_("In {region}, Moscow's picture beside the party's view:").format(
            region=where)))
        fit_head = pgettext("column", "fit")
        self.say(f"  {'':<16}{head}{fit_head:>6}")
        believed, seen = card.moscow_believes, card.party_sees
        assert believed is not None and seen is not None
        rows = ((_("Moscow believes"), believed, card.fit_moscow_believes),
                (_("the party sees"), seen, card.fit_party_sees))
        for label, cond, fit in rows:
            values = "".join(number(getattr(cond, c), '6.2f') for c in CONDITIONS)
            self.say(f"  {label:<16}{values}{number(fit or 0.0, '6.2f')}")
        gaps = "".join(f"{'^':>6}" if abs(getattr(seen, c) - getattr(believed, c))
                       >= 0.1 else " " * 6 for c in CONDITIONS)
        if gaps.strip():
            gap_head = _("gap >= 0.10")
            self.say(f"  {gap_head:<16}{gaps}")

    def show_reasons(self, card: Directive) -> None:
        names = self.names
        self.say("  " + _("Moscow's reasons: score = fit in its picture + line + doctrine + "
                          "other"))
        for r in narrate.reasons(card, 4):
            other = r.initiative + r.repeat
            what = names.action(r.action)
            if r.region:
                what += f", {names.region(r.region)}"
            if len(what) > 43:
                what = what[:41] + ".."
            self.say(f"    {what:<43} {number(r.fit_in_picture, '4.2f')}"
                     f"{number(r.line_preference, '+6.2f')}{number(r.doctrine, '+6.2f')}"
                     f"{number(other, '+6.2f')} ={number(r.score, '5.2f')}")
        envoy = narrate.forced_by(card, names)
        if envoy:
            self.say("  " + _("The envoy {envoy} is here: the party must comply.").format(
                envoy=envoy))

    def options_now(self, plan: np.ndarray | None = None) -> dict[str, Any]:
        return options(self.tables, self.session.state, 0, plan)

    def show_options(self) -> None:
        """Every open answer with the chance the party reckons and its cost in trust."""
        card = directive_card(self.tables, self.session.state)
        opts = self.options_now()
        self.say(_("BEFORE YOU CHOOSE  (chances: the party's own estimate, which may be "
                   "wrong)"))
        forced = legal(self.tables, self.session.state).forced_by
        lines = narrate.options_lines(opts, card, self.names, forced)
        # the labels' column: 11 wide in English, wider where a label is longer
        wide = max([10] + [len(narrate.response_label(r, card)) for r, _l in lines if r]) + 1
        for response, line in lines:
            if not response:
                self.say(self.wrap(line))
                continue
            key = next(k for k, r in RESPONSE_KEYS.items() if r == response)
            head = f"  [{key}] {narrate.response_label(response, card):<{wide}}"
            self.say(self.wrap(line, head, " " * len(head)))

    # -- reading orders ---------------------------------------------------
    def read_orders(self) -> Orders:
        while True:
            forced = legal(self.tables, self.session.state).forced_by
            alone = narrate.no_directive(directive_card(self.tables, self.session.state))
            keys = _("[c]omply") if forced else _("[c] wait [a]ct [d] any action") if alone \
                else _("[c]omply [a]dapt [k]consult [s]tall [d]efy")
            answer = self.ask(f"\n{keys}  " + _("[w]hy [r]egions [?] [q]uit >") + " ")
            orders = self.interpret(answer)
            if orders is None:
                continue
            rejection = check(self.tables, self.session.state, orders)
            if rejection:
                self.say("  " + _("Not possible: {reason}").format(reason=rejection.message))
                continue
            return orders

    def interpret(self, answer: str) -> Orders | None:
        key = answer.lower()
        menu: dict[str, Callable[[], None]] = {
            "?": self.show_help, "h": self.show_help, "w": self.show_why,
            "r": self.show_regions, "o": self.show_options,
        }
        if key in menu:
            menu[key]()
            return None
        if key == "q":
            raise QuitGame
        if key in RESPONSE_KEYS:
            response: Response = RESPONSE_KEYS[key]
            allowed = legal(self.tables, self.session.state)
            if response not in allowed.responses:
                self.say("  " + _("Not possible: {envoy} decides this turn: the party can "
                                  "only comply.").format(envoy=allowed.forced_by))
                return None
            card = directive_card(self.tables, self.session.state)
            if response == "consult" and narrate.no_directive(card):
                self.say("  " + _("There is no Centre to consult yet: it is founded in "
                                  "{month}.").format(month=card.founded))
                return None
            chosen = self.choose_steps(response)
            if chosen is None:
                return None
            action, region, cadres = chosen
            orders = Orders(response=response, action=action, region=region, cadres=cadres)
            if cadres and response in ("comply", "adapt", "defy"):
                chance = reckoned(self.tables, self.session.state, orders)
                if chance is not None:
                    self.say("  " + _("With this cadre plan the party reckons {chance}.").format(
                        chance=narrate.pct(chance)))
            return orders
        if key == "":
            return None
        try:
            return Orders.parse(answer)
        except OrdersSyntaxError as exc:
            self.say("  " + _("{problem}. Type ? for help.").format(problem=exc))
            self.say(self.wrap(_("In this game, e.g. {order}").format(
                order=hold(self.example_order())), "  ", "    "))
            return None

    def show_help(self) -> None:
        with self.section():
            self.say(_("Each turn a directive arrives from Moscow. Answer with one key:"))
            names = [f"[{key}] {narrate.response_word(response)}" for key, response, _t
                     in HELP_KEYS]
            wide = max(len(name) for name in names)  # 11 in English
            for name, (_k, _r, text) in zip(names, HELP_KEYS, strict=True):
                self.say(self.wrap(f"{hold(f'{name:<{wide}} -')} {_(text)}", "  ",
                                   " " * (wide + 5)))
        for text in HELP:
            with self.section():
                self.say(self.wrap(_(text), ""))
        with self.section():  # the orders and their example on one screen
            self.show_order_syntax()

    def show_order_syntax(self) -> None:
        """The one-line orders with this scenario's ids, and an example that is legal now."""
        t = self.tables
        allowed = legal(t, self.session.state)
        inside = allowed.adapt_actions
        national = [a for a, n in zip(t.actions, t.national, strict=True) if n]
        outside = [a for a in t.actions if a not in inside]
        envoy = _(" (while the envoy {envoy} decides, only comply)").format(
            envoy=allowed.forced_by) if allowed.forced_by else ""
        none = _("none")
        # the ids stay English: they are what an order is written with
        self.say(self.wrap(_("ONE-LINE ORDERS, written {form}").format(
            form=hold("response: action @ region | cadres region=weight ...")), ""))
        rows = [_("responses: {ids}").format(ids=", ".join(RESPONSE_KEYS.values())) + envoy,
                _("actions the line allows now (adapt or defy): {ids}").format(
                    ids=", ".join(inside)),
                _("outside the line (defy only): {ids}").format(ids=", ".join(outside) or none),
                _("of these, acting on the whole party (write any region): {ids}").format(
                    ids=", ".join(national) or none),
                _("regions: {ids}").format(
                    ids=", ".join(f"{r.id} ({r.name})" for r in t.scenario.regions)),
                _("e.g. {order}").format(order=hold(self.example_order()))]
        for text in rows:
            self.say(self.wrap(text, "  ", "    "))

    def example_order(self) -> str:
        """A one-line order from this scenario's own ids that the party may give now."""
        t = self.tables
        allowed = legal(t, self.session.state)
        card = directive_card(t, self.session.state)
        region = card.region or t.regions[0]
        others = [r for r in t.regions if r != region][:1]
        cadres = " | cadres " + " ".join([f"{region}=3"] + [f"{r}=1" for r in others])
        if allowed.forced_by:
            return "comply" + cadres
        for response, actions in (("adapt", allowed.adapt_actions),
                                  ("defy", allowed.defy_actions)):
            regional = [a for a in actions if not t.national[t.actions.index(a)]]
            if regional:
                return f"{response}: {regional[0]} @ {region}{cadres}"
        return "comply" + cadres

    def choose_steps(self, response: Response
                     ) -> tuple[str | None, str | None, dict[str, float]] | None:
        """Action, region and cadres in turn, each menu's Enter (or [b]) one menu back.

        None when the player goes back from the first menu, to the turn's prompt.
        """
        t = self.tables
        while True:  # the action menu, for adapt and defy
            action = region = None
            if response in ("adapt", "defy"):
                action = self.choose_action(response)
                if action is None:
                    return None  # back to the turn's prompt
            while True:  # the region menu; a national action has none
                if action is not None:
                    region = self.choose_region(action, response)
                    if region is None:
                        break  # back to the action menu
                cadres = self.choose_cadres(response, region, action)
                if cadres is not None:
                    return action, region, cadres
                if action is None:
                    return None  # no action menu: back to the turn's prompt
                if t.national[t.actions.index(action)]:
                    break  # no region menu: back to the action menu

    def choose_action(self, response: str) -> str | None:
        allowed = legal(self.tables, self.session.state)
        names = allowed.adapt_actions if response == "adapt" else allowed.defy_actions
        opts = self.options_now()
        blame = opts[response]["blame"]
        more = _(" (and {blame:+.2f} more if it fails)").format(blame=blame) \
            if blame < -0.005 else ""
        heading = (_("Actions you may adapt to, with the chance the party reckons in the best "
                     "region (its own estimate, which may be wrong) and the cost in "
                     "trust{if_it_fails}:") if response == "adapt" else
                   _("Actions you may defy Moscow with, with the chance the party reckons in the "
                     "best region (its own estimate, which may be wrong) and the cost in "
                     "trust{if_it_fails}:"))
        self.say(self.wrap(heading.format(if_it_fails=more)))
        rows = {a: (name, chance, trust) for a, name, chance, trust
                in narrate.action_rows(opts, response, self.names)}
        for k, action in enumerate(names, 1):
            name, chance, trust = rows[action]
            self.say(f"   {k:2d}. {name:<41.41} {narrate.pct(chance):>5}  "
                     f"{narrate.trust_words(trust)}")
        return self.pick(names, "  " + _("Action number (Enter: back) >") + " ")

    def choose_region(self, action: str, response: str = "adapt") -> str | None:
        t = self.tables
        if t.national[t.actions.index(action)]:
            return t.regions[0]  # national actions act on the whole party
        view = party_view(t, self.session.state)[None]
        s = self.session.state
        chances = self.options_now()[response]["actions"][action]["chances"]
        self.say("  " + _("Regions, with the fit the party reckons there and the chance it "
                          "reckons:"))
        for k, region in enumerate(t.scenario.regions):
            fit = fit_one(t, view, s.influence, s.organisation,
                          np.array([t.actions.index(action)]), np.array([k]))[0]
            self.say(f"   {k + 1:2d}. {region.name:<35.35} " + _("fit {fit:.2f}   chance "
                                                                   "{chance:>5}").format(
                fit=fit, chance=narrate.pct(chances[region.id])))
        return self.pick(t.regions, "  " + _("Region number (Enter: back to the actions) >")
                         + " ")

    def pick(self, names: list[str], prompt: str) -> str | None:
        while True:
            answer = self.ask(prompt)
            if not answer:
                return None
            if answer in names:
                return answer
            if answer.isdigit() and 1 <= int(answer) <= len(names):
                return names[int(answer) - 1]
            self.say("  " + _("Choose 1 to {last}.").format(last=len(names)))

    def choose_cadres(self, response: str, region: str | None,
                      action: str | None = None) -> dict[str, float] | None:
        """The cadre weights ({} for the default plan), or None to go back a menu."""
        t = self.tables
        few = plan_effects(t, self.session.state, 0, -1, 0)
        if few["too_few"]:  # a handful of cadres: the step says so and is skipped
            self.say(self.wrap(narrate.plan_too_few(few), "  ", "    "))
            return {}
        focus = t.scenario.rules.party.focus_share
        place = region
        if action is not None and t.national[t.actions.index(action)]:
            place = None  # a national action spreads the default plan evenly
        if response == "comply":
            place = directive_card(t, self.session.state).region
        plan = _("{share} to {region}, the rest spread").format(
            share=pct(focus), region=self.names.region(place)) if place else _("spread evenly")
        example = " ".join(f"{r}={w}" for r, w in zip(t.regions[:2], (3, 1), strict=False))
        self.say(self.wrap(_("Cadres: [Enter] the default plan ({plan}), [e] evenly, or weights "
                             "like '{example}'; [b] back").format(plan=plan, example=example),
                           "  ", "    "))
        while True:
            answer = self.ask("  " + _("Cadres >") + " ")
            if not answer:
                return {}
            if answer.lower() == "e":
                return {r: 1.0 for r in t.regions}
            if answer.lower() == "b":
                return None
            try:
                return Orders.parse(f"stall | cadres {answer}").cadres
            except OrdersSyntaxError as exc:
                self.say(f"  {exc}")

    # -- after the turn ---------------------------------------------------
    def story(self, entry: Turn, before: Party | None = None) -> narrate.TurnStory:
        """The turn told by the narrator, with the events that opened the next turn."""
        following = following_events(self.tables, self.session.state)
        when = _("news of {month}").format(month=self.tables.date(self.session.state.turn))
        return narrate.TurnStory.of(entry, self.names, before.model_dump() if before else None,
                                    following, when, self.last_reckoned)

    def show_result(self, entry: Turn, before: Party) -> None:
        story = self.story(entry, before)
        self.say()
        # "you answered: ...", its first letter only made small (German nouns keep theirs)
        answered = story.answered[:1].lower() + story.answered[1:]
        self.say(_("RESULT  {answered}").format(answered=answered))
        for line in story.result:
            self.say(self.wrap(line))
        if story.setback:
            self.say(self.wrap(story.setback, "    "))
        for line in story.trust:
            self.say(self.wrap(line))
        if story.party_now:
            self.say(self.wrap(_("Party now: {figures}").format(figures=story.party_now), "  ",
                               "    "))
        if story.causes:
            self.say("  " + _("What moved members, cadres and funds, by cause:"))
            for line in story.causes:
                self.say(self.wrap(line, "    ", "      "))
        for line in story.rivals:
            self.say(self.wrap(line, "  ", "    "))
        self.say("  " + _("Type w at the next prompt for why."))

    def pause(self) -> None:
        """At a terminal, hold the turn's result until the player has read it."""
        while self.interactive:
            answer = self.ask(f"\n{_(GO_ON)} ").lower()
            if answer == "w":
                self.show_why()
            elif answer == "q":
                raise QuitGame
            else:
                return

    def show_why(self) -> None:
        if not self.last:
            self.say("  " + _("Nothing has been resolved yet."))
            return
        story = self.story(self.last)
        self.say(_("WHY? -- {month}").format(month=story.date))
        for line in story.why + story.trust + story.causes:
            self.say(self.wrap(line, "  ", "    "))
        self.say("  " + _("In numbers:"))
        for line in story.numbers:
            # the table of parts is laid out already; sentences are wrapped
            self.say("  " + line if line.startswith("  ") else self.wrap(line, "    ", "      "))

    def show_outcome(self, outcome: Ending) -> None:
        names = self.names
        ending = names.outcome(outcome.category)
        self.say()
        self.say(self.rule("="))
        self.say(_("THE END  ({month})").format(month=outcome.ended))
        self.say(self.wrap(_("Your party: {title}. {text}").format(title=ending.title,
                                                                   text=ending.text)))
        self.say("  " + _("Score {score:.1f} of 100.  Setbacks {setbacks}, envoys {envoys}, "
                          "leaderships replaced {replaced}.").format(
                              score=outcome.score, setbacks=outcome.setbacks,
                              envoys=outcome.envoys, replaced=outcome.replacements))
        self.say(self.wrap(narrate.score_line(self.tables.scenario.score, outcome.score_parts,
                                              names), "  ", "    "))
        for goal in outcome.goals:
            mark = "x" if goal.met else " "
            self.say(self.wrap(f"[{mark}] {names.goal(goal.id)}", "  ", "      "))
        hist = names.history()
        self.say()
        self.say("  " + _("In history: {title}.").format(title=hist.title))
        self.say(self.wrap(hist.text, "    "))
        self.say_sources(hist.source, "    ")
        self.say("  " + (_("Your result ends as in history.") if outcome.as_in_history else
                         _("Your result ends unlike history.")))
        self.show_story()
        self.say("  " + _("The whole game is recorded in {path}").format(path=self.save_path))
        self.show_epilogue()

    def show_story(self) -> None:
        """How the game went: a chart of members, influence and trust with the turns that
        mattered marked, the badly fitting orders obeyed, and the choices that changed it."""
        turns = self.session.record.turns
        if not turns:
            return
        entries = [t.record for t in turns]
        width = max(self.width - 16, 10)
        series = {_("members"): [e.party.members for e in entries],
                  _("influence"): [sum(r.influence for r in e.regions.values())
                                   / len(e.regions) for e in entries],
                  _("trust"): [e.centre.trust_after for e in entries]}
        with self.section():
            self.say()
            self.say(_("HOW THE GAME WENT  (low . : - = + * # % @ high; ^ a turn that "
                       "mattered)"))
            for name, values in series.items():
                self.say(f"  {name:<12}{narrate.sparkline(values, width)}")
            mattered = [m.turn for m in counterfactual.moments(entries)]
            self.say(f"  {'':<12}{narrate.marks_line(mattered, len(entries), width)}")
            self.say(f"  {'':<12}{entries[0].date}{entries[-1].date:>{width - 7}}")
        count, obeyed = narrate.misfits_obeyed(entries, self.names)
        with self.section():
            self.say()
            self.say(_("WHAT MOSCOW'S ORDERS COST"))
            if not obeyed:
                self.say(self.wrap(_("The party never obeyed an order that fitted its country "
                                     "badly while a better one of Moscow's own was open.")))
            elif count > len(obeyed):
                self.say(self.wrap(_("The party obeyed {count} orders that fitted badly; the "
                                     "{shown} that fitted worst:").format(count=count,
                                                                         shown=len(obeyed))))
            for line in obeyed:
                self.say(self.wrap(line, "  ", "    "))
        record = self.session.record
        turnings = counterfactual.turning_choices(self.tables, record.seed, record.game,
                                                  [t.orders for t in turns], entries)
        outcome_names = {c.id: c.name for c in self.tables.scenario.outcomes}
        with self.section():
            self.say()
            self.say(_("THE CHOICES THAT CHANGED THE ENDING MOST  (the same luck, one order "
                       "changed)"))
            if not turnings:
                self.say(self.wrap(_("No other choice at the turns that mattered would have "
                                     "changed this ending, with the same luck.")))
            for line in narrate.turning_lines(turnings, entries, outcome_names, self.names):
                self.say(self.wrap(line, "  ", "    "))
            self.say(self.wrap(_("Rule: {rule}.").format(rule=narrate.counterfactual_rule()), "  ",
                               "    "))

    def show_epilogue(self) -> None:
        """What became of the party up to 1943, then the Comintern's end: after the outcome."""
        lines = narrate.epilogue_lines(self.tables.scenario.epilogue)
        if not lines:
            return
        for k, line in enumerate(lines):
            # a page breaks between paragraphs, never inside one, nor under the heading
            with self.section():
                if k == 0:
                    self.say()
                    self.say(self.rule("="))
                    self.say(_(narrate.EPILOGUE_TITLE).upper())
                self.say()
                self.say(f"  {line.when}" + (f": {_(narrate.CLOSING_TITLE)}" if line.closing
                                             else ""))
                self.say(self.wrap(line.text, "    "))
                self.say_sources(" ; ".join(line.sources), "    ")
