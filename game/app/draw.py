"""Drawing primitives, the gauges and the why? bars (the map: `draw_map`; the card: `draw_card`).

Pure drawing: every function takes a view model (plain data), a surface and
a rectangle, and draws; none reads the engine or keeps state. Labels are
single lines rendered through `Fonts`; paragraphs live in pygame_gui boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.app import palette as pal
from game.app.spots import Spot, Spots
from game.app.theme import Fonts
from game.i18n import N_, _, number
from game.narrate import part_word

# How a gauge of each kind writes its value (and, with a sign, its change).
SPECS = {"count": ",.0f", "money": ".1f"}
GAUGES = (("members", N_("Members"), "count"), ("cadres", N_("Cadres"), "count"),
          ("funds", N_("Funds"), "money"), ("unity", N_("Unity"), "share"),
          ("trust", N_("Moscow's trust"), "share"), ("security", N_("Security"), "share"))


def text(surface: pygame.Surface, fonts: Fonts, s: str, pos: tuple[int, int], points: int = 14,
         colour: pal.Colour | None = None, bold: bool = False, family: str = "sans",
         anchor: str = "topleft") -> pygame.Rect:
    img = fonts.render(s, points, colour or pal.INK, bold, family)
    rect = img.get_rect(**{anchor: pos})
    surface.blit(img, rect)
    if fonts.ink is not None:
        fonts.ink.append((s, rect.copy(), surface.get_clip(), surface.get_size()))
    return rect


def bar(surface: pygame.Surface, rect: pygame.Rect, value: float, colour: pal.Colour,
        back: pal.Colour | None = None) -> None:
    """A horizontal bar for a 0..1 value, with a thin ink frame."""
    pygame.draw.rect(surface, back or pal.PAPER_DARK, rect)
    fill = rect.copy()
    fill.width = round(rect.width * min(max(value, 0.0), 1.0))
    if fill.width:
        pygame.draw.rect(surface, colour, fill)
    pygame.draw.rect(surface, pal.RULE, rect, 1)


def panel(surface: pygame.Surface, rect: pygame.Rect, fill: pal.Colour | None = None) -> None:
    pygame.draw.rect(surface, fill or pal.CARD, rect)
    pygame.draw.rect(surface, pal.RULE, rect, 1)


# -- the gauges ----------------------------------------------------------
def _gauge_cols(fonts: Fonts, width: int) -> int:
    """Three gauges a row where their widest label and figure fit, else two, else one."""
    need = max(max(fonts.font("sans", 12).size(_(label))[0] for _k, label, _w in GAUGES),
               fonts.font("sans", 17, True).size("000,000")[0]
               + fonts.font("sans", 12).size(" +00,000")[0]) + 20
    return next((c for c in (3, 2) if width // c >= need), 1)


def gauges_height(fonts: Fonts, width: int) -> int:
    """The height the six gauges need at `width`."""
    rows = -(-len(GAUGES) // _gauge_cols(fonts, width))
    cell = (fonts.font("sans", 12).get_linesize() + fonts.font("sans", 17, True).get_linesize()
            + 16)
    return rows * cell


def draw_gauges(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts,
                party: dict[str, float], before: dict[str, float] | None,
                spots: Spots = None) -> None:
    """Members, cadres, funds (numbers with the last turn's change), unity, trust, security;
    three, two or one to a row, as the width allows. Each cell is a spot of its quantity."""
    panel(surface, rect)
    keep = surface.get_clip()
    surface.set_clip(rect)
    cols = _gauge_cols(fonts, rect.width)
    rows = -(-len(GAUGES) // cols)
    w, h = rect.width // cols, rect.height // rows
    label_h = fonts.font("sans", 12).get_linesize()
    for k, (key, name, kind) in enumerate(GAUGES):
        label = _(name)
        cell = pygame.Rect(rect.x + (k % cols) * w, rect.y + (k // cols) * h, w, h)
        value = party.get(key, 0.0)
        text(surface, fonts, label, (cell.x + 10, cell.y + 4), 12, pal.INK_SOFT)
        shown = number(value, SPECS.get(kind, ".2f"))
        vr = text(surface, fonts, shown, (cell.x + 10, cell.y + 4 + label_h), 17, pal.INK, True)
        if spots is not None:
            spots.append(Spot(cell.clip(rect), key, f"{label}: {shown}"))
        if before is not None and key in before:
            delta = value - before[key]
            if abs(delta) > 1e-9:
                fmt = number(delta, "+" + SPECS.get(kind, ".2f"))
                text(surface, fonts, fmt, (vr.right + 6, vr.bottom - 2), 12,
                     pal.GOOD if delta > 0 else pal.BAD, anchor="bottomleft")
        if kind == "share":
            bar(surface, pygame.Rect(cell.x + 10, vr.bottom + 2, max(cell.width - 24, 10), 6),
                value, pal.PARTY)
    surface.set_clip(keep)


# -- the directive card ----------------------------------------------------
def wrap_text(fonts: Fonts, s: str, width: int, points: int = 12, bold: bool = False,
              family: str = "sans") -> list[str]:
    """`s` broken into lines that fit `width` pixels (a word longer than the width stays whole)."""
    font = fonts.font(family, points, bold)
    lines: list[str] = []
    current = ""
    for word in s.split():
        trial = f"{current} {word}" if current else word
        if current and font.size(trial)[0] > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def paragraph(surface: pygame.Surface, fonts: Fonts, s: str, at: tuple[int, int], width: int,
              points: int = 12, colour: pal.Colour | None = None, bold: bool = False,
              max_lines: int | None = None, family: str = "sans") -> int:
    """Draw `s` wrapped to `width`; returns the y below it. Past `max_lines` the last line
    ends on a whole word and an ellipsis."""
    x, y = at
    lines = wrap_text(fonts, s, width, points, bold, family)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        font = fonts.font(family, points, bold)
        words = lines[-1].split()
        while len(words) > 1 and font.size(" ".join(words) + " …")[0] > width:
            words.pop()
        lines[-1] = " ".join(words) + " …"
    step = fonts.font(family, points, bold).get_linesize() + 1
    for line in lines:
        text(surface, fonts, line, (x, y), points, colour, bold, family)
        y += step
    return y


# -- the why? bars ---------------------------------------------------------
# The glossary id of each named part of a chance (`engine.game.CONTRIBUTIONS`).
CONTRIBUTION_TERMS = {"fit to conditions": "fit", "cadres at work": "effort",
                      "organisation": "organisation", "unity": "unity",
                      "difficulty": "difficulty", "base": "base"}


def draw_contributions(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts,
                       contributions: dict[str, float], chance: float, roll: float,
                       success: bool, spots: Spots = None) -> None:
    """Each named contribution to the success logit as a bar left or right of zero; the
    columns are measured from their words and the rows share the room left. The heading,
    each row, the chance and the roll are spots of their terms."""
    panel(surface, rect)
    keep = surface.get_clip()
    surface.set_clip(rect)
    x, width = rect.x + 12, rect.width - 24
    note = spots.append if spots is not None else (lambda _spot: None)
    top_y = rect.y + 10
    y = paragraph(surface, fonts, _("In numbers (points on the odds scale)"), (x, top_y),
                  width, 13, pal.INK, True) + 8
    note(Spot(pygame.Rect(x, top_y, width, y - 8 - top_y), "odds_points"))
    font = fonts.font("sans", 12)
    name_w = max([font.size(part_word(n))[0] for n in contributions] + [40]) + 12
    value_w = font.size("+00.00")[0] + 8
    axis_w = max(width - name_w - value_w, 40)
    zero = x + name_w + axis_w // 2
    top = max([abs(v) for v in contributions.values()] + [1.0])
    rolled = (_("roll {roll:.2f} < chance: success") if success else
              _("roll {roll:.2f} ≥ chance: failure")).format(roll=roll)
    summed = _("sum {total:+.2f}  →  chance {chance:.0f}%").format(
        total=sum(contributions.values()), chance=100 * chance)
    tail = (len(wrap_text(fonts, summed, width, 13, True))  # German's may take two lines
            * (fonts.font("sans", 13, True).get_linesize() + 1) + 14 + 14 + 6
            + len(wrap_text(fonts, rolled, width, 12, True))
            * (fonts.font("sans", 12, True).get_linesize() + 1) + 12)
    room = (rect.bottom - 8 - tail - y) // max(len(contributions), 1)
    row_h = max(min(max(20, font.get_linesize() + 4), room), font.get_linesize())
    pygame.draw.line(surface, pal.INK_SOFT, (zero, y - 2),
                     (zero, y + row_h * len(contributions) + 2))
    total = 0.0
    for name, v in contributions.items():
        total += v
        text(surface, fonts, part_word(name), (x, y + row_h // 2), 12, pal.INK,
             anchor="midleft")
        w = round(abs(v) / top * (axis_w // 2 - 4))
        box = pygame.Rect(zero if v >= 0 else zero - w, y + 3, w, max(row_h - 6, 2))
        if w:
            pygame.draw.rect(surface, pal.GOOD if v >= 0 else pal.BAD, box)
        text(surface, fonts, number(v, "+.2f"), (x + name_w + axis_w + 8, y + row_h // 2), 12,
             pal.INK, anchor="midleft")
        word = part_word(name)
        note(Spot(pygame.Rect(x, y, width, row_h).clip(rect),
                  CONTRIBUTION_TERMS.get(name, name.replace(" ", "_")),
                  _("{part}: {points:+.2f} points.").format(part=word[:1].upper() + word[1:],
                                                            points=v)))
        y += row_h
    y += 6
    pygame.draw.line(surface, pal.RULE, (x, y), (rect.right - 12, y))
    sum_y = y + 6
    y = paragraph(surface, fonts, summed, (x, sum_y), width, 13, pal.INK, True) + 6
    # chance and roll on one 0..1 scale
    scale = pygame.Rect(x, y, width, 14)
    bar(surface, scale, chance, pal.GOOD)
    rx = scale.x + round(scale.width * min(max(roll, 0.0), 1.0))
    pygame.draw.line(surface, pal.INK, (rx, scale.y - 4), (rx, scale.bottom + 4), 3)
    note(Spot(pygame.Rect(x, sum_y, width, scale.bottom - sum_y).clip(rect), "true_chance",
              _("The parts add up to {total:+.2f} points: a chance of {chance:.0f}%.").format(
                  total=total, chance=100 * chance)))
    low = paragraph(surface, fonts, rolled, (x, scale.bottom + 6), width, 12, pal.INK, True)
    note(Spot(pygame.Rect(x, scale.bottom + 1, width, low - scale.bottom - 1).clip(rect),
              "roll", (_("The roll was {roll:.2f}: success.") if success else
                       _("The roll was {roll:.2f}: failure.")).format(roll=roll)))
    surface.set_clip(keep)


def centred(surface: pygame.Surface | None, fonts: Fonts, s: str, centre_x: int, y: int,
            width: int, points: int = 12, colour: pal.Colour | None = None, bold: bool = False,
            family: str = "sans") -> int:
    """`s` wrapped to `width` and centred on `centre_x`; returns the y below it. With no
    surface it only measures."""
    step = fonts.font(family, points, bold).get_linesize() + 1
    for line in wrap_text(fonts, s, width, points, bold, family) if s else []:
        if surface is not None:
            text(surface, fonts, line, (centre_x, y), points, colour, bold, family, "midtop")
        y += step
    return y


def draw_series(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, label: str,
                values: Sequence[float], marks: Sequence[int], colour: pal.Colour,
                low: float | None = None, high: float | None = None) -> None:
    """A small chart of one figure over the game: its line, the turns that mattered as ticks
    under it, its label and its last value above."""
    panel(surface, rect, pal.CARD)
    head = fonts.font("sans", 11, True).get_linesize() + 4
    text(surface, fonts, label, (rect.x + 6, rect.y + 3), 11, pal.INK, True)
    if values:
        last = values[-1]
        shown = number(last, ",.0f" if abs(last) >= 100 else ".2f")
        text(surface, fonts, shown, (rect.right - 6, rect.y + 3), 11, colour, True,
             anchor="topright")
    plot = pygame.Rect(rect.x + 6, rect.y + head, rect.width - 12, rect.height - head - 8)
    if len(values) < 2 or plot.width < 4 or plot.height < 4:
        return
    lo = min(values) if low is None else low
    hi = max(values) if high is None else high
    span = (hi - lo) or 1.0
    n = len(values)

    def x_of(k: int) -> int:
        return plot.x + round(k * (plot.width - 1) / (n - 1))

    for k in marks:  # the turns that mattered, as ticks under the line
        if 0 <= k < n:
            pygame.draw.line(surface, pal.INK_SOFT, (x_of(k), plot.bottom + 1),
                             (x_of(k), plot.bottom + 6), 2)
    points = [(x_of(k), plot.bottom - round((min(max(v, lo), hi) - lo) / span
                                            * (plot.height - 1))) for k, v in enumerate(values)]
    pygame.draw.lines(surface, colour, False, points, 2)
