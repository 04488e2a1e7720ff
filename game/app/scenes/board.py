"""The board: the map, the gauges, the directive card, the answer and the cadre plan.

Keyboard: the response keys (or . and , to move over the open responses and
Space to take one), ↑↓ (or Tab) to move between regions in the map's reading
order, ←→ to move a step of the cadres out of or into the selected region (from
the plan in force), E to spread them evenly, X for the default plan, Enter to
send the answer; W why?, H history, L log, Esc the menu; F5 reloads the
scenario's file and replays the game on it (`reload`). Every key is shown on
screen, and every button works with the mouse too. A response the engine does
not allow this turn is greyed out with its reason and does nothing.

Every gauge, condition, bar and button explains itself from the glossary
(`game.app.tips`): when the mouse rests on it, and at once when the keyboard
is on it (I steps through them all; the response keys . and , show their
own). While the guided-turn setting is on, the first directive opens the
guide (`game.app.scenes.guide`).

The answer being composed is an `OrderDraft`; intents reach it through the
table in `intents`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pygame

from engine.facts import Conditions
from engine.orders import Orders
from game import narrate
from game.app import board_paint, board_tips, draw_map, layout
from game.app import palette as pal
from game.app import tips as tooltips
from game.app.draft import STEP, OrderDraft
from game.app.keys import Intent
from game.app.maps import reading_order, scenario_map
from game.app.scenes import overlays
from game.app.scenes.base import (
    KEPT,
    Context,
    Push,
    Reset,
    Scene,
    Transition,
    esc,
    mark,
    scroll,
)
from game.app.session import GameSession, NewRules, ReloadProblems
from game.app.spots import Spot
from game.i18n import N_, _

RESPONSE_LABELS = (("comply", N_("Comply")), ("adapt", N_("Adapt")), ("consult", N_("Consult")),
                   ("stall", N_("Stall")), ("defy", N_("Defy")))
RESPONSES = tuple(r for r, _label in RESPONSE_LABELS)


class BoardScene(Scene):
    context = "board"

    def __init__(self, ctx: Context, game: GameSession) -> None:
        super().__init__(ctx)
        self.game = game
        self.view = game.view()
        self.map = scenario_map(game.tables.scenario)
        self.draft = OrderDraft()
        self.order = reading_order(self.map, [r.id for r in self.view.regions])  # ↑↓ and digits
        self.sel = self.region_ids().index(self.order[0])
        self._effects: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self.tab = "directive"  # the panel a compact board shows
        self.compact = False
        self.card_scroll = 0
        self.panel_scroll = 0  # a compact board's region card or gauges, in too low a panel
        self._panel_shown: tuple[str, int] = ("", -1)  # the tab and region it is for
        self._card: tuple[tuple[Any, ...], pygame.Surface, int, list[Spot]] | None = None
        self.painted: list[Spot] = []  # what the last render noted (`game.app.spots`)
        self.glossary = game.glossary()
        self.guided = False  # the guide has been shown over this board
        self.info: Any = None
        self.focus = 0  # the response the keyboard is on (among the open ones)
        self.message = ""
        # a word that is news, not a fault (a reload's summary): shown until the next key
        self.notice, game.notice = game.notice, ""
        self.queue: list[Transition] = []  # what opens next: why?, the news, the end
        self._cache: pygame.Surface | None = None
        self._cache_key: tuple[Any, ...] = ()
        self._forecast: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self.redraws = 0
        self._reload: tuple[threading.Thread, dict[str, Any]] | None = None  # a reload under way

    @classmethod
    def opening(cls, ctx: Context, game: GameSession) -> Transition:
        """The board for a started or loaded game: its news first, or the end if it is over."""
        if game.over:
            return Reset(ctx.scenes.end(ctx, game))
        scene = cls(ctx, game)
        if scene.view.events:
            scene.queue.append(Push(overlays.events_scene(ctx, scene.view.date,
                                                          scene.view.events, game.names)))
        return Reset(scene)

    # -- layout ---------------------------------------------------------------
    CADRE_BUTTONS = (("weight_down", N_("cadres out")), ("weight_up", N_("cadres in")),
                     ("even", N_("even spread")), ("default_plan", N_("default plan")))
    CADRE_SHORT = (("weight_down", N_("out")), ("weight_up", N_("in")), ("even", N_("even")),
                   ("default_plan", N_("default")))
    TOOLS = (("confirm", N_("Send")), ("why", N_("Why?")), ("history", N_("History")),
             ("log", N_("Log")), ("menu", N_("Menu")))

    def layout_texts(self) -> layout.Texts:
        """What the layout must make room for, with the longest texts the panels can show."""
        km, v, names = self.ctx.keymap, self.view, self.view.names
        longest_region = max((r.name for r in v.regions), key=len, default="")
        longest_action = max((a.name for a in v.actions.values()), key=len, default="")
        draft = [self.draft_text(),
                 _("Your answer: {response}: {action} @ {place}").format(
                     response=narrate.response_label("adapt", v.card), action=longest_action,
                     place=longest_region)
                 + _(" · the party reckons {chance}").format(chance=narrate.pct(1.0)),
                 _("Your answer: choose a response — {keys}").format(
                     keys=" ".join(f"[{km.key(r, 'board')}]" for r in RESPONSES))
                 + " (" + _("no Centre yet (founded {month}): wait or act alone").format(
                     month="0000-00") + ")"]
        status = [self.cadre_text(), self.message, self.notice,
                  _("Cadres (the default plan): {plan}").format(
                      plan=_("{share} in {region} for {action}: {effort}").format(
                          share=narrate.pct(1.0), region=longest_region, action=longest_action,
                          effort=_("effort from cadres {share} of full, {points} on the "
                                   "odds").format(share=narrate.pct(1.0), points="-0.00")))]
        if self.compact:  # the status shares the answer's lines; the plan is on the map tab
            draft, status = draft + [self.message, self.notice], []
        plan_lines = [self.plan_line_for(r.id) for r in v.regions]
        return layout.Texts(
            responses=[self.response_text(r) for r in RESPONSES],
            cadres=[f"[{km.key(i, 'board')}] {_(label)}" for i, label in self.CADRE_BUTTONS],
            tools=[f"[{km.key(i, 'board')}] {_(label)}" for i, label in self.TOOLS],
            cadres_short=[f"[{km.key(i, 'board')}] {_(label)}" for i, label in self.CADRE_SHORT],
            map_aspect=self.map.aspect, draft=draft, status=status, header=self.header_words(),
            region_height=lambda w: draw_map.region_card_height(
                self.ctx.fonts, w, v.regions, plan_lines) if names else 0)

    def header_words(self) -> tuple[str, str, str]:
        v = self.view
        line = "  ·  " + _("the Centre's line: {line} (rigidity {rigidity:.2f})").format(
            line=v.line_name, rigidity=v.rigidity) if not self.compact else ""
        # (a compact board shows the line on the card)
        km = self.ctx.keymap
        return (v.scenario_name, f"{v.date}  ·  {v.turn_text}{line}",
                _("[{help}] keys   [{size}] text size").format(help=km.key("help", "board"),
                                                            size=km.size_keys())
                if not self.compact else
                _("[{help}] keys  [{tab}] panel").format(help=km.key("help", "board"),
                                                        tab=km.key("tab_next", "board")))

    def build(self) -> None:
        self.compact = False
        self.lay = layout.board(self.ctx.size, self.ctx.fonts, self.layout_texts(), self.tab)
        if self.lay.compact:  # the header then names the tab key too
            self.compact = True
            self.lay = layout.board(self.ctx.size, self.ctx.fonts, self.layout_texts(),
                                    self.tab)
        r = self.rects = self.lay.rects
        b = self.lay.buttons
        km = self.ctx.keymap
        self.response_buttons = {}
        for resp, rect in zip(RESPONSES, b["responses"], strict=True):
            self.response_buttons[resp] = self.button(rect, self.response_text(resp),
                                                      Intent(resp))
        cadre_labels = self.CADRE_SHORT if self.compact else self.CADRE_BUTTONS
        for (intent, label), rect in zip(cadre_labels, b.get("cadres", []), strict=False):
            self.button(rect, f"[{km.key(intent, 'board')}] {_(label)}", Intent(intent))
        for (intent, label), rect in zip(self.TOOLS, b["tools"], strict=True):
            self.button(rect, f"[{km.key(intent, 'board')}] {_(label)}", Intent(intent))
        self.tab_buttons = {}
        for (tab, label), rect in zip(layout.TABS, b.get("tabs", []), strict=False):
            self.tab_buttons[tab] = self.button(rect, _(label), Intent("tab", tab))
            mark(self.tab_buttons[tab], tab == self.tab)
        self.info = self.textbox(self.info_html(), r["info"]) if "info" in r else None
        self._info_shown = self.info_html()
        self._cache = None
        self._mark()

    def response_text(self, response: str) -> str:
        """The button's label: its key and its name (before the Centre exists, comply waits)."""
        key = self.ctx.keymap.key(response, "board")
        name = narrate.response_label(response, self.view.card) if self.view.card else response
        return f"[{key}] {name[:1].upper()}{name[1:]}"

    def open_responses(self) -> list[str]:
        """What may be answered now: the engine's legal responses that make sense this turn."""
        if not self.view.options:
            return []
        sensible = narrate.open_responses(self.view.options, self.view.card)
        return [r for r in sensible if r in self.view.legal.responses]

    def option_lines(self) -> list[tuple[str, str]]:
        if not self.view.options:
            return []
        return narrate.options_lines(self.view.options, self.view.card, self.view.names,
                                     self.view.legal.forced_by)

    def closed_reason(self) -> str:
        """Why the responses that are greyed out are closed, in a short line ("" if none is)."""
        if not self.view.options or len(self.open_responses()) == len(RESPONSES):
            return ""
        if self.view.legal.forced_by:
            return _("the envoy allows only compliance")
        founded = self.view.card.founded
        return _("no Centre yet (founded {month}): wait or act alone").format(month=founded)

    def _mark(self) -> None:
        tips = dict(self.option_lines())
        reason = self.closed_reason()
        for resp, b in self.response_buttons.items():
            allowed = resp in self.open_responses()
            label = self.response_text(resp)
            if b.text != label:
                b.set_text(label)
            tip = esc(tips.get(resp, reason or _("not open this turn")))
            if getattr(b, "tool_tip_text", None) != tip:
                # kept as the detail of the board's own tip (game.app.tips), which explains
                # the response from the glossary; pygame_gui's would show it a second time
                b.set_tooltip(tip, delay=tooltips.NEVER)
            mark(b, resp == self.draft.response, allowed)

    def options_html(self) -> str:
        """Before you choose: every open answer with its believed chance and trust cost."""
        if not self.view.options:
            return ""
        parts = ["<b>" + esc(_("Before you choose")) + f"</b> <i>({esc(_(narrate.ESTIMATE_NOTE))})"
                 "</i><br>"]
        for resp, line in self.option_lines():
            if not resp:
                parts.append(f"<b>{esc(line)}</b><br>")
                continue
            parts.append(f"<b>{esc(self.response_text(resp))}</b> — {esc(line)}<br>")
        return "".join(parts) + "<br>"

    def info_html(self) -> str:
        parts = [self.options_html()]
        last = self.game.last
        if last is not None:
            e = last.entry
            story = narrate.TurnStory.of(e, self.view.names, last.before)
            parts.append("<b>" + esc(_("Last turn ({month})").format(month=e.date)) + "</b>: "
                         + f"{esc(story.answered)}. " + esc(" ".join(story.result)) + ". ")
            c = e.centre
            parts.append(esc(_("Moscow's trust {before:.2f} → {after:.2f}.").format(
                before=c.trust_before, after=c.trust_after)) + " "
                + _("Press {key} for why.").format(
                    key=f"<b>[{esc(self.ctx.keymap.key('why', 'board'))}]</b>") + "<br>")
        if self.view.events:
            parts.append("<b>" + esc(_("News, {month}").format(month=self.view.date)) + "</b> "
                         + esc(_("(press [{key}] for the sources):").format(
                             key=self.ctx.keymap.key("history", "board"))) + "<br>")
            parts += [f"• {esc(self.view.names.event(ev.id).title)}<br>"
                      for ev in self.view.events]
        if self.view.notes:
            parts.append("<b>" + esc("; ".join(self.view.notes)) + "</b><br>")
        return "".join(parts)

    # -- the answer being prepared ------------------------------------------
    def orders(self) -> Orders | None:
        return self.draft.orders()

    def forecast(self) -> dict[str, Any]:
        """The options with the cadre plan being prepared (cached: it changes with the plan)."""
        cadres = self.draft.cadres
        key = (id(self.view), tuple(sorted(cadres.items())))
        if self._forecast is None or self._forecast[0] != key:
            opts = self.game.forecast(self.draft.plan()) \
                if cadres and not self.game.over else self.view.options
            self._forecast = (key, opts)
        return self._forecast[1]

    def estimate(self) -> float | None:
        """The chance the party reckons for the answer being prepared, with its cadre plan."""
        d = self.draft
        if d.response is None or not self.view.options:
            return None
        return narrate.chance_chosen(self.forecast(), d.response, d.action, d.region)

    def draft_text(self) -> str:
        d = self.draft
        if d.response is None:
            keys = " ".join(f"[{self.ctx.keymap.key(r, 'board')}]" for r in self.open_responses())
            reason = self.closed_reason()
            return _("Your answer: choose a response — {keys}").format(keys=keys) + (
                f" ({reason})" if reason else "")
        name = narrate.response_label(d.response, self.view.card)
        if d.action:
            a = self.view.actions[d.action]
            place = _("the whole party") if a.national else self.region_name(d.region)
            text = _("Your answer: {response}: {action} @ {place}").format(
                response=name, action=a.name, place=place)
        else:
            text = _("Your answer: {response}").format(response=name)
        chance = self.estimate()
        if chance is not None:
            text += _(" · the party reckons {chance}").format(chance=narrate.pct(chance))
        return text + "  ·  " + _("[{key}] to send").format(
            key=self.ctx.keymap.key("confirm", "board"))

    def effects(self) -> dict[str, Any]:
        """What the cadre plan being prepared does (cached: it changes with the answer)."""
        d = self.draft
        key = (id(self.view), d.response, d.action, d.region, tuple(sorted(d.cadres.items())))
        if self._effects is None or self._effects[0] != key:
            self._effects = (key, self.game.cadre_effects(d.response, d.action, d.region,
                                                          d.plan()))
        return self._effects[1]

    def cadre_text(self) -> str:
        """The plan in one line: every share in map order and the action's effort from
        cadres, or why there is no plan to make."""
        effects = self.effects()
        if effects["too_few"]:
            return narrate.plan_too_few(effects)
        return narrate.plan_summary(effects, self.view.names, default=not self.draft.cadres)

    def selected_plan_line(self) -> str:
        """What the selected region's share means, and the keys that change it."""
        return self.plan_line_for(self.view.regions[self.sel].id)

    def plan_line_for(self, rid: str) -> str:
        effects = self.effects()
        if effects["too_few"]:
            return narrate.plan_too_few(effects)
        km = self.ctx.keymap
        return (narrate.plan_share_line(effects, rid, self.view.names) + " · "
                + _("[{less}]/[{more}] {step} less/more here").format(
                    less=km.key("weight_down", "board"), more=km.key("weight_up", "board"),
                    step=f"{STEP} %"))

    def region_name(self, rid: str | None) -> str:
        for r in self.view.regions:
            if r.id == rid:
                return r.name
        return "—"

    def region_ids(self) -> list[str]:
        return [r.id for r in self.view.regions]

    def map_cadres(self) -> dict[str, str]:
        effects = self.effects()
        if effects["too_few"]:
            return {}
        return {k: _("cadres {share}").format(share=narrate.pct(v))
                for k, v in effects["shares"].items()}

    def set_weight(self, delta: int) -> None:
        """Move a step of the cadres into the selected region (out of it if `delta` < 0),
        starting from the plan in force; nothing when too few cadres make a plan moot."""
        effects = self.effects()
        if effects["too_few"]:
            self.message = narrate.plan_too_few(effects)
            return
        self.draft.shift(effects["shares"], self.view.regions[self.sel].id, delta * STEP)

    # -- input ----------------------------------------------------------------
    def intents(self) -> dict[str, Callable[[Intent], Transition]]:
        """What each intent does on the board (the response intents: `respond`)."""
        table: dict[str, Callable[[Intent], Transition]] = dict.fromkeys(RESPONSES, self.respond)
        table.update({
            "region_next": self.region_next, "down": self.region_next, "next": self.region_next,
            "region_prev": self.region_prev, "up": self.region_prev, "prev": self.region_prev,
            "digit": self.region_digit, "weight_up": self.weight_up,
            "weight_down": self.weight_down, "even": self.even,
            "default_plan": self.default_plan, "response_next": self.focus_next,
            "response_prev": self.focus_prev, "choose": self.choose_focused,
            "confirm": lambda _i: self.send(), "why": self.why, "history": self.history,
            "log": self.log, "menu": self.pause, "back": self.pause, "help": self.help,
            "tab": self.next_tab, "tab_next": self.next_tab, "page_up": self.scroll_card,
            "page_down": self.scroll_card, "reload": self.reload,
        })
        return table

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 4, 5):
            return self.click(event)
        if intent is None or self.game.busy or self._reload is not None:
            return None
        if intent.name in ("menu", "back") and self.tips.keyboard is not None:
            self.tips.focus(None)  # Esc first puts the keyboard's tip away
            return None
        action = self.intents().get(intent.name)
        if action is None:
            return None
        self.message = self.notice = ""
        transition = action(intent)
        if transition is None:
            self.refresh()
        return transition

    # -- what explains what ------------------------------------------------------
    def spots(self) -> list[Spot]:
        """Everything on the board that the glossary explains, in the keyboard's order."""
        found = list(self.painted)
        if "card" in self.rects and self._card is not None:
            found += board_paint.card_spots(self._card[3], self.rects["card"], self.card_scroll)
        if "info" in self.rects:
            found.append(Spot(self.rects["info"], "choices"))
        found += board_tips.button_spots(self.buttons) if self.widgets else []
        return board_tips.in_reading_order(found, self.rects)

    FOCUS_INTENTS = frozenset({"response_next", "response_prev"})

    def focus_spot(self) -> Spot | None:
        """The response the keyboard is on explains itself (. and ,)."""
        return self.response_spot()

    def response_spot(self) -> Spot | None:
        focused = self.focused()
        if focused is None:
            return None
        rect = self.response_buttons[focused].rect
        return next((s for s in self.spots() if s.rect == rect), None)

    # -- the guided first turn -------------------------------------------------------
    def guide_due(self) -> bool:
        """The guide opens once, on the first directive the player meets with it on."""
        card = self.view.card
        return (self.ctx.settings.guided_turn and not self.guided and not self.game.over
                and not self.game.busy and bool(card) and not narrate.no_directive(card))

    def guide_rect(self, step: str) -> pygame.Rect | None:
        """Where the guide's step is on the board now (`GuideHost`)."""
        def union(rects: list[pygame.Rect]) -> pygame.Rect | None:
            return rects[0].unionall(rects[1:]) if rects else None

        if step in ("card", "gap") and "card" in self.rects:
            if step == "card":
                return self.rects["card"]
            rows = [s.rect for s in self.spots() if s.term in ("gap", "fit", *narrate.
                                                               CONDITION_LABELS)
                    and self.rects["card"].contains(s.rect)]
            return union(rows) or self.rects["card"]
        if step == "responses":
            return union([b.rect for b in self.response_buttons.values()])
        if step == "cadres":
            cadre = [pygame.Rect(b.rect) for b, i in self.buttons.items()
                     if i.name in ("weight_up", "weight_down", "even", "default_plan")]
            return union(cadre + [self.rects[k] for k in ("region", "plan") if k in self.rects])
        if step == "why":
            return next((pygame.Rect(b.rect) for b, i in self.buttons.items()
                         if i.name == "why"), None)
        return None

    def show_panel(self, tab: str | None) -> None:
        """Open the compact board's panel that shows a step (`GuideHost`)."""
        if self.compact and tab is not None and tab != self.tab:
            self.next_tab(Intent("tab", tab))
            self.draw(pygame.Surface(self.ctx.size))  # its spots, before the guide asks

    def respond(self, intent: Intent) -> Transition:
        """A response key: a closed response does nothing (its button says why it is closed)."""
        name = intent.name
        if name not in self.open_responses():
            if name in self.view.legal.responses and not self.view.legal.forced_by:
                founded = self.view.card.founded
                self.message = _("There is no Centre yet (founded {month}): wait or act "
                                 "alone.").format(month=founded)
            return None
        self.focus = self.open_responses().index(name)
        if not self.draft.choose(name):
            return Push(overlays.action_picker(self.ctx, self.view, name, self.forecast()))
        return None

    def _move_focus(self, step: int) -> None:
        open_now = self.open_responses()
        if open_now:
            self.focus = (self.focus + step) % len(open_now)

    def focus_next(self, _intent: Intent) -> Transition:
        self._move_focus(1)
        return None

    def focus_prev(self, _intent: Intent) -> Transition:
        self._move_focus(-1)
        return None

    def focused(self) -> str | None:
        """The response the keyboard is on; only open responses can have the focus."""
        open_now = self.open_responses()
        return open_now[self.focus % len(open_now)] if open_now else None

    def choose_focused(self, _intent: Intent) -> Transition:
        focused = self.focused()
        return self.respond(Intent(focused)) if focused else None

    def _step_region(self, step: int) -> None:
        """Move the selection along the map's reading order (`maps.reading_order`)."""
        at = self.order.index(self.view.regions[self.sel].id)
        self.sel = self.region_ids().index(self.order[(at + step) % len(self.order)])

    def region_next(self, _intent: Intent) -> Transition:
        self._step_region(1)
        return None

    def region_prev(self, _intent: Intent) -> Transition:
        self._step_region(-1)
        return None

    def region_digit(self, intent: Intent) -> Transition:
        if 1 <= int(intent.arg) <= len(self.order):
            self.sel = self.region_ids().index(self.order[int(intent.arg) - 1])
        return None

    def weight_up(self, _intent: Intent) -> Transition:
        self.set_weight(1)
        return None

    def weight_down(self, _intent: Intent) -> Transition:
        self.set_weight(-1)
        return None

    def even(self, _intent: Intent) -> Transition:
        effects = self.effects()
        if effects["too_few"]:
            self.message = narrate.plan_too_few(effects)
            return None
        self.draft.even(self.order)
        return None

    def default_plan(self, _intent: Intent) -> Transition:
        self.draft.default_plan()
        return None

    def why(self, _intent: Intent) -> Transition:
        if self.game.last is None:
            self.message = _("Nothing has been resolved yet.")
            return None
        return Push(overlays.WhyScene(self.ctx, self.game.last, self.game.names,
                                       self.glossary))

    def history(self, _intent: Intent) -> Transition:
        return Push(overlays.history_panel(self.ctx, self.game.history(), self.game.names))

    def log(self, _intent: Intent) -> Transition:
        return Push(overlays.log_panel(self.ctx, self.game.log(), self.game.names))

    def pause(self, _intent: Intent) -> Transition:
        return Push(self.ctx.scenes.pause(self.ctx, self.game.save_path))

    def help(self, _intent: Intent) -> Transition:
        return Push(overlays.help_scene(self.ctx))

    def reload(self, _intent: Intent) -> Transition:
        """Read the scenario's file again and replay the game on it, in a worker thread (a
        long game takes half a second); `reloaded` shows what came of it."""
        if self._reload is not None:
            return None
        self.notice = (_("Reading {file} again and replaying the game on it…").format(
            file=self.game.source.name) if self.game.source else
            _("Reading the scenario again and replaying the game on it…"))
        result: dict[str, Any] = {}

        def work() -> None:
            try:
                result["found"] = self.game.reload()
            except Exception as exc:  # handed to the main thread, said on the board
                result["error"] = exc

        self._reload = (threading.Thread(target=work, name="reload", daemon=True), result)
        self._reload[0].start()
        return None

    def reloaded(self) -> Transition:
        """The reload is done: the board on the new rules when every turn replays, the offer
        when they stop short, the problems when the file has any (the game then goes on as
        it was)."""
        assert self._reload is not None
        thread, result = self._reload
        if thread.is_alive():
            return None
        self._reload, self.notice = None, ""
        if "error" in result:
            self.message = _("The scenario could not be reloaded: {error}").format(
                error=result["error"])
            return None
        found: NewRules | ReloadProblems = result["found"]
        if isinstance(found, ReloadProblems):
            return Push(overlays.problems_scene(self.ctx, found.source.name, found.problems))
        if found.rebased.complete:
            return self.ctx.scenes.opening(self.ctx, found.take())
        return Push(self.ctx.scenes.new_rules(self.ctx, found))

    def map_frame(self) -> pygame.Rect | None:
        """Where the map itself is drawn (None when a compact board shows another panel)."""
        if "map" not in self.rects:
            return None
        return draw_map.map_layout(self.rects["map"], self.ctx.fonts, self.map,
                                   self.view.regions, self.order).frame

    def click(self, event: pygame.event.Event) -> Transition:
        frame = self.map_frame()
        for panel in ("card", "region", "gauges"):  # the wheel pages a panel it is over
            if event.button in (4, 5) and panel in self.rects and \
                    self.rects[panel].collidepoint(event.pos):
                return self.scroll_card(Intent("page_up" if event.button == 4 else
                                               "page_down"), panel)
        rid = draw_map.region_at(self.map, frame, event.pos, self.region_ids()) \
            if frame else None
        if rid is None:
            return None
        self.sel = self.region_ids().index(rid)
        if event.button in (4, 5) and not self.game.busy:
            self.set_weight(1 if event.button == 4 else -1)
        self.refresh()
        return None

    def next_tab(self, intent: Intent) -> Transition:
        """Show another panel of a compact board: the one named, or the next."""
        if not self.compact:
            return None
        tabs = [t for t, _label in layout.TABS]
        self.tab = intent.arg if intent.arg in tabs else \
            tabs[(tabs.index(self.tab) + 1) % len(tabs)]
        self.teardown()
        self.build()
        return None

    def scroll_card(self, intent: Intent, panel: str | None = None) -> Transition:
        """Page the directive card, the region's card or the gauges (when taller than their
        panel; `render` keeps them within their end), or the choices: `panel`, or the first
        shown."""
        panel = panel or next((p for p in ("card", "region", "gauges") if p in self.rects),
                              None)
        if panel is not None:
            step = self.rects[panel].height * 3 // 4 * (1 if intent.name == "page_down" else -1)
            if panel == "card":
                self.card_scroll += step
            else:  # on the wide board these fit: `render` keeps them at 0
                self.panel_scroll += step
        elif self.info is not None:
            scroll(self.info, 0.5 if intent.name == "page_down" else -0.5)
        return None

    def refresh(self) -> None:
        self._mark()
        if self.info is None:
            return
        # Rebuilding a long text box costs some 20 ms: only when its words change.
        html = self.info_html()
        if html != getattr(self, "_info_shown", None):
            self._info_shown = html
            self.info.set_text(html)

    def send(self) -> Transition:
        orders = self.orders()
        if orders is None:
            self.message = _("Choose a response first.")
            return None
        problem = self.game.check(orders)
        if problem:
            self.message = _("Not possible: {reason}").format(reason=problem)
            return None
        self.game.submit(orders)
        self.sent_at = time.perf_counter()
        return None

    def on_result(self, result: Any) -> Transition:
        d = self.draft
        if isinstance(result, tuple) and result and result[0] == "action" and d.pending:
            action = result[1]
            national = self.view.actions[action].national
            if not d.pick_action(action, national, self.view.regions[0].id):
                return Push(overlays.region_picker(self.ctx, self.view, action,
                                                   self.game.fits_seen(action), d.pending,
                                                   self.forecast()))
        elif isinstance(result, tuple) and result and result[0] == "region" and d.pending:
            d.pick_region(result[1], result[2])
            self.sel = self.region_ids().index(result[2])
        elif result == "guided":
            pass  # the guide is done; the answer being prepared stays
        elif result == KEPT:
            self.notice = _("The game goes on as it was, on the rules it was saved with.")
        elif result == "copy":
            path = self.game.save_path.with_name(
                f"{self.game.save_path.stem}-{self.view.date}.json")
            try:
                self.game.save_copy(path)
                self.message = _("Saved a copy: {name}").format(name=path.name)
            except OSError as exc:
                self.message = _("Cannot save a copy: {reason}").format(reason=exc)
        else:
            d.cancel()
        if self.queue:
            return self.queue.pop(0)
        if self.widgets:
            self.refresh()
        return None

    def update(self, dt: float) -> Transition:
        if self._reload is not None:
            return self.reloaded()
        if self.game.busy:
            try:
                result = self.game.poll()
            except Exception as exc:  # the turn or its save failed: say so, keep the window
                self.message = _("The turn could not be completed: {reason}").format(reason=exc)
                return None
            if result is None:
                return None
            self.view = self.game.view()
            self.draft.clear()
            self.focus = 0
            self.message = self.game.save_problem or ""
            self.queue = [Push(overlays.WhyScene(self.ctx, result, self.game.names,
                                                     self.glossary))]
            if self.game.over:
                self.queue.append(Reset(self.ctx.scenes.end(self.ctx, self.game)))
            elif self.view.events:
                self.queue.append(Push(overlays.events_scene(self.ctx, self.view.date,
                                                             self.view.events,
                                                             self.game.names)))
            self.refresh()
        if self.queue:  # update runs only while this scene is on top
            return self.queue.pop(0)
        if self.guide_due():
            self.guided = True
            self.draw(pygame.Surface(self.ctx.size))  # the spots the guide points at
            return Push(self.ctx.scenes.guide(self.ctx, self, self.glossary))
        return None

    # -- drawing --------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        busy = self.game.busy
        d = self.draft
        key = (id(self.view), d.response, d.action, d.region,
               tuple(sorted(d.cadres.items())), self.sel, self.focus, self.message,
               self.notice, busy,
               self.tab, self.card_scroll, self.panel_scroll,
               self.ctx.size, self.ctx.fonts.scale, int(time.perf_counter() * 3) if busy else 0)
        if self._cache is None or key != self._cache_key or self._cache.get_size() != \
                surface.get_size():
            self._cache = pygame.Surface(surface.get_size()).convert()
            self.render(self._cache)
            self._cache_key = key
            self.redraws += 1
        surface.blit(self._cache, (0, 0))

    def render(self, surface: pygame.Surface) -> None:
        """Draw the whole board (not the widgets) from the view model."""
        self.painted = []
        if self._panel_shown != (self.tab, self.sel):  # another panel is read from its top
            self._panel_shown, self.panel_scroll = (self.tab, self.sel), 0
        most = board_paint.paint(surface, self.ctx.fonts, self.lay, self.map, self.picture(),
                                 self.painted)
        self.panel_scroll = min(max(self.panel_scroll, 0), most)
        if "card" in self.rects:
            rect = self.rects["card"]
            image, need = self.card_image(rect)
            self.card_scroll = min(max(self.card_scroll, 0), max(need - rect.height, 0))
            board_paint.paint_card(surface, rect, image, need, self.card_scroll)

    def picture(self) -> board_paint.BoardPicture:
        """The words and figures to paint this frame."""
        v = self.view
        selected = v.regions[self.sel].id
        effects = self.effects()
        status = self.message or self.notice or (self.cadre_text() if not self.compact else "")
        colour = pal.BAD if self.message else pal.INK if self.notice else pal.INK_SOFT
        if self.game.busy:
            dots = "." * (int(time.perf_counter() * 3) % 4)
            status, colour = _("The couriers are on their way") + dots, pal.INK
        focused = self.focused()
        ring = self.response_buttons[focused].rect.inflate(6, 6) \
            if focused is not None and self.widgets else None
        return board_paint.BoardPicture(
            header=self.header_words(), regions=v.regions, order=self.order, selected=selected,
            target=v.card.region, cadres=self.map_cadres(),
            plan_line=self.selected_plan_line(),
            share_words=narrate.plan_too_few(effects) if effects["too_few"] else
            narrate.plan_share_line(effects, selected, v.names),
            party=v.party, before=self.game.last.before if self.game.last else None,
            draft=self.draft_text(), status=status, status_colour=colour,
            status_bold=bool(self.message), compact=self.compact, ring=ring,
            panel_scroll=self.panel_scroll)

    def card_image(self, rect: pygame.Rect) -> tuple[pygame.Surface, int]:
        """The card drawn whole (`board_paint.card_image`), cached: it changes only with
        the turn, the panel's size and the text size."""
        key = (id(self.view), rect.size, self.ctx.fonts.scale)
        if self._card is None or self._card[0] != key:
            self._card = (key, *board_paint.card_image(self.ctx.fonts, rect, self.view))
        return self._card[1], self._card[2]

    def describe(self) -> dict[str, Any]:
        return {"scene": "BoardScene", "date": self.view.date, "turn": self.view.turn,
                "response": self.draft.response, "action": self.draft.action,
                "region": self.draft.region, "cadres": dict(self.draft.cadres),
                "focus": self.focused(), "closed_reason": self.closed_reason(),
                "selected": self.view.regions[self.sel].id, "order": list(self.order),
                "cadre_text": self.cadre_text(), "plan_line": self.selected_plan_line(),
                "message": self.message, "notice": self.notice, "busy": self.game.busy,
                "reloading": self._reload is not None,
                "directive": self.view.card.action,
                "moscow_believes": _dumped(self.view.card.moscow_believes),
                "party_sees": _dumped(self.view.card.party_sees), "queue": len(self.queue),
                "card_lines": self.card_lines(), "panel_scroll": self.panel_scroll,
                "options": self.option_lines(),
                "open": self.open_responses(), "draft": self.draft_text(),
                "buttons": {r: b.text for r, b in self.response_buttons.items()}
                if self.widgets else {},
                "tip": self.tip_shown()}

    def card_lines(self) -> list[str]:
        """The words on the directive card beyond the order: no Centre, initiative, revision."""
        card, names = self.view.card, self.view.names
        if narrate.no_directive(card):
            return narrate.no_directive_lines(card) if card.founded else []
        return narrate.card_initiative(card, names) + narrate.revision_lines(card, names)


def _dumped(conditions: Conditions | None) -> dict[str, float] | None:
    return conditions.model_dump() if conditions else None
