"""The window's modules import at the top: scenes reach each other through the context."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "game" / "app"
# game/app/__init__.py imports pygame late on purpose: `comintern play` must run without it.
BOUNDARY = APP / "__init__.py"


def late_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            out += [f"{path.name}:{inner.lineno}" for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)]
    return out


def test_no_imports_inside_functions_in_the_window():
    found = [hit for path in sorted(APP.rglob("*.py")) if path != BOUNDARY
             for hit in late_imports(path)]
    assert found == []


def test_the_check_sees_a_late_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import os\n    return os\n")
    assert late_imports(sample) == ["sample.py:2"]


def test_no_scene_imports_another_scene():
    scenes = APP / "scenes"
    names = {p.stem for p in scenes.glob("*.py")} - {"__init__", "base", "overlays"}
    for path in scenes.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module.rsplit(".", 1)[-1] for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module
                    and node.module.startswith("game.app.scenes.")}
        assert not (imported & names - {path.stem}), path.name
