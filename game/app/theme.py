"""Fonts and the pygame_gui theme, both scaled by the player's text size.

`Fonts` renders single-line labels for the drawn parts of the board (map
labels, bar captions) and caches them; every paragraph of text goes through
pygame_gui's text boxes, which wrap, style and scroll it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from game.app import palette as pal

FONT_FILES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
             "DejaVuSans-BoldOblique.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
              "DejaVuSerif-BoldItalic.ttf"),
}
BASE_SIZE = 14


def fonts_dir() -> Path:
    return Path(str(resources.files("assets"))) / "fonts"


def font_path(family: str, style: int = 0) -> str:
    return str(fonts_dir() / FONT_FILES[family][style])


class Fonts:
    """Sized fonts for drawn labels, and a cache of rendered text."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self._fonts: dict[tuple[str, int, bool], pygame.font.Font] = {}
        self._text: dict[tuple[str, str, int, bool, pal.Colour], pygame.Surface] = {}
        # When a list, every drawn label is noted here with the box it had to stay in
        # (the surface's clip) and the size of its surface: tests check that no text runs
        # out of its box.
        self.ink: list[tuple[str, pygame.Rect, pygame.Rect, tuple[int, int]]] | None = None

    @contextmanager
    def measuring(self) -> Iterator[None]:
        """Drawing only to measure (on a scratch surface): nothing is noted in `ink`."""
        ink, self.ink = self.ink, None
        try:
            yield
        finally:
            self.ink = ink

    def size(self, points: int) -> int:
        return max(8, round(points * self.scale))

    def font(self, family: str, points: int, bold: bool = False) -> pygame.font.Font:
        key = (family, self.size(points), bold)
        if key not in self._fonts:
            self._fonts[key] = pygame.font.Font(font_path(family, 1 if bold else 0), key[1])
        return self._fonts[key]

    def render(self, text: str, points: int = BASE_SIZE, colour: pal.Colour | None = None,
               bold: bool = False, family: str = "sans") -> pygame.Surface:
        colour = colour or pal.INK  # read when drawn: the palette can change
        key = (text, family, points, bold, colour)
        surf = self._text.get(key)
        if surf is None:
            if len(self._text) > 4000:
                self._text.clear()
            surf = self.font(family, points, bold).render(text, True, colour)
            self._text[key] = surf
        return surf

    def fit(self, text: str, width: int, points: int = BASE_SIZE, bold: bool = False) -> str:
        """`text` cut with an ellipsis so that it fits in `width` pixels (one line)."""
        font = self.font("sans", points, bold)
        if font.size(text)[0] <= width:
            return text
        while text and font.size(text + "…")[0] > width:
            text = text[:-1]
        return text + "…"


def _font(family: str, points: int, scale: float, bold: bool = False) -> dict[str, str]:
    return {"name": f"dejavu_{family}", "size": str(max(8, round(points * scale))),
            "style": "bold" if bold else "regular",
            "regular_path": font_path(family, 0), "bold_path": font_path(family, 1),
            "italic_path": font_path(family, 2), "bold_italic_path": font_path(family, 3)}


def theme(scale: float) -> dict[str, Any]:
    """The pygame_gui theme in the palette in use: paper, ink, accents, DejaVu type."""
    ink, paper, card = pal.hex_of(pal.INK), pal.hex_of(pal.PAPER), pal.hex_of(pal.CARD)
    colours = {
        "normal_bg": card, "hovered_bg": pal.hex_of(pal.PAPER_DARK),
        "disabled_bg": pal.hex_of(pal.PAPER), "selected_bg": pal.hex_of(pal.BLUE),
        "active_bg": pal.hex_of(pal.BLUE), "dark_bg": card,
        "normal_text": ink, "hovered_text": ink, "selected_text": card, "active_text": card,
        "disabled_text": pal.hex_of(pal.RULE), "normal_border": pal.hex_of(pal.RULE),
        "hovered_border": ink, "selected_border": ink, "active_border": ink,
        "disabled_border": pal.hex_of(pal.PAPER_DARK), "link_text": pal.hex_of(pal.BLUE),
        "link_hover": pal.hex_of(pal.VERMILLION), "link_selected": pal.hex_of(pal.BLUE),
        "text_shadow": paper, "filled_bar": pal.hex_of(pal.BLUE),
        "unfilled_bar": pal.hex_of(pal.PAPER_DARK),
    }
    misc = {"shape": "rectangle", "border_width": "1", "shadow_width": "0",
            "tool_tip_delay": "0.6"}
    return {
        "defaults": {"colours": colours, "font": _font("sans", BASE_SIZE, scale), "misc": misc},
        "button": {"font": _font("sans", 13, scale), "misc": {**misc, "text_horiz_alignment":
                                                              "left",
                                                              "text_horiz_alignment_padding":
                                                              "8"}},
        "text_box": {"colours": {**colours, "dark_bg": card},
                     "font": _font("sans", BASE_SIZE, scale),
                     "misc": {**misc, "padding": "10,8", "line_spacing": "1.1"}},
        "#bare": {"colours": {**colours, "dark_bg": paper, "normal_border": paper},
                  "misc": {**misc, "border_width": "0", "padding": "2,2"}},
        "panel": {"colours": {**colours, "dark_bg": card}, "misc": misc},
        "#dim": {"colours": {**colours, "dark_bg": pal.hex_of(pal.INK, 110),
                             "normal_border": pal.hex_of(pal.INK, 0)},
                 "misc": {**misc, "border_width": "0"}},
        "label": {"colours": {**colours, "dark_bg": pal.hex_of(pal.PAPER, 0)},
                  "font": _font("sans", BASE_SIZE, scale)},
        "#title": {"font": _font("serif", 40, scale, bold=True),
                   "colours": {**colours, "dark_bg": pal.hex_of(pal.PAPER, 0)}},
        "#heading": {"font": _font("serif", 20, scale, bold=True),
                     "colours": {**colours, "dark_bg": pal.hex_of(pal.PAPER, 0)}},
        "tool_tip": {"colours": colours},
    }


def make_manager(size: tuple[int, int], scale: float) -> pygame_gui.UIManager:
    manager = pygame_gui.UIManager(size, theme(scale), enable_live_theme_updates=False)
    for family in FONT_FILES:
        manager.add_font_paths(f"dejavu_{family}", *(font_path(family, k) for k in range(4)))
    wanted: list[dict[str, str | int | float]] = [
        {"name": f"dejavu_{fam}", "point_size": max(8, round(p * scale)), "style": st}
        for fam in FONT_FILES for p in (13, BASE_SIZE) for st in ("regular", "bold", "italic")]
    wanted.append({"name": "dejavu_serif", "html_size": 5, "style": "bold"})
    with warnings.catch_warnings():  # the theme has loaded some of these already
        warnings.simplefilter("ignore", UserWarning)
        manager.preload_fonts(wanted)
    return manager
