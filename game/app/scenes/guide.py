"""The guided first turn over the board: one step at a time, its part of the board lit and
the rest dimmed, with its paragraph and the keys to go on, back or skip.

The board opens it (once, while the setting is on) and tells it where each
part stands (`GuideHost`); finishing or skipping turns the setting off and
saves it, so it does not come back next game. Settings can turn it on again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import pygame
from pygame_gui.elements import UIPanel

from engine.model import Term
from game.app import draw, guide
from game.app import palette as pal
from game.app.keys import Intent
from game.app.layout import flow
from game.app.scenes.base import Context, Pop, Scene, Transition, esc
from game.i18n import _

MAX_EM = 34  # the callout's width, at most, in ems


class GuideHost(Protocol):
    """What the guide needs of the board beneath it."""

    def guide_rect(self, step: str) -> pygame.Rect | None: ...

    def show_panel(self, tab: str | None) -> None: ...


class GuideScene(Scene):
    overlay = True
    context = "guide"

    def __init__(self, ctx: Context, host: GuideHost, glossary: Mapping[str, Term]) -> None:
        super().__init__(ctx)
        self.host = host
        self.glossary = glossary
        self.index = 0
        self.steps = guide.STEPS
        self.lit: pygame.Rect | None = None
        self.callout = pygame.Rect(0, 0, 0, 0)

    @property
    def step(self) -> guide.Step:
        return self.steps[self.index]

    def words(self) -> str:
        return guide.step_words(self.step, self.glossary, self.ctx.keymap)

    def labels(self) -> list[tuple[str, str]]:
        km = self.ctx.keymap
        last = self.index == len(self.steps) - 1
        out = [("guide_skip", f"[{km.key('guide_skip', 'guide')}] " + _("Skip the guide"))]
        if self.index:
            out.append(("guide_back", f"[{km.key('guide_back', 'guide')}] " + _("Back")))
        out.append(("guide_next", f"[{km.key('guide_next', 'guide')}] "
                    + (_("Play") if last else _("Next"))))
        return out

    def build(self) -> None:
        self.host.show_panel(self.step.tab)
        w, h = self.ctx.size
        f = self.ctx.fonts
        self.lit = self.host.guide_rect(self.step.name)
        width = min(MAX_EM * f.size(13), w - 20)
        title = _("{step} of {steps} · {title}").format(step=self.index + 1,
                                                       steps=len(self.steps),
                                                       title=_(self.step.title))
        inner = width - 2 - 2 * 12  # the text box's padding and border
        body = len(draw.wrap_text(f, title, inner, 14, True)) + \
            len(draw.wrap_text(f, self.words(), inner, 14))
        text_h = body * round(f.font("sans", 14).get_linesize() * 1.1 + 1) + 16
        labels = self.labels()
        _r, buttons_h = flow(f, [label for _i, label in labels], 0, 0, width - 20)
        height = min(text_h + buttons_h + 20, h - 20)
        self.callout = self.place(pygame.Rect(0, 0, width, height))
        panel = self.float_panel(self.callout)
        box_h = height - buttons_h - 20
        self.textbox(f"<b>{esc(title)}</b><br>{esc(self.words())}",
                     pygame.Rect(0, 0, width - 2, box_h), container=panel, object_id="#bare")
        rects, _y = flow(f, [label for _i, label in labels], 10, box_h + 4, width - 22)
        for (intent, label), rect in zip(labels, rects, strict=True):
            self.button(rect, label, Intent(intent), container=panel)

    def float_panel(self, rect: pygame.Rect) -> UIPanel:
        """A card above the board's widgets, without the dimmed layer of `modal_panel`: the
        guide dims around the part it shows itself."""
        panel = UIPanel(rect, starting_height=10 * self.depth, manager=self.manager)
        self.widgets.append(panel)
        return panel

    def place(self, box: pygame.Rect) -> pygame.Rect:
        """The callout beside the lit part: below or above it, else to a side, else where it
        covers it least; always inside the window."""
        w, h = self.ctx.size
        lit = self.lit or pygame.Rect(w // 2, h // 2, 0, 0)
        room = pygame.Rect(10, 10, w - 20, h - 20)
        tries = [(lit.x, lit.bottom + 12), (lit.x, lit.y - 12 - box.height),
                 (lit.right + 12, lit.y), (lit.x - 12 - box.width, lit.y)]
        best, covered = None, None
        for x, y in tries:
            cand = box.copy()
            cand.topleft = (x, y)
            cand = cand.clamp(room)
            over = cand.clip(lit)
            area = over.width * over.height
            if covered is None or area < covered:
                best, covered = cand, area
        assert best is not None
        return best

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if intent is None:
            return None
        name = intent.name
        if name in ("guide_next", "confirm"):
            if self.index == len(self.steps) - 1:
                return self.finish()
            self.go(self.index + 1)
        elif name == "guide_back" and self.index:
            self.go(self.index - 1)
        elif name in ("guide_skip", "back"):
            return self.finish()
        return None

    def go(self, index: int) -> None:
        self.index = index
        self.teardown()
        self.build()

    def finish(self) -> Transition:
        """Done or skipped: off in the settings, saved, so the next game starts without it."""
        self.ctx.settings.guided_turn = False
        self.ctx.save_settings()
        return Pop("guided")

    def draw_over(self, surface: pygame.Surface) -> None:
        """Dim all but the lit part and the callout; ring the lit part."""
        dim = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        dim.fill((*pal.INK, 120))
        for hole in (self.lit, self.callout):
            if hole is not None:
                dim.fill((0, 0, 0, 0), hole.inflate(8, 8) if hole is self.lit else hole)
        surface.blit(dim, (0, 0))
        if self.lit is not None:
            pygame.draw.rect(surface, pal.MOSCOW, self.lit.inflate(8, 8), 3, border_radius=4)

    def describe(self) -> dict[str, Any]:
        return {"scene": "GuideScene", "step": self.step.name, "index": self.index,
                "steps": [s.name for s in self.steps], "words": self.words(),
                "lit": tuple(self.lit) if self.lit else None,
                "buttons": [label for _i, label in self.labels()]}
