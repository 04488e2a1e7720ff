"""The offer of a game on its scenario's new rules: continue there, or keep the old game.

Shown after the reload key when the saved orders stop replaying before the
game's turn (an order the new file refuses, or an earlier end), and when a
save is opened whose scenario has changed since. Enter takes the game on
the new rules (saved over the old one); Esc keeps the old game as it was.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.app import draw
from game.app import palette as pal
from game.app.keys import Intent
from game.app.scenes.base import KEPT, Context, Pop, Scene, Transition, esc
from game.app.session import NewRules
from game.i18n import _


class NewRulesScene(Scene):
    overlay = True

    def __init__(self, ctx: Context, offer: NewRules) -> None:
        super().__init__(ctx)
        self.offer = offer

    def title(self) -> str:
        name = self.offer.source.name
        if not self.offer.reloaded:
            return _("{file} has changed since this game was saved").format(file=name)
        if self.offer.game.over and self.offer.rebased.turns < self.offer.rebased.wanted:
            return _("Reloading {file}: the game ends sooner").format(file=name)
        return _("Reloading {file}: the game cannot reach its turn").format(file=name)

    def choices(self) -> tuple[str, str]:
        km = self.ctx.keymap
        keep = _("Keep the old game") if self.offer.reloaded else \
            _("Keep the old game (its save as it is)")
        return (f"[{km.key('confirm')}] " + _("Continue on the new rules {where}").format(
                    where=self.offer.go_on()),
                f"[{km.key('back')}] {keep}")

    def html(self) -> str:
        summary = self.offer.summary()
        # the two buttons' names in bold, where the sentences name them
        said = esc(_("{take} takes the game on the rules of the file as it is now, "
                     "{where}, and saves it over the old one. {keep} leaves the game and its "
                     "save as they were.")).format(
            take="<b>" + esc(_("Continue")) + "</b>", where=esc(self.offer.go_on()),
            keep="<b>" + esc(_("Keep")) + "</b>")
        return f"{esc(summary[:1].upper() + summary[1:])}.<br><br>{said}"

    def build(self) -> None:
        w, h = self.ctx.size
        fonts = self.ctx.fonts
        cw, ch = min(760, w - 60), min(320, h - 60)
        rect = self.rect = pygame.Rect((w - cw) // 2, (h - ch) // 2, cw, ch)
        card = self.modal_panel(rect)
        head = fonts.size(20) + 24
        btn_h = fonts.size(13) + 16
        self.box = self.textbox(self.html(), pygame.Rect(10, head, cw - 26,
                                                         ch - head - 2 * btn_h - 40),
                                container=card)
        take, keep = self.choices()
        self.button(pygame.Rect(10, ch - 2 * btn_h - 22, cw - 26, btn_h), take,
                    Intent("confirm"), container=card)
        self.button(pygame.Rect(10, ch - btn_h - 14, cw - 26, btn_h), keep, Intent("back"),
                    container=card)

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if intent is None:
            return None
        if intent.name == "confirm":
            return self.ctx.scenes.opening(self.ctx, self.offer.take())
        if intent.name in ("back", "menu"):
            return Pop(KEPT)
        return None

    def draw_over(self, surface: pygame.Surface) -> None:
        fonts = self.ctx.fonts
        draw.text(surface, fonts, fonts.fit(self.title(), self.rect.width - 32, 20, True),
                  (self.rect.x + 16, self.rect.y + 12), 20, pal.INK, True, "serif")

    def describe(self) -> dict[str, Any]:
        return {"scene": "NewRulesScene", "title": self.title(),
                "summary": self.offer.summary(), "choices": list(self.choices())}
