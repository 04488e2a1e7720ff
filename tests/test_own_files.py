"""A mod's own map (issue 9, item 2): shapes and a picture named relative to the scenario
file, confined to its folder, checked at file:line:col; a bad one is a problem, never a
crash, and the board falls back to a schematic if the file goes bad after the check."""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path

import pytest

from engine.loader import check_file, content_hash
from engine.ownfiles import own_map, png_problem
from engine.problems import Problem
from game.cli import main
from game.files import new_scenario, scenarios_dir

SHAPES = {"aspect": 1.5, "regions": {
    "capital": {"label": [0.25, 0.5], "polygons": [[[0.0, 0.0], [0.5, 0.0], [0.5, 1.0],
                                                     [0.0, 1.0]]]},
    "countryside": {"label": [0.75, 0.5], "polygons": [[[0.5, 0.0], [1.0, 0.0], [1.0, 1.0],
                                                         [0.5, 1.0]]]}}}


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG, written by hand (no imaging library in the engine's tests)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\x80\x80\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


class MapMod:
    """The template in a folder of its own, with a `map:` and its files."""

    def __init__(self, folder: Path, shapes: str = "board/shapes.json",
                 image: str | None = "board/picture.png") -> None:
        self.folder = folder
        self.path = new_scenario("ruritania", folder)
        (folder / "board").mkdir()
        (folder / "board" / "shapes.json").write_text(json.dumps(SHAPES, indent=1))
        (folder / "board" / "picture.png").write_bytes(png())
        lines = f"\nmap:\n  shapes: {json.dumps(shapes)}\n"
        if image is not None:
            lines += f"  image: {json.dumps(image)}\n"
        self.path.write_text(self.path.read_text(encoding="utf-8") + lines, encoding="utf-8")

    def check(self) -> list[Problem]:
        return check_file(self.path, [scenarios_dir()])[1]

    def where(self, needle: str, name: str | None = None) -> tuple[str, int, int]:
        path = self.path if name is None else self.folder / name
        text = path.read_text(encoding="utf-8")
        index = text.rindex(needle) if name is None else text.index(needle)
        line = text.count("\n", 0, index) + 1
        return str(path), line, index - (text.rfind("\n", 0, index) + 1) + 1

    def one(self, code: str) -> Problem:
        problems = self.check()
        assert [p.code for p in problems] == [code], "\n".join(map(str, problems))
        return problems[0]


def test_a_mod_with_its_own_map_has_no_problems_and_finds_its_files(tmp_path: Path) -> None:
    mod = MapMod(tmp_path / "mod")
    scenario, problems = check_file(mod.path, [scenarios_dir()])
    assert problems == []
    assert scenario is not None
    files = own_map(scenario)
    assert files is not None
    assert files.shapes == (tmp_path / "mod" / "board" / "shapes.json").resolve()
    assert files.image == (tmp_path / "mod" / "board" / "picture.png").resolve()


def test_the_map_does_not_change_the_content_hash(tmp_path: Path) -> None:
    with_map = check_file(MapMod(tmp_path / "a").path, [scenarios_dir()])[0]
    without = check_file(new_scenario("ruritania", tmp_path / "b"), [scenarios_dir()])[0]
    assert with_map is not None and without is not None
    assert content_hash(with_map) == content_hash(without)


@pytest.mark.parametrize(("name", "why"), [
    ("../shapes.json", "the path may not leave the scenario's folder: '..' is not allowed"),
    ("board/../../x.json", "the path may not leave the scenario's folder: '..' is not allowed"),
    ("/etc/passwd.json", "only a path relative to the scenario's file is allowed, not an "
                         "absolute one"),
    ("board\\shapes.json", "a file name uses / between folders and holds no backslash"),
    ("board/shapes.txt", "the file must end in .json"),
])
def test_a_path_that_leaves_the_folder_is_refused_at_its_value(tmp_path: Path, name: str,
                                                                why: str) -> None:
    mod = MapMod(tmp_path / "mod", shapes=name)
    problem = mod.one("E220")
    assert (problem.file, problem.line, problem.col) == mod.where(json.dumps(name))
    assert problem.message == f"map.shapes {name!r}: {why}"


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.json"
    outside.write_text(json.dumps(SHAPES))
    mod = MapMod(tmp_path / "mod", shapes="board/link.json")
    (tmp_path / "mod" / "board" / "link.json").symlink_to(outside)
    assert "leads out of the scenario's folder" in mod.one("E220").message


def test_a_link_that_stays_inside_the_folder_is_followed(tmp_path: Path) -> None:
    mod = MapMod(tmp_path / "mod", shapes="link.json")
    (tmp_path / "mod" / "link.json").symlink_to(tmp_path / "mod" / "board" / "shapes.json")
    assert mod.check() == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    mod = MapMod(tmp_path / "mod", shapes="board/pipe.json")
    os.mkfifo(tmp_path / "mod" / "board" / "pipe.json")
    assert "not a regular file" in mod.one("E221").message


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    mod = MapMod(tmp_path / "mod", image="board/gone.png")
    problem = mod.one("E221")
    assert (problem.file, problem.line, problem.col) == mod.where('"board/gone.png"')
    assert problem.message.startswith("map.image 'board/gone.png': cannot read the map picture")


def test_a_point_outside_the_square_is_shown_in_the_map_file(tmp_path: Path) -> None:
    mod = MapMod(tmp_path / "mod")
    shapes = tmp_path / "mod" / "board" / "shapes.json"
    shapes.write_text(shapes.read_text().replace("1.0", "1.7", 1))
    problem = mod.one("E222")
    text = shapes.read_text()
    point = text.rfind("[", 0, text.index("1.7"))  # the point [x, y] that holds it
    assert (problem.line, problem.col) == (text.count("\n", 0, point) + 1,
                                           point - text.rfind("\n", 0, point))
    assert problem.file == str(tmp_path / "mod" / "board" / "shapes.json")
    assert "lies outside the unit square" in problem.message


def test_a_region_the_scenario_lacks_gets_a_suggestion(tmp_path: Path) -> None:
    mod = MapMod(tmp_path / "mod")
    shapes = tmp_path / "mod" / "board" / "shapes.json"
    shapes.write_text(shapes.read_text().replace('"capital"', '"capitol"'))
    messages = sorted(p.message for p in mod.check())
    assert messages == ['the map has a region "capitol" that the scenario does not. Did you '
                        'mean "capital"?', "the map has no shape for the region(s) ['capital']"]


def test_a_map_file_that_is_not_json_says_where(tmp_path: Path) -> None:
    mod = MapMod(tmp_path / "mod")
    (tmp_path / "mod" / "board" / "shapes.json").write_text('{"regions": {"capital": [}\n')
    problem = mod.one("E222")
    assert problem.line == 1 and problem.message.startswith("not valid YAML")


@pytest.mark.parametrize(("raw", "why"), [
    (b"GIF89a" + b"\x00" * 40, "not a PNG picture"),
    (png(5000, 10), "the picture is 5000x10 pixels; at most 4096 on each side is allowed"),
])
def test_a_picture_that_is_not_a_small_png_is_refused(tmp_path: Path, raw: bytes,
                                                       why: str) -> None:
    mod = MapMod(tmp_path / "mod")
    (tmp_path / "mod" / "board" / "picture.png").write_bytes(raw)
    assert why in mod.one("E223").message
    assert png_problem(png()) is None


def test_validate_exits_non_zero_with_the_position_and_no_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mod = MapMod(tmp_path / "mod", shapes="../x.json")
    assert main(["validate", str(mod.path)]) == 1
    err = capsys.readouterr().err
    file, line, col = mod.where('"../x.json"')
    assert f"{file}:{line}:{col}: error E220:" in err
    assert "Traceback" not in err
