"""Helpers for the debrief's tests: games played with a seeded mix of answers, their logs,
and a small reader of the reports' HTML (the standard library's `html.parser`).

A game here answers like a student who hesitates: each turn a seeded draw picks
comply, adapt, consult, stall or defy, and adapting or defying takes an action
and a region drawn from those the rules allow (`engine.orders.check` approves
every order before it is played).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np

from engine.facts import Turn
from engine.orders import RESPONSES, Orders, check, legal
from engine.record import GameRecord, Session, read_record
from engine.tables import Tables, compile_scenario
from game.export import picture_gap
from game.files import open_scenario

SCENARIOS = ("germany", "italy", "usa", "china")


@cache
def tables_of(ident: str) -> Tables:
    return compile_scenario(open_scenario(ident))


def varied_orders(tables: Tables, session: Session, rng: np.random.Generator) -> Orders:
    """One turn's orders of a hesitant student: a drawn response, a drawn legal action."""
    allowed = legal(tables, session.state)
    response = str(RESPONSES[int(rng.integers(len(RESPONSES)))])
    if response not in allowed.responses:
        response = "comply"  # an envoy decides
    orders = Orders(response=response)
    if response in ("adapt", "defy"):
        actions = allowed.adapt_actions if response == "adapt" else allowed.defy_actions
        orders = Orders(response=response,
                        action=actions[int(rng.integers(len(actions)))],
                        region=allowed.regions[int(rng.integers(len(allowed.regions)))])
    rejection = check(tables, session.state, orders)
    assert rejection is None, rejection
    return orders


@cache
def _orders_of(ident: str, seed: int) -> tuple[Orders, ...]:
    tables = tables_of(ident)
    session = Session.start(tables, seed)
    rng = np.random.default_rng([seed, 0xDEB])
    played = []
    while not session.over:
        orders = varied_orders(tables, session, rng)
        session.play(orders)
        played.append(orders)
    return tuple(played)


def play(ident: str, seed: int, player: str = "") -> Session:
    """The whole game of `ident` and `seed`, answered by the seeded mix, with a player name."""
    tables = tables_of(ident)
    session = Session.start(tables, seed, 0, player)
    for orders in _orders_of(ident, seed):
        session.play(orders)
    return session


def write_log(session: Session, path: Path) -> Path:
    path.write_text(session.record.to_json(), encoding="utf-8")
    return path


def edited(path: Path, out: Path, change: Any) -> Path:
    """A copy of the log at `path` with `change(data)` applied to its JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    out.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    return out


def entries_of(path: Path) -> tuple[GameRecord, list[Turn]]:
    """A log's record and turn facts as the file states them."""
    record = read_record(str(path))
    return record, [t.record for t in record.turns]


def mean_influence(entry: Turn) -> float:
    return math.fsum(r.influence for r in entry.regions.values()) / max(len(entry.regions), 1)


def series_of(entries: list[Turn]) -> dict[str, list[float | None]]:
    """The log's values behind the student's charts, by the charts' series labels."""
    return {
        "members": [e.party.members for e in entries],
        "influence": [mean_influence(e) for e in entries],
        "trust": [e.centre.trust_after for e in entries],
        "in Moscow's picture": [e.directive.fit_moscow_believes for e in entries],
        "in truth": [e.directive.fit_true for e in entries],
        "gap": [picture_gap(e) for e in entries],
    }


# -- reading the HTML -------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # the text directly inside, in order
    parts: list[Node | str] = field(default_factory=list)  # children and text, in order

    def walk(self) -> list[Node]:
        found = [self]
        for child in self.children:
            found += child.walk()
        return found

    def all_text(self) -> str:
        """The text inside, in the order a reader meets it."""
        return "".join(p if isinstance(p, str) else p.all_text() for p in self.parts)

    def find(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Every node below (and including) this one with this tag and these attributes
        (`class_` for class: one of the node's classes)."""
        out = []
        for node in self.walk():
            if tag is not None and node.tag != tag:
                continue
            ok = True
            for name, value in attrs.items():
                if name == "class_":
                    ok &= value in (node.attrs.get("class") or "").split()
                else:
                    ok &= node.attrs.get(name) == value
            if ok:
                out.append(node)
        return out

    def by_id(self, ident: str) -> Node:
        found = self.find(id=ident)
        assert len(found) == 1, f"{len(found)} elements with id {ident!r}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []  # every start tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        self.stack[-1].parts.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        self.stack[-1].parts.append(node)

    def handle_endtag(self, tag: str) -> None:
        for k in range(len(self.stack) - 1, 0, -1):
            if self.stack[k].tag == tag:
                del self.stack[k:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)
        self.stack[-1].parts.append(data)


@dataclass
class Page:
    """A parsed report: its tree, every start tag with its attributes, and its raw text."""

    root: Node
    tags: list[tuple[str, list[tuple[str, str | None]]]]
    raw: str

    def table(self, ident: str) -> list[list[str]]:
        """The rows of the table `ident` as cell texts, the header row first."""
        return [[" ".join(cell.all_text().split())
                 for cell in row.children if cell.tag in ("td", "th")]
                for row in self.root.by_id(ident).find("tr")]


def parse_page(text: str) -> Page:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return Page(builder.root, builder.tags, text)


def read_page(path: Path) -> Page:
    return parse_page(path.read_text(encoding="utf-8"))


def active_content(page: Page) -> list[str]:
    """Whatever in the page could run: script tags, event handlers, javascript: links,
    embedded documents and forms. Empty for a page that is only text, style and SVG."""
    found = []
    for tag, attrs in page.tags:
        if tag in ("script", "iframe", "object", "embed", "form", "base", "frame", "img"):
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "xlink:href", "action", "formaction") and value and \
                    re.sub(r"\s", "", value).lower().startswith(("javascript:", "data:text")):
                found.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
    if re.search(r"<\s*script", page.raw, re.IGNORECASE):
        found.append("'<script' in the text")
    return found


# -- reading matplotlib's SVG -------------------------------------------------------

_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?"


def plotted(svg: Node, gid: str) -> list[tuple[float, float]]:
    """The points matplotlib drew for the series with this gid: a line's vertices (a
    <path d="M x y L x y ...">) or a row of markers (<use x= y=>), in drawing order."""
    groups = svg.find("g", id=gid)
    assert len(groups) == 1, f"{len(groups)} groups named {gid!r} in the chart"
    group = groups[0]
    uses = group.find("use")
    if uses:
        return [(float(u.attrs["x"] or ""), float(u.attrs["y"] or "")) for u in uses]
    paths = [p for p in group.find("path") if p.attrs.get("d")]
    assert len(paths) == 1, f"the series {gid!r} is drawn as {len(paths)} paths"
    d = paths[0].attrs["d"] or ""
    assert re.fullmatch(rf"\s*M(\s*{_NUMBER}){{2}}(\s*L(\s*{_NUMBER}){{2}})*\s*", d), d[:200]
    numbers = [float(n) for n in re.findall(_NUMBER, d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def assert_affine(values: list[float], pixels: list[float], what: str) -> None:
    """`pixels` are `values` through one linear map: the chart shows these numbers."""
    assert len(values) == len(pixels), f"{what}: {len(pixels)} points for {len(values)} values"
    low, high = min(values), max(values)
    if high - low < 1e-9:
        assert max(pixels) - min(pixels) < 0.01, f"{what}: a constant drawn unevenly"
        return
    p_low = pixels[values.index(low)]
    p_high = pixels[values.index(high)]
    scale = (p_high - p_low) / (high - low)
    assert abs(scale) > 1e-6, f"{what}: a varying series drawn flat"
    for k, (v, p) in enumerate(zip(values, pixels, strict=True)):
        expected = p_low + (v - low) * scale
        assert abs(p - expected) < 0.02 + 1e-4 * abs(p_high - p_low), \
            f"{what}: point {k} at {p:.3f}, the value {v} is at {expected:.3f}"
