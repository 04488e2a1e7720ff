"""Spots: the places on screen that a glossary term explains. Plain data.

Drawing functions that take a `spots` list note a `Spot` for each gauge,
condition, bar and label they draw, so the tooltips (`game.app.tips`) and
the guided first turn know what stands where without measuring it twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Spot:
    """A rectangle, the glossary id of what it shows, and words about this instance of it
    (a gauge's figure, a response's chance)."""

    rect: pygame.Rect
    term: str
    detail: str = ""

    def moved(self, dx: int, dy: int) -> Spot:
        return Spot(self.rect.move(dx, dy), self.term, self.detail)


Spots = list[Spot] | None  # where a drawing function notes its spots, if anyone asks
