"""Spots of pygame_gui widgets: what a button explains, and the paragraphs of a text box
that begin with given words (a scenario's difficulty in its briefing, the score on the
end screen), where they stand on the window now.

Pure apart from reading the widgets' rectangles and their text layout. A text box
lays its words out in rows (`text_box_layout`); a paragraph is the rows from one
line break to the next, scrolled with the box and cut to what it shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pygame
from pygame_gui.core.text import LineBreakLayoutRect
from pygame_gui.elements import UITextBox

from game.app.spots import Spot
from game.i18n import _


def paragraphs(box: UITextBox) -> Iterator[tuple[str, pygame.Rect]]:
    """Each paragraph of `box`: its words, and its rectangle in the layout's own space."""
    layout = box.text_box_layout
    if layout is None:
        return
    words: list[str] = []
    rect: pygame.Rect | None = None
    for row in layout.layout_rows:
        words += [str(getattr(item, "text", "")) for item in row.items]
        rect = pygame.Rect(row) if rect is None else rect.union(row)
        if any(isinstance(item, LineBreakLayoutRect) for item in row.items):
            yield " ".join("".join(words).split()), rect
            words, rect = [], None
    if rect is not None:
        yield " ".join("".join(words).split()), rect


def text_spots(box: UITextBox, terms: Mapping[str, str]) -> list[Spot]:
    """A spot for every shown paragraph of `box` that begins with one of `terms`' keys (the
    first words in English, marked for the catalogue and read here in the current language),
    for the term given there."""
    if not box.visible or box.text_box_layout is None:
        return []
    x, y = box.get_text_layout_top_left()
    bar = box.scroll_bar
    if bar is not None:
        y -= int(bar.start_percentage * box.text_box_layout.layout_rect.height)
    shown = pygame.Rect(box.rect)
    out = []
    starts = [(_(start), t) for start, t in terms.items()]
    for words, rect in paragraphs(box):
        term = next((t for start, t in starts if words.startswith(start)), None)
        if term is None:
            continue
        on_screen = rect.move(x, y).clip(shown)
        if on_screen.width and on_screen.height:
            out.append(Spot(on_screen, term))
    return out
