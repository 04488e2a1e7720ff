"""Region maps: a scenario's own map, else assets/maps/<scenario id>.json, else a schematic.

Pure apart from reading the map file. A map file is untrusted data: it is read
as plain data only, from the scenario's own folder (`engine.ownfiles`, which
also checks it for the validator) or the assets/maps folder (the id must be a
plain name); any problem means the schematic board, never a crash.

Format (coordinates in a 0..1 unit square, y down):

    {"aspect": 1.2,                      # width / height of the drawn map
     "regions": {"berlin": {"polygons": [[[x, y], ...], ...],
                            "label": [x, y]}, ...}}
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from importlib import resources

from engine.model import Scenario
from engine.ownfiles import Shapes, own_map, read_shape_file, read_shapes

Point = tuple[float, float]
MAX_BYTES = 1_000_000
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
    image: str | None = None  # a checked PNG file drawn under the shapes (the scenario's own)


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


def _map_data(shapes: Shapes, image: str | None = None) -> MapData:
    return MapData(shapes.aspect, {rid: RegionShape(polys, label)
                                   for rid, (polys, label) in shapes.regions.items()},
                   False, image)


def parse_map(text: str, region_ids: list[str]) -> MapData:
    """Check a map document against the scenario's regions; `MapError` on any problem."""
    shapes, problems = read_shapes(text.encode("utf-8"), "map", region_ids)
    if shapes is None:
        raise MapError(problems[0].message if problems else "unusable map")
    return _map_data(shapes)


def scenario_map(scenario: Scenario) -> MapData:
    """The board's map: the scenario's own (`map:` in its file), else the bundled one of its
    id, else a schematic. Own files are read again here, so a file changed since the
    scenario was checked still cannot break the board."""
    region_ids = [r.id for r in scenario.regions]
    files = own_map(scenario)
    if files is None:
        return load_map(scenario.id, region_ids)
    shapes, problems = read_shape_file(files.shapes, region_ids)
    if shapes is None:
        log.warning("own map of %s unusable (%s); drawing a schematic board", scenario.id,
                    problems[0] if problems else "?")
        return schematic(region_ids)
    return _map_data(shapes, str(files.image) if files.image else None)


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
