"""Drawing the map: regions as shapes with numbered markers, a list of their names beside
the map with leader lines, a legend that wraps, and the selected region's card.

Pure drawing, like `game.app.draw`: view models in, pixels out. Nothing is drawn
over a region but its number: the names and figures stand beside the map, and
the full card of the region the keyboard is on has a panel of its own.
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from engine.ownfiles import IMAGE_BYTES, png_problem
from engine.problems import ProblemError
from engine.readfile import read_regular
from game.app import palette as pal
from game.app.draw import bar, panel, paragraph, text, wrap_text
from game.app.maps import MapData, point_in_polygon
from game.app.spots import Spot, Spots
from game.app.theme import Fonts
from game.app.viewmodels import RegionView
from game.i18n import N_, _

log = logging.getLogger(__name__)

LEGEND = (N_("party influence"), N_("hatched: heavy repression"),
          N_("orange outline: the directive's region"))
# Colours by name: the palette in use is read when drawing, so a switch shows at once.
METERS = (("repression", N_("repression"), "REPRESSION"), ("right", N_("the right"), "RIGHT"),
          ("ally", N_("the ally"), "ALLY"))
LIST_MIN_EM, LIST_MAX_EM = 9, 16  # the width of the names beside the map, in ems
MAP_KEEPS = 0.55  # the names take room from the map only while it keeps this share
LEGEND_UNDER_KEEPS = 0.6  # the legend goes beside a map it would leave less of the height


@dataclass(frozen=True)
class MapLayout:
    """Where the parts of the map panel go: the map itself, the name list, the legend."""

    frame: pygame.Rect
    names: pygame.Rect | None
    legend: pygame.Rect


def _legend_rows(fonts: Fonts, width: int) -> list[list[tuple[str, int, bool]]]:
    """The legend's entries in rows no wider than `width`: (words, width, with swatches);
    an entry too long for a row of its own wraps at its words."""
    font = fonts.font("sans", 11)
    swatches = 4 * 12 + 6
    pieces: list[tuple[str, int, bool]] = []
    for k, entry in enumerate(LEGEND):
        room = width - (swatches if k == 0 else 0)
        for j, line in enumerate(wrap_text(fonts, _(entry), room, 11)):
            sw = k == 0 and j == 0
            pieces.append((line, font.size(line)[0] + (swatches if sw else 0), sw))
    return [[pieces[k] for k in row] for row in _flow([w for _s, w, _b in pieces], width, 16)]


def _flow(widths: Sequence[int], width: int, gap: int) -> list[list[int]]:
    """Indices of items in rows no wider than `width`."""
    rows: list[list[int]] = [[]]
    used = 0
    for k, w in enumerate(widths):
        if rows[-1] and used + gap + w > width:
            rows.append([])
            used = 0
        used += (gap if rows[-1] else 0) + w
        rows[-1].append(k)
    return rows


def map_layout(rect: pygame.Rect, fonts: Fonts, mapdata: MapData,
               regions: Sequence[RegionView], order: Sequence[str]) -> MapLayout:
    """The map panel's parts for `rect` (the same for drawing and for clicks)."""
    inner = rect.inflate(-16, -12)
    line_h = fonts.font("sans", 11).get_linesize()
    rows = _legend_rows(fonts, inner.width)
    legend = pygame.Rect(inner.x, inner.bottom - len(rows) * line_h, inner.width,
                         len(rows) * line_h)
    area = pygame.Rect(inner.x, inner.y, inner.width, max(legend.y - 6 - inner.y, 1))
    frame = _frame(area, mapdata)
    em = fonts.size(12)
    if area.height < inner.height * LEGEND_UNDER_KEEPS:  # a low panel: the legend beside
        beside = _legend_beside(fonts, inner, mapdata, line_h)
        if beside is not None:
            return beside
    # The names stand beside the map: in the room the map leaves, or in room taken from
    # it while it keeps most of the panel; else the numbers and the region card suffice.
    list_w = min(max(LIST_MIN_EM * em, area.width - frame.width - 12), LIST_MAX_EM * em)
    if area.width - list_w - 12 >= area.width * MAP_KEEPS:
        frame = _frame(pygame.Rect(area.x, area.y, area.width - list_w - 12, area.height),
                       mapdata)
        frame.x = area.x
        names = pygame.Rect(area.right - list_w, area.y, list_w, area.height)
        if _names_height(fonts, regions, order, names.width, ["cadres 100 %"] * len(order)) \
                <= names.height:
            return MapLayout(frame, names, legend)
    return MapLayout(_frame(area, mapdata), None, legend)


def _legend_beside(fonts: Fonts, inner: pygame.Rect, mapdata: MapData, line_h: int
                   ) -> MapLayout | None:
    """The map at the panel's full height with the legend to its right, in the width the map
    leaves, widened a little at a time (the map narrowing) until the legend's wrapped rows
    fit the height; None where they do not while the map keeps a quarter of the width."""
    room = max(inner.width - _frame(inner, mapdata).width - 12, LIST_MIN_EM * fonts.size(11))
    while len(_legend_rows(fonts, room)) * line_h > inner.height:
        room += fonts.size(11)
        if room > inner.width * 0.75:
            return None
    frame = _frame(pygame.Rect(inner.x, inner.y, inner.width - room - 12, inner.height), mapdata)
    frame.x = inner.x
    rows = len(_legend_rows(fonts, room))
    return MapLayout(frame, None, pygame.Rect(inner.right - room, inner.y, room, rows * line_h))


def _frame(rect: pygame.Rect, mapdata: MapData) -> pygame.Rect:
    """The part of `rect` the map fills, keeping its aspect ratio."""
    w = min(rect.width, round(rect.height * mapdata.aspect))
    h = min(rect.height, round(w / mapdata.aspect))
    frame = pygame.Rect(0, 0, max(w, 1), max(h, 1))
    frame.center = rect.center
    return frame


def to_px(frame: pygame.Rect, p: tuple[float, float]) -> tuple[int, int]:
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


def _entry(number: int, reg: RegionView, cadres: str) -> str:
    return f"{number}  {reg.name}" + (f" · {cadres}" if cadres else "")


def _names_height(fonts: Fonts, regions: Sequence[RegionView], order: Sequence[str],
                  width: int, cadres: Sequence[str]) -> int:
    by_id = {r.id: r for r in regions}
    line_h = fonts.font("sans", 12).get_linesize() + 1
    return sum(len(wrap_text(fonts, _entry(k, by_id[rid], c), width - 4, 12)) * line_h + 6
               for k, (rid, c) in enumerate(zip(order, cadres, strict=True), 1))


def draw_map(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, mapdata: MapData,
             regions: Sequence[RegionView], order: Sequence[str], selected: str | None,
             target: str | None, cadres: dict[str, str], spots: Spots = None) -> None:
    """Regions shaded by influence, hatched under heavy repression, the directive's region
    outlined, each with its number (its place in `order`, the digit key that selects it);
    beside the map the names with leader lines, and under it the legend. Each marker is a
    spot of its region, the legend one of the map."""
    panel(surface, rect, pal.PAPER)
    keep = surface.get_clip()
    surface.set_clip(rect)
    lay = map_layout(rect, fonts, mapdata, regions, order)
    frame = lay.frame
    by_id = {r.id: r for r in regions}
    if mapdata.image and (picture := _picture(mapdata.image, frame.size)):
        surface.blit(picture, frame)
    for reg in regions:
        _shape(surface, frame, mapdata, reg, reg.id == selected, reg.id == target)
    markers = {rid: to_px(frame, mapdata.regions[rid].label) for rid in order}
    if lay.names is not None:
        _names(surface, fonts, lay.names, [by_id[r] for r in order], markers, selected,
               [cadres.get(r, "") for r in order])
    for k, rid in enumerate(order, 1):
        _marker(surface, fonts, markers[rid], k, rid == selected, rid == target)
        if spots is not None:
            radius = fonts.size(11) // 2 + 5
            reg = by_id[rid]
            spots.append(Spot(pygame.Rect(markers[rid][0] - radius, markers[rid][1] - radius,
                                          2 * radius, 2 * radius).clip(rect), "region",
                              f"{k}  " + _("{region}: influence {influence:.2f}").format(
                                  region=reg.name, influence=reg.influence)
                              + (" · " + _("the directive's region") if rid == target
                                 else "")))
    _legend(surface, fonts, lay.legend)
    if spots is not None:
        spots.append(Spot(lay.legend.clip(rect), "map"))
    surface.set_clip(keep)


@functools.lru_cache(maxsize=4)  # a few sizes of one picture: scaling each frame is slow
def _picture(path: str, size: tuple[int, int]) -> pygame.Surface | None:
    """The scenario's own map picture (checked by `engine.ownfiles`), scaled to the frame;
    None, and the shapes alone, if it cannot be decoded."""
    try:
        raw = read_regular(path, IMAGE_BYTES, "map picture")
        if why := png_problem(raw):
            raise ValueError(why)
        image = pygame.image.load(io.BytesIO(raw), "map.png")
        return pygame.transform.smoothscale(image.convert_alpha(), size)
    except (ProblemError, ValueError, pygame.error) as exc:
        log.warning("map picture %s unusable (%s); drawing the shapes alone", path, exc)
        return None


def _shape(surface: pygame.Surface, frame: pygame.Rect, mapdata: MapData, reg: RegionView,
           selected: bool, target: bool) -> None:
    fill = pal.influence_shade(reg.influence)
    for poly in mapdata.regions[reg.id].polygons:
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
        if target:
            if mapdata.schematic:
                pygame.draw.rect(surface, pal.MOSCOW, pygame.Rect(
                    pts[0], (pts[2][0] - pts[0][0], pts[2][1] - pts[0][1])), 4, 10)
            else:
                pygame.draw.polygon(surface, pal.MOSCOW, pts, 4)
        if selected:
            pygame.draw.lines(surface, pal.INK, True, pts, 3)


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


def _marker(surface: pygame.Surface, fonts: Fonts, at: tuple[int, int], number: int,
            selected: bool, target: bool) -> None:
    """A small numbered disc: all a region carries on the map."""
    radius = fonts.size(11) // 2 + 5
    back = pal.mix(pal.CARD, pal.YELLOW, 0.6) if selected else pal.CARD
    pygame.draw.circle(surface, back, at, radius)
    pygame.draw.circle(surface, pal.MOSCOW if target else pal.INK, at,
                       radius, 3 if selected or target else 1)
    text(surface, fonts, str(number), at, 11, pal.INK, True, anchor="center")


def _names(surface: pygame.Surface, fonts: Fonts, rect: pygame.Rect,
           regions: Sequence[RegionView], markers: dict[str, tuple[int, int]],
           selected: str | None, cadres: Sequence[str]) -> None:
    """The regions' names in map order beside the map, each tied to its marker."""
    line_h = fonts.font("sans", 12).get_linesize() + 1
    y = rect.y
    for k, (reg, share) in enumerate(zip(regions, cadres, strict=True), 1):
        lines = wrap_text(fonts, _entry(k, reg, share), rect.width - 4, 12, reg.id == selected)
        box = pygame.Rect(rect.x, y, rect.width, len(lines) * line_h + 2)
        if reg.id == selected:
            pygame.draw.rect(surface, pal.mix(pal.CARD, pal.YELLOW, 0.45), box)
        colour = pal.INK if reg.id == selected else pal.INK_SOFT
        pygame.draw.line(surface, colour, (box.x - 2, box.y + line_h // 2), markers[reg.id],
                         2 if reg.id == selected else 1)
        paragraph(surface, fonts, _entry(k, reg, share), (box.x + 2, box.y + 1),
                  rect.width - 4, 12, pal.INK, reg.id == selected)
        y = box.bottom + 4


def _legend(surface: pygame.Surface, fonts: Fonts, rect: pygame.Rect) -> None:
    line_h = fonts.font("sans", 11).get_linesize()
    y = rect.y
    for row in _legend_rows(fonts, rect.width):
        x = rect.x
        for s, w, swatches in row:
            if swatches:
                for j, v in enumerate((0.0, 0.3, 0.6, 0.9)):
                    pygame.draw.rect(surface, pal.influence_shade(v),
                                     (x + j * 12, y + line_h // 2 - 5, 12, 10))
            text(surface, fonts, s, (x + (4 * 12 + 6 if swatches else 0), y), 11, pal.INK_SOFT)
            x += w + 16
        y += line_h


# -- the selected region's card ----------------------------------------------------
def draw_region_card(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts,
                     reg: RegionView, number: int, plan_line: str, spots: Spots = None) -> int:
    """The full card of the region the keyboard is on: name, influence, organisation,
    three condition meters, its summary and what its share of the cadres does.
    Returns the y below what it drew."""
    panel(surface, rect)
    keep = surface.get_clip()
    surface.set_clip(rect)
    x, width = rect.x + 8, rect.width - 16
    top = paragraph(surface, fonts, f"{number}  {reg.name}", (x, rect.y + 5), width, 13,
                    pal.INK, True)
    y = _figures(surface, fonts, reg, x, top + 1, width, spots)
    y = _meters(surface, fonts, reg, x, y + 2, width, spots)
    if spots is not None:
        spots.append(Spot(pygame.Rect(x, rect.y + 5, width, top - rect.y - 5), "region",
                          reg.name))
    y = paragraph(surface, fonts, reg.summary, (x, y + 2), width, 12)
    below = paragraph(surface, fonts, plan_line, (x, y + 2), width, 12, pal.INK_SOFT)
    if spots is not None:
        spots.append(Spot(pygame.Rect(x, y + 2, width, below - y - 2), "cadre_plan"))
    surface.set_clip(keep)
    return below + 4


def _figures(surface: pygame.Surface, fonts: Fonts, reg: RegionView, x: int, y: int,
             width: int, spots: Spots) -> int:
    """Influence and organisation, on one line if it holds them; returns the y below."""
    parts = [("influence", _("influence {value:.2f}").format(value=reg.influence)),
             ("organisation", _("organisation {value:.2f}").format(value=reg.organisation))]
    joined = " · ".join(s for _k, s in parts)
    if fonts.font("sans", 12).size(joined)[0] <= width:
        r = text(surface, fonts, parts[0][1], (x, y), 12)
        dot = text(surface, fonts, " · ", r.topright, 12)
        r2 = text(surface, fonts, parts[1][1], dot.topright, 12)
        if spots is not None:
            spots += [Spot(r, "influence", parts[0][1]), Spot(r2, "organisation", parts[1][1])]
        return y + fonts.font("sans", 12).get_linesize() + 1
    for key, s in parts:
        below = paragraph(surface, fonts, s, (x, y), width, 12)
        if spots is not None:
            spots.append(Spot(pygame.Rect(x, y, width, below - y), key, s))
        y = below
    return y


def _meters(surface: pygame.Surface, fonts: Fonts, reg: RegionView, x0: int, y: int,
            width: int, spots: Spots = None) -> int:
    """The three condition meters, in as many rows as the width needs."""
    font = fonts.font("sans", 11)
    meter = max(fonts.size(11) * 3, 24)
    widths = [font.size(_(label))[0] + 4 + meter for _k, label, _c in METERS]
    line_h = font.get_linesize() + 2
    for row in _flow(widths, width, 14):
        x = x0
        for k in row:
            key, name, colour = METERS[k]
            label = _(name)
            r = text(surface, fonts, label, (x, y), 11, pal.INK_SOFT)
            value = reg.conditions.get(key, 0.0)
            bar(surface, pygame.Rect(r.right + 4, y + 3, meter, max(line_h - 8, 4)), value,
                getattr(pal, colour))
            if spots is not None:
                spots.append(Spot(pygame.Rect(x, y, widths[k], line_h), key,
                                  _("{condition}: {value:.2f}, as the party sees it").format(
                                      condition=label, value=value)))
            x += widths[k] + 14
        y += line_h
    return y


def region_card_height(fonts: Fonts, width: int, regions: Sequence[RegionView],
                       plan_lines: Sequence[str]) -> int:
    """The height the tallest region card needs at `width` (so that none is ever cut)."""
    scratch = pygame.Surface((max(width, 1), 2000))
    with fonts.measuring():
        return max(draw_region_card(scratch, pygame.Rect(0, 0, width, 2000), fonts, reg, 1, line)
                   for reg, line in zip(regions, plan_lines, strict=True))
