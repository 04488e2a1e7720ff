"""Drawing the directive card: what Moscow orders, what it believes beside what the party
sees, and why it chose, each score split into its parts.

Pure drawing (see `game.app.draw`). Every column is measured from its words at the
current text size; what does not fit on a line wraps. `draw_directive` returns
the y below what it drew, so that a card taller than its panel can be drawn on a
taller surface and scrolled (`card_height`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from engine.facts import Candidate, Directive
from game.app import palette as pal
from game.app.draw import bar, panel, paragraph, text, wrap_text
from game.app.spots import Spot, Spots
from game.app.theme import Fonts
from game.i18n import N_, _, number
from game.narrate import (
    CONDITION_LABELS,
    Names,
    card_initiative,
    condition_label,
    forced_by,
    no_directive,
    no_directive_lines,
    reasons,
    revision_lines,
    sent_words,
)

Row = tuple[str, int, bool, pal.Colour, int | None]
# Colours by name: the palette in use is read when drawing, so a switch shows at once.
REASON_PARTS = (("fit_in_picture", N_("fit in its picture"), "SKY"),
                ("line_preference", N_("line preference"), "ORANGE"),
                ("doctrine", N_("doctrine"), "PURPLE"))
INITIATIVE_PART = ("initiative", N_("initiative"), "INK_SOFT")


def _note_box(surface: pygame.Surface, fonts: Fonts, rect: pygame.Rect, lines: Sequence[Row],
              fill: pal.Colour, edge: pal.Colour) -> int:
    """A tinted box with a coloured edge holding wrapped lines; returns the y below it."""
    width = rect.width - 22
    height = 8  # measured first, so that the box is drawn under its text
    for s, points, bold, _colour, max_lines in lines:
        n = len(wrap_text(fonts, s, width, points, bold))
        n = min(n, max_lines) if max_lines else n
        height += n * (fonts.font("sans", points, bold).get_linesize() + 1) + 2
    box = pygame.Rect(rect.x, rect.y, rect.width, height)
    pygame.draw.rect(surface, fill, box)
    pygame.draw.rect(surface, edge, pygame.Rect(box.x, box.y, 5, box.height))
    y = box.y + 4
    for s, points, bold, colour, max_lines in lines:
        y = paragraph(surface, fonts, s, (box.x + 14, y), width, points, colour, bold,
                      max_lines) + 2
    return box.bottom


def _flow_items(surface: pygame.Surface, fonts: Fonts, x0: int, y: int, right: int,
                items: Sequence[tuple[str, pal.Colour, int, bool]], swatch: int) -> int:
    """Swatches with their labels along a line, going on to the next line when full.
    Returns the y below the last line."""
    x = x0
    line_h = max(fonts.font("sans", p, b).get_linesize() for _s, _c, p, b in items)
    for s, colour, points, bold in items:
        w = swatch + fonts.font("sans", points, bold).size(s)[0]
        if x > x0 and x + w > right:
            x, y = x0, y + line_h + 2
        if swatch:
            pygame.draw.rect(surface, colour, (x, y + line_h // 2 - 5, swatch - 4, 10))
        text(surface, fonts, s, (x + swatch, y), points, colour if bold else pal.INK_SOFT, bold)
        x += w + 12
    return y + line_h + 2


def draw_directive(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts,
                   card: Directive, line: str, rigidity: float, names: Names,
                   spots: Spots = None) -> int:
    """What Moscow orders, the initiative it presses for, what a consultation changed;
    what it believes beside what the party sees; why it chose. Returns the y below it.
    Its parts are noted in `spots`: the order, the line, each condition row and the gap."""
    panel(surface, rect)
    keep = surface.get_clip()
    surface.set_clip(rect)
    try:
        return _directive(surface, rect, fonts, card, line, rigidity, names,
                          [] if spots is None else spots)
    finally:
        surface.set_clip(keep)


def _directive(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, card: Directive,
               line: str, rigidity: float, names: Names, spots: list[Spot]) -> int:
    x, y = rect.x + 14, rect.y + 10
    width = rect.width - 28
    if card.action is None and card.founded is None:  # the board's card once the game is over
        return paragraph(surface, fonts, _("No directive: the game is over."), (x, y), width,
                         14)
    if no_directive(card):
        spots.append(Spot(pygame.Rect(x, y, width, fonts.size(19) * 3), "no_directive"))
        y = paragraph(surface, fonts, _("NO DIRECTIVE FROM MOSCOW"), (x, y), width, 11,
                      pal.MOSCOW, True) + 5
        y = paragraph(surface, fonts, _("The party decides alone"), (x, y), width, 19, pal.INK,
                      True, family="serif") + 8
        for s in no_directive_lines(card):
            y = paragraph(surface, fonts, s, (x, y), width, 13) + 8
        return paragraph(surface, fonts, _("It may wait, or act on its own: an action the line "
                                           "allows, or any action. Below the card, each choice "
                                           "with the chance the party reckons for it."),
                         (x, y), width, 13, pal.INK_SOFT) + 8
    top = y
    y = paragraph(surface, fonts, _("DIRECTIVE FROM MOSCOW"), (x, y), width, 11, pal.MOSCOW,
                  True) + 5
    action = card.action or ""
    order = f"{names.action(action)} — {names.place(action, card.region)}"
    y = paragraph(surface, fonts, order, (x, y), width, 19, pal.INK, True, family="serif") + 3
    spots.append(Spot(pygame.Rect(x, top, width, y - top), "directive", order))
    top = y
    sent = sent_words(card, names)
    y = paragraph(surface, fonts, _("sent {sent}   arrived {arrived}   line: {line} (rigidity "
                                    "{rigidity:.2f})").format(sent=sent, arrived=card.arrived,
                                                              line=line, rigidity=rigidity),
                  (x, y), width, 12, pal.INK_SOFT) + 2
    spots.append(Spot(pygame.Rect(x, top, width, y - top), "line",
                      _("Now: {line}, rigidity {rigidity:.2f}; sent {sent}, arrived "
                        "{arrived}").format(line=line, rigidity=rigidity, sent=sent,
                                            arrived=card.arrived)))
    envoy = forced_by(card, names)
    if envoy:
        top = y
        y = paragraph(surface, fonts, _("The envoy {envoy} is here: the party must "
                                        "comply.").format(envoy=envoy),
                      (x, y), width, 12, pal.BAD, True) + 2
        spots.append(Spot(pygame.Rect(x, top, width, y - top), "envoy", envoy))
    initiative = card_initiative(card, names)
    if initiative:
        rows: list[Row] = [(initiative[0], 14, True, pal.INK, None),
                           (initiative[1], 12, False, pal.INK, None)]
        rows += [(s, 12, True, pal.MOSCOW, None) for s in initiative[2:]]
        top = y + 4
        y = _note_box(surface, fonts, pygame.Rect(x - 4, y + 4, width + 8, 0), rows,
                      pal.mix(pal.CARD, pal.YELLOW, 0.45), pal.MOSCOW) + 2
        spots.append(Spot(pygame.Rect(x - 4, top, width + 8, y - top), "initiative"))
    revision = revision_lines(card, names)
    if revision:
        rows = [(revision[0], 12, True, pal.INK, None)]
        rows += [(s, 12, False, pal.INK, None) for s in revision[1:]]
        y = _note_box(surface, fonts, pygame.Rect(x - 4, y + 4, width + 8, 0), rows,
                      pal.mix(pal.CARD, pal.SKY, 0.25), pal.PARTY) + 2
    y = _comparison(surface, fonts, card, names, x, y + 6, width, rect.bottom, spots)
    top = y + 8
    y = _reasons(surface, pygame.Rect(x, y + 8, width, 0), fonts, reasons(card), names)
    spots.append(Spot(pygame.Rect(x, top, width, y - top), "reasons"))
    return y


def _comparison(surface: pygame.Surface, fonts: Fonts, card: Directive, names: Names,
                x: int, y: int, width: int, bottom: int, spots: list[Spot]) -> int:
    """Each condition as Moscow believes it and as the party sees it, with the gap."""
    region_name = names.region(card.region or next(iter(names.regions), ""))
    where = (_("In {region}:") if card.region else
             _("In {region} (a national action):")).format(region=region_name)
    y = paragraph(surface, fonts, where, (x, y), width, 13, pal.INK, True)
    top = y
    y = _flow_items(surface, fonts, x, y, x + width,
                    [(_("Moscow believes"), pal.MOSCOW, 12, True),
                     (_("the party sees"), pal.PARTY, 12, True),
                     (_("yellow rows: gap ≥ 0.10"), pal.INK_SOFT, 11, False)], 16) + 4
    spots.append(Spot(pygame.Rect(x, top, width, y - top), "gap"))
    believed, seen_now = card.moscow_believes, card.party_sees
    assert believed is not None and seen_now is not None
    rows_c = [(condition_label(c), float(getattr(believed, c)), float(getattr(seen_now, c)))
              for c in CONDITION_LABELS]
    rows_c.append((_("fit of the order"), card.fit_moscow_believes or 0.0,
                   card.fit_party_sees or 0.0))
    terms = [*CONDITION_LABELS, "fit"]
    label_w = max(fonts.font("sans", 12, k == len(rows_c) - 1).size(label)[0]
                  for k, (label, _m, _s) in enumerate(rows_c)) + 12
    num = fonts.font("sans", 11, True)
    gap_w = fonts.font("sans", 12, True).size(_("gap {gap:+.2f}").format(gap=0.0) + "  !")[0] + 6
    small = fonts.size(11)
    full_h = max(22, small * 2 + 2)
    reasons_h = (len(reasons(card)) + 3) * (fonts.font("sans", 12, True).get_linesize() + 4)
    room = (bottom - y - 16 - reasons_h) // len(rows_c) - 2
    row_h = max(min(full_h, room), small + 4)
    two_lines = row_h >= small * 2 + 2
    num_w = num.size("0.00")[0] + 4 if two_lines else num.size("0.00 0.00")[0] + 6
    lx = x + label_w
    bar_w = max(width - label_w - num_w - gap_w - 10, 30)
    for k, (label, moscow, seen) in enumerate(rows_c):
        gap = seen - moscow
        big = abs(gap) >= 0.1
        if big:
            pygame.draw.rect(surface, pal.mix(pal.CARD, pal.YELLOW, 0.55),
                             pygame.Rect(x - 4, y - 1, width + 8, row_h))
        if k == len(rows_c) - 1:
            pygame.draw.line(surface, pal.RULE, (x, y - 3), (x + width, y - 3))
        text(surface, fonts, label, (x, y + row_h // 2), 12, pal.INK, k == len(rows_c) - 1,
             anchor="midleft")
        half = (row_h - 4) // 2
        bar(surface, pygame.Rect(lx, y + 1, bar_w, half), moscow, pal.MOSCOW)
        bar(surface, pygame.Rect(lx, y + 2 + half, bar_w, half), seen, pal.PARTY)
        a, b = lx + round(bar_w * min(max(moscow, 0), 1)), lx + round(bar_w * min(max(seen, 0), 1))
        if abs(a - b) >= 2:  # the gap itself: a bracket between the two bar ends
            pygame.draw.line(surface, pal.INK, (min(a, b), y + row_h - 2),
                             (max(a, b), y + row_h - 2), 2)
        nx = lx + bar_w + 6
        if two_lines:
            text(surface, fonts, number(moscow, ".2f"), (nx, y + 1), 11, pal.MOSCOW, True)
            text(surface, fonts, number(seen, ".2f"), (nx, y + 2 + half), 11, pal.PARTY, True)
        else:
            m = text(surface, fonts, number(moscow, ".2f"), (nx, y + row_h // 2), 11, pal.MOSCOW,
                     True, anchor="midleft")
            text(surface, fonts, number(seen, ".2f"), (m.right + 4, y + row_h // 2), 11, pal.PARTY,
                 True, anchor="midleft")
        gap_words = _("gap {gap:+.2f}").format(gap=gap)
        gap_at = text(surface, fonts, gap_words + ("  !" if big else ""),
                      (nx + num_w, y + row_h // 2), 12, pal.INK, big, anchor="midleft")
        words = _("{condition}: Moscow believes {moscow:.2f}, the party sees {seen:.2f}").format(
            condition=label, moscow=moscow, seen=seen)
        spots.append(Spot(pygame.Rect(x, y, gap_at.x - x, row_h), terms[k], words))
        spots.append(Spot(pygame.Rect(gap_at.x, y, x + width - gap_at.x, row_h), "gap",
                          f"{label}: {gap_words}"))
        y += row_h + 2
    return y


def _reasons(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts,
             candidates: Sequence[Candidate], names: Names) -> int:
    """The Centre's candidates, each score split into its parts; returns the y below."""
    x, y, width = rect.x, rect.y, rect.width
    named = (*REASON_PARTS, INITIATIVE_PART) if any(
        c.initiative > 0 for c in candidates) else REASON_PARTS
    parts = [(key, _(label), getattr(pal, colour)) for key, label, colour in named]
    y = paragraph(surface, fonts, _("Why Moscow chose it: its candidates, score ="), (x, y),
                  width, 12, pal.INK, True)
    y = _flow_items(surface, fonts, x + 12, y, x + width,
                    [(label, colour, 11, False) for _k, label, colour in parts], 14) + 2
    if not candidates:
        return y
    top = max(max(max(c.score, sum(max(float(getattr(c, k)), 0.0) for k, _l, _c in parts))
                  for c in candidates), 0.01)
    score_w = fonts.font("sans", 12, True).size("0.00")[0] + 8
    widest = max(fonts.font("sans", 12, True).size(
        f"{k + 1}. {names.action(c.action)} — "
        + (names.region(c.region) if c.region else _("whole party")))[0]
        for k, c in enumerate(candidates)) + 12
    name_w = min(max(min(widest, width * 11 // 20), 120), width - score_w - 40)
    scale_w = max(width - name_w - score_w, 20)
    line_h = fonts.font("sans", 12, True).get_linesize() + 1
    for k, cand in enumerate(candidates):
        place = names.region(cand.region) if cand.region else _("whole party")
        label = f"{k + 1}. {names.action(cand.action)} — {place}"
        n = len(wrap_text(fonts, label, name_w - 8, 12, k == 0))
        paragraph(surface, fonts, label, (x, y), name_w - 8, 12, pal.INK, k == 0)
        bx = x + name_w
        for key, _label, colour in parts:
            w = round(scale_w * max(float(getattr(cand, key)), 0.0) / top)
            if w:
                pygame.draw.rect(surface, colour, (bx, y + 2, w, line_h - 5))
                bx += w
        text(surface, fonts, number(cand.score, ".2f"), (bx + 6, y), 12, pal.INK, k == 0)
        y += max(n, 1) * line_h + 3
    return y


def card_height(fonts: Fonts, width: int, card: Directive, line: str, rigidity: float,
                names: Names) -> int:
    """The height the card needs at `width` with its comparison rows at full height."""
    scratch = pygame.Surface((max(width, 1), 4000))
    rect = pygame.Rect(0, 0, width, 4000)
    with fonts.measuring():
        return draw_directive(scratch, rect, fonts, card, line, rigidity, names) + 10


def card_fits(fonts: Fonts, rect: pygame.Rect, card: Directive, line: str,
              rigidity: float, names: Names) -> bool:
    """Whether the card fits `rect` whole, its comparison rows shrunk to the room left."""
    scratch = pygame.Surface(rect.size)
    with fonts.measuring():
        return draw_directive(scratch, scratch.get_rect(), fonts, card, line, rigidity,
                              names) <= rect.height
