"""Tooltips: a spot's glossary term, on mouse hover after a short delay and at once for
the keyboard's focus, drawn in a box that wraps and stays inside the window.

`Tips` holds only where the pointer is, for how long, and which spot the
keyboard is on; the scene gives it the spots of the frame and draws what
`shown` returns with `draw_tip`. Words come from the glossary (`Glossary`),
the one list in data that the debrief reads too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pygame

from engine.model import Term
from game.app import draw
from game.app import palette as pal
from game.app.spots import Spot
from game.app.theme import Fonts

HOVER_DELAY = 0.45  # seconds the pointer rests on a spot before its tip shows
NEVER = 1e9  # the delay of a pygame_gui tool tip that must not show (ours shows its text)
MAX_EM = 30  # a tip no wider than this many ems, so its lines stay readable
MARGIN = 6  # from the window's edge
PAD = 8
Glossary = Mapping[str, Term]


@dataclass(frozen=True)
class TipText:
    title: str
    body: str
    detail: str


def tip_text(glossary: Glossary, spot: Spot) -> TipText:
    """The words for a spot: its term's name and definition, then its own detail."""
    term = glossary.get(spot.term)
    if term is None:  # a spot the glossary does not explain: a test refuses this
        return TipText(spot.term.replace("_", " "), "", spot.detail)
    return TipText(term.term, " ".join(term.text.split()), spot.detail)


class Tips:
    """Which spot to explain now: the keyboard's, else the one the pointer rests on."""

    def __init__(self) -> None:
        self.pointer: tuple[int, int] | None = None
        self.rested = 0.0  # seconds the pointer has stayed on the spot under it
        self._under: tuple[str, tuple[int, ...]] | None = None
        self.keyboard: Spot | None = None

    def move(self, pos: tuple[int, int]) -> None:
        """The pointer moved: the keyboard's tip gives way, the delay starts again."""
        self.pointer = pos
        self.keyboard = None

    def leave(self) -> None:
        self.pointer, self._under, self.rested = None, None, 0.0

    def tick(self, dt: float, spots: Sequence[Spot]) -> None:
        under = self.under(spots)
        key = (under.term, tuple(under.rect)) if under else None
        if key != self._under:
            self._under, self.rested = key, 0.0
        else:
            self.rested += dt

    def under(self, spots: Sequence[Spot]) -> Spot | None:
        """The spot under the pointer; of spots one inside another, the smallest."""
        if self.pointer is None:
            return None
        hit = [s for s in spots if s.rect.collidepoint(self.pointer)]
        return min(hit, key=lambda s: s.rect.width * s.rect.height) if hit else None

    def focus(self, spot: Spot | None) -> None:
        self.keyboard = spot

    def step(self, spots: Sequence[Spot], step: int) -> Spot | None:
        """Move the keyboard's focus to the next (or previous) spot, in the order given."""
        if not spots:
            self.keyboard = None
            return None
        at = next((k for k, s in enumerate(spots) if self.keyboard is not None
                   and s.term == self.keyboard.term and s.rect == self.keyboard.rect), None)
        k = (0 if step > 0 else len(spots) - 1) if at is None else (at + step) % len(spots)
        self.keyboard = spots[k]
        return self.keyboard

    def shown(self, spots: Sequence[Spot]) -> tuple[Spot, bool] | None:
        """The spot to explain and whether the keyboard chose it (None: no tip now)."""
        if self.keyboard is not None:
            return self.keyboard, True
        under = self.under(spots)
        if under is not None and self.rested >= HOVER_DELAY:
            return under, False
        return None


def tip_box(fonts: Fonts, text: TipText, anchor: pygame.Rect, window: tuple[int, int]
            ) -> tuple[pygame.Rect, list[tuple[str, int, bool, pal.Colour, int]]]:
    """Where the tip goes and its lines (words, points, bold, colour, y): below the
    anchor, else above it, else wherever it fits; never wider or taller than the window,
    every line broken between words."""
    w, h = window
    width = min(MAX_EM * fonts.size(12), w - 2 * MARGIN) - 2 * PAD
    parts = [(text.title, 13, True, pal.INK), (text.body, 12, False, pal.INK),
             (text.detail, 12, True, pal.PARTY)]
    lines: list[tuple[str, int, bool, pal.Colour, int]] = []
    y = 0
    for s, points, bold, colour in parts:
        step = fonts.font("sans", points, bold).get_linesize() + 1
        for line in draw.wrap_text(fonts, s, width, points, bold) if s else []:
            lines.append((line, points, bold, colour, y))
            y += step
        y += 3 if s else 0
    room = h - 2 * MARGIN - 2 * PAD
    while lines and lines[-1][4] + fonts.font("sans", lines[-1][1]).get_linesize() > room:
        lines.pop()  # a tip taller than the window loses whole lines, last first
    used = max((fonts.font("sans", p, b).size(s)[0] for s, p, b, _c, _y in lines), default=0)
    height = (lines[-1][4] + fonts.font("sans", lines[-1][1], lines[-1][2]).get_linesize()
              if lines else 0) + 2 * PAD
    box = pygame.Rect(0, 0, used + 2 * PAD, height)
    box.x = min(max(anchor.x, MARGIN), w - MARGIN - box.width)
    if anchor.bottom + 6 + box.height <= h - MARGIN:
        box.y = anchor.bottom + 6
    elif anchor.y - 6 - box.height >= MARGIN:
        box.y = anchor.y - 6 - box.height
    else:  # neither below nor above: beside it, or at least inside the window
        box.y = min(max(anchor.centery - box.height // 2, MARGIN), h - MARGIN - box.height)
        right = anchor.right + 8
        box.x = right if right + box.width <= w - MARGIN else \
            max(MARGIN, anchor.x - 8 - box.width) if anchor.x - 8 - box.width >= MARGIN \
            else box.x
    return box, lines


def draw_tip(surface: pygame.Surface, fonts: Fonts, text: TipText, anchor: pygame.Rect
             ) -> pygame.Rect:
    """Draw the tip for `anchor` (a spot, or the pointer's place); returns its box."""
    box, lines = tip_box(fonts, text, anchor, surface.get_size())
    shadow = box.move(3, 3)
    pygame.draw.rect(surface, pal.mix(pal.INK, pal.PAPER, 0.6), shadow, border_radius=4)
    pygame.draw.rect(surface, pal.CARD, box, border_radius=4)
    pygame.draw.rect(surface, pal.INK, box, 1, border_radius=4)
    keep = surface.get_clip()
    surface.set_clip(box)
    for s, points, bold, colour, y in lines:
        draw.text(surface, fonts, s, (box.x + PAD, box.y + PAD + y), points, colour, bold)
    surface.set_clip(keep)
    return box


def draw_focus(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """The keyboard's place among the spots: a ring around it."""
    pygame.draw.rect(surface, pal.MOSCOW, rect.inflate(4, 4), 2, border_radius=3)
