"""Scenes shown over the board: news with its sources, pickers, why?, history, log, keys.

Paragraphs are pygame_gui text boxes (they wrap and scroll); the why? bars
are drawn over the card by `draw.draw_contributions`. Why? explains its bars,
the paragraphs that compare fits and chances, and its button from the
glossary (`Scene.spots`), as the board does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pygame

from engine.facts import Event
from engine.model import Term
from game import narrate
from game.app import draw
from game.app import palette as pal
from game.app.keys import Intent
from game.app.scenes.base import Context, Pop, Scene, Transition, esc, mark, scroll
from game.app.spots import Spot
from game.app.viewmodels import BoardView, TurnResult
from game.app.widget_spots import text_spots
from game.i18n import N_, _, ngettext, number


def sources_html(source: str) -> str:
    items = [esc(s) for s in source.split(" ; ") if s.strip()]
    return "<i>" + esc(_("Source:")) + " " + "<br>".join(items) + "</i>"


def event_html(ev: Event, names: narrate.Names, date: str | None = None) -> str:
    when = f"{esc(date)} — " if date else ""
    chance = ""
    if ev.chance is not None and ev.roll is not None:
        chance = " <i>" + esc(_("(a chance of {chance:.0f}%; the roll was {roll:.2f})").format(
            chance=100 * ev.chance, roll=ev.roll)) + "</i>"
    cost = "".join(f"<b>{esc(line)}</b><br>" for line in narrate.event_lines(ev))
    words = names.event(ev.id)
    return (f"<b>{when}{esc(words.title)}</b>{chance}<br>{esc(words.text)}<br>{cost}"
            f"{sources_html(words.source)}<br><br>")


class TextScene(Scene):
    """A card of text over the board; closes on Enter or Esc (or its own key)."""

    overlay = True

    def __init__(self, ctx: Context, title: str, html: str, close_keys: tuple[str, ...] = (),
                 side: bool = False) -> None:
        super().__init__(ctx)
        self.title, self.html, self.close_keys, self.side = title, html, close_keys, side

    def card_rect(self) -> pygame.Rect:
        w, h = self.ctx.size
        if self.side:
            return pygame.Rect(w - min(620, w // 2) - 10, 10, min(620, w // 2), h - 20)
        cw, ch = min(860, w - 80), min(560, h - 80)
        return pygame.Rect((w - cw) // 2, (h - ch) // 2, cw, ch)

    def build(self) -> None:
        rect = self.rect = self.card_rect()
        card = self.modal_panel(rect)
        head = self.ctx.fonts.size(20) + 24
        btn_h = self.ctx.fonts.size(13) + 16
        self.box = self.textbox(self.html, pygame.Rect(10, head, rect.width - 26,
                                                       rect.height - head - btn_h - 28),
                                container=card)
        self.button(pygame.Rect(10, rect.height - btn_h - 14, 220, btn_h),
                    f"[{self.ctx.keymap.key('confirm')}] " + _("Close"), Intent("confirm"),
                    container=card, term="close")

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if intent is None:
            return None
        if intent.name in ("confirm", "back", "menu", *self.close_keys):
            return Pop()
        if intent.name in ("down", "region_next", "up", "region_prev", "page_down", "page_up"):
            step = {"down": 0.2, "region_next": 0.2, "up": -0.2, "region_prev": -0.2,
                    "page_down": 0.9, "page_up": -0.9}[intent.name]
            scroll(self.box, step)
        return None

    def draw_over(self, surface: pygame.Surface) -> None:
        draw.text(surface, self.ctx.fonts, self.title, (self.rect.x + 16, self.rect.y + 12), 20,
                  pal.INK, True, "serif")
        km = self.ctx.keymap
        draw.text(surface, self.ctx.fonts, _("{arrows} {up} {down} scroll").format(
                  arrows=km.arrows(), up=km.key("page_up"), down=km.key("page_down")),
                  (self.rect.right - 16, self.rect.y + 16), 11,
                  pal.INK_SOFT, anchor="topright")

    def describe(self) -> dict[str, Any]:
        return {"scene": type(self).__name__, "title": self.title, "html": self.html}


class BoardTextScene(TextScene):
    context = "board"  # so the panel's own key (H, L) closes it again


def events_scene(ctx: Context, date: str, events: list[Event],
                 names: narrate.Names) -> TextScene:
    html = "".join(event_html(ev, names) for ev in events)
    return TextScene(ctx, _("News — {month}").format(month=date), html)


def history_panel(ctx: Context, history: list[tuple[str, Event]],
                  names: narrate.Names) -> TextScene:
    html = "".join(event_html(ev, names, date) for date, ev in history) or \
        "<i>" + esc(_("No events yet.")) + "</i>"
    title = ngettext("History — {count} event so far", "History — {count} events so far",
                     len(history)).format(count=len(history))
    return BoardTextScene(ctx, title, html, ("history",),
                          side=True)


def epilogue_html(lines: list[narrate.EpilogueLine]) -> str:
    """The epilogue's paragraphs, each under its date, with its sources."""
    if not lines:
        return "<i>" + esc(_("This scenario has no epilogue.")) + "</i>"
    out = []
    for line in lines:
        head = esc(line.when) + (f" — {esc(_(narrate.CLOSING_TITLE))}" if line.closing else "")
        out.append(f"<b>{head}</b><br>{esc(line.text)}<br>"
                   f"{sources_html(' ; '.join(line.sources))}<br><br>")
    return "".join(out)


def epilogue_panel(ctx: Context, lines: list[narrate.EpilogueLine]) -> TextScene:
    """What became of the party up to 1943, over the end scene; Enter or Esc closes it."""
    return TextScene(ctx, _(narrate.EPILOGUE_TITLE), epilogue_html(lines))


def log_panel(ctx: Context, log: list[dict[str, Any]], names: narrate.Names) -> TextScene:
    rows = []
    for item in reversed(log):
        e = item["record"]
        d = e.directive
        story = narrate.TurnStory.of(e, names, None, item.get("following", ()),
                                     item.get("when", ""))
        moscow = _("no directive (no Centre yet)") if narrate.no_directive(d) else \
            names.doing(d.action or "", d.region)
        extra = " ".join(story.trust + story.rivals)
        rows.append(f"<b>{esc(item['date'])}</b>  "
                    + esc(_("Moscow: {order}.").format(order=moscow)) + "  "
                    + esc(_("You:")) + f" <b>{esc(item['label'])}</b><br>"
                    + f"{esc('; '.join(story.result))}. " + esc(extra) + " "
                    + esc(_("Members {members:,.0f}.").format(members=e.party.members)) + "<br>"
                    + "".join(f"&nbsp;&nbsp;• {esc(c)}<br>" for c in story.causes) + "<br>")
    html = "".join(rows).replace("-&gt;", "→") or \
        "<i>" + esc(_("No turn played yet.")) + "</i>"
    title = ngettext("Turn log — {count} turn, newest first",
                     "Turn log — {count} turns, newest first", len(log)).format(count=len(log))
    return BoardTextScene(ctx, title, html, ("log",),
                          side=True)


def help_scene(ctx: Context) -> TextScene:
    km = ctx.keymap
    keys = [("comply", _("comply: carry out the directive as ordered")),
            ("adapt", _("adapt: another action the line allows, where you choose")),
            ("consult", _("consult: report and ask Moscow to reconsider; no action this turn")),
            ("stall", _("stall: do nothing this turn")),
            ("defy", _("defy: any action, openly against the line; costs the most trust")),
            ("response_next", _("move to the next open response ({key} for the previous "
                                "one)").format(key=km.key("response_prev", "board"))),
            ("choose", _("take the response the keyboard is on")),
            ("region_next", _("next region on the map, top to bottom, left to right "
                              "(Shift+{key} or {back} for the previous one; a digit for its "
                              "number)").format(key=km.key("region_next", "board"),
                                                back=km.key("region_prev", "board"))),
            ("weight_up", _("a step of the cadres into the selected region, from the others")),
            ("weight_down", _("a step of the cadres out of the selected region, to the "
                              "others")),
            ("even", _("spread the cadres evenly")),
            ("default_plan", _("the default cadre plan")),
            ("confirm", _("send the answer")), ("why", _("why? — the last turn explained")),
            ("history", _("history: every event so far, with sources")),
            ("log", _("the turn log")), ("menu", _("the menu: save, settings, quit")),
            ("tab_next", _("on a small window: the next panel (directive, map, region, party, "
                           "choices)")),
            ("page_down", _("page through the directive card, the region's card, the "
                            "party's figures or the choices ({key} back)").format(
                key=km.key("page_up"))),
            ("explain", _("explain the next part of the board: what it means, from the "
                          "glossary (Shift+{key} the one before; or rest the mouse on "
                          "it)").format(key=km.key("explain", "board"))),
            ("bigger", _("larger text ({key} for smaller)").format(key=km.key("smaller"))),
            ("reload", _("for modders: read the scenario's file again and replay this game's "
                         "orders on it, to see an edit without restarting"))]
    html = "".join(f"<b>[{esc(km.key(i, 'board'))}]</b>  {esc(t)}<br>" for i, t in keys)
    html += "<br>" + esc(_("The mouse works too: click a button; click a region to select it "
                           "and turn the wheel over it to change its cadres. Deviation from a "
                           "directive costs Moscow's trust in proportion to the line's "
                           "rigidity; low trust brings an envoy, cut funds or a new "
                           "leadership."))
    return TextScene(ctx, _("Keys"), html, ("help",))


def problems_scene(ctx: Context, source: str, problems: list[Any]) -> TextScene:
    """A scenario file that cannot be read again: every problem as file:line:col, and the
    word that the game goes on as it was."""
    rows = "".join(f"{esc(str(p))}<br>" for p in problems)
    html = ("<b>" + esc(_("The game goes on as it was.")) + "</b> "
            + esc(_("Fix the file and press [{key}] again.").format(
                key=ctx.keymap.key("reload", "board"))) + f"<br><br>{rows}")
    title = ngettext("{file} was not reloaded: {count} problem",
                     "{file} was not reloaded: {count} problems", len(problems)).format(
                         file=source, count=len(problems))
    return BoardTextScene(ctx, title, html, ("reload",))


DETAIL_MIN_EM = 16  # the details beside a picker's list need this many ems


class PickerScene(Scene):
    """Choose one entry of a list: ↑↓ and Enter, a digit, or a click; Esc goes back."""

    overlay = True

    def __init__(self, ctx: Context, title: str, entries: list[tuple[str, str]],
                 results: list[Any], note: str = "") -> None:
        super().__init__(ctx)
        self.title, self.entries, self.results, self.note = title, entries, results, note
        self.selected = 0
        self.shown = range(len(entries))  # the entries on screen: a window on a long list

    def card(self) -> tuple[pygame.Rect, int]:
        """The picker's card for the window, and the height of its head (title and note)."""
        w, h = self.ctx.size
        f = self.ctx.fonts
        margin = 60 if h >= 700 else 10
        width = min(1040, w - 2 * max(min(margin, (w - 1040) // 2), 10))
        rect = pygame.Rect((w - width) // 2, margin, width, h - 2 * margin)
        note = len(draw.wrap_text(f, self.note_text(), rect.width - 32, 12))
        head = 12 + self.title_height(rect.width) + 6 + note * (
            f.font("sans", 12).get_linesize() + 1) + 10
        return rect, head

    def title_height(self, width: int) -> int:
        """The title wrapped to the card's width (a long German one takes two lines)."""
        f = self.ctx.fonts
        lines = len(draw.wrap_text(f, self.title, width - 32, 20, True, "serif"))
        return lines * (f.font("serif", 20, True).get_linesize() + 1) - 1

    def note_text(self) -> str:
        km = self.ctx.keymap
        keys = _("{arrows} {confirm} · {back} back").format(
            arrows=km.arrows(), confirm=km.key("confirm"), back=km.key("back"))
        text = self.note.format(keys=keys) if self.note else \
            _("{arrows} move · {confirm} or a digit choose · {back} back").format(
                arrows=km.arrows(), confirm=km.key("confirm"), back=km.key("back"))
        shown = self.shown
        if len(shown) < len(self.entries):  # a window on a longer list
            text += " · " + _("{first}–{last} of {count}, {arrows} for more").format(
                first=shown.start + 1, last=shown.stop, count=len(self.entries),
                arrows=km.arrows())
        return text

    def build(self) -> None:
        rect, head = self.card()
        self.rect = rect
        card = self.modal_panel(rect)
        f = self.ctx.fonts
        row = f.font("sans", 13).get_linesize() + 12
        font = f.font("sans", 13)
        labels = [f"{k + 1}. {label}" if k < 9 else f"   {label}"
                  for k, (label, _detail) in enumerate(self.entries)]
        widest = max([240] + [font.size(s)[0] + 30 for s in labels])
        # The details stand beside the list, or under it when the labels need the width.
        side = widest + 28 + DETAIL_MIN_EM * f.size(13) <= rect.width
        list_w = min(widest, rect.width - 28 - min(260, rect.width // 3)) if side else \
            rect.width - 28
        below = 0 if side else 4 * (f.font("sans", 14).get_linesize() + 2) + 20

        def room(head: int) -> int:
            return max((rect.height - head - 16 - below) // (row + 4), 1)

        fits = room(head)
        n = len(self.entries)
        if fits < n:  # room for the longer note that says so (measured at its longest)
            keep, self.shown = self.shown, range(n - 1, n)
            head = self.card()[1]
            fits, self.shown = room(head), keep
        first = self.shown.start if fits < len(self.entries) else 0
        if self.selected < first:
            first = self.selected
        elif self.selected >= first + fits:
            first = self.selected - fits + 1
        self.shown = range(first, min(first + fits, len(self.entries)))
        self._buttons = {}
        for n, k in enumerate(self.shown):
            self._buttons[k] = self.button(pygame.Rect(14, head + n * (row + 4), list_w, row),
                                           labels[k], Intent("pick", str(k)), container=card)
        detail = pygame.Rect(list_w + 28, head, rect.width - list_w - 42, rect.height - head - 16) \
            if side else pygame.Rect(14, rect.height - 12 - below, rect.width - 28, below)
        self.detail = self.textbox("", detail, container=card)
        self._select(self.selected)

    def _select(self, k: int) -> None:
        self.selected = k % len(self.entries)
        if self.selected not in self.shown:  # the window moves with the selection
            self.teardown()
            self.build()
            return
        for j, b in self._buttons.items():
            mark(b, j == self.selected)
        self.detail.set_text(self.entries[self.selected][1])

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if intent is None:
            return None
        if intent.name == "pick":
            return Pop(self.results[int(intent.arg)])
        if intent.name in ("up", "prev"):
            self._select(self.selected - 1)
        elif intent.name in ("down", "next"):
            self._select(self.selected + 1)
        elif intent.name == "digit" and 1 <= int(intent.arg) <= min(len(self.entries), 9):
            return Pop(self.results[int(intent.arg) - 1])
        elif intent.name == "confirm":
            return Pop(self.results[self.selected])
        elif intent.name == "back":
            return Pop(None)
        return None

    def draw_over(self, surface: pygame.Surface) -> None:
        f = self.ctx.fonts
        draw.paragraph(surface, f, self.title, (self.rect.x + 16, self.rect.y + 12),
                       self.rect.width - 32, 20, pal.INK, True, family="serif")
        draw.paragraph(surface, f, self.note_text(), (self.rect.x + 16, self.rect.y + 12
                       + self.title_height(self.rect.width) + 6), self.rect.width - 32, 12,
                       pal.INK_SOFT)

    def describe(self) -> dict[str, Any]:
        return {"scene": "PickerScene", "title": self.title,
                "entries": [e[0] for e in self.entries], "selected": self.selected}


def action_picker(ctx: Context, view: BoardView, response: str,
                  opts: dict[str, Any] | None = None) -> PickerScene:
    """The actions open to adapt or defy, each with the best chance the party reckons for it."""
    opts = opts or view.options
    names = view.legal.adapt_actions if response == "adapt" else view.legal.defy_actions
    rows = {a: (chance, trust) for a, _n, chance, trust
            in narrate.action_rows(opts, response, view.names)} if opts else {}
    blame = opts[response]["blame"] if opts else 0.0
    entries = []
    for name in names:
        a = view.actions[name]
        where = _("acts on the whole party") if a.national else _("acts in one region")
        label, detail = a.name, f"<b>{esc(a.name)}</b> ({esc(where)})<br><br>{esc(a.summary)}"
        if name in rows:
            chance, trust = rows[name]
            more = _(", and {blame:+.2f} more if it fails").format(blame=blame) \
                if blame < -0.005 else ""
            label = (_("{action} — {chance}") if a.national else
                     _("{action} — up to {chance}")).format(action=a.name,
                                                           chance=narrate.pct(chance))
            by_region = "".join(
                f"{esc(view.names.region(r))}: {narrate.pct(c)}<br>"
                for r, c in opts[response]["actions"][name]["chances"].items()) \
                if not a.national else ""
            reckons = (_("The party reckons {chance}") if a.national else
                       _("The party reckons {chance} in the best region")).format(
                           chance=narrate.pct(chance))
            detail += (f"<br><br><b>{esc(reckons)}</b>; "
                       f"{esc(narrate.trust_words(trust))}{esc(more)}.<br>{by_region}"
                       f"<i>{esc(_(narrate.ESTIMATE_NOTE))}</i>")
        entries.append((label, detail))
    verb = _("Adapt: an action the current line allows") if response == "adapt" else \
        _("Defy: any action, openly against the line")
    return PickerScene(ctx, verb, entries, [("action", n) for n in names],
                       _("the chance the party reckons (its own estimate) · {keys}"))


def region_picker(ctx: Context, view: BoardView, action: str, fits: list[float],
                  response: str, opts: dict[str, Any] | None = None) -> PickerScene:
    """Where: each region with the fit and the chance the party reckons there."""
    opts = opts or view.options
    chances = opts[response]["actions"][action]["chances"] if opts else {}
    entries = []
    for reg, fit in zip(view.regions, fits, strict=True):
        c = reg.conditions
        chance = chances.get(reg.id)
        reckons = _(" — reckons {chance}").format(chance=narrate.pct(chance)) \
            if chance is not None else ""
        detail = (f"<b>{esc(reg.name)}</b><br>{esc(reg.summary)}<br><br>"
                  + esc(_("Fit of {action} here, as the party reckons it:").format(
                      action=view.actions[action].name))
                  + f" <b>{number(fit, '.2f')}</b>"
                  + ("; " + esc(_("its chance of success, as the party reckons it:"))
                     + f" <b>{narrate.pct(chance)}</b>" if chance is not None else "")
                  + "<br>" + esc(_("influence {influence:.2f}, organisation "
                                   "{organisation:.2f}").format(
                                       influence=reg.influence, organisation=reg.organisation))
                  + "<br>"
                  + ", ".join(f"{esc(narrate.condition_label(k))} {number(v, '.2f')}"
                              for k, v in c.items())
                  + f"<br><br><i>{esc(_(narrate.ESTIMATE_NOTE))}</i>")
        entries.append((_("{region} — fit {fit:.2f}").format(region=reg.name, fit=fit)
                        + reckons, detail))
    return PickerScene(ctx, _("Where? {action}").format(action=view.actions[action].name),
                       entries, [("region", action, r.id) for r in view.regions],
                       _("the fit and the chance the party reckons in each region · {keys}"))


# The paragraphs of Why?'s words that a glossary term explains, by their first words (each
# the opening of the narrator's sentence, translated as that sentence begins).
WHY_TERMS = {N_("Moscow ordered"): "order_fit", N_("Fit of the order"): "order_fit",
             N_("The party reckoned"): "chance", N_("With the real conditions"): "true_chance",
             N_("Parts of the chance"): "odds_points", N_("Moscow's trust"): "trust",
             N_("Trust:"): "trust", N_("Informers"): "informers",
             N_("Informer leak"): "leak", N_("The party now"): "members"}


class WhyScene(Scene):
    """After a turn: each outcome broken into its named contributions."""

    overlay = True
    context = "board"

    def __init__(self, ctx: Context, result: TurnResult, names: narrate.Names,
                 glossary: Mapping[str, Term] | None = None) -> None:
        super().__init__(ctx)
        self.result = result
        self.names = names
        if glossary is not None:  # the scenario's own, where the board has it
            self.glossary = glossary

    def build(self) -> None:
        w, h = self.ctx.size
        mx, my = (30, 24) if h >= 600 else (10, 10)  # a small window keeps its height for
        rect = self.rect = pygame.Rect(mx, my, w - 2 * mx, h - 2 * my)  # the bars' rows
        card = self.modal_panel(rect)
        head = self.ctx.fonts.size(20) + 30
        btn_h = self.ctx.fonts.size(13) + 16
        half = rect.width // 2
        self.bars = pygame.Rect(rect.x + 12, rect.y + head, half - 24,
                                rect.height - head - btn_h - 28)
        self.box = self.textbox(self.html(), pygame.Rect(half, head, half - 14,
                                                         rect.height - head - btn_h - 28),
                                container=card)
        self.button(pygame.Rect(12, rect.height - btn_h - 14, 240, btn_h),
                    f"[{self.ctx.keymap.key('confirm')}] " + _("Continue"), Intent("confirm"),
                    container=card, term="close")

    def story(self) -> narrate.TurnStory:
        r = self.result
        return narrate.TurnStory.of(r.entry, self.names, r.before, r.following, r.when,
                                    r.reckoned)

    def html(self) -> str:
        story = self.story()
        out = ["<b>" + esc(_("What happened, in plain words")) + "</b><br>"
               + "".join(f"{esc(line)}<br>" for line in story.why)]
        out.append("<br>" + "".join(f"<b>{esc(line)}</b><br>" if k else f"{esc(line)}<br>"
                                    for k, line in enumerate(story.trust)))
        out += [f"<b>{esc(line)}</b><br>" for line in story.rivals]
        if story.party_now:
            out.append("<br><b>" + esc(_("The party now")) + "</b>: " + esc(story.party_now)
                       + ".<br>")
        if story.causes:
            out.append("<b>" + esc(_("What moved members, cadres and funds")) + "</b>:<br>"
                       + "".join(f"• {esc(c)}<br>" for c in story.causes))
        out.append("<br><b>" + esc(_("In numbers")) + "</b> <i>"
                   + esc(_("(the bars on the left)")) + "</i>:<br>"
                   + "".join(f"{esc(line)}<br>" for line in story.numbers))
        return "".join(out).replace("-&gt;", "→")

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if intent is None:
            return None
        if intent.name in ("confirm", "back", "menu", "why"):
            return Pop()
        if intent.name in ("page_down", "page_up", "region_next", "region_prev"):
            scroll(self.box, 0.5 if intent.name in ("page_down", "region_next") else -0.5)
        return None

    def draw_over(self, surface: pygame.Surface) -> None:
        f = self.ctx.fonts
        e = self.result.entry
        draw.text(surface, f, _("Why? — the turn of {month}").format(month=e.date),
                  (self.rect.x + 16,
                                                                   self.rect.y + 12), 20,
                  pal.INK, True, "serif")
        res = e.resolution
        self.noted = []
        if res:
            draw.draw_contributions(surface, self.bars, f, res.contributions, res.chance,
                                    res.roll, res.success, self.noted)
        else:
            draw.panel(surface, self.bars)
            draw.text(surface, f, _("No action this turn: nothing to break down."),
                      (self.bars.x + 12, self.bars.y + 12), 13, pal.INK_SOFT)
            self.noted.append(Spot(self.bars, "why"))

    def spots(self) -> list[Spot]:
        """The bars, then the paragraphs beside them, then the button."""
        words = text_spots(self.box, WHY_TERMS) if getattr(self, "box", None) else []
        buttons = [s for s in super().spots() if s not in self.noted]
        return [*self.noted, *words, *buttons]

    def describe(self) -> dict[str, Any]:
        res, story = self.result.entry.resolution, self.story()
        return {"scene": "WhyScene", "date": story.date,
                "contributions": res.contributions if res else None, "html": self.html(),
                "plain": story.why, "causes": story.causes}
