"""The board: the map, the gauges, the directive card, the answer and the cadre plan.

Keyboard: the response keys, ↑↓ (or Tab) to move between regions, ←→ to give a
region fewer or more cadres, E to spread them evenly, X for the default plan,
Enter to send the answer; W why?, H history, L log, Esc the menu. Every key is
shown on screen, and every button works with the mouse too.
"""

from __future__ import annotations

import time
from typing import Any, cast

import pygame

from engine.orders import Orders, Response
from game import narrate
from game.app import draw
from game.app import palette as pal
from game.app.keys import Intent
from game.app.maps import load_map
from game.app.scenes import overlays
from game.app.scenes.base import Context, Push, Reset, Scene, Transition, esc, mark
from game.app.session import GameSession

RESPONSE_LABELS = (("comply", "Comply"), ("adapt", "Adapt"), ("consult", "Consult"),
                   ("stall", "Stall"), ("defy", "Defy"))
MAX_WEIGHT = 9


class BoardScene(Scene):
    context = "board"

    def __init__(self, ctx: Context, game: GameSession) -> None:
        super().__init__(ctx)
        self.game = game
        self.view = game.view()
        self.map = load_map(self.view.scenario_id, [r.id for r in self.view.regions])
        self.response: str | None = None
        self.action: str | None = None
        self.region: str | None = None
        self.cadres: dict[str, int] = {}
        self.sel = 0
        self.message = ""
        self.queue: list[Transition] = []  # what opens next: why?, the news, the end
        self._pending: str | None = None  # adapt or defy while the pickers are open
        self._cache: pygame.Surface | None = None
        self._cache_key: tuple[Any, ...] = ()
        self._forecast: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self.redraws = 0

    @classmethod
    def opening(cls, ctx: Context, game: GameSession) -> Transition:
        """The board for a started or loaded game: its news first, or the end if it is over."""
        if game.over:
            return Reset(ctx.scenes.end(ctx, game))
        scene = cls(ctx, game)
        if scene.view.events:
            scene.queue.append(Push(overlays.events_scene(ctx, scene.view.date,
                                                          scene.view.events)))
        return Reset(scene)

    # -- layout ---------------------------------------------------------------
    def layout(self) -> dict[str, pygame.Rect]:
        w, h = self.ctx.size
        f = self.ctx.fonts
        top = f.size(15) + 22
        left_w = int(w * 0.47)
        row = f.size(13) + 16
        orders_h = 3 * row + 2 * (f.size(13) + 10) + 30
        gauges_h = 2 * (f.size(17) + f.size(12) + 14)
        map_h = h - top - orders_h - gauges_h - 32
        m = pygame.Rect(12, top + 8, left_w - 12, map_h)
        g = pygame.Rect(12, m.bottom + 8, left_w - 12, gauges_h)
        o = pygame.Rect(12, g.bottom + 8, left_w - 12, h - g.bottom - 20)
        rx = left_w + 12
        card_h = int((h - top) * 0.68)
        c = pygame.Rect(rx, top + 8, w - rx - 12, card_h)
        # The selected region's summary is drawn in a strip of its own: moving
        # the selection then redraws two lines, not the long text box above.
        strip_h = 2 * (f.size(12) + 2) + 12
        full = pygame.Rect(rx, c.bottom + 8, w - rx - 12, h - c.bottom - 20)
        i = pygame.Rect(full.x, full.y, full.width, full.height - strip_h - 6)
        z = pygame.Rect(full.x, i.bottom + 6, full.width, strip_h)
        return {"top": pygame.Rect(0, 0, w, top), "map": m, "gauges": g, "orders": o,
                "card": c, "info": i, "region": z}

    def build(self) -> None:
        r = self.rects = self.layout()
        o = r["orders"]
        f = self.ctx.fonts
        km = self.ctx.keymap
        row = f.size(13) + 16
        bw = (o.width - 16 - 4 * 6) // 5
        self.response_buttons = {}
        for k, (resp, _label) in enumerate(RESPONSE_LABELS):
            self.response_buttons[resp] = self.button(
                pygame.Rect(o.x + 8 + k * (bw + 6), o.y + 8, bw, row), self.response_text(resp),
                Intent(resp))
        y2 = o.y + 8 + row + f.size(13) + 12
        small = [("weight_down", "fewer cadres"), ("weight_up", "more cadres"),
                 ("even", "even spread"), ("default_plan", "default plan")]
        sw = (o.width - 16 - 3 * 6) // 4
        for k, (intent, label) in enumerate(small):
            self.button(pygame.Rect(o.x + 8 + k * (sw + 6), y2, sw, row),
                        f"[{km.key(intent, 'board')}] {label}", Intent(intent))
        y3 = y2 + row + 6
        tools = [("confirm", "Send"), ("why", "Why?"), ("history", "History"),
                 ("log", "Log"), ("menu", "Menu")]
        for k, (intent, label) in enumerate(tools):
            self.button(pygame.Rect(o.x + 8 + k * (bw + 6), y3, bw, row),
                        f"[{km.key(intent, 'board')}] {label}", Intent(intent))
        self.info = self.textbox(self.info_html(), r["info"])
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

    def _mark(self) -> None:
        tips = dict(self.option_lines())
        for resp, b in self.response_buttons.items():
            allowed = resp in self.open_responses()
            label = self.response_text(resp)
            if b.text != label:
                b.set_text(label)
            tip = esc(tips.get(resp, "not open this turn"))
            if getattr(b, "tool_tip_text", None) != tip:
                b.set_tooltip(tip)
            mark(b, resp == self.response, allowed)

    def options_html(self) -> str:
        """Before you choose: every open answer with its believed chance and trust cost."""
        if not self.view.options:
            return ""
        parts = [f"<b>Before you choose</b> <i>({esc(narrate.ESTIMATE_NOTE)})</i><br>"]
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
            res = e["resolution"]
            forced = " (the envoy decided)" if e["forced"] else ""
            parts.append(f"<b>Last turn ({esc(e['date'])})</b>: you answered "
                         f"<b>{esc(e['response'])}</b>{forced}. ")
            if res:
                verdict = "<b>success</b>" if res["success"] else "<b>failure</b>"
                parts.append(f"{esc(res['action_name'])} — {esc(res['place'])}: {verdict} "
                             f"(chance {100 * res['chance']:.0f}%, roll {res['roll']:.2f}). ")
                if res["setback"]["happened"]:
                    parts.append(f"<b>Setback: {esc(res['setback']['name'])}.</b> ")
            c = e["centre"]
            parts.append(f"Moscow's trust {c['trust_before']:.2f} → {c['trust_after']:.2f}. "
                         f"Press <b>[{self.ctx.keymap.key('why', 'board')}]</b> for why.<br>")
        if self.view.events:
            parts.append(f"<b>News, {esc(self.view.date)}</b> (press "
                         f"[{self.ctx.keymap.key('history', 'board')}] for the sources):<br>")
            parts += [f"• {esc(ev['title'])}<br>" for ev in self.view.events]
        if self.view.notes:
            parts.append("<b>" + esc("; ".join(self.view.notes)) + "</b><br>")
        return "".join(parts)

    # -- the answer being prepared ------------------------------------------
    def orders(self) -> Orders | None:
        if self.response is None:
            return None
        cadres = {k: float(v) for k, v in self.cadres.items()}
        return Orders(response=cast(Response, self.response), action=self.action,
                      region=self.region, cadres=cadres)

    def forecast(self) -> dict[str, Any]:
        """The options with the cadre plan being prepared (cached: it changes with the plan)."""
        key = (id(self.view), tuple(sorted(self.cadres.items())))
        if self._forecast is None or self._forecast[0] != key:
            opts = self.game.forecast({k: float(v) for k, v in self.cadres.items()}) \
                if self.cadres and not self.game.over else self.view.options
            self._forecast = (key, opts)
        return self._forecast[1]

    def estimate(self) -> float | None:
        """The chance the party reckons for the answer being prepared, with its cadre plan."""
        if self.response is None or not self.view.options:
            return None
        return narrate.chance_chosen(self.forecast(), self.response, self.action, self.region)

    def draft_text(self) -> str:
        if self.response is None:
            keys = " ".join(f"[{self.ctx.keymap.key(r, 'board')}]" for r in self.open_responses())
            return f"Your answer: choose a response — {keys}"
        name = narrate.response_label(self.response, self.view.card)
        text = f"Your answer: {name}"
        if self.action:
            a = self.view.actions[self.action]
            place = "the whole party" if a.national else self.region_name(self.region)
            text += f": {a.name} @ {place}"
        chance = self.estimate()
        if chance is not None:
            text += f" · the party reckons {narrate.pct(chance)}"
        return text + f"  ·  [{self.ctx.keymap.key('confirm', 'board')}] to send"

    def cadre_text(self) -> str:
        if not self.cadres:
            target = self.cadre_focus()
            plan = (f"{100 * self.view.focus_share:.0f}% to {self.region_name(target)}, the "
                    "rest spread") if target else "spread evenly"
            return f"Cadres: the default plan ({plan}) · ↑↓ region, ←→ fewer/more"
        total = sum(self.cadres.values())
        shares = ", ".join(f"{self.region_name(k)} {100 * v / total:.0f}%"
                           for k, v in self.cadres.items() if v and total)
        return f"Cadres: {shares or 'none assigned'}"

    def cadre_focus(self) -> str | None:
        if self.response == "comply":
            return self.view.card.get("region")
        return self.region if self.response in ("adapt", "defy") else None

    def region_name(self, rid: str | None) -> str:
        for r in self.view.regions:
            if r.id == rid:
                return r.name
        return "—"

    def map_cadres(self) -> dict[str, str]:
        if not self.cadres:
            focus = self.cadre_focus()
            return {focus: "cadres: focus of the default plan"} if focus else {}
        total = sum(self.cadres.values()) or 1
        return {k: f"cadres ×{v} · {100 * v / total:.0f}%" for k, v in self.cadres.items()}

    def set_weight(self, delta: int) -> None:
        if not self.cadres:
            self.cadres = {r.id: 1 for r in self.view.regions}
        rid = self.view.regions[self.sel].id
        self.cadres[rid] = min(max(self.cadres.get(rid, 0) + delta, 0), MAX_WEIGHT)

    # -- input ----------------------------------------------------------------
    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 4, 5):
            return self.click(event)
        if intent is None:
            return None
        if self.game.busy:
            return None
        name = intent.name
        n = len(self.view.regions)
        self.message = ""
        if name in dict(RESPONSE_LABELS):
            if name not in self.view.legal.responses:
                self.message = f"{self.view.legal.forced_by} decides this turn: only comply."
                return None
            if name not in self.open_responses():
                founded = self.view.card.get("founded") if self.view.card else None
                self.message = f"There is no Centre yet (founded {founded}): wait or act alone."
                return None
            if name in ("adapt", "defy"):
                self._pending = name
                return Push(overlays.action_picker(self.ctx, self.view, name, self.forecast()))
            self.response, self.action, self.region = name, None, None
        elif name in ("region_next", "down", "next"):
            self.sel = (self.sel + 1) % n
        elif name in ("region_prev", "up", "prev"):
            self.sel = (self.sel - 1) % n
        elif name == "digit" and 1 <= int(intent.arg) <= n:
            self.sel = int(intent.arg) - 1
        elif name in ("weight_up", "weight_down"):
            self.set_weight(1 if name == "weight_up" else -1)
        elif name == "even":
            self.cadres = {r.id: 1 for r in self.view.regions}
        elif name == "default_plan":
            self.cadres = {}
        elif name == "confirm":
            return self.send()
        elif name == "why":
            if self.game.last is None:
                self.message = "Nothing has been resolved yet."
                return None
            return Push(overlays.WhyScene(self.ctx, self.game.last, self.game.names))
        elif name == "history":
            return Push(overlays.history_panel(self.ctx, self.game.history()))
        elif name == "log":
            return Push(overlays.log_panel(self.ctx, self.game.log(), self.game.names))
        elif name in ("menu", "back"):
            return Push(self.ctx.scenes.pause(self.ctx, self.game.save_path))
        elif name == "help":
            return Push(overlays.help_scene(self.ctx))
        self.refresh()
        return None

    def click(self, event: pygame.event.Event) -> Transition:
        frame = draw.map_frame(self.rects["map"].inflate(-16, -16), self.map)
        rid = draw.region_at(self.map, frame, event.pos, [r.id for r in self.view.regions])
        if rid is None:
            return None
        self.sel = [r.id for r in self.view.regions].index(rid)
        if event.button in (4, 5) and not self.game.busy:
            self.set_weight(1 if event.button == 4 else -1)
        self.refresh()
        return None

    def refresh(self) -> None:
        self._mark()
        # Rebuilding a long text box costs some 20 ms: only when its words change.
        html = self.info_html()
        if html != getattr(self, "_info_shown", None):
            self._info_shown = html
            self.info.set_text(html)

    def send(self) -> Transition:
        orders = self.orders()
        if orders is None:
            self.message = "Choose a response first."
            return None
        problem = self.game.check(orders)
        if problem:
            self.message = f"Not possible: {problem}"
            return None
        self.game.submit(orders)
        self.sent_at = time.perf_counter()
        return None

    def on_result(self, result: Any) -> Transition:
        if isinstance(result, tuple) and result and result[0] == "action" and self._pending:
            action = result[1]
            if self.view.actions[action].national:
                self.response, self.action = self._pending, action
                self.region, self._pending = self.view.regions[0].id, None
            else:
                return Push(overlays.region_picker(self.ctx, self.view, action,
                                                   self.game.fits_seen(action), self._pending,
                                                   self.forecast()))
        elif isinstance(result, tuple) and result and result[0] == "region" and self._pending:
            self.response, self.action, self.region = self._pending, result[1], result[2]
            self.sel = [r.id for r in self.view.regions].index(result[2])
            self._pending = None
        elif result == "copy":
            path = self.game.save_path.with_name(
                f"{self.game.save_path.stem}-{self.view.date}.json")
            try:
                self.game.save_copy(path)
                self.message = f"Saved a copy: {path.name}"
            except OSError as exc:
                self.message = f"Cannot save a copy: {exc}"
        else:
            self._pending = None
        if self.queue:
            return self.queue.pop(0)
        if self.widgets:
            self.refresh()
        return None

    def update(self, dt: float) -> Transition:
        if self.game.busy:
            try:
                result = self.game.poll()
            except Exception as exc:  # the turn or its save failed: say so, keep the window
                self.message = f"The turn could not be completed: {exc}"
                return None
            if result is None:
                return None
            self.view = self.game.view()
            self.response = self.action = self.region = None
            self.cadres = {}
            self.queue = [Push(overlays.WhyScene(self.ctx, result, self.game.names))]
            if self.game.over:
                self.queue.append(Reset(self.ctx.scenes.end(self.ctx, self.game)))
            elif self.view.events:
                self.queue.append(Push(overlays.events_scene(self.ctx, self.view.date,
                                                             self.view.events)))
            self.refresh()
        if self.queue:  # update runs only while this scene is on top
            return self.queue.pop(0)
        return None

    # -- drawing --------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        busy = self.game.busy
        key = (id(self.view), self.response, self.action, self.region,
               tuple(sorted(self.cadres.items())), self.sel, self.message, busy,
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
        v, f, r = self.view, self.ctx.fonts, self.rects
        surface.fill(pal.PAPER)
        z = r["region"]
        draw.panel(surface, z)
        reg = v.regions[self.sel]
        draw.paragraph(surface, f, f"{reg.name}: {reg.summary}", (z.x + 8, z.y + 6),
                       z.width - 16, 12, pal.INK, max_lines=2)
        top = r["top"]
        pygame.draw.rect(surface, pal.PAPER_DARK, top)
        pygame.draw.line(surface, pal.RULE, top.bottomleft, top.bottomright)
        draw.text(surface, f, v.scenario_name, (12, top.centery), 15, pal.INK, True, "serif",
                  "midleft")
        line = f"{v.date}  ·  turn {v.turn + 1} of {v.n_turns}  ·  the Centre's line: " \
               f"{v.line_name} (rigidity {v.rigidity:.2f})"
        draw.text(surface, f, f.fit(line, top.width - 520, 14), (300, top.centery), 14,
                  pal.INK, anchor="midleft")
        draw.text(surface, f, "[F1] keys   [+/−] text size", (top.right - 12, top.centery), 12,
                  pal.INK_SOFT, anchor="midright")
        draw.draw_map(surface, r["map"], f, self.map, v.regions, v.regions[self.sel].id,
                      v.card.get("region"), self.map_cadres())
        before = self.game.last.before if self.game.last else None
        draw.draw_gauges(surface, r["gauges"], f, v.party, before)
        o = r["orders"]
        draw.panel(surface, o)
        row = f.size(13) + 16
        y = o.y + 8 + row + 5
        draw.text(surface, f, f.fit(self.draft_text(), o.width - 16, 13, True), (o.x + 8, y), 13,
                  pal.INK, True)
        y2 = o.y + 8 + 3 * row + f.size(13) + 12 + 6 + 6
        status = self.message or self.cadre_text()
        colour = pal.BAD if self.message else pal.INK_SOFT
        if self.game.busy:
            dots = "." * (int(time.perf_counter() * 3) % 4)
            status, colour = f"The couriers are on their way{dots}", pal.INK
        draw.text(surface, f, f.fit(status, o.width - 16, 12), (o.x + 8, y2), 12, colour,
                  bool(self.message))
        draw.draw_directive(surface, r["card"], f, v.card, v.line_name, v.rigidity, v.names)

    def describe(self) -> dict[str, Any]:
        return {"scene": "BoardScene", "date": self.view.date, "turn": self.view.turn,
                "response": self.response, "action": self.action, "region": self.region,
                "cadres": dict(self.cadres), "selected": self.view.regions[self.sel].id,
                "message": self.message, "busy": self.game.busy,
                "directive": self.view.card.get("action"),
                "moscow_believes": self.view.card.get("moscow_believes"),
                "party_sees": self.view.card.get("party_sees"), "queue": len(self.queue),
                "card_lines": self.card_lines(), "options": self.option_lines(),
                "open": self.open_responses(), "draft": self.draft_text(),
                "buttons": {r: b.text for r, b in self.response_buttons.items()}
                if self.widgets else {}}

    def card_lines(self) -> list[str]:
        """The words on the directive card beyond the order: no Centre, initiative, revision."""
        card = self.view.card
        if not card:
            return []
        if narrate.no_directive(card):
            return narrate.no_directive_lines(card)
        return narrate.card_initiative(card) + narrate.revision_lines(card, self.view.names)
