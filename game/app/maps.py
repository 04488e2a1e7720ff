"""Region maps: stylised shapes read from assets/maps/<scenario id>.json, or a schematic.

Pure apart from reading the map file. A map file is untrusted data: it is read
with `json` only, from the assets/maps folder only (the id must be a plain
name), and checked; any problem means the schematic board, never a crash.

Format (coordinates in a 0..1 unit square, y down):

    {"aspect": 1.2,                      # width / height of the drawn map
     "regions": {"berlin": {"polygons": [[[x, y], ...], ...],
                            "label": [x, y]}, ...}}
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from importlib import resources

Point = tuple[float, float]
MAX_BYTES = 1_000_000
MAX_POINTS = 400
_ID = re.compile(r"^[a-z0-9_]{1,64}$")
log = logging.getLogger(__name__)


class MapError(ValueError):
    """A map file that cannot be used."""


@dataclass(frozen=True)
class RegionShape:
    polygons: tuple[tuple[Point, ...], ...]
    label: Point


@dataclass(frozen=True)
class MapData:
    """Where each region is drawn, in unit coordinates; `schematic` if computed."""

    aspect: float
    regions: dict[str, RegionShape]
    schematic: bool


def schematic(region_ids: list[str], aspect: float = 1.5) -> MapData:
    """A board of rounded blocks in rows, computed from the number of regions."""
    n = max(len(region_ids), 1)
    cols = max(1, math.ceil(math.sqrt(n * aspect)))
    rows = math.ceil(n / cols)
    gap = 0.03
    w, h = (1 - gap) / cols - gap, (1 - gap) / rows - gap
    shapes = {}
    for k, rid in enumerate(region_ids):
        row, col = divmod(k, cols)
        in_row = min(cols, n - row * cols)
        shift = (cols - in_row) * (w + gap) / 2  # centre a short last row
        x0, y0 = gap + shift + col * (w + gap), gap + row * (h + gap)
        box = ((x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h))
        shapes[rid] = RegionShape((box,), (x0 + w / 2, y0 + h * 0.3))
    return MapData(aspect, shapes, True)


def _point(value: object, where: str) -> Point:
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
        raise MapError(f"{where}: a point is [x, y]")
    x, y = float(value[0]), float(value[1])
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        raise MapError(f"{where}: coordinates must be within 0..1")
    return (x, y)


def parse_map(text: str, region_ids: list[str]) -> MapData:
    """Check a map document against the scenario's regions; `MapError` on any problem."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise MapError(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("regions"), dict):
        raise MapError('needs an object with "regions"')
    aspect = data.get("aspect", 1.0)
    if not isinstance(aspect, int | float) or not 0.25 <= aspect <= 4:
        raise MapError("aspect must be a number from 0.25 to 4")
    regions: dict[str, RegionShape] = {}
    missing = [r for r in region_ids if r not in data["regions"]]
    extra = [r for r in data["regions"] if r not in region_ids]
    if missing or extra:
        raise MapError(f"regions do not match the scenario (missing {missing}, extra {extra})")
    points = 0
    for rid in region_ids:
        entry = data["regions"][rid]
        if not isinstance(entry, dict) or not isinstance(entry.get("polygons"), list):
            raise MapError(f"{rid}: needs polygons")
        polys = []
        for k, poly in enumerate(entry["polygons"]):
            if not isinstance(poly, list) or len(poly) < 3:
                raise MapError(f"{rid}: polygon {k} needs at least 3 points")
            polys.append(tuple(_point(p, f"{rid} polygon {k}") for p in poly))
            points += len(poly)
        if not polys:
            raise MapError(f"{rid}: needs at least one polygon")
        label = _point(entry.get("label"), f"{rid} label")
        regions[rid] = RegionShape(tuple(polys), label)
    if points > MAX_POINTS * max(len(region_ids), 1):
        raise MapError("too many points")
    return MapData(float(aspect), regions, False)


def load_map(scenario_id: str, region_ids: list[str]) -> MapData:
    """The scenario's stylised map from assets/maps, or a schematic board if there is none."""
    if not _ID.match(scenario_id):
        return schematic(region_ids)
    try:
        resource = resources.files("assets").joinpath("maps", f"{scenario_id}.json")
        if not resource.is_file():
            return schematic(region_ids)
        raw = resource.read_bytes()
        if len(raw) > MAX_BYTES:
            raise MapError("the file is too large")
        return parse_map(raw.decode("utf-8"), region_ids)
    except (OSError, UnicodeDecodeError, MapError) as exc:
        log.warning("map for %s unusable (%s); drawing a schematic board", scenario_id, exc)
        return schematic(region_ids)


ROWS = 10  # bands the map is read in, top to bottom


def reading_order(mapdata: MapData, region_ids: list[str]) -> list[str]:
    """The regions as the map is read: top to bottom by their label, left to right within
    a band of the map's height (labels within a tenth of the height count as one row)."""
    def key(rid: str) -> tuple[int, float, float]:
        x, y = mapdata.regions[rid].label
        return (int(y * ROWS), x, y)
    return sorted(region_ids, key=key)


def point_in_polygon(p: Point, poly: tuple[Point, ...]) -> bool:
    x, y = p
    inside = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside
