"""A scenario's own files (its map's shapes and picture): found in its folder, checked.

Reads files, changes nothing. A scenario names them relative to its own
file. A name may not be absolute, hold `..` or a backslash, nor lead
(through a symbolic link) out of the scenario's folder; the file must be
an ordinary one within its size limit (`engine.readfile` refuses FIFOs,
devices and folders without waiting on them). The shapes are checked here
with positions, so a bad map is a problem at `file:line:col` like any other;
the window only draws what passed.
"""

from __future__ import annotations

import dataclasses
import math
import struct
from dataclasses import dataclass
from pathlib import Path as FsPath
from pathlib import PurePosixPath
from typing import Any

from engine.model import Scenario
from engine.problems import Problem, ProblemError, did_you_mean
from engine.readfile import read_regular
from engine.yamlsafe import Document, Path, parse_yaml

SHAPES_BYTES = 1_000_000
IMAGE_BYTES = 4_000_000
IMAGE_SIDE = 4096  # pixels: a picture is decoded whole, so its size is bounded before that
MAX_POINTS = 400  # per region, on average
ASPECT = (0.25, 4.0)
SHAPES_KEYS = ("about", "aspect", "regions")
SUFFIXES = {"shapes": (".json",), "image": (".png",)}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

Point = tuple[float, float]


@dataclass(frozen=True)
class Shapes:
    """A checked map: aspect (width / height) and, per region, polygons and a label point."""

    aspect: float
    regions: dict[str, tuple[tuple[tuple[Point, ...], ...], Point]]


@dataclass(frozen=True)
class OwnMapFiles:
    """Where a scenario's own map files are, resolved inside its folder."""

    shapes: FsPath
    image: FsPath | None


def own_file(folder: FsPath, name: str, suffixes: tuple[str, ...]) -> FsPath | str:
    """The file `name` inside `folder`, or what is wrong with the name."""
    if not name or "\\" in name or "\x00" in name:
        return "a file name uses / between folders and holds no backslash"
    rel = PurePosixPath(name)
    if not rel.parts or rel.is_absolute() or name.startswith("~") or ":" in rel.parts[0]:
        return "only a path relative to the scenario's file is allowed, not an absolute one"
    if ".." in rel.parts:
        return "the path may not leave the scenario's folder: '..' is not allowed"
    if not name.lower().endswith(suffixes):
        return f"the file must end in {' or '.join(suffixes)}"
    root = folder.resolve()
    path = (root / rel).resolve()
    if not path.is_relative_to(root):
        return "the path leads out of the scenario's folder (through a symbolic link)"
    return path


def _problem(doc: Document, path: Path, message: str, code: str) -> Problem:
    file, line, col = doc.positions.value(path)
    return Problem(file, line, col, message, code)


def _read(doc: Document, folder: FsPath, key: str, limit: int, what: str
          ) -> tuple[FsPath | None, bytes | None, list[Problem]]:
    name = doc.data["map"][key]
    found = own_file(folder, name, SUFFIXES[key])
    if isinstance(found, str):
        return None, None, [_problem(doc, ("map", key), f"map.{key} {name!r}: {found}",
                                     "E220")]
    try:
        raw = read_regular(str(found), limit, what, "E221")
    except ProblemError as exc:
        return None, None, [_problem(doc, ("map", key), f"map.{key} {name!r}: "
                                     f"{p.message}", "E221") for p in exc.problems]
    return found, raw, []


def check_own_files(scenario: Scenario, doc: Document) -> list[Problem]:
    """Every problem with the files the scenario's `map:` names (none if it names none)."""
    if scenario.map is None:
        return []
    folder = FsPath(doc.filename).parent
    problems: list[Problem] = []
    path, raw, found = _read(doc, folder, "shapes", SHAPES_BYTES, "map file")
    problems += found
    if path is not None and raw is not None:
        shown = str(folder / doc.data["map"]["shapes"])
        problems += read_shapes(raw, shown, [r.id for r in scenario.regions])[1]
    if scenario.map.image is not None:
        path, raw, found = _read(doc, folder, "image", IMAGE_BYTES, "map picture")
        problems += found
        if raw is not None and (why := png_problem(raw)):
            problems.append(_problem(doc, ("map", "image"),
                                     f"map.image {scenario.map.image!r}: {why}", "E223"))
    return problems


def png_problem(raw: bytes) -> str | None:
    """What makes `raw` unusable as the map's picture, read from its header; None if nothing."""
    if not raw.startswith(PNG_SIGNATURE) or raw[12:16] != b"IHDR" or len(raw) < 24:
        return "not a PNG picture (a PNG file starts with its own signature)"
    width, height = struct.unpack(">II", raw[16:24])
    if not (0 < width <= IMAGE_SIDE and 0 < height <= IMAGE_SIDE):
        return (f"the picture is {width}x{height} pixels; at most {IMAGE_SIDE} on each side "
                "is allowed")
    return None


def own_map(scenario: Scenario) -> OwnMapFiles | None:
    """The scenario's own map files, re-checked inside the folder it was loaded from."""
    folder = scenario.source_folder
    if scenario.map is None or folder is None:
        return None
    shapes = own_file(FsPath(folder), scenario.map.shapes, SUFFIXES["shapes"])
    image = (own_file(FsPath(folder), scenario.map.image, SUFFIXES["image"])
             if scenario.map.image else None)
    if isinstance(shapes, str):
        return None
    return OwnMapFiles(shapes, image if isinstance(image, FsPath) else None)


def read_shape_file(path: FsPath, region_ids: list[str]) -> tuple[Shapes | None, list[Problem]]:
    """Read and check a map file, refusing what is not an ordinary file of bounded size."""
    try:
        raw = read_regular(str(path), SHAPES_BYTES, "map file", "E221")
    except ProblemError as exc:
        return None, exc.problems
    return read_shapes(raw, str(path), region_ids)


def read_shapes(raw: bytes, filename: str, region_ids: list[str]
                ) -> tuple[Shapes | None, list[Problem]]:
    """Check a map document (JSON, or the same in YAML) against the scenario's regions."""
    try:
        doc = parse_yaml(raw.decode("utf-8"), filename)
    except UnicodeDecodeError:
        return None, [Problem(filename, 1, 1, "the map file is not UTF-8 text", "E222")]
    except ProblemError as exc:
        return None, [dataclasses.replace(p, code="E222") for p in exc.problems]
    out = _ShapeCheck(doc)
    shapes = out.check(region_ids)
    return (shapes if not out.problems else None), out.problems


class _ShapeCheck:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str, key: bool = False) -> None:
        pos = self.doc.positions.key(path) if key else self.doc.positions.value(path)
        self.problems.append(Problem(*pos, message, "E222"))

    def number(self, value: Any) -> bool:
        return (isinstance(value, int | float) and not isinstance(value, bool)
                and math.isfinite(value))

    def point(self, value: Any, path: Path, what: str) -> Point | None:
        if not (isinstance(value, list) and len(value) == 2 and all(map(self.number, value))):
            self.add(path, f"{what} must be a point [x, y] of two numbers")
            return None
        x, y = float(value[0]), float(value[1])
        if not (0 <= x <= 1 and 0 <= y <= 1):
            self.add(path, f"{what} [{x:g}, {y:g}] lies outside the unit square: x and y "
                     "run from 0 to 1")
            return None
        return (x, y)

    def check(self, region_ids: list[str]) -> Shapes | None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.add((), 'a map file is a mapping with "regions" (and "aspect", "about")')
            return None
        for key in data:
            if key not in SHAPES_KEYS:
                self.add((key,), f"unknown key {key!r} in the map file."
                         f"{did_you_mean(key, SHAPES_KEYS)}".removesuffix("."), key=True)
        aspect = data.get("aspect", 1.0)
        if not (self.number(aspect) and ASPECT[0] <= aspect <= ASPECT[1]):
            self.add(("aspect",), f"aspect (width / height) must be a number from {ASPECT[0]} "
                     f"to {ASPECT[1]}")
        regions = data.get("regions")
        if not isinstance(regions, dict):
            self.add(("regions",) if "regions" in data else (),
                     'the map needs "regions": a mapping from each region id to its shape')
            return None
        missing = [r for r in region_ids if r not in regions]
        if missing:
            self.add(("regions",), f"the map has no shape for the region(s) {missing}")
        for rid in regions:
            if rid not in region_ids:
                self.add(("regions", rid), f'the map has a region "{rid}" that the scenario '
                         f"does not.{did_you_mean(rid, region_ids)}".removesuffix("."), key=True)
        shapes: dict[str, tuple[tuple[tuple[Point, ...], ...], Point]] = {}
        points = 0
        for rid in region_ids:
            if rid not in regions:
                continue
            got = self._region(regions[rid], ("regions", rid), rid)
            if got is not None:
                shapes[rid] = got
                points += sum(len(p) for p in got[0])
        if points > MAX_POINTS * max(len(region_ids), 1):
            self.add(("regions",), f"the map has {points} points; at most "
                     f"{MAX_POINTS * max(len(region_ids), 1)} are allowed")
        if self.problems:
            return None
        return Shapes(float(aspect), shapes)

    def _region(self, entry: Any, at: Path, rid: str
                ) -> tuple[tuple[tuple[Point, ...], ...], Point] | None:
        if not isinstance(entry, dict):
            self.add(at, f'region "{rid}" needs "polygons" and "label"')
            return None
        for key in entry:
            if key not in ("polygons", "label"):
                self.add((*at, key), f"unknown key {key!r} in region \"{rid}\"."
                         f"{did_you_mean(key, ['polygons', 'label'])}".removesuffix("."),
                         key=True)
        polys = entry.get("polygons")
        if not isinstance(polys, list) or not polys:
            self.add((*at, "polygons") if "polygons" in entry else at,
                     f'region "{rid}" needs "polygons": a list of at least one polygon')
            return None
        out: list[tuple[Point, ...]] = []
        for k, poly in enumerate(polys):
            here = (*at, "polygons", k)
            if not isinstance(poly, list) or len(poly) < 3:
                self.add(here, f'region "{rid}": polygon {k} needs at least 3 points')
                continue
            pts = [self.point(p, (*here, j), f'region "{rid}", polygon {k}, point {j}')
                   for j, p in enumerate(poly)]
            if all(p is not None for p in pts):
                out.append(tuple(p for p in pts if p is not None))
        label = self.point(entry.get("label"), (*at, "label") if "label" in entry else at,
                           f'region "{rid}": label')
        if label is None or len(out) != len(polys):
            return None
        return tuple(out), label
