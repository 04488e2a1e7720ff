"""Where the board's panels and buttons go, for any window size and text size.

Pure apart from pygame rectangles and font metrics: every size is measured from
the words it must hold at the current text size. Two arrangements:

- *wide*: the map, the gauges and the orders on the left; the directive card,
  the choices and the selected region's card on the right;
- *compact*, when the wide one leaves a panel too small: the orders along the
  bottom, and above them one panel at a time, chosen by a row of tabs.

Buttons are as wide as their labels and flow into as many rows as they need.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pygame

from game.app.draw import gauges_height, wrap_text
from game.app.theme import Fonts
from game.i18n import N_, _

GAP = 8
TABS = (("directive", N_("Directive")), ("map", N_("Map & cadres")), ("region", N_("Region")),
        ("party", N_("Party")), ("choices", N_("Choices & news")))  # translated where shown
MIN_PANEL_EM = 26  # a column narrower than this many ems is too narrow for the wide board
MIN_MAP_EM = 9  # nor is a map lower than this


def row_height(fonts: Fonts) -> int:
    return fonts.font("sans", 13).get_linesize() + 14


def button_width(fonts: Fonts, label: str) -> int:
    """What a button needs for its label: the text, pygame_gui's padding and border."""
    return fonts.font("sans", 13).size(label)[0] + 24


def flow(fonts: Fonts, labels: Sequence[str], x: int, y: int, width: int,
         gap: int = 6) -> tuple[list[pygame.Rect], int]:
    """Buttons as wide as their labels in rows no wider than `width`, each row stretched to
    fill it; returns their rectangles and the y below the last row."""
    h = row_height(fonts)
    rows: list[list[int]] = [[]]
    used = 0
    for k, label in enumerate(labels):
        w = min(button_width(fonts, label), width)
        if rows[-1] and used + gap + w > width:
            rows.append([])
            used = 0
        used += (gap if rows[-1] else 0) + w
        rows[-1].append(k)
    rects: list[pygame.Rect] = [pygame.Rect(0, 0, 0, 0)] * len(labels)
    for r, row in enumerate(rows):
        needs = [min(button_width(fonts, labels[k]), width) for k in row]
        spare = width - sum(needs) - gap * (len(row) - 1)
        bx = x
        for j, k in enumerate(row):
            w = needs[j] + spare // len(row) + (1 if j < spare % len(row) else 0)
            rects[k] = pygame.Rect(bx, y + r * (h + gap), w, h)
            bx += w + gap
    bottom = y + len(rows) * (h + gap) - gap if labels else y
    return rects, bottom


def lines_height(fonts: Fonts, samples: Sequence[str], width: int, points: int = 13,
                 bold: bool = False) -> int:
    """The height the longest of `samples` takes wrapped to `width`."""
    n = max((len(wrap_text(fonts, s, width, points, bold)) for s in samples), default=1)
    return max(n, 1) * (fonts.font("sans", points, bold).get_linesize() + 1)


@dataclass
class Texts:
    """What the layout must make room for: button labels by group, the longest texts the
    orders panel shows, the header's words and the region card's height at a width."""

    responses: list[str]
    cadres: list[str]
    tools: list[str]
    draft: list[str]
    status: list[str]
    header: tuple[str, str, str]
    region_height: Callable[[int], int]
    cadres_short: list[str] = field(default_factory=list)  # the cadre buttons beside a map
    map_aspect: float = 1.0


@dataclass
class BoardLayout:
    """The board's rectangles. Panels a compact board does not show now are absent."""

    compact: bool
    rects: dict[str, pygame.Rect]
    buttons: dict[str, list[pygame.Rect]] = field(default_factory=dict)
    header: list[pygame.Rect] = field(default_factory=list)  # name, line, hint


def header(fonts: Fonts, width: int, words: tuple[str, str, str]
           ) -> tuple[int, list[pygame.Rect]]:
    """The header's height and where its name, its line and its key hint go; the line wraps
    under the name when the width is short."""
    name, line, hint = words
    nw = fonts.font("serif", 15, True).size(name)[0]
    hw = fonts.font("sans", 12).size(hint)[0]
    lh = fonts.font("sans", 14).get_linesize() + 1
    pad = 8
    room = width - nw - hw - 4 * 12
    if room >= 12 * fonts.size(14):
        n = len(wrap_text(fonts, line, room, 14))
        h = max(n * lh, fonts.font("serif", 15, True).get_linesize()) + 2 * pad
        return h, [pygame.Rect(12, pad, nw, h - 2 * pad),
                   pygame.Rect(12 + nw + 24, pad, room, n * lh),
                   pygame.Rect(width - 12 - hw, pad, hw, h - 2 * pad)]
    top = fonts.font("serif", 15, True).get_linesize()
    n = len(wrap_text(fonts, line, width - 24, 14))
    h = top + 4 + n * lh + 2 * pad
    return h, [pygame.Rect(12, pad, nw, top), pygame.Rect(12, pad + top + 4, width - 24, n * lh),
               pygame.Rect(width - 12 - hw, pad, hw, top)]


def _orders(fonts: Fonts, texts: Texts, rect: pygame.Rect, with_cadres: bool,
            joined: bool = False
            ) -> tuple[int, dict[str, list[pygame.Rect]], dict[str, pygame.Rect]]:
    """The orders panel's height for `rect`'s width, its buttons and its text lines.

    `joined` flows the responses and the tools as one run of buttons above the answer,
    so that a row half filled by the responses takes the first tools (long labels, in
    German say, would otherwise need two rows of each)."""
    x, w = rect.x + GAP, rect.width - 2 * GAP
    buttons: dict[str, list[pygame.Rect]] = {}
    lines: dict[str, pygame.Rect] = {}
    if joined and not with_cadres:
        both, y = flow(fonts, [*texts.responses, *texts.tools], x, rect.y + GAP, w)
        n = len(texts.responses)
        buttons["responses"], buttons["tools"] = both[:n], both[n:]
        h = lines_height(fonts, texts.draft + texts.status, w, 13, True)
        lines["draft"] = pygame.Rect(x, y + 5, w, h)
        return y + 5 + h + GAP - rect.y, buttons, lines
    buttons["responses"], y = flow(fonts, texts.responses, x, rect.y + GAP, w)
    h = lines_height(fonts, texts.draft, w, 13, True)
    lines["draft"] = pygame.Rect(x, y + 5, w, h)
    y += h + 10
    if with_cadres:
        buttons["cadres"], y = flow(fonts, texts.cadres, x, y, w)
        y += 6
    buttons["tools"], y = flow(fonts, texts.tools, x, y, w)
    if not texts.status:  # what would be said there shares the answer's lines
        return y + GAP - rect.y, buttons, lines
    h = lines_height(fonts, texts.status, w, 12)
    lines["status"] = pygame.Rect(x, y + 5, w, h)
    return y + 5 + h + GAP - rect.y, buttons, lines


def board(size: tuple[int, int], fonts: Fonts, texts: Texts, tab: str) -> BoardLayout:
    """The wide board if every panel keeps room enough, else the compact board on `tab`."""
    wide = _wide(size, fonts, texts)
    return wide if wide is not None else _compact(size, fonts, texts, tab)


def _wide(size: tuple[int, int], fonts: Fonts, texts: Texts) -> BoardLayout | None:
    w, h = size
    em = fonts.size(13)
    top_h, head = header(fonts, w, texts.header)
    left_w = int(w * 0.47)
    lw, rx = left_w - 12, left_w + 12
    rw = w - rx - 12
    if lw < MIN_PANEL_EM * em or rw < MIN_PANEL_EM * em:
        return None
    probe = pygame.Rect(12, 0, lw, 0)
    orders_h, _b, _l = _orders(fonts, texts, probe, True)
    gauges_h = gauges_height(fonts, lw)
    map_h = h - top_h - orders_h - gauges_h - 4 * GAP
    region_h = texts.region_height(rw)
    info_min = 5 * (fonts.font("sans", 14).get_linesize() + 1) + 16
    card_h = min(int((h - top_h) * 0.6), h - top_h - 3 * GAP - region_h - GAP - info_min)
    if map_h < MIN_MAP_EM * em or card_h < 12 * em:
        return None
    m = pygame.Rect(12, top_h + GAP, lw, map_h)
    g = pygame.Rect(12, m.bottom + GAP, lw, gauges_h)
    o = pygame.Rect(12, g.bottom + GAP, lw, orders_h)
    _h, buttons, lines = _orders(fonts, texts, o, True)
    c = pygame.Rect(rx, top_h + GAP, rw, card_h)
    z = pygame.Rect(rx, h - GAP - region_h, rw, region_h)
    i = pygame.Rect(rx, c.bottom + GAP, rw, z.y - GAP - c.bottom - GAP)
    rects = {"top": pygame.Rect(0, 0, w, top_h), "map": m, "gauges": g, "orders": o,
             "card": c, "info": i, "region": z, **lines}
    return BoardLayout(False, rects, buttons, head)


def _compact(size: tuple[int, int], fonts: Fonts, texts: Texts, tab: str) -> BoardLayout:
    w, h = size
    top_h, head = header(fonts, w, texts.header)
    tab_rects, tabs_bottom = flow(fonts, [_(label) for _t, label in TABS], 12, top_h + GAP,
                                  w - 24)
    probe = pygame.Rect(12, 0, w - 24, 0)
    orders_h, _b, _l = _orders(fonts, texts, probe, False)
    # too little left above the orders for a map: the responses and tools share their rows
    joined = h - GAP - orders_h - GAP - tabs_bottom - GAP < MIN_MAP_EM * fonts.size(13)
    if joined:
        orders_h, _b, _l = _orders(fonts, texts, probe, False, joined=True)
    o = pygame.Rect(12, h - GAP - orders_h, w - 24, orders_h)
    _h, buttons, lines = _orders(fonts, texts, o, False, joined)
    buttons["tabs"] = tab_rects
    content = pygame.Rect(12, tabs_bottom + GAP, w - 24, max(o.y - GAP - tabs_bottom - GAP, 1))
    rects = {"top": pygame.Rect(0, 0, w, top_h), "orders": o, "content": content, **lines}
    if tab == "map":  # the map as large as the height allows, the cadres beside it
        side_w = max(min(content.width - round((content.height - 40) * texts.map_aspect) - 30,
                         content.width // 2), 14 * fonts.size(13))
        m = pygame.Rect(content.x, content.y, content.width - side_w - GAP, content.height)
        side = pygame.Rect(m.right + GAP, content.y, side_w, content.height)
        buttons["cadres"], y = flow(fonts, texts.cadres_short, side.x, side.y, side.width)
        rects.update(map=m, side=side)
        if side.bottom - y - GAP > fonts.font("sans", 12).get_linesize():
            rects["plan"] = pygame.Rect(side.x, y + GAP, side.width, side.bottom - y - GAP)
        # else no line of the plan fits: the region's tab says what its share does
    elif tab == "region":
        rects["region"] = content
    elif tab == "party":
        rects["gauges"] = pygame.Rect(content.x, content.y, content.width,
                                      min(gauges_height(fonts, content.width), content.height))
    elif tab == "choices":
        rects["info"] = content
    else:
        rects["card"] = content
    return BoardLayout(True, rects, buttons, head)
