"""Named intents and the keys bound to them; bindings can be changed in the settings.

Pure apart from reading pygame key constants. A scene never looks at a key
code: it asks the key map for the intent of an event in its context, and
shows the key bound to each intent beside the action it triggers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

# Contexts: "nav" applies everywhere; a scene's own context is looked up first.
DEFAULTS: dict[str, dict[str, list[str]]] = {
    "nav": {
        "up": ["up"], "down": ["down"], "left": ["left"], "right": ["right"],
        "next": ["tab"], "confirm": ["return", "enter"], "back": ["escape"],
        "page_up": ["page up"], "page_down": ["page down"],
        "bigger": ["=", "+", "[+]"], "smaller": ["-", "[-]"],
    },
    "board": {
        "comply": ["c"], "adapt": ["a"], "consult": ["k"], "stall": ["s"], "defy": ["d"],
        "why": ["w"], "history": ["h"], "log": ["l"], "even": ["e"], "default_plan": ["x"],
        "weight_up": ["right", "]"], "weight_down": ["left", "["],
        "region_next": ["down", "tab"], "region_prev": ["up"], "menu": ["escape"],
        "help": ["f1", "/"], "response_next": ["."], "response_prev": [","],
        "choose": ["space"], "tab_next": ["v"],
    },
    "choose": {"new_seed": ["n"], "rigidity_up": ["right"], "rigidity_down": ["left"],
               "erase": ["backspace"]},
}

# What the interface says for a key name.
_SHOW = {"return": "Enter", "enter": "Enter", "escape": "Esc", "tab": "Tab", "up": "↑",
         "down": "↓", "left": "←", "right": "→", "page up": "PgUp", "page down": "PgDn",
         "backspace": "Backspace", "space": "Space", "[+]": "+", "[-]": "-"}


@dataclass(frozen=True)
class Intent:
    """What the player means: a name, and for typed digits the digit."""

    name: str
    arg: str = ""


@dataclass
class KeyMap:
    """Keys to intents per context. Unknown key names in overrides are ignored."""

    bindings: dict[str, dict[str, list[str]]] = field(default_factory=lambda: {
        ctx: {k: list(v) for k, v in table.items()} for ctx, table in DEFAULTS.items()})

    @classmethod
    def with_overrides(cls, overrides: dict[str, dict[str, list[str]]]) -> KeyMap:
        keymap = cls()
        for ctx, table in overrides.items():
            if ctx not in keymap.bindings:
                continue
            for intent, names in table.items():
                good = [n for n in names if _code(n) is not None]
                if intent in keymap.bindings[ctx] and good:
                    keymap.bindings[ctx][intent] = good
        return keymap

    def intent(self, event: pygame.event.Event, context: str) -> Intent | None:
        """The intent of a key press in `context`, then in "nav"; digits come as "digit"."""
        if event.type != pygame.KEYDOWN:
            return None
        name = pygame.key.name(event.key)
        shift = bool(event.mod & pygame.KMOD_SHIFT)
        if name == "tab" and shift:
            return Intent("prev")
        for ctx in (context, "nav"):
            for intent, names in self.bindings.get(ctx, {}).items():
                if name in names:
                    if intent == "region_next" and shift:
                        return Intent("region_prev")
                    return Intent(intent)
        text = getattr(event, "unicode", "") or ""
        if text.isdigit():
            return Intent("digit", text)
        if text in ("+", "?"):
            return Intent("bigger" if text == "+" else "help")
        return None

    def key(self, intent: str, context: str = "nav") -> str:
        """The first key bound to an intent, as the interface shows it: [C], [Enter]."""
        for ctx in (context, "nav"):
            names = self.bindings.get(ctx, {}).get(intent)
            if names:
                return _SHOW.get(names[0], names[0].upper())
        return "?"


def _code(name: str) -> int | None:
    try:
        return int(pygame.key.key_code(name))
    except (ValueError, pygame.error):
        return None
