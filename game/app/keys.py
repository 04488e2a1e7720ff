"""Named intents and the keys bound to them; bindings can be changed in the settings.

Pure apart from reading pygame key constants. A scene never looks at a key
code: it asks the key map for the intent of an event in its context, and
shows the key bound to each intent beside the action it triggers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.i18n import N_, _

# Contexts: "nav" applies everywhere; a scene's own context is looked up first.
DEFAULTS: dict[str, dict[str, list[str]]] = {
    "nav": {
        "up": ["up"], "down": ["down"], "left": ["left"], "right": ["right"],
        "next": ["tab"], "confirm": ["return", "enter"], "back": ["escape"],
        "page_up": ["page up"], "page_down": ["page down"],
        "bigger": ["=", "+", "[+]"], "smaller": ["-", "[-]"], "explain": ["i"],
    },
    "board": {
        "comply": ["c"], "adapt": ["a"], "consult": ["k"], "stall": ["s"], "defy": ["d"],
        "why": ["w"], "history": ["h"], "log": ["l"], "even": ["e"], "default_plan": ["x"],
        "weight_up": ["right", "]"], "weight_down": ["left", "["],
        "region_next": ["down", "tab"], "region_prev": ["up"], "menu": ["escape"],
        "help": ["f1", "/"], "response_next": ["."], "response_prev": [","],
        "choose": ["space"], "tab_next": ["v"], "explain": ["i"], "reload": ["f5"],
    },
    "guide": {"guide_next": ["return", "enter", "right"], "guide_back": ["left", "backspace"],
              "guide_skip": ["escape"]},
    "choose": {"new_seed": ["n"], "rigidity_up": ["right"], "rigidity_down": ["left"],
               "erase": ["backspace"]},
}

# What the settings call each context and each intent, in the order shown there.
CONTEXT_LABELS = {"board": N_("On the board"), "guide": N_("The guided first turn"),
                  "nav": N_("Moving around (every screen)"), "choose": N_("Choosing a scenario")}
LABELS: dict[str, dict[str, str]] = {
    "board": {
        "comply": N_("Comply with the directive"),
        "adapt": N_("Adapt: another action instead"),
        "consult": N_("Consult: report and ask to reconsider"),
        "stall": N_("Stall"),
        "defy": N_("Defy the directive"),
        "response_next": N_("Next response"),
        "response_prev": N_("Previous response"),
        "choose": N_("Choose the highlighted response"),
        "region_next": N_("Next region"),
        "region_prev": N_("Previous region"),
        "weight_up": N_("More cadres to the region"),
        "weight_down": N_("Fewer cadres to the region"),
        "even": N_("Spread the cadres evenly"),
        "default_plan": N_("Back to the default cadre plan"),
        "why": N_("Why? (the last turn explained)"),
        "history": N_("History and sources"),
        "log": N_("The turn log"),
        "help": N_("Help: the keys"),
        "menu": N_("Menu: save, settings, quit"),
        "tab_next": N_("Next panel (on a small window)"),
        "explain": N_("Explain the next part of the board (with Shift: the one before)"),
        "reload": N_("Reload the scenario's file and replay the game on it (for modders)"),
    },
    "guide": {
        "guide_next": N_("Next step"),
        "guide_back": N_("The step before"),
        "guide_skip": N_("Skip the guide"),
    },
    "nav": {
        "up": N_("Up: the item above"),
        "down": N_("Down: the item below"),
        "left": N_("Left: less"),
        "right": N_("Right: more"),
        "next": N_("Next item"),
        "confirm": N_("Confirm, send"),
        "back": N_("Back, close"),
        "page_up": N_("Scroll up a page"),
        "page_down": N_("Scroll down a page"),
        "bigger": N_("Larger text"),
        "smaller": N_("Smaller text"),
        "explain": N_("Explain the next part of the screen (with Shift: the one before)"),
    },
    "choose": {
        "new_seed": N_("A new random seed"),
        "rigidity_up": N_("A more rigid Centre"),
        "rigidity_down": N_("A less rigid Centre"),
        "erase": N_("Erase the last digit of the seed"),
    },
}
# Intents whose key with Shift means the way back.
SHIFTED = {"region_next": "region_prev", "explain": "explain_prev"}
# Keys that cannot be bound: modifiers alone (Shift+Tab and Shift+region keys go back).
UNBINDABLE = {"left shift", "right shift", "left ctrl", "right ctrl", "left alt", "right alt",
              "left meta", "right meta", "left gui", "right gui", "caps lock", "num lock",
              "mode", "unknown key", ""}

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
                    if intent in SHIFTED and shift:
                        return Intent(SHIFTED[intent])
                    return Intent(intent)
        text = getattr(event, "unicode", "") or ""
        if text.isdigit():
            return Intent("digit", text)
        if text in ("+", "?"):
            return Intent("bigger" if text == "+" else "help")
        return None

    def conflict(self, context: str, intent: str, name: str) -> str | None:
        """The other intent of `context` that key `name` is bound to, if any."""
        for other, names in self.bindings.get(context, {}).items():
            if other != intent and name in names:
                return other
        return None

    def keys(self, intent: str, context: str) -> str:
        """Every key bound to an intent in its own context, as the interface shows them."""
        shown = [show(n) for n in self.bindings.get(context, {}).get(intent, [])]
        return ", ".join(dict.fromkeys(shown))  # Enter and keypad Enter: once

    def size_keys(self) -> str:
        """The text-size keys as a hint names them: "+/−" while they are the default ones,
        else the keys bound now."""
        nav = self.bindings.get("nav", {})
        if nav.get("bigger") == DEFAULTS["nav"]["bigger"] and \
                nav.get("smaller") == DEFAULTS["nav"]["smaller"]:
            return "+/−"
        return f"{self.key('bigger')}/{self.key('smaller')}"

    def arrows(self, context: str = "nav") -> str:
        """The up and down keys as a hint names them: ↑↓ by default."""
        up, down = self.key("up", context), self.key("down", context)
        return f"{up}{down}" if (up, down) == ("↑", "↓") else f"{up}/{down}"

    def key(self, intent: str, context: str = "nav") -> str:
        """The first key bound to an intent, as the interface shows it: [C], [Enter]."""
        for ctx in (context, "nav"):
            names = self.bindings.get(ctx, {}).get(intent)
            if names:
                return show(names[0])
        return "?"


def label(ctx: str, intent: str) -> str:
    """What the settings and the tips call an action, in the current language."""
    text = LABELS.get(ctx, {}).get(intent)
    return _(text) if text else intent


def show(name: str) -> str:
    """A key name as the interface shows it: "return" is Enter, "c" is C."""
    return _SHOW.get(name, name.upper())


def rebind(overrides: dict[str, dict[str, list[str]]], context: str, intent: str,
           name: str) -> dict[str, dict[str, list[str]]]:
    """`overrides` (as kept in the settings) with `intent` in `context` bound to key `name`
    alone; an override equal to the default is dropped, so a reset key leaves no trace."""
    new = {ctx: {i: list(v) for i, v in table.items()} for ctx, table in overrides.items()}
    table = new.setdefault(context, {})
    if DEFAULTS.get(context, {}).get(intent) == [name]:
        table.pop(intent, None)
    else:
        table[intent] = [name]
    return {ctx: t for ctx, t in new.items() if t}


def bindable(name: str) -> bool:
    return name not in UNBINDABLE and _code(name) is not None


def _code(name: str) -> int | None:
    try:
        return int(pygame.key.key_code(name))
    except (ValueError, pygame.error):
        return None
