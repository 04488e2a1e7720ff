"""Painting the board: everything but the widgets, from a `BoardPicture` and a layout.

Pure drawing, like `game.app.draw`: the board scene puts the words it has chosen
into a picture (plain data) and this module draws them where the layout says,
each text in its own box. The directive card is drawn whole on a surface of its
own (`card_image`) and shown through its panel, scrolled when it is taller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from game.app import draw, draw_card, draw_map
from game.app import palette as pal
from game.app.layout import BoardLayout
from game.app.maps import MapData
from game.app.spots import Spot, Spots
from game.app.theme import Fonts
from game.app.viewmodels import BoardView, RegionView


@dataclass(frozen=True)
class BoardPicture:
    """The words and figures the board shows this frame."""

    header: tuple[str, str, str]  # name, date and line, key hint
    regions: Sequence[RegionView]
    order: Sequence[str]  # the map's reading order: the regions' numbers
    selected: str
    target: str | None  # the directive's region
    cadres: dict[str, str]  # each region's share, beside its name
    plan_line: str  # what the selected region's share does (the region card)
    share_words: str  # the same, without keys (beside a compact map)
    party: dict[str, float]
    before: dict[str, float] | None
    draft: str
    status: str
    status_colour: pal.Colour
    status_bold: bool
    compact: bool
    ring: pygame.Rect | None  # the keyboard's place among the responses
    panel_scroll: int = 0  # how far down a compact board's region card or gauges are shown


def _lines(fonts: Fonts, rect: pygame.Rect, points: int, bold: bool = False) -> int:
    return max(rect.height // (fonts.font("sans", points, bold).get_linesize() + 1), 1)


def paint(surface: pygame.Surface, fonts: Fonts, lay: BoardLayout, mapdata: MapData,
          pic: BoardPicture, spots: Spots = None) -> int:
    """The board under its widgets, but for the directive card (`paint_card`); what each
    part means is noted in `spots` (`game.app.spots`). Returns how far the region's card or
    the gauges can scroll in their panel (0 when they fit, as on the wide board)."""
    r, f = lay.rects, fonts
    surface.fill(pal.PAPER)
    _header(surface, f, lay, pic.header)
    if spots is not None:
        spots.append(Spot(lay.header[1], "line"))
    by_id = {reg.id: reg for reg in pic.regions}
    if "map" in r:
        draw_map.draw_map(surface, r["map"], f, mapdata, pic.regions, pic.order, pic.selected,
                          pic.target, pic.cadres, spots)
    if "plan" in r:  # the compact map's side: what the selected region's share does
        p = r["plan"]
        surface.set_clip(p)
        draw.paragraph(surface, f, pic.share_words, p.topleft, p.width, 12, pal.INK,
                       max_lines=_lines(f, p, 12))
        if spots is not None:
            spots.append(Spot(p, "cadre_plan"))
    surface.set_clip(None)
    most = 0
    if "gauges" in r:
        most = scrolled(surface, r["gauges"], lambda w: draw.gauges_height(f, w),
                        lambda s, rect, noted: draw.draw_gauges(s, rect, f, pic.party,
                                                                pic.before, noted),
                        pic.panel_scroll, spots)
    if "region" in r:
        reg, number = by_id[pic.selected], list(pic.order).index(pic.selected) + 1
        most = max(most, scrolled(
            surface, r["region"],
            lambda w: draw_map.region_card_height(f, w, [reg], [pic.plan_line]),
            lambda s, rect, noted: draw_map.draw_region_card(s, rect, f, reg, number,
                                                             pic.plan_line, noted),
            pic.panel_scroll, spots))
    draw.panel(surface, r["orders"])
    d = r["draft"]
    surface.set_clip(d)
    if pic.compact and pic.status:  # one place for the answer and what is said about it
        draw.paragraph(surface, f, pic.status, d.topleft, d.width, 13, pic.status_colour, True,
                       max_lines=_lines(f, d, 13, True))
    else:
        draw.paragraph(surface, f, pic.draft, d.topleft, d.width, 13, pal.INK, True,
                       max_lines=_lines(f, d, 13, True))
    if "status" in r:
        st = r["status"]
        surface.set_clip(st)
        draw.paragraph(surface, f, pic.status, st.topleft, st.width, 12, pic.status_colour,
                       pic.status_bold, max_lines=_lines(f, st, 12))
        if spots is not None:
            spots.append(Spot(st, "cadre_plan"))
    surface.set_clip(None)
    if spots is not None:
        spots.append(Spot(d, "chance"))
    if pic.ring is not None:
        pygame.draw.rect(surface, pal.INK, pic.ring, 2, border_radius=3)
    return most


def scrolled(surface: pygame.Surface, rect: pygame.Rect, need_at: Callable[[int], int],
             drawing: Callable[[pygame.Surface, pygame.Rect, Spots], object], scroll: int,
             spots: Spots = None) -> int:
    """A panel drawn in `rect` when what it holds fits there (`need_at` a width gives the
    height); else drawn whole on a taller surface, a little narrower for the scroll track,
    and shown through `rect` from `scroll` down, as the directive card is. Returns how far
    it can scroll."""
    if need_at(rect.width) <= rect.height:
        drawing(surface, rect, spots)
        return 0
    width = rect.width - 10
    need = need_at(width)
    image = pygame.Surface((rect.width, need))
    image.fill(pal.CARD)
    drawn: list[Spot] = []
    drawing(image, pygame.Rect(0, 0, width, need), drawn)
    most = need - rect.height
    scroll = min(max(scroll, 0), most)
    paint_card(surface, rect, image, need, scroll)
    if spots is not None:
        spots += card_spots(drawn, rect, scroll)
    return most


def _header(surface: pygame.Surface, fonts: Fonts, lay: BoardLayout,
            words: tuple[str, str, str]) -> None:
    top = lay.rects["top"]
    name_at, line_at, hint_at = lay.header
    name, line, hint = words
    pygame.draw.rect(surface, pal.PAPER_DARK, top)
    pygame.draw.line(surface, pal.RULE, top.bottomleft, top.bottomright)
    # each part in its own box, so that none can run over another
    surface.set_clip(name_at.inflate(2, 4))
    draw.text(surface, fonts, name, (name_at.x, name_at.centery), 15, pal.INK, True, "serif",
              "midleft")
    surface.set_clip(line_at.inflate(2, 4))
    draw.paragraph(surface, fonts, line, line_at.topleft, line_at.width, 14)
    surface.set_clip(hint_at.inflate(2, 4))
    draw.text(surface, fonts, hint, (hint_at.right, hint_at.centery), 12, pal.INK_SOFT,
              anchor="midright")
    surface.set_clip(None)


def card_image(fonts: Fonts, rect: pygame.Rect, v: BoardView
               ) -> tuple[pygame.Surface, int, list[Spot]]:
    """The card drawn whole: at the panel's size if it fits there, else taller (and a
    little narrower, for the scroll track); its height, and its spots on the image."""
    spots: list[Spot] = []
    if draw_card.card_fits(fonts, rect, v.card, v.line_name, v.rigidity, v.names):
        image = pygame.Surface(rect.size)
        draw_card.draw_directive(image, image.get_rect(), fonts, v.card, v.line_name,
                                 v.rigidity, v.names, spots)
        return image, rect.height, spots
    width = rect.width - 10
    need = draw_card.card_height(fonts, width, v.card, v.line_name, v.rigidity, v.names)
    image = pygame.Surface((rect.width, need))
    image.fill(pal.CARD)
    draw_card.draw_directive(image, pygame.Rect(0, 0, width, need), fonts, v.card,
                             v.line_name, v.rigidity, v.names, spots)
    return image, need, spots


def card_spots(spots: list[Spot], rect: pygame.Rect, scroll: int) -> list[Spot]:
    """The card's spots where they stand on the window, through its panel scrolled by
    `scroll`: cut to the panel, and none that is scrolled out of it."""
    out = []
    for spot in spots:
        moved = spot.moved(rect.x, rect.y - scroll)
        inside = moved.rect.clip(rect)
        if inside.height >= 4:
            out.append(Spot(inside, moved.term, moved.detail))
    return out


def paint_card(surface: pygame.Surface, rect: pygame.Rect, image: pygame.Surface, need: int,
               scroll: int) -> None:
    """The card through its panel from `scroll` down, with a track when it scrolls."""
    surface.blit(image, rect, pygame.Rect(0, scroll, rect.width, rect.height))
    if need <= rect.height:
        return
    pygame.draw.rect(surface, pal.RULE, rect, 1)
    track = pygame.Rect(rect.right - 7, rect.y + 2, 5, rect.height - 4)
    pygame.draw.rect(surface, pal.PAPER_DARK, track)
    thumb = pygame.Rect(track.x, track.y + track.height * scroll // need, track.width,
                        max(track.height * rect.height // need, 8))
    pygame.draw.rect(surface, pal.INK_SOFT, thumb)
