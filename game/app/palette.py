"""Colours: the Okabe-Ito palette, safe for the common colour-vision deficiencies.

Pure data and two small helpers. Meaning never rests on colour alone: every
bar and marker also carries a word or a number.
"""

from __future__ import annotations

Colour = tuple[int, int, int]

# Okabe & Ito (2008), "Color Universal Design".
BLACK: Colour = (0, 0, 0)
ORANGE: Colour = (230, 159, 0)
SKY: Colour = (86, 180, 233)
GREEN: Colour = (0, 158, 115)
YELLOW: Colour = (240, 228, 66)
BLUE: Colour = (0, 114, 178)
VERMILLION: Colour = (213, 94, 0)
PURPLE: Colour = (204, 121, 167)

# The page: paper and ink, quiet and legible.
PAPER: Colour = (242, 238, 227)
PAPER_DARK: Colour = (228, 222, 206)
CARD: Colour = (250, 248, 242)
INK: Colour = (34, 31, 28)
INK_SOFT: Colour = (96, 90, 82)
RULE: Colour = (176, 168, 152)
HIGHLIGHT: Colour = YELLOW

# What each colour means in the game.
MOSCOW: Colour = VERMILLION  # what Moscow believes
PARTY: Colour = BLUE  # what the party sees
GOOD: Colour = GREEN
BAD: Colour = VERMILLION
RIGHT: Colour = PURPLE  # the right
ALLY: Colour = GREEN  # the possible ally
REPRESSION: Colour = INK


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """`a` blended toward `b` by t in 0..1."""
    t = min(max(t, 0.0), 1.0)
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def influence_shade(influence: float) -> Colour:
    """A one-hue lightness ramp (paper to blue) for the party's influence in a region."""
    return mix((236, 232, 220), BLUE, 0.1 + 0.85 * min(max(influence, 0.0), 1.0) ** 0.7)


def ink_on(background: Colour) -> Colour:
    """Dark or light text, whichever reads better on `background`."""
    r, g, b = background
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 140 else CARD


def hex_of(colour: Colour, alpha: int | None = None) -> str:
    text = "#{:02X}{:02X}{:02X}".format(*colour)
    return text if alpha is None else text + f"{alpha:02X}"
