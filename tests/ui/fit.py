"""What a test checks on any screen: that nothing is cut or off the window.

`problems(app)` renders the top scenes afresh with the fonts noting every drawn
label (`Fonts.ink`) and lists, in words, each widget outside the window, each
button or label whose text is wider than its box, and each drawn label that
runs out of the box it was drawn in.
"""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel


def _inside(inner: pygame.Rect, outer: pygame.Rect) -> bool:
    return outer.contains(inner) or inner.width == 0 or inner.height == 0


def widget_problems(app) -> list[str]:
    window = pygame.Rect((0, 0), app.ctx.size)
    out = []
    for scene in app.drawn():
        for element in scene.widgets:
            if not element.visible:
                continue
            name = (f"{type(scene).__name__}: {type(element).__name__} "
                    f"{getattr(element, 'text', '')!r}")
            if not _inside(element.rect, window):
                out.append(f"{name} at {element.rect} is outside the window {window}")
            if isinstance(element, UIButton | UILabel) and element.text:
                font = element.font
                width = font.size(element.text)[0]
                pad = getattr(element, "text_horiz_alignment_padding", 0)
                border = element.border_width
                if isinstance(border, dict):
                    border = max(border.values())
                room = element.rect.width - 2 * (pad + border)
                if width > room:
                    out.append(f"{name}: text {width}px wide in a box of {room}px")
                height = font.get_rect(element.text).height
                if height > element.rect.height:
                    out.append(f"{name}: text {height}px high in a box of {element.rect.height}")
    return out


def ink_problems(app) -> list[str]:
    """Render the drawn scenes afresh and check every label against its box, and that
    none lies under a widget of its own scene (an overlay's card covers the scene below
    on purpose)."""
    fonts = app.ctx.fonts
    surface = pygame.Surface(app.ctx.size)
    drawn = app.drawn()
    out = []
    for scene in drawn:
        fonts.ink = []
        try:
            if hasattr(scene, "_cache"):
                scene._cache = None
            if hasattr(scene, "_card"):
                scene._card = None
            scene.draw(surface)
            if scene is app.top:
                app.ctx.manager.draw_ui(surface)
                scene.draw_over(surface)
            ink = fonts.ink
        finally:
            fonts.ink = None
        widgets = [e for e in scene.widgets if e.visible and not isinstance(e, UIPanel)]
        for s, rect, box, size in ink:
            if not _inside(rect, box):
                out.append(f"drawn text {s!r} at {rect} runs out of its box {box}")
            if size == app.ctx.size:  # drawn on the window (not on a card drawn apart)
                out += [f"drawn text {s!r} at {rect} lies under {type(e).__name__} "
                        f"{getattr(e, 'text', '')!r} at {e.rect}"
                        for e in widgets if rect.colliderect(e.rect)]
    return out


def problems(app) -> list[str]:
    return widget_problems(app) + ink_problems(app)
