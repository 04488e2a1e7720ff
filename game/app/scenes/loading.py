"""Reading and replaying a saved game in a worker thread, with a word on screen meanwhile.

A save whose scenario has changed since is offered on the new rules
(`game.app.scenes.new_rules`); keeping the old game comes back here and goes back.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pygame

from game.app import palette as pal
from game.app.draw import text
from game.app.keys import Intent
from game.app.scenes.base import Context, Pop, Push, Scene, Transition
from game.app.session import GameSession, LoadError, NewRules
from game.i18n import _


class LoadingScene(Scene):
    """Replays a record (a few hundred ms for a long game), then opens the board."""

    def __init__(self, ctx: Context, path: Path) -> None:
        super().__init__(ctx)
        self.path = path
        self.result: dict[str, Any] = {}
        self.error = ""
        self.offered = False
        self.thread = threading.Thread(target=self._work, daemon=True)
        self.thread.start()

    def _work(self) -> None:
        try:
            self.result["game"] = GameSession.load(self.path)
        except LoadError as exc:
            self.result["error"] = str(exc)
        except Exception as exc:  # an unreadable file of any kind is reported, not fatal
            self.result["error"] = f"{type(exc).__name__}: {exc}"

    def update(self, dt: float) -> Transition:
        if self.error or self.thread.is_alive():
            return None
        if "error" in self.result:
            self.error = self.result["error"]
            return None
        game: GameSession | NewRules = self.result["game"]
        if self.offered:
            return None
        self.ctx.settings.last_save = str(self.path)
        self.ctx.save_settings()
        if isinstance(game, NewRules):  # its scenario changed since: offered on the new rules
            self.offered = True
            return Push(self.ctx.scenes.new_rules(self.ctx, game))
        return self.ctx.scenes.opening(self.ctx, game)

    def on_result(self, result: Any) -> Transition:
        """The offer of the game on new rules was declined: back to where the load began."""
        return Pop() if self.offered else None

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if self.error and intent is not None and intent.name in ("back", "confirm"):
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        w, h = self.ctx.size
        surface.fill(pal.PAPER)
        fonts = self.ctx.fonts
        if self.error:
            text(surface, fonts, _("Cannot open {name}").format(name=self.path.name),
                 (w // 2, h // 2 - 40), 20,
                 pal.BAD, True, "serif", "midtop")
            text(surface, fonts, fonts.fit(self.error, w - 80, 13), (w // 2, h // 2), 13,
                 pal.INK, anchor="midtop")
            text(surface, fonts, _("[{key}] back").format(key=self.ctx.keymap.key("back")),
                 (w // 2, h // 2 + 40),
                 13, pal.INK_SOFT,
                 anchor="midtop")
        else:
            text(surface, fonts, _("Reading {name} and replaying it…").format(name=self.path.name),
                 (w // 2, h // 2), 16, pal.INK, family="serif", anchor="midtop")

    def describe(self) -> dict[str, Any]:
        return {"scene": "LoadingScene", "error": self.error}
