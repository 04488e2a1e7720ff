"""Asking the player's name before a game: what the log and the teacher's report show.

Blank is allowed (the report then gives a pseudonym). While the field has
the keys, only Enter and Esc act: every other key is typing. The field and
the buttons explain themselves when the mouse rests on them.
"""

from __future__ import annotations

from typing import Any

import pygame
from pygame_gui.elements import UITextEntryLine

from engine.record import MAX_NAME, name_problem
from game.app import draw
from game.app import palette as pal
from game.app.keys import Intent
from game.app.scenes.base import Context, Pop, Scene, Transition
from game.app.spots import Spot
from game.i18n import _


class NameScene(Scene):
    """Pops with the name typed ('' for none), or with None when the player goes back."""

    overlay = True
    capturing = True  # keys are typing

    def __init__(self, ctx: Context, name: str = "") -> None:
        super().__init__(ctx)
        self.name = name
        self.message = ""
        self.entry: UITextEntryLine | None = None

    def card_rect(self) -> pygame.Rect:
        w, h = self.ctx.size
        f = self.ctx.fonts
        cw = min(620, w - 40)
        ch = min(f.size(20) + 5 * (f.size(14) + 10) + 60, h - 40)
        return pygame.Rect((w - cw) // 2, (h - ch) // 2, cw, ch)

    def build(self) -> None:
        rect = self.rect = self.card_rect()
        card = self.modal_panel(rect)
        f = self.ctx.fonts
        y = f.size(20) + 24 + 2 * (f.size(13) + 6)
        entry_h = f.size(14) + 14
        self.entry = UITextEntryLine(pygame.Rect(14, y, rect.width - 40, entry_h), self.manager,
                                     container=card, initial_text=self.name)
        self.entry.length_limit = MAX_NAME
        self.entry.focus()  # type: ignore[no-untyped-call]
        self.widgets.append(self.entry)
        btn_h = f.size(13) + 16
        km = self.ctx.keymap
        self.button(pygame.Rect(14, rect.height - btn_h - 14, 200, btn_h),
                    f"[{km.key('confirm')}] " + _("Start"), Intent("confirm"), container=card,
                    term="start_game")
        self.button(pygame.Rect(224, rect.height - btn_h - 14, 160, btn_h),
                    f"[{km.key('back')}] " + _("Back"), Intent("back"), container=card, term="back",
                    detail=_("Back to the choice of a scenario."))

    def spots(self) -> list[Spot]:
        entry = [Spot(pygame.Rect(self.entry.rect), "player_name")] if self.entry else []
        return entry + super().spots()

    def typed(self) -> str:
        return (self.entry.get_text() if self.entry else self.name).strip()

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            intent = Intent("confirm")
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            intent = Intent("back")
        if intent is None:
            return None
        if intent.name == "back":
            return Pop(None)
        if intent.name == "confirm":
            problem = name_problem(self.typed())
            if problem:
                self.message = _("That name cannot be used: {problem}.").format(problem=problem)
                return None
            return Pop(self.typed())
        return None

    def draw_over(self, surface: pygame.Surface) -> None:
        f, x, width = self.ctx.fonts, self.rect.x + 16, self.rect.width - 32
        draw.text(surface, f, _("Your name"), (x, self.rect.y + 12), 20, pal.INK, True, "serif")
        y = draw.paragraph(surface, f, _("As your teacher's report should show it. Leave it "
                                         "blank for none: the report then gives a pseudonym."),
                           (x, self.rect.y + f.size(20) + 22), width, 13, pal.INK_SOFT)
        if self.message:
            bottom = self.rect.bottom - f.size(13) - 40 - f.size(13)
            draw.paragraph(surface, f, self.message, (x, max(y, bottom)), width, 13, pal.BAD,
                           True)

    def describe(self) -> dict[str, Any]:
        return {"scene": "NameScene", "name": self.typed(), "message": self.message}
