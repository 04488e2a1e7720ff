"""Load a game: the saved records in the saves folder, newest first. Each entry and the
Back button explain themselves from the glossary, on hover and when the arrows move onto
them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pygame

from game.app import palette as pal
from game.app.draw import paragraph, text, wrap_text
from game.app.keys import Intent
from game.app.scenes.base import Context, Pop, Push, Scene, Transition, mark
from game.app.spots import Spot
from game.i18n import _

SHOWN = 14


class LoadScene(Scene):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        folder = ctx.saves_dir
        files = [p for p in folder.glob("*.json") if p.is_file()] if folder.is_dir() else []
        self.files: list[Path] = sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)
        self.selected = 0
        self._buttons: list[Any] = []

    def note(self) -> str:
        km = self.ctx.keymap
        if not self.files:
            return _("No saved games yet in {folder}.").format(folder=self.ctx.saves_dir)
        return _("Saved games in {folder} · {arrows} {confirm} · {back} back").format(
            folder=self.ctx.saves_dir, arrows=km.arrows(), confirm=km.key("confirm"),
            back=km.key("back"))

    def layout(self) -> tuple[int, int, int, int, int]:
        """Measured from the words and the window: the list's top, its width, the row's
        height, how many saves fit (the newest first) and the Back button's width."""
        w, h = self.ctx.size
        f = self.ctx.fonts
        top = 30 + f.font("serif", 26, True).get_linesize() + 8
        top += len(wrap_text(f, self.note(), w - 80, 12)) * (f.font("sans", 12).get_linesize()
                                                              + 1) + 16
        row = f.size(13) + 14
        back_w = f.font("sans", 13).size(f"[{self.ctx.keymap.key('back')}]  " + _("Back"))[0] + 30
        list_w = min(700, w - 80 - back_w - 20)
        fits = max((h - 20 - top) // (row + 4), 1)
        return top, list_w, row, min(SHOWN, fits), back_w

    def build(self) -> None:
        top, list_w, row, shown, back_w = self.layout()
        self._buttons = []
        for k, p in enumerate(self.files[:shown]):
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(p.stat().st_mtime))
            b = self.button(pygame.Rect(40, top + k * (row + 4), list_w, row),
                            self.ctx.fonts.fit(f"{p.stem}   ({when})", list_w - 24, 13),
                            Intent("pick", str(k)), term="saved_game",
                            detail=_("{file}, saved {when}.").format(file=p.name, when=when))
            self._buttons.append(b)
        back = f"[{self.ctx.keymap.key('back')}]  " + _("Back")
        self.button(pygame.Rect(40 + list_w + 20, top, back_w, row), back, Intent("back"),
                    term="back", detail=_("Back to the title."))
        self._select(self.selected)

    def focus_spot(self) -> Spot | None:
        return self.button_spot(self._buttons[self.selected]) if self._buttons else None

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
        y = 30 + f.font("serif", 26, True).get_linesize() + 8
        paragraph(surface, f, self.note(), (40, y), self.ctx.size[0] - 80, 12, pal.INK_SOFT)

    def describe(self) -> dict[str, Any]:
        return {"scene": "LoadScene", "files": [p.name for p in self.files[:self.layout()[3]]],
                "selected": self.selected}
