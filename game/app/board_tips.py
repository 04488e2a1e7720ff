"""What explains what on the board: the glossary term of every button, and the spots of
one frame in the order the keyboard visits them (`I`, Shift+I).

Pure apart from pygame rectangles. The board's painters note the spots of
what they draw (`game.app.spots`); this module adds the widgets' and puts
them all in reading order, panel by panel.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pygame
from pygame_gui.core import UIElement

from game.app import keys
from game.app.keys import Intent
from game.app.layout import TABS
from game.app.spots import Spot
from game.i18n import _

# The glossary id each button intent explains.
BUTTON_TERMS = {
    "comply": "comply", "adapt": "adapt", "consult": "consult", "stall": "stall",
    "defy": "defy", "weight_up": "cadre_plan", "weight_down": "cadre_plan",
    "even": "cadre_plan", "default_plan": "cadre_plan", "confirm": "send", "why": "why",
    "history": "history_panel", "log": "turn_log", "menu": "menu", "tab": "panels",
}
# The panels in the order the keyboard visits their spots.
PANELS = ("top", "card", "info", "map", "plan", "gauges", "region", "orders", "content")


def button_spots(buttons: Mapping[UIElement, Intent]) -> list[Spot]:
    """A spot for every visible button: its intent's term, and what this button does (its
    own tip, such as a response's chance, or the action's name)."""
    tabs = dict(TABS)
    out = []
    for button, intent in buttons.items():
        if not button.visible:
            continue
        term = BUTTON_TERMS.get(intent.name, intent.name)
        own = getattr(button, "tool_tip_text", None)
        if own:
            detail = html.unescape(str(own))
        elif intent.name == "tab":
            detail = _("This button shows: {panel}.").format(
                panel=_(tabs[intent.arg]) if intent.arg in tabs else intent.arg)
        else:
            detail = keys.label("board", intent.name) if intent.name in keys.LABELS["board"] \
                else ""
        out.append(Spot(pygame.Rect(button.rect), term, detail))
    return out


def in_reading_order(spots: Sequence[Spot], rects: Mapping[str, pygame.Rect]) -> list[Spot]:
    """The spots panel by panel (`PANELS`), each panel's in the order they were noted."""
    def rank(spot: Spot) -> int:
        for k, name in enumerate(PANELS):
            if name in rects and rects[name].collidepoint(spot.rect.center):
                return k
        return len(PANELS)

    return sorted(spots, key=rank)  # sorted is stable: the order within a panel stays
