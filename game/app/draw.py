"""Drawing the board: the map, the gauges, the directive card, the why? bars.

Pure drawing: every function takes a view model (plain data), a surface and
a rectangle, and draws; none reads the engine or keeps state. Labels are
single lines rendered through `Fonts`; paragraphs live in pygame_gui boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pygame

from game.app import palette as pal
from game.app.maps import MapData, Point, point_in_polygon
from game.app.theme import Fonts
from game.app.viewmodels import RegionView
from game.narrate import (
    CONDITION_LABELS,
    Names,
    card_initiative,
    no_directive,
    no_directive_lines,
    revision_lines,
)

GAUGES = (("members", "Members", "count"), ("cadres", "Cadres", "count"),
          ("funds", "Funds", "money"), ("unity", "Unity", "share"),
          ("trust", "Moscow's trust", "share"), ("security", "Security", "share"))


def text(surface: pygame.Surface, fonts: Fonts, s: str, pos: tuple[int, int], points: int = 14,
         colour: pal.Colour | None = None, bold: bool = False, family: str = "sans",
         anchor: str = "topleft") -> pygame.Rect:
    img = fonts.render(s, points, colour or pal.INK, bold, family)
    rect = img.get_rect(**{anchor: pos})
    surface.blit(img, rect)
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


# -- the map -------------------------------------------------------------
def map_frame(rect: pygame.Rect, mapdata: MapData) -> pygame.Rect:
    """The part of `rect` the map fills, keeping its aspect ratio."""
    w = min(rect.width, round(rect.height * mapdata.aspect))
    h = min(rect.height, round(w / mapdata.aspect))
    frame = pygame.Rect(0, 0, w, h)
    frame.center = rect.center
    return frame


def to_px(frame: pygame.Rect, p: Point) -> tuple[int, int]:
    return (frame.x + round(p[0] * frame.width), frame.y + round(p[1] * frame.height))


def region_at(mapdata: MapData, frame: pygame.Rect, pos: tuple[int, int],
              order: Sequence[str]) -> str | None:
    """The region under a pixel, if any."""
    if not frame.collidepoint(pos) or frame.width == 0 or frame.height == 0:
        return None
    p = ((pos[0] - frame.x) / frame.width, (pos[1] - frame.y) / frame.height)
    for rid in order:
        if any(point_in_polygon(p, poly) for poly in mapdata.regions[rid].polygons):
            return rid
    return None


def draw_map(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, mapdata: MapData,
             regions: Sequence[RegionView], selected: str | None, target: str | None,
             cadres: dict[str, str]) -> None:
    """Regions shaded by influence, marked with repression, the right and the ally.

    `target` is the directive's region (outlined in vermillion); `selected` the
    region the keyboard is on (a thick ink outline); `cadres` the cadre plan
    shown under each name.
    """
    panel(surface, rect, pal.PAPER)
    frame = map_frame(rect.inflate(-16, -16), mapdata)
    for reg in regions:
        shape = mapdata.regions[reg.id]
        fill = pal.influence_shade(reg.influence)
        for poly in shape.polygons:
            pts = [to_px(frame, p) for p in poly]
            if mapdata.schematic:
                box = pygame.Rect(pts[0], (pts[2][0] - pts[0][0], pts[2][1] - pts[0][1]))
                pygame.draw.rect(surface, fill, box, border_radius=10)
                pygame.draw.rect(surface, pal.INK_SOFT, box, 1, border_radius=10)
            else:
                pygame.draw.polygon(surface, fill, pts)
                pygame.draw.polygon(surface, pal.INK_SOFT, pts, 1)
            if reg.conditions.get("repression", 0.0) >= 0.6:  # hatching: heavy repression
                _hatch(surface, pts, pal.mix(fill, pal.INK, 0.35))
            if reg.id == target:
                pygame.draw.polygon(surface, pal.MOSCOW, pts, 4) if not mapdata.schematic else \
                    pygame.draw.rect(surface, pal.MOSCOW, pygame.Rect(
                        pts[0], (pts[2][0] - pts[0][0], pts[2][1] - pts[0][1])), 4, 10)
            if reg.id == selected:
                pygame.draw.lines(surface, pal.INK, True, pts, 3)
    max_w = round(frame.width * 0.3)
    if mapdata.schematic:
        first = mapdata.regions[regions[0].id].polygons[0] if regions else ((0, 0), (0.3, 0))
        max_w = round((first[1][0] - first[0][0]) * frame.width) - 10
    for reg in regions:
        _region_label(surface, fonts, to_px(frame, mapdata.regions[reg.id].label), reg,
                      reg.id == selected, cadres.get(reg.id, ""), max_w)
    # the legend, bottom left
    y = rect.bottom - 6
    x = rect.x + 8
    for k, v in enumerate((0.0, 0.3, 0.6, 0.9)):
        pygame.draw.rect(surface, pal.influence_shade(v), (x + k * 12, y - 12, 12, 10))
    r = text(surface, fonts, "party influence", (x + 52, y), 11, pal.INK_SOFT,
             anchor="bottomleft")
    text(surface, fonts, "hatched: heavy repression · orange outline: the directive's region",
         (max(r.right + 16, rect.right - 8 - fonts.font("sans", 11).size(
             "hatched: heavy repression · orange outline: the directive's region")[0]), y), 11,
         pal.INK_SOFT, anchor="bottomleft")


def _hatch(surface: pygame.Surface, pts: list[tuple[int, int]], colour: pal.Colour) -> None:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
    mask = pygame.Surface(box.size, pygame.SRCALPHA)
    pygame.draw.polygon(mask, (255, 255, 255, 255), [(x - box.x, y - box.y) for x, y in pts])
    lines = pygame.Surface(box.size, pygame.SRCALPHA)
    for d in range(-box.height, box.width, 9):
        pygame.draw.line(lines, (*colour, 255), (d, box.height), (d + box.height, 0), 1)
    lines.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    surface.blit(lines, box)


def _region_label(surface: pygame.Surface, fonts: Fonts, at: tuple[int, int], reg: RegionView,
                  selected: bool, cadres: str, max_w: int) -> None:
    """Name, influence and three condition meters on a small card."""
    max_w = max(max_w, 120)
    lines = [(fonts.fit(reg.name, max_w, 12, True), True),
             (fonts.fit(f"infl {reg.influence:.2f} · org {reg.organisation:.2f}", max_w, 12),
              False)]
    if cadres:
        lines.append((fonts.fit(cadres, max_w, 12, selected), selected))
    width = min(max(fonts.font("sans", 12, b).size(s)[0] for s, b in lines), max_w)
    words = sum(fonts.font("sans", 11).size(w)[0] for w in ("rep", "right", "ally"))
    meter_w = max(min((max_w - words - 3 * 13) // 3, 34), 12)
    width = max(width, words + 3 * (meter_w + 13))
    line_h = fonts.size(12) + 3
    height = line_h * len(lines) + fonts.size(11) + 10
    box = pygame.Rect(0, 0, width + 12, height)
    box.center = at
    box.clamp_ip(surface.get_clip() or surface.get_rect())
    back = pal.CARD if not selected else pal.mix(pal.CARD, pal.YELLOW, 0.45)
    pygame.draw.rect(surface, back, box, border_radius=4)
    pygame.draw.rect(surface, pal.INK if selected else pal.RULE, box, 2 if selected else 1,
                     border_radius=4)
    y = box.y + 4
    for s, b in lines:
        text(surface, fonts, s, (box.x + 6, y), 12, pal.INK, b)
        y += line_h
    x = box.x + 6
    for key, short, colour in (("repression", "rep", pal.REPRESSION), ("right", "right", pal.RIGHT),
                               ("ally", "ally", pal.ALLY)):
        r = text(surface, fonts, short, (x, y), 11, pal.INK_SOFT)
        bar(surface, pygame.Rect(r.right + 3, y + 3, meter_w, fonts.size(11) - 4),
            reg.conditions.get(key, 0.0), colour)
        x = r.right + meter_w + 10
    if selected:
        pygame.draw.rect(surface, pal.INK, box.inflate(4, 4), 1, border_radius=5)


# -- the gauges ----------------------------------------------------------
def draw_gauges(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts,
                party: dict[str, float], before: dict[str, float] | None) -> None:
    """Members, cadres, funds (numbers with the last turn's change), unity, trust, security."""
    panel(surface, rect)
    cols, rows = 3, 2
    w, h = rect.width // cols, rect.height // rows
    for k, (key, label, kind) in enumerate(GAUGES):
        cell = pygame.Rect(rect.x + (k % cols) * w, rect.y + (k // cols) * h, w, h)
        value = party.get(key, 0.0)
        text(surface, fonts, label, (cell.x + 10, cell.y + 6), 12, pal.INK_SOFT)
        shown = f"{value:,.0f}" if kind == "count" else f"{value:.1f}" if kind == "money" \
            else f"{value:.2f}"
        vr = text(surface, fonts, shown, (cell.x + 10, cell.bottom - 6), 17, pal.INK, True,
                  anchor="bottomleft")
        if before is not None and key in before:
            delta = value - before[key]
            if abs(delta) > 1e-9:
                fmt = f"{delta:+,.0f}" if kind == "count" else f"{delta:+.1f}" \
                    if kind == "money" else f"{delta:+.2f}"
                text(surface, fonts, fmt, (vr.right + 6, vr.bottom - 2), 12,
                     pal.GOOD if delta > 0 else pal.BAD, anchor="bottomleft")
        if kind == "share":
            bx = max(cell.x + round(cell.width * 0.55), vr.right + 70)
            bar(surface, pygame.Rect(bx, cell.bottom - 20, max(cell.right - bx - 12, 10), 10),
                value, pal.PARTY)


# -- the directive card ----------------------------------------------------
def wrap_text(fonts: Fonts, s: str, width: int, points: int = 12, bold: bool = False
              ) -> list[str]:
    """`s` broken into lines that fit `width` pixels (a word longer than the width stays whole)."""
    font = fonts.font("sans", points, bold)
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
              max_lines: int | None = None) -> int:
    """Draw `s` wrapped to `width`; returns the y below it. Cut with an ellipsis past max_lines."""
    x, y = at
    lines = wrap_text(fonts, s, width, points, bold)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fonts.fit(lines[-1] + " …", width, points, bold)
    for line in lines:
        y = text(surface, fonts, line, (x, y), points, colour, bold).bottom + 1
    return y


def _note_box(surface: pygame.Surface, fonts: Fonts, rect: pygame.Rect,
              lines: Sequence[tuple[str, int, bool, pal.Colour, int | None]],
              fill: pal.Colour, edge: pal.Colour) -> int:
    """A tinted box with a coloured edge holding wrapped lines; returns the y below it."""
    width = rect.width - 22
    # measure first, so that the box is drawn under its text
    height = 8
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


def draw_directive(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts,
                   card: dict[str, Any], line: str, rigidity: float, names: Names) -> None:
    """What Moscow orders, the initiative it presses for, what a consultation changed;
    what it believes beside what the party sees; why it chose."""
    panel(surface, rect)
    if not card:
        text(surface, fonts, "No directive: the game is over.", (rect.x + 14, rect.y + 14))
        return
    x, y = rect.x + 14, rect.y + 10
    width = rect.width - 28
    if no_directive(card):
        text(surface, fonts, "NO DIRECTIVE FROM MOSCOW", (x, y), 11, pal.MOSCOW, True)
        y += fonts.size(11) + 6
        y = text(surface, fonts, "The party decides alone", (x, y), 19, pal.INK, True,
                 "serif").bottom + 8
        for s in no_directive_lines(card):
            y = paragraph(surface, fonts, s, (x, y), width, 13) + 8
        paragraph(surface, fonts, "It may wait, or act on its own: an action the line allows, "
                  "or any action. Below the card, each choice with the chance the party reckons "
                  "for it.", (x, y), width, 13, pal.INK_SOFT)
        return
    text(surface, fonts, "DIRECTIVE FROM MOSCOW", (x, y), 11, pal.MOSCOW, True)
    y += fonts.size(11) + 6
    head = fonts.fit(f"{card['action_name']} — {card['place']}", width, 19, True)
    y = text(surface, fonts, head, (x, y), 19, pal.INK, True, "serif").bottom + 4
    y = text(surface, fonts, f"sent {card['sent']}   arrived {card['arrived']}   line: "
             f"{fonts.fit(line, rect.width - 360, 12)} (rigidity {rigidity:.2f})", (x, y), 12,
             pal.INK_SOFT).bottom + 2
    if card.get("forced_by"):
        y = text(surface, fonts, f"The envoy {card['forced_by']} is here: the party must comply.",
                 (x, y), 12, pal.BAD, True).bottom + 2
    initiative = card_initiative(card)
    if initiative:
        rows: list[tuple[str, int, bool, pal.Colour, int | None]] = [
            (initiative[0], 14, True, pal.INK, 1), (initiative[1], 12, False, pal.INK, 3)]
        rows += [(s, 12, True, pal.MOSCOW, 2) for s in initiative[2:]]
        y = _note_box(surface, fonts, pygame.Rect(x - 4, y + 4, width + 8, 0), rows,
                      pal.mix(pal.CARD, pal.YELLOW, 0.45), pal.MOSCOW) + 2
    revision = revision_lines(card, names)
    if revision:
        rows = [(revision[0], 12, True, pal.INK, 1)]
        rows += [(s, 12, False, pal.INK, 2) for s in revision[1:]]
        y = _note_box(surface, fonts, pygame.Rect(x - 4, y + 4, width + 8, 0), rows,
                      pal.mix(pal.CARD, pal.SKY, 0.25), pal.PARTY) + 2
    y += 6
    # the comparison, as tall as the room left allows
    region_name = names.region(card.get("region") or next(iter(names.regions), ""))
    where = region_name if card.get("region") else f"{region_name} (a national action)"
    r = text(surface, fonts, f"In {where}:", (x, y), 13, pal.INK, True)
    lx = x + 130
    bar_w = max(rect.width - 130 - 28 - 190, 60)
    _legend(surface, fonts, (max(lx, r.right + 14), y + 1), bar_w)
    y += fonts.size(13) + 8
    rows_c = [(CONDITION_LABELS[c], card["moscow_believes"][c], card["party_sees"][c])
              for c in CONDITION_LABELS]
    rows_c.append(("fit of the order", card["fit_moscow_believes"], card["fit_party_sees"]))
    full_h = max(22, fonts.size(11) * 2 + 2)
    reasons_h = 4 * (fonts.size(12) + 6)
    room = (rect.bottom - y - 16 - reasons_h) // len(rows_c) - 2
    row_h = max(min(full_h, room), fonts.size(11) + 4)
    two_lines = row_h >= fonts.size(11) * 2 + 2
    for k, (label, moscow, seen) in enumerate(rows_c):
        gap = seen - moscow
        big = abs(gap) >= 0.1
        row = pygame.Rect(x - 4, y - 1, rect.width - 20, row_h)
        if big:
            pygame.draw.rect(surface, pal.mix(pal.CARD, pal.YELLOW, 0.55), row)
        if k == len(rows_c) - 1:
            pygame.draw.line(surface, pal.RULE, (x, y - 3), (rect.right - 14, y - 3))
        text(surface, fonts, label, (x, y + row_h // 2), 12, pal.INK, k == len(rows_c) - 1,
             anchor="midleft")
        half = (row_h - 4) // 2
        bar(surface, pygame.Rect(lx, y + 1, bar_w, half), moscow, pal.MOSCOW)
        bar(surface, pygame.Rect(lx, y + 2 + half, bar_w, half), seen, pal.PARTY)
        # the gap itself: a bracket between the two bar ends
        a, b = lx + round(bar_w * min(max(moscow, 0), 1)), lx + round(bar_w * min(max(seen, 0), 1))
        if abs(a - b) >= 2:
            pygame.draw.line(surface, pal.INK, (min(a, b), y + row_h - 2), (max(a, b),
                                                                            y + row_h - 2), 2)
        nx = lx + bar_w + 10
        if two_lines:
            text(surface, fonts, f"{moscow:.2f}", (nx, y + 1), 11, pal.MOSCOW, True)
            text(surface, fonts, f"{seen:.2f}", (nx, y + 2 + half), 11, pal.PARTY, True)
        else:
            m = text(surface, fonts, f"{moscow:.2f}", (nx - 6, y + row_h // 2), 11, pal.MOSCOW,
                     True, anchor="midleft")
            text(surface, fonts, f"{seen:.2f}", (m.right + 3, y + row_h // 2), 11, pal.PARTY,
                 True, anchor="midleft")
        gap_text = f"gap {gap:+.2f}" + ("  !" if big else "")
        text(surface, fonts, gap_text, (nx + 46 + (0 if two_lines else 30), y + row_h // 2), 12,
             pal.INK, big, anchor="midleft")
        y += row_h + 2
    y += 8
    _reasons(surface, pygame.Rect(x, y, rect.width - 28, rect.bottom - y - 8), fonts,
             card["reasons"], names)


def _legend(surface: pygame.Surface, fonts: Fonts, at: tuple[int, int], width: int) -> None:
    x, y = at
    for label, colour in (("Moscow believes", pal.MOSCOW), ("the party sees", pal.PARTY)):
        pygame.draw.rect(surface, colour, (x, y + 3, 12, 10))
        r = text(surface, fonts, label, (x + 16, y), 12, colour, True)
        x = r.right + 14
    text(surface, fonts, "yellow rows: gap ≥ 0.10", (x, y + 1), 11, pal.INK_SOFT)


REASON_PARTS = (("fit_in_picture", "fit in its picture", "SKY"),
                ("line_preference", "line preference", "ORANGE"),
                ("doctrine", "doctrine", "PURPLE"))
INITIATIVE_PART = ("initiative", "initiative", "INK_SOFT")  # colours by name: read when drawn


def _reasons(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts,
             reasons: Sequence[dict[str, Any]], names: Names) -> None:
    """The Centre's top candidates, each score split into its parts."""
    x, y = rect.x, rect.y
    text(surface, fonts, "Why Moscow chose it: its candidates, score = ", (x, y), 12, pal.INK, True)
    lx = x + fonts.font("sans", 12, True).size("Why Moscow chose it: its candidates, score = ")[0]
    named = (*REASON_PARTS, INITIATIVE_PART) if any(
        float(c.get("initiative", 0.0)) > 0 for c in reasons) else REASON_PARTS
    parts = [(key, label, getattr(pal, colour)) for key, label, colour in named]
    for _key, label, colour in parts:
        if lx + 13 + fonts.font("sans", 11).size(label)[0] > rect.right:
            lx, y = x + 12, y + fonts.size(12) + 4  # the legend goes on, a line lower
        pygame.draw.rect(surface, colour, (lx, y + 3, 10, 10))
        r = text(surface, fonts, label, (lx + 13, y), 11, pal.INK_SOFT)
        lx = r.right + 10
    y += fonts.size(12) + 6
    if not reasons:
        return
    top = max(max(c["score"] for c in reasons), 0.01)
    name_w = min(300, rect.width // 2)
    scale_w = rect.width - name_w - 60
    row_h = max(17, fonts.size(12) + 4)
    for k, cand in enumerate(reasons):
        if y + row_h > rect.bottom + 4:
            break
        place = names.region(cand["region"]) if cand["region"] else "whole party"
        label = fonts.fit(f"{k + 1}. {names.action(cand['action'])} — {place}",
                          name_w - 8, 12, k == 0)
        text(surface, fonts, label, (x, y), 12, pal.INK, k == 0)
        bx = x + name_w
        for key, _label, colour in parts:
            v = max(float(cand[key]), 0.0)
            w = round(scale_w * v / top)
            if w:
                pygame.draw.rect(surface, colour, (bx, y + 2, w, row_h - 6))
                bx += w
        text(surface, fonts, f"{cand['score']:.2f}", (bx + 6, y), 12, pal.INK, k == 0)
        y += row_h


# -- the why? bars ---------------------------------------------------------
def draw_contributions(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts,
                       contributions: dict[str, float], chance: float, roll: float,
                       success: bool) -> None:
    """Each named contribution to the success logit as a bar left or right of zero."""
    panel(surface, rect)
    x, y = rect.x + 12, rect.y + 10
    text(surface, fonts, "In numbers: the chance in named parts (points on the odds scale)",
         (x, y), 13, pal.INK, True)
    y += fonts.size(13) + 10
    name_w = 170
    axis_w = rect.width - name_w - 90
    zero = x + name_w + axis_w // 2
    top = max([abs(v) for v in contributions.values()] + [1.0])
    row_h = max(20, fonts.size(12) + 6)
    pygame.draw.line(surface, pal.INK_SOFT, (zero, y - 2),
                     (zero, y + row_h * len(contributions) + 2))
    total = 0.0
    for name, v in contributions.items():
        total += v
        text(surface, fonts, name.replace("_", " "), (x, y + row_h // 2), 12, pal.INK,
             anchor="midleft")
        w = round(abs(v) / top * (axis_w // 2 - 4))
        box = pygame.Rect(zero if v >= 0 else zero - w, y + 3, w, row_h - 6)
        if w:
            pygame.draw.rect(surface, pal.GOOD if v >= 0 else pal.BAD, box)
        text(surface, fonts, f"{v:+.2f}", (x + name_w + axis_w + 8, y + row_h // 2), 12,
             pal.INK, anchor="midleft")
        y += row_h
    y += 6
    pygame.draw.line(surface, pal.RULE, (x, y), (rect.right - 12, y))
    y += 6
    text(surface, fonts, f"sum {total:+.2f}  →  chance {100 * chance:.0f}%", (x, y), 13,
         pal.INK, True)
    y += fonts.size(13) + 8
    # chance and roll on one 0..1 scale
    scale = pygame.Rect(x, y, rect.width - 24, 14)
    bar(surface, scale, chance, pal.GOOD)
    rx = scale.x + round(scale.width * min(max(roll, 0.0), 1.0))
    pygame.draw.line(surface, pal.INK, (rx, scale.y - 4), (rx, scale.bottom + 4), 3)
    verdict = "success: roll below chance" if success else "failure: roll at or above chance"
    text(surface, fonts, f"roll {roll:.2f} — {verdict}", (x, scale.bottom + 6), 12, pal.INK,
         True)
