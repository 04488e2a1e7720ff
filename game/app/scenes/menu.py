"""Menus: the title screen, the pause menu. Arrow keys and Enter, or the letter shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from game.app import palette as pal
from game.app.draw import text
from game.app.keys import Intent
from game.app.scenes.base import Context, Pop, Push, Quit, Reset, Scene, Transition, esc, mark


class MenuScene(Scene):
    """A column of entries; each has a letter, a label and a key returned when chosen."""

    title = ""
    subtitle = ""
    intro = ""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.selected = 0
        self.message = ""
        self.container: Any = None

    def items(self) -> list[tuple[str, str, str]]:
        """(letter, label, key) for each entry."""
        return []

    def choose(self, key: str) -> Transition:
        return None

    def menu_rect(self) -> pygame.Rect:
        w, h = self.ctx.size
        return pygame.Rect(w // 2 - 220, int(h * 0.42), 440, 0)

    def build(self) -> None:
        rect = self.menu_rect()
        row = self.ctx.fonts.size(15) + 22
        self._buttons = []
        for k, (letter, label, key) in enumerate(self.items()):
            b = self.button(pygame.Rect(rect.x, rect.y + k * (row + 8), rect.width, row),
                            f"[{letter}]  {label}", Intent("item", key), self.container)
            self._buttons.append(b)
        self._select(self.selected)

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
        y = int(h * 0.14)
        y = text(surface, fonts, self.title, (w // 2, y), 40, pal.INK, True, "serif",
                 "midtop").bottom + 8
        pygame.draw.line(surface, pal.MOSCOW, (w // 2 - 160, y), (w // 2 + 160, y), 2)
        y = text(surface, fonts, self.subtitle, (w // 2, y + 12), 15, pal.INK_SOFT,
                 family="serif", anchor="midtop").bottom
        if self.intro:
            text(surface, fonts, self.intro, (w // 2, y + 10), 13, pal.INK_SOFT, anchor="midtop")
        hint = "↑↓ to move, Enter to choose, or press the letter.  + / − text size"
        text(surface, fonts, hint, (w // 2, h - 40), 12, pal.INK_SOFT, anchor="midtop")
        if self.message:
            text(surface, fonts, self.message, (w // 2, h - 70), 13, pal.BAD, True,
                 anchor="midtop")

    def describe(self) -> dict[str, Any]:
        items = self.items()
        return {"scene": type(self).__name__, "items": [k for _l, _t, k in items],
                "selected": items[self.selected][2] if items else None,
                "message": self.message}


class TitleScene(MenuScene):
    title = "Far from Moscow"
    subtitle = "The Communist International and the parties it directed, 1919–1943"
    intro = "An educational simulation: a distant centre, stale information, one line for " \
            "very different countries."

    def last_save(self) -> Path | None:
        last = self.ctx.settings.last_save
        return Path(last) if last and Path(last).is_file() else None

    def items(self) -> list[tuple[str, str, str]]:
        entries = []
        last = self.last_save()
        if last is not None:
            entries.append(("C", f"Continue the last game ({last.stem})", "continue"))
        entries += [("N", "New game", "new"), ("L", "Load a game", "load"),
                    ("S", "Settings", "settings"), ("Q", "Quit", "quit")]
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
    title = "Paused"

    def __init__(self, ctx: Context, save_path: Path) -> None:
        super().__init__(ctx)
        self.save_path = save_path
        self.subtitle = "The game is saved after every turn."

    def items(self) -> list[tuple[str, str, str]]:
        return [("R", "Resume", "resume"), ("V", "Save a copy now", "copy"),
                ("S", "Settings", "settings"), ("T", "Save and return to the title", "title"),
                ("Q", "Save and quit", "quit")]

    def build(self) -> None:
        w, h = self.ctx.size
        self.container = self.modal_panel(pygame.Rect(w // 2 - 260, h // 2 - 230, 520, 460))
        super().build()

    def menu_rect(self) -> pygame.Rect:
        return pygame.Rect(60, 110, 400, 0)

    def draw(self, surface: pygame.Surface) -> None:
        """Nothing of its own beneath: the scene below stays visible under the panel."""

    def draw_over(self, surface: pygame.Surface) -> None:
        w, h = self.ctx.size
        text(surface, self.ctx.fonts, self.title, (w // 2, h // 2 - 210), 24, pal.INK, True,
             "serif", "midtop")
        text(surface, self.ctx.fonts, self.message or self.subtitle, (w // 2, h // 2 - 168), 12,
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
