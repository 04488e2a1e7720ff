"""Choosing a scenario: a briefing for each, the rigidity and the seed, then start.

Scenario files are read in a worker thread (a few hundred ms each), so the
window keeps drawing; a scenario that fails to load is listed with its problem.
The list, the briefing's period, difficulty and rigidity, the rigidity and
seed rows and the buttons explain themselves from the glossary; the arrows,
←→ and the new-seed key show the tip of what they changed at once.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from typing import Any

import pygame

from game.app import palette as pal
from game.app.draw import paragraph, text, wrap_text
from game.app.keys import Intent
from game.app.layout import flow
from game.app.scenes.base import Context, Pop, Push, Scene, Transition, esc, mark
from game.app.session import GameSession, scenario_summary
from game.app.spots import Spot
from game.app.widget_spots import text_spots
from game.files import open_scenario, scenario_ids, scenario_title
from game.i18n import N_, _, current_language

RIGIDITIES: tuple[float | None, ...] = (None, 0.0, 0.25, 0.5, 0.75, 1.0)
MAX_SEED = 10**9
# The briefing's lines a glossary term explains, by their first words; and each button's.
BRIEF_TERMS = {N_("Period:"): "period", N_("Difficulty:"): "scenario_difficulty",
               N_("The Centre's rigidity:"): "rigidity"}
BUTTON_TERMS = {"confirm": "start_game", "back": "back", "new_seed": "seed"}


def _load_summaries(names: list[str], out: dict[str, dict[str, Any]], lang: str) -> None:
    """Each scenario's summary in `lang` (English where it has no text in it)."""
    for name in names:
        try:
            out[name] = scenario_summary(open_scenario(name, lang))
        except Exception as exc:  # any broken file is shown, not fatal
            problems = getattr(exc, "problems", None)
            message = str(problems[0]) if problems else str(exc)
            out[name] = {"id": name, "error": message}


class ChooseScene(Scene):
    context = "choose"
    FOCUS_INTENTS = Scene.FOCUS_INTENTS | {"rigidity_up", "rigidity_down", "new_seed"}

    def __init__(self, ctx: Context, scenario: str | None, seed: int, rigidity: float | None,
                 save: Path | None) -> None:
        super().__init__(ctx)
        self.names = scenario_ids()
        if scenario is not None and scenario not in self.names:
            self.names.append(scenario)  # a path to a scenario file
        self.selected = self.names.index(scenario) if scenario in self.names else 0
        self.seed = str(seed)
        self.choices: list[float | None] = list(RIGIDITIES)
        if rigidity is not None and rigidity not in self.choices:
            self.choices.append(rigidity)  # a value given on the command line
        self.rigidity = self.choices.index(rigidity)
        self.save = save
        self.message = ""
        # in the language in use: a cache of each language's, the settings may change it
        lang = current_language()
        self.summaries: dict[str, dict[str, Any]] = ctx.cache.setdefault(f"summaries:{lang}",
                                                                         {})
        # The list shows every scenario's name at once; the full summaries come later.
        titles: dict[str, str | None] = ctx.cache.setdefault(f"titles:{lang}", {})
        for n in self.names:
            if n not in titles:
                titles[n] = scenario_title(n, lang)
        self.titles = titles
        first = self.names[self.selected]
        missing = sorted((n for n in self.names if n not in self.summaries),
                         key=lambda n: n != first)  # the one on screen first
        self.loader: threading.Thread | None = None
        if missing:
            self.loader = threading.Thread(target=_load_summaries, daemon=True,
                                           args=(missing, self.summaries, lang))
            self.loader.start()
        self.starting: threading.Thread | None = None
        self.started: dict[str, Any] = {}
        self._shown: tuple[Any, ...] = ()
        self._list: list[Any] = []
        self.focus_on = "list"  # what the keyboard last changed: list, rigidity or seed

    @classmethod
    def push(cls, ctx: Context, scenario: str, seed: int | None, rigidity: float | None,
             save: Path | None) -> Push:
        return Push(cls(ctx, scenario, seed if seed is not None else secrets.randbelow(10**6),
                        rigidity, save))

    # -- layout -------------------------------------------------------------
    @property
    def HINT(self) -> str:  # a constant once: now it names the keys bound
        km = self.ctx.keymap
        return _("{arrows} scenario · {less}{more} rigidity · digits type the seed · {confirm} "
                 "start").format(arrows=km.arrows(), less=km.key("rigidity_down", "choose"),
                                 more=km.key("rigidity_up", "choose"), confirm=km.key("confirm"))

    @property
    def BUTTONS(self) -> tuple[tuple[str, str], ...]:
        km = self.ctx.keymap
        return ((f"[{km.key('confirm')}]  " + _("Start"), "confirm"),
                (f"[{km.key('back')}]  " + _("Back"), "back"),
                (f"[{km.key('new_seed', 'choose')}]  " + _("New seed"), "new_seed"))

    def texts(self) -> tuple[str, str]:
        r = self.choices[self.rigidity]
        rtext = _("each general line's own (as in history)") if r is None else \
            (_("{rigidity:.2f} for every line (advice)") if r == 0 else
             _("{rigidity:.2f} for every line (orders)") if r == 1 else
             _("{rigidity:.2f} for every line (mixed)")).format(rigidity=r)
        return (_("Rigidity of the Centre  ← {rigidity} →").format(rigidity=rtext),
                _("Seed  {seed}   (type digits, {erase} to erase, {new} for a new one; the same "
                  "seed replays the same game)").format(
                      seed=self.seed, erase=self.ctx.keymap.key("erase", "choose"),
                      new=self.ctx.keymap.key("new_seed", "choose")))

    def layout(self) -> dict[str, Any]:
        """Where everything goes, measured from the words at the current text size: the
        head, the list and the briefing side by side, the settings and buttons below."""
        w, h = self.ctx.size
        f = self.ctx.fonts
        width = w - 60
        y = 24 + f.font("serif", 26, True).get_linesize()
        hint_y = y
        y += len(wrap_text(f, self.HINT, width, 12)) * (f.font("sans", 12).get_linesize() + 1)
        top = y + 12
        longest = max(len(wrap_text(f, s, width, 14, True)) for s in (
            _("Rigidity of the Centre  ← {rigidity} →").format(
                rigidity=_("each general line's own (as in history)")),
            _("Rigidity of the Centre  ← {rigidity} →").format(
                rigidity=_("{rigidity:.2f} for every line (mixed)").format(rigidity=0.5))))
        line = f.font("sans", 14, True).get_linesize() + 1
        seed_n = len(wrap_text(f, self.texts()[1] + "000000", width, 14))
        settings_h = (longest + seed_n) * line + 8
        probe, buttons_h = flow(f, [b for b, _i in self.BUTTONS], 30, 0, width)
        msg_h = f.font("sans", 13, True).get_linesize() + 4
        bottom = h - 12 - msg_h - buttons_h - 10 - settings_h
        band = pygame.Rect(30, top, width, max(bottom - 12 - top, 1))
        font = f.font("sans", 14)
        labels = [f"{k + 1}. {self.label_of(n)}" for k, n in enumerate(self.names)]
        list_w = min(max([200] + [font.size(s)[0] + 30 for s in labels]), band.width * 2 // 5)
        n = max(len(self.names), 1)
        row = max(min(f.size(14) + 20, band.height // n - 6), font.get_linesize() + 8)
        buttons, _y = flow(f, [b for b, _i in self.BUTTONS], 30, bottom + settings_h + 6, width)
        return {"hint": hint_y, "band": band, "list_w": list_w, "row": row,
                "brief": pygame.Rect(band.x + list_w + 20, band.y, band.width - list_w - 20,
                                     band.height),
                "settings": pygame.Rect(30, bottom, width, settings_h), "buttons": buttons,
                "message": h - 12 - msg_h}

    def build(self) -> None:
        lay = self.lay = self.layout()
        band, row = lay["band"], lay["row"]
        self._list = []
        for k, name in enumerate(self.names):
            b = self.button(pygame.Rect(band.x, band.y + k * (row + 6), lay["list_w"], row),
                            f"{k + 1}. {name}", Intent("pick", str(k)), term="scenario")
            self._list.append(b)
        self.brief = self.textbox("", lay["brief"])
        for (label, intent), rect in zip(self.BUTTONS, lay["buttons"], strict=True):
            self.button(rect, label, Intent(intent), term=BUTTON_TERMS[intent])
        self._shown = ()
        self.refresh()

    def refresh(self) -> None:
        for k, b in enumerate(self._list):
            name = self.names[k]
            label = self.label_of(name)
            if b.text != f"{k + 1}. {label}":
                b.set_text(f"{k + 1}. {label}")
            self.terms[b] = ("scenario", f"{label}.")
            mark(b, k == self.selected)
        name = self.names[self.selected]
        s = self.summaries.get(name)
        key = (name, s is not None)
        if key == self._shown:
            return
        self._shown = key
        if s is None:
            html = "<i>" + esc(_("Reading the scenario…")) + "</i>"
        elif "error" in s:
            html = (f"<b>{esc(name)}</b><br><br>" + esc(_("This scenario cannot be loaded:"))
                    + f"<br>{esc(s['error'])}")
        else:
            lo, hi = s["rigidity_range"]
            difficulty = {"gentle": _("gentle"), "standard": _("standard"),
                          "hard": _("hard")}.get(s["difficulty"], s["difficulty"])
            html = (f"<font face='dejavu_serif' size=5><b>{esc(s['name'])}</b></font><br>"
                    + _("<b>Period:</b> {period}, turns of {months} months").format(
                        period=esc(s["period"]), months=s["turn_months"]) + "<br>"
                    + _("<b>The party:</b> the communist party of {country}").format(
                        country=esc(s["country"])) + "<br>"
                    + _("<b>Difficulty:</b> {difficulty}").format(difficulty=esc(difficulty))
                    + "<br>"
                    + _("<b>The Centre's rigidity:</b> {low:.2f} to {high:.2f} by its general "
                        "line").format(low=lo, high=hi)
                    + "<br><br>" + _("<b>The question.</b> {question}").format(
                        question=esc(s["question"]))
                    + f"<br><br>{esc(s['briefing'])}")
        self.brief.set_text(html)

    def label_of(self, name: str) -> str:
        """The scenario's name in the list: from its summary, else its file's head, else its id."""
        s = self.summaries.get(name)
        if s and "name" in s:
            return str(s["name"])
        return self.titles.get(name) or name

    # -- what explains what -----------------------------------------------------
    def spots(self) -> list[Spot]:
        """The list, the briefing's lines, the rigidity and seed rows, the buttons."""
        lay = getattr(self, "lay", None)
        if lay is None:
            return super().spots()
        found = super().spots() + text_spots(self.brief, BRIEF_TERMS) + self.setting_spots()

        def place(spot: Spot) -> tuple[int, int, int]:
            column = 0 if spot.rect.right <= lay["brief"].x else 1 \
                if spot.rect.bottom <= lay["band"].bottom else 2
            return column, spot.rect.y, spot.rect.x

        return sorted(found, key=place)

    def setting_spots(self) -> list[Spot]:
        """The rigidity's row and the seed's, where `draw` puts them, with their values."""
        f, st = self.ctx.fonts, self.lay["settings"]
        rigidity, seed = self.texts()
        y = st.y + len(wrap_text(f, rigidity, st.width, 14, True)) * (
            f.font("sans", 14, True).get_linesize() + 1)
        seed_h = len(wrap_text(f, seed, st.width, 14)) * (f.font("sans", 14).get_linesize() + 1)
        r = self.choices[self.rigidity]
        return [Spot(pygame.Rect(st.x, st.y, st.width, y - st.y), "rigidity",
                     _("Now as in history: each general line has its own.") if r is None else
                     _("Now {rigidity:.2f} for every line.").format(rigidity=r)),
                Spot(pygame.Rect(st.x, y + 4, st.width, seed_h), "seed",
                     _("Now {seed}.").format(seed=self.seed))]

    def focus_spot(self) -> Spot | None:
        if self.focus_on == "list":
            return self.button_spot(self._list[self.selected]) if self._list else None
        term = "rigidity" if self.focus_on == "rigidity" else "seed"
        return next(s for s in self.setting_spots() if s.term == term)

    # -- input ----------------------------------------------------------------
    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if intent is None or self.starting is not None:
            return None
        n = len(self.names)
        name = intent.name
        self.focus_on = "rigidity" if name.startswith("rigidity") else \
            "seed" if name == "new_seed" else "list"
        if name == "pick":
            self.selected = int(intent.arg)
        elif name in ("up", "prev"):
            self.selected = (self.selected - 1) % n
        elif name in ("down", "next"):
            self.selected = (self.selected + 1) % n
        elif name in ("rigidity_up", "rigidity_down"):
            self.rigidity = (self.rigidity + (1 if name == "rigidity_up" else -1)) % len(
                self.choices)
        elif name == "new_seed":
            self.seed = str(secrets.randbelow(10**6))
        elif name == "digit":
            self.seed = str(min(int((self.seed if self.seed != "0" else "") + intent.arg),
                                MAX_SEED))
        elif name == "erase":
            self.seed = self.seed[:-1] or "0"
        elif name == "back":
            return Pop()
        elif name == "confirm":
            return self.start()
        self.refresh()
        return None

    def start(self) -> Transition:
        name = self.names[self.selected]
        s = self.summaries.get(name)
        if s is None or "error" in s:
            self.message = _("This scenario cannot be played.") if s else _("Still reading it…")
            return None
        return Push(self.ctx.scenes.name(self.ctx))  # then `on_result` starts the game

    def on_result(self, result: Any) -> Transition:
        """The name scene has popped: with the player's name, the game starts."""
        if result is None:
            return None  # back to the choice
        return self.begin(str(result))

    def begin(self, player: str) -> Transition:
        name = self.names[self.selected]
        s = self.summaries[name]
        seed, rigidity = int(self.seed), self.choices[self.rigidity]
        save = self.save or self.ctx.saves_dir / f"{s['id']}-seed{seed}.json"
        self.message = _("Preparing the game…")

        def work() -> None:
            try:
                self.started["game"] = GameSession.new(name, seed, rigidity, save, player)
            except Exception as exc:  # shown to the player
                self.started["error"] = str(exc)

        self.starting = threading.Thread(target=work, daemon=True)
        self.starting.start()
        return None

    def update(self, dt: float) -> Transition:
        if self.loader is not None and not self.loader.is_alive():
            self.loader = None
            self.refresh()
        elif self.loader is not None:
            self.refresh()
        if self.starting is not None and not self.starting.is_alive():
            self.starting = None
            if "error" in self.started:
                self.message = _("Cannot start: {reason}").format(
                    reason=self.started.pop("error"))
                return None
            game = self.started.pop("game")
            self.ctx.settings.last_save = str(game.save_path)
            self.ctx.save_settings()
            return self.ctx.scenes.opening(self.ctx, game)
        return None

    def draw(self, surface: pygame.Surface) -> None:
        fonts, lay = self.ctx.fonts, self.lay
        width = self.ctx.size[0] - 60
        surface.fill(pal.PAPER)
        text(surface, fonts, _("Choose a scenario"), (30, 24), 26, pal.INK, True, "serif")
        paragraph(surface, fonts, self.HINT, (30, lay["hint"]), width, 12, pal.INK_SOFT)
        rigidity, seed = self.texts()
        st = lay["settings"]
        y = paragraph(surface, fonts, rigidity, st.topleft, width, 14, pal.INK, True)
        paragraph(surface, fonts, seed, (30, y + 4), width, 14)
        if self.message:
            paragraph(surface, fonts, self.message, (30, lay["message"]), width, 13, pal.BAD,
                      True, max_lines=1)

    def describe(self) -> dict[str, Any]:
        return {"scene": "ChooseScene", "selected": self.names[self.selected],
                "seed": int(self.seed), "rigidity": self.choices[self.rigidity],
                "loading": self.loader is not None, "starting": self.starting is not None,
                "message": self.message}
