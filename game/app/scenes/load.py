"""Load a game: the saved records in the saves folder, newest first."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pygame

from game.app import palette as pal
from game.app.draw import text
from game.app.keys import Intent
from game.app.scenes.base import Context, Pop, Push, Scene, Transition, mark
from game.i18n import _

SHOWN = 14


class LoadScene(Scene):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        folder = ctx.saves_dir
        files = [p for p in folder.glob("*.json") if p.is_file()] if folder.is_dir() else []
        self.files: list[Path] = sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)
        self.selected = 0

    def build(self) -> None:
        row = self.ctx.fonts.size(13) + 14
        self._buttons = []
        for k, p in enumerate(self.files[:SHOWN]):
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(p.stat().st_mtime))
            b = self.button(pygame.Rect(40, 110 + k * (row + 4), 700, row),
                            f"{p.stem}   ({when})", Intent("pick", str(k)))
            self._buttons.append(b)
        self.button(pygame.Rect(760, 110, 200, row),
                    f"[{self.ctx.keymap.key('back')}]  " + _("Back"), Intent("back"))
        self._select(self.selected)

    def _select(self, k: int) -> None:
        if not self._buttons:
            return
        self.selected = k % len(self._buttons)
        for j, b in enumerate(self._buttons):
            mark(b, j == self.selected)

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if intent is None:
            return None
        if intent.name == "back":
            return Pop()
        if intent.name == "pick":
            return Push(self.ctx.scenes.loading(self.ctx, self.files[int(intent.arg)]))
        if intent.name in ("up", "prev"):
            self._select(self.selected - 1)
        elif intent.name in ("down", "next"):
            self._select(self.selected + 1)
        elif intent.name == "confirm" and self._buttons:
            return Push(self.ctx.scenes.loading(self.ctx, self.files[self.selected]))
        return None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(pal.PAPER)
        f = self.ctx.fonts
        text(surface, f, _("Load a game"), (40, 30), 26, pal.INK, True, "serif")
        km = self.ctx.keymap
        note = _("Saved games in {folder} · {arrows} {confirm} · {back} back").format(
            folder=self.ctx.saves_dir, arrows=km.arrows(), confirm=km.key("confirm"),
            back=km.key("back")) if self.files \
            else _("No saved games yet in {folder}.").format(folder=self.ctx.saves_dir)
        text(surface, f, note, (40, 72), 12, pal.INK_SOFT)

    def describe(self) -> dict[str, Any]:
        return {"scene": "LoadScene", "files": [p.name for p in self.files[:SHOWN]],
                "selected": self.selected}
