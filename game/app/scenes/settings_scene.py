"""Settings: the text size (saved at once) and the key bindings in force."""

from __future__ import annotations

from typing import Any

import pygame

from game.app import palette as pal
from game.app.draw import text
from game.app.keys import Intent
from game.app.scenes.base import Pop, Scene, Transition, esc


class SettingsScene(Scene):
    def build(self) -> None:
        w, h = self.ctx.size
        row = self.ctx.fonts.size(13) + 16
        self.button(pygame.Rect(40, 120, 200, row), "[−]  Smaller text", Intent("smaller"))
        self.button(pygame.Rect(250, 120, 200, row), "[+]  Larger text", Intent("bigger"))
        self.button(pygame.Rect(460, 120, 200, row), "[Esc]  Back", Intent("back"))
        km = self.ctx.keymap
        rows = []
        for ctx, table in km.bindings.items():
            rows.append(f"<b>{esc(ctx)}</b><br>")
            rows += [f"  {esc(intent)}: {esc(', '.join(names))}<br>"
                     for intent, names in table.items()]
        rows.append("<br>Keys can be changed in the settings file, under \"keys\", e.g. "
                    "{\"board\": {\"consult\": [\"r\"]}}: " + esc(str(self.ctx.data_dir /
                                                                      "window-settings.json")))
        self.textbox("".join(rows), pygame.Rect(40, 140 + row, w - 80, h - 180 - row))

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if intent is not None and intent.name in ("back", "confirm"):
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(pal.PAPER)
        f = self.ctx.fonts
        text(surface, f, "Settings", (40, 30), 26, pal.INK, True, "serif")
        text(surface, f, f"Text size: {100 * self.ctx.settings.text_scale:.0f}%   "
             "(+ and − work on every screen)", (40, 80), 14, pal.INK)

    def describe(self) -> dict[str, Any]:
        return {"scene": "SettingsScene", "text_scale": self.ctx.settings.text_scale}
