"""Menus: the title screen, the pause menu. Arrow keys and Enter, or the letter shown.

Every entry explains itself from the glossary (`TERMS`): when the mouse rests on
it, and at once when the arrows move onto it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from game.app import palette as pal
from game.app.draw import centred, text
from game.app.keys import Intent
from game.app.scenes.base import Context, Pop, Push, Quit, Reset, Scene, Transition, esc, mark
from game.app.spots import Spot
from game.i18n import N_, _


class MenuScene(Scene):
    """A column of entries; each has a letter, a label and a key returned when chosen."""

    title = ""
    subtitle = ""
    intro = ""
    # The glossary id of each entry's key.
    TERMS = {"continue": "continue_game", "new": "new_game", "load": "load_game",
             "settings": "settings", "quit": "quit", "resume": "resume", "copy": "save_copy",
             "title": "to_title"}

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.selected = 0
        self.message = ""
        self.container: Any = None
        self._buttons: list[Any] = []

    def items(self) -> list[tuple[str, str, str]]:
        """(letter, label, key) for each entry."""
        return []

    def choose(self, key: str) -> Transition:
        return None

    @property
    def HINT(self) -> str:  # a constant once: now it names the keys bound
        km = self.ctx.keymap
        return _("{arrows} to move, {confirm} to choose, or press the letter.  {size} text "
                 "size").format(arrows=km.arrows(), confirm=km.key("confirm"),
                                size=" / ".join(km.size_keys().split("/")))

    def head(self, surface: pygame.Surface | None = None) -> int:
        """Draw (or only measure) the title, its rule, the subtitle and the intro, each
        wrapped to the window; returns the y below them."""
        w, h = self.ctx.size
        f = self.ctx.fonts
        y = centred(surface, f, _(self.title), w // 2, int(h * 0.08), w - 60, 40, pal.INK, True,
                    "serif") + 6
        if surface is not None:
            pygame.draw.line(surface, pal.MOSCOW, (w // 2 - 160, y), (w // 2 + 160, y), 2)
        y = centred(surface, f, _(self.subtitle), w // 2, y + 10, w - 60, 15, pal.INK_SOFT,
                    family="serif")
        return centred(surface, f, _(self.intro), w // 2, y + 6, w - 60, 13, pal.INK_SOFT)

    def foot(self) -> int:
        """The y where the hint (and above it any message) begins."""
        w, h = self.ctx.size
        f = self.ctx.fonts
        lines = centred(None, f, self.HINT, 0, 0, w - 60, 12)
        lines += centred(None, f, self.message, 0, 0, w - 60, 13, bold=True) + 6
        return h - 14 - lines

    def menu_rect(self) -> pygame.Rect:
        """The room between the head and the foot."""
        w, _h = self.ctx.size
        top = self.head() + 16
        return pygame.Rect(30, top, w - 60, max(self.foot() - 12 - top, 1))

    def build(self) -> None:
        rect = self.menu_rect()
        f = self.ctx.fonts
        items = [f"[{letter}]  {label}" for letter, label, _key in self.items()]
        font = f.font("sans", 13)
        width = min(max([440] + [font.size(s)[0] + 30 for s in items]), rect.width)
        lowest = font.get_linesize() + 10
        n = max(len(items), 1)
        cols = 1 if n * (lowest + 6) <= rect.height or width * 2 + 12 > rect.width else 2
        per_col = -(-n // cols)
        row = max(min(f.size(15) + 22, rect.height // per_col - 8), lowest)
        x0 = rect.centerx - (cols * width + (cols - 1) * 12) // 2
        self._buttons = []
        for k, ((_letter, _label, key), label) in enumerate(zip(self.items(), items,
                                                                strict=True)):
            col, r = divmod(k, per_col)
            b = self.button(pygame.Rect(x0 + col * (width + 12), rect.y + r * (row + 8), width,
                                        row), label, Intent("item", key), self.container,
                            term=self.TERMS.get(key))
            self._buttons.append(b)
        self._select(self.selected)

    def focus_spot(self) -> Spot | None:
        return self.button_spot(self._buttons[self.selected]) if self._buttons else None

    def _select(self, k: int) -> None:
        n = len(self._buttons)
        if not n:
            return
        self.selected = k % n
        for j, b in enumerate(self._buttons):
            mark(b, j == self.selected)

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        items = self.items()
        if intent is not None:
            if intent.name == "item":
                return self.choose(intent.arg)
            if intent.name in ("up", "prev"):
                self._select(self.selected - 1)
            elif intent.name in ("down", "next"):
                self._select(self.selected + 1)
            elif intent.name == "confirm" and items:
                return self.choose(items[self.selected][2])
            elif intent.name == "back":
                return self.back()
            elif intent.name == "digit" and 1 <= int(intent.arg) <= len(items):
                return self.choose(items[int(intent.arg) - 1][2])
        if event.type == pygame.KEYDOWN and event.unicode:
            for letter, _label, key in items:
                if event.unicode.lower() == letter.lower():
                    return self.choose(key)
        return None

    def back(self) -> Transition:
        return None

    def draw(self, surface: pygame.Surface) -> None:
        w, h = self.ctx.size
        fonts = self.ctx.fonts
        surface.fill(pal.PAPER)
        self.head(surface)
        y = centred(surface, fonts, self.message, w // 2, self.foot(), w - 60, 13, pal.BAD,
                    True)
        centred(surface, fonts, self.HINT, w // 2, y + 6 if self.message else y, w - 60, 12,
                pal.INK_SOFT)

    def describe(self) -> dict[str, Any]:
        items = self.items()
        return {"scene": type(self).__name__, "items": [k for _l, _t, k in items],
                "selected": items[self.selected][2] if items else None,
                "message": self.message}


class TitleScene(MenuScene):
    title = N_("Far from Moscow")
    subtitle = N_("The Communist International and the parties it directed, 1919–1943")
    intro = N_("An educational simulation: a distant centre, stale information, one line for "
               "very different countries.")

    def last_save(self) -> Path | None:
        last = self.ctx.settings.last_save
        return Path(last) if last and Path(last).is_file() else None

    def items(self) -> list[tuple[str, str, str]]:
        entries = []
        last = self.last_save()
        if last is not None:
            entries.append(("C", _("Continue the last game ({name})").format(name=last.stem),
                            "continue"))
        entries += [("N", _("New game"), "new"), ("L", _("Load a game"), "load"),
                    ("S", _("Settings"), "settings"), ("Q", _("Quit"), "quit")]
        return entries

    def choose(self, key: str) -> Transition:
        scenes = self.ctx.scenes
        if key == "continue":
            last = self.last_save()
            return Push(scenes.loading(self.ctx, last)) if last is not None else None
        if key == "new":
            return Push(scenes.choose(self.ctx, None, None, None, None))
        if key == "load":
            return Push(scenes.load(self.ctx))
        if key == "settings":
            return Push(scenes.settings(self.ctx))
        if key == "quit":
            return Quit()
        return None

    def back(self) -> Transition:
        return Quit()


class PauseScene(MenuScene):
    """Esc on the board: resume, save a copy, settings, back to the title."""

    overlay = True
    title = N_("Paused")

    def __init__(self, ctx: Context, save_path: Path) -> None:
        super().__init__(ctx)
        self.save_path = save_path
        self.subtitle = N_("The game is saved after every turn.")

    def items(self) -> list[tuple[str, str, str]]:
        return [("R", _("Resume"), "resume"), ("V", _("Save a copy now"), "copy"),
                ("S", _("Settings"), "settings"),
                ("T", _("Save and return to the title"), "title"),
                ("Q", _("Save and quit"), "quit")]

    def build(self) -> None:
        w, h = self.ctx.size
        self.container = self.modal_panel(pygame.Rect(w // 2 - 260, h // 2 - 230, 520, 460))
        super().build()

    def menu_rect(self) -> pygame.Rect:
        return pygame.Rect(60, 110, 400, 330)  # inside the 520 × 460 card

    def draw(self, surface: pygame.Surface) -> None:
        """Nothing of its own beneath: the scene below stays visible under the panel."""

    def draw_over(self, surface: pygame.Surface) -> None:
        w, h = self.ctx.size
        text(surface, self.ctx.fonts, _(self.title), (w // 2, h // 2 - 210), 24, pal.INK, True,
             "serif", "midtop")
        text(surface, self.ctx.fonts, self.message or _(self.subtitle), (w // 2, h // 2 - 168), 12,
             pal.INK_SOFT, anchor="midtop")

    def choose(self, key: str) -> Transition:
        if key == "resume":
            return Pop()
        if key == "copy":
            return Pop("copy")
        if key == "settings":
            return Push(self.ctx.scenes.settings(self.ctx))
        if key == "title":
            return Reset(self.ctx.scenes.title(self.ctx))
        if key == "quit":
            return Quit()
        return None

    def back(self) -> Transition:
        return Pop()


__all__ = ["MenuScene", "PauseScene", "TitleScene", "esc"]
