"""Colours: two palettes as data, and the one in use as this module's names.

Okabe-Ito is the default, safe for the common colour-vision deficiencies;
the high-contrast palette keeps its hues, darkened until every colour that
carries text or a line has at least 4.5:1 contrast with the page, on a
white page in black ink. Meaning never rests on colour alone: every bar and
marker also carries a word or a number.

Every drawing function reads its colours as `pal.INK`, `pal.MOSCOW`, ... when
it draws. `use` rebinds those names to another palette, so a switch reaches
every drawing without a palette being passed through each call: the window
(`App.apply_settings`) calls it, then rebuilds its scenes and the
pygame_gui theme. Apart from that one switch the module is pure.
"""

from __future__ import annotations

from game.i18n import N_

Colour = tuple[int, int, int]

# Okabe & Ito (2008), "Color Universal Design", on paper with ink.
OKABE_ITO: dict[str, Colour] = {
    "BLACK": (0, 0, 0), "ORANGE": (230, 159, 0), "SKY": (86, 180, 233),
    "GREEN": (0, 158, 115), "YELLOW": (240, 228, 66), "BLUE": (0, 114, 178),
    "VERMILLION": (213, 94, 0), "PURPLE": (204, 121, 167),
    # the page: paper and ink, quiet and legible
    "PAPER": (242, 238, 227), "PAPER_DARK": (228, 222, 206), "CARD": (250, 248, 242),
    "INK": (34, 31, 28), "INK_SOFT": (96, 90, 82), "RULE": (176, 168, 152),
    "MAP_LOW": (236, 232, 220),  # the light end of the influence ramp on the map
}

# The same hues darkened (WCAG 2.1: 4.5:1 for text against PAPER and CARD), black
# ink on white, grey rules dark enough to see (checked in tests/ui/test_settings.py).
HIGH_CONTRAST: dict[str, Colour] = {
    "BLACK": (0, 0, 0), "ORANGE": (158, 88, 0), "SKY": (0, 110, 175),
    "GREEN": (0, 112, 76), "YELLOW": (255, 215, 0), "BLUE": (0, 68, 136),
    "VERMILLION": (180, 50, 0), "PURPLE": (140, 45, 110),
    "PAPER": (255, 255, 255), "PAPER_DARK": (214, 214, 214), "CARD": (255, 255, 255),
    "INK": (0, 0, 0), "INK_SOFT": (55, 55, 55), "RULE": (80, 80, 80),
    "MAP_LOW": (250, 250, 250),
}

PALETTES: dict[str, dict[str, Colour]] = {"okabe-ito": OKABE_ITO,
                                          "high-contrast": HIGH_CONTRAST}
# (marked for the catalogue; the settings translate them where they are shown)
LABELS = {"okabe-ito": N_("Okabe-Ito (colour-blind safe)"), "high-contrast": N_("High contrast")}
DEFAULT = "okabe-ito"

# The palette in use (see `use`).
BLACK: Colour = OKABE_ITO["BLACK"]
ORANGE: Colour = OKABE_ITO["ORANGE"]
SKY: Colour = OKABE_ITO["SKY"]
GREEN: Colour = OKABE_ITO["GREEN"]
YELLOW: Colour = OKABE_ITO["YELLOW"]
BLUE: Colour = OKABE_ITO["BLUE"]
VERMILLION: Colour = OKABE_ITO["VERMILLION"]
PURPLE: Colour = OKABE_ITO["PURPLE"]
PAPER: Colour = OKABE_ITO["PAPER"]
PAPER_DARK: Colour = OKABE_ITO["PAPER_DARK"]
CARD: Colour = OKABE_ITO["CARD"]
INK: Colour = OKABE_ITO["INK"]
INK_SOFT: Colour = OKABE_ITO["INK_SOFT"]
RULE: Colour = OKABE_ITO["RULE"]
MAP_LOW: Colour = OKABE_ITO["MAP_LOW"]
HIGHLIGHT: Colour = YELLOW

# What each colour means in the game.
MOSCOW: Colour = VERMILLION  # what Moscow believes
PARTY: Colour = BLUE  # what the party sees
GOOD: Colour = GREEN
BAD: Colour = VERMILLION
RIGHT: Colour = PURPLE  # the right
ALLY: Colour = GREEN  # the possible ally
REPRESSION: Colour = INK

# Each meaning and the colour it takes from the palette.
_MEANINGS = {"HIGHLIGHT": "YELLOW", "MOSCOW": "VERMILLION", "PARTY": "BLUE", "GOOD": "GREEN",
             "BAD": "VERMILLION", "RIGHT": "PURPLE", "ALLY": "GREEN", "REPRESSION": "INK"}
_in_use = [DEFAULT]


def use(name: str) -> str:
    """Make palette `name` the one drawn (an unknown name: the default). Returns its name."""
    if name not in PALETTES:
        name = DEFAULT
    colours = PALETTES[name]
    globals().update(colours)
    globals().update({meaning: colours[base] for meaning, base in _MEANINGS.items()})
    _in_use[0] = name
    return name


def in_use() -> str:
    return _in_use[0]


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """`a` blended toward `b` by t in 0..1."""
    t = min(max(t, 0.0), 1.0)
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def influence_shade(influence: float) -> Colour:
    """A one-hue lightness ramp (paper to blue) for the party's influence in a region."""
    return mix(MAP_LOW, BLUE, 0.1 + 0.85 * min(max(influence, 0.0), 1.0) ** 0.7)


def ink_on(background: Colour) -> Colour:
    """Dark or light text, whichever reads better on `background`."""
    r, g, b = background
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 140 else CARD


def contrast(a: Colour, b: Colour) -> float:
    """The WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    def lum(c: Colour) -> float:
        lin = [v / 3294.6 if v <= 10 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def hex_of(colour: Colour, alpha: int | None = None) -> str:
    text = "#{:02X}{:02X}{:02X}".format(*colour)
    return text if alpha is None else text + f"{alpha:02X}"
