"""Both debrief reports in a real browser: Debian's headless Chromium draws them, and the
screenshots are checked by region, so that no chart is blank; the student's report prints
on A4.

The report holds no script, so the charts are found without one: a copy of the page gets
one more style rule, a magenta outline around every `div.chart` (an outline takes no room,
so the layout is the report's own), and the outlines are found in the screenshot. Inside
each, the chart must cover a fair share of its box with many colours, among them the
colours of its series.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from debrief_helpers import Page, parse_page, play, write_log

from game.debrief import charts
from game.debrief.classroom import RESPONSES
from game.debrief.make import student_page, write_class
from game.logs import open_log

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not on PATH (apt-get install chromium); the reports "
                "cannot be rendered", allow_module_level=True)

from PIL import Image  # noqa: E402  (matplotlib's own dependency)

WIDTH = 1000
HEIGHT = 12_000  # tall enough for every chart of both reports in one screenshot
MARK = (255, 0, 255)  # the outline's colour: in no chart's palette
MARK_RULE = "div.chart{outline:3px solid #FF00FF;outline-offset:3px}"
A4 = (595.28, 841.89)  # points


def chromium(*args: str, cwd: Path) -> None:
    profile = cwd / "profile"
    profile.mkdir(exist_ok=True)
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
         f"--user-data-dir={profile}", *args],
        cwd=cwd, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]


def screenshot(html: Path, png: Path, height: int = HEIGHT) -> np.ndarray:
    chromium(f"--screenshot={png}", f"--window-size={WIDTH},{height}", html.as_uri(),
             cwd=html.parent)
    return np.asarray(Image.open(png).convert("RGB")).astype(np.int32)


@dataclass(frozen=True)
class Box:
    top: int
    bottom: int
    left: int
    right: int


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The [start, end) of each run of True."""
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def outlined(image: np.ndarray) -> list[Box]:
    """The insides of the magenta outlines, top to bottom. Two charts close together may
    share an edge, so a box is any stretch between two edges with a side on each hand."""
    mark = (image == MARK).all(axis=2)
    edges = _runs(mark.sum(axis=1) > 100)  # rows of a box's top or bottom edge
    boxes = []
    for (_top, top_end), (bottom, _end) in zip(edges, edges[1:], strict=False):
        sides = _runs(mark[(top_end + bottom) // 2])
        if not sides:
            continue  # the page between two charts
        assert len(sides) == 2, f"{len(sides)} vertical edges between rows {top_end}, {bottom}"
        boxes.append(Box(top_end, bottom, sides[0][1], sides[1][0]))
    return boxes


def colour(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[k:k + 2], 16) for k in (1, 3, 5)])


def near(region: np.ndarray, hex_colour: str, tolerance: int = 60) -> int:
    """How many pixels of `region` are (almost) this colour."""
    return int((np.abs(region - colour(hex_colour)).sum(axis=2) <= tolerance).sum())


def assert_drawn(region: np.ndarray, background: np.ndarray, colours: list[str],
                 what: str) -> None:
    """A chart, not a blank box: ink over a fair share, many shades, its series' colours."""
    assert region.shape[0] > 80 and region.shape[1] > 300, f"{what}: a box of {region.shape}"
    ink = (np.abs(region - background).sum(axis=2) > 40).mean()
    assert ink > 0.02, f"{what}: only {ink:.1%} of the box is drawn"
    shades = len(np.unique(region.reshape(-1, 3), axis=0))
    assert shades > 30, f"{what}: {shades} colours"
    for c in colours:
        assert near(region, c) >= 15, f"{what}: no {c} in the chart"


def marked_copy(page: Path) -> Path:
    text = page.read_text(encoding="utf-8")
    assert "</style>" in text
    out = page.with_name(page.stem + "-marked.html")
    out.write_text(text.replace("</style>", MARK_RULE + "</style>", 1), encoding="utf-8")
    return out


@dataclass(frozen=True)
class Rendered:
    html: Path
    page: Page
    image: np.ndarray
    boxes: list[Box]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    folder = tmp_path_factory.mktemp("browser")
    logs = folder / "logs"
    logs.mkdir()
    for seed in (1, 2, 3):
        write_log(play("germany", seed), logs / f"g{seed}.json")
    write_log(play("china", 1), logs / "c1.json")
    student = folder / "student.html"
    _report, text = student_page(open_log(str(logs / "g1.json")), games=10)
    student.write_text(text, encoding="utf-8")
    classroom = folder / "class.html"
    write_class([str(p) for p in sorted(logs.glob("*.json"))], classroom)
    found = {}
    for name, html in (("student", student), ("class", classroom)):
        image = screenshot(marked_copy(html), folder / f"{name}-marked.png")
        found[name] = Rendered(html, parse_page(html.read_text(encoding="utf-8")), image,
                               outlined(image))
    return found


def _background(r: Rendered) -> np.ndarray:
    return r.image[2, WIDTH // 2]  # the page's own background, above the header


def test_every_chart_of_the_students_report_is_drawn(reports: dict[str, Rendered]) -> None:
    r = reports["student"]
    divs = r.page.root.find("div", class_="chart")
    assert len(r.boxes) == len(divs) == 4
    wanted = {"chart-members": [charts.PARTY], "chart-influence": [charts.PARTY, charts.TRUST],
              "chart-fit": [charts.MOSCOW, charts.TRUTH], "chart-gap": [charts.MOSCOW]}
    for div, box in zip(divs, r.boxes, strict=True):
        ident = str(div.attrs["id"])
        assert_drawn(r.image[box.top:box.bottom, box.left:box.right], _background(r),
                     wanted[ident], ident)


def test_every_chart_of_the_class_report_is_drawn(reports: dict[str, Rendered]) -> None:
    r = reports["class"]
    sections = r.page.root.find("section", class_="scenario")
    assert [s.attrs["id"] for s in sections] == ["scenario-china", "scenario-germany"]
    kinds = []
    for section in sections:
        scenario = str(section.attrs["id"]).removeprefix("scenario-")
        has_splits = bool(section.find(id=f"{scenario}-split-table"))
        split_rows = r.page.table(f"{scenario}-split-table")[1:] if has_splits else []
        answered = [resp for k, resp in enumerate(RESPONSES)
                    if any(row[3 + k] != "0 %" for row in split_rows)]
        endings = r.page.table(f"{scenario}-outcomes")[1:]  # ending, games, history's or not
        bars = [charts.TRUTH if row[2] else charts.PARTY for row in endings if row[1] != "0"]
        kinds += [(scenario, "endings", sorted(set(bars)))]
        if has_splits:
            kinds += [(scenario, "splits", [charts.RESPONSE_COLOURS[a] for a in answered])]
        kinds += [(scenario, "gap", [charts.MOSCOW]), (scenario, "obedience", [charts.PARTY])]
    assert len(r.page.root.find("div", class_="chart")) == len(r.boxes) == len(kinds)
    for (scenario, kind, colours), box in zip(kinds, r.boxes, strict=True):
        assert_drawn(r.image[box.top:box.bottom, box.left:box.right], _background(r), colours,
                     f"{scenario} {kind}")


def test_the_charts_sit_inside_the_page_and_apart(reports: dict[str, Rendered]) -> None:
    for name, r in reports.items():
        for box in r.boxes:
            assert 0 < box.left < box.right < WIDTH, (name, box)
        for above, below in zip(r.boxes, r.boxes[1:], strict=False):
            assert above.bottom < below.top, (name, above, below)  # no chart over another


def test_the_students_report_prints_on_a4(reports: dict[str, Rendered]) -> None:
    html = reports["student"].html
    pdf = html.with_suffix(".pdf")
    chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri(), cwd=html.parent)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", data)
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert boxes and pages >= 2, (boxes[:3], pages)
    for width, height in boxes:
        assert abs(float(width) - A4[0]) < 2 and abs(float(height) - A4[1]) < 2, (width, height)
