"""MODDING.md's field tables and the shipped schema are generated from the model,
and the examples MODDING.md gives for the command line do what it says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from builders import ROOT, SCENARIOS

from engine.schema import SCHEMA_FILE, scenario_schema, schema_text
from game import docgen
from game.cli import main

MODDING = ROOT / "MODDING.md"


def test_the_generated_tables_of_modding_md_are_current() -> None:
    text = MODDING.read_text(encoding="utf-8")
    assert docgen.regenerate(text) == text, "MODDING.md is stale: run python -m game.docgen"


def test_every_model_of_the_format_has_a_generated_table() -> None:
    shown = list(docgen.generated_regions(MODDING.read_text(encoding="utf-8")))
    assert sorted(set(shown)) == docgen.models_in_schema()
    assert len(shown) == len(set(shown))


def test_a_table_row_is_the_key_its_type_its_default_and_its_description() -> None:
    rows = docgen.table(__import__("engine.model", fromlist=["Event"]).Event).splitlines()
    assert rows[0] == "| key | type | default | meaning |"
    assert "| `chance` | share | `1` | the chance, 0 to 1, that it fires in a turn where it " \
        "is due |" in rows
    assert "| `when` | list of triggers | `[]` |" in "\n".join(rows)
    assert any(r.startswith("| `id` | id | required |") for r in rows)


def test_aliases_and_bounds_are_what_a_file_writes() -> None:
    from engine.model import Initiative, Region, Scenario
    assert "| `from` | month | required |" in docgen.table(Initiative)
    assert "| `regions` | list of regions, 1 to 12 | required |" in docgen.table(Scenario)
    assert "| `cadre_need` | number above 0 and at most 1,000,000 | required |" in \
        docgen.table(Region)


def test_regenerating_keeps_the_prose_and_replaces_only_the_tables() -> None:
    text = ("Before.\n\n<!-- begin generated: Goal -->\nold table\n<!-- end generated: Goal -->"
            "\n\nAfter, with | pipes |.\n")
    out = docgen.regenerate(text)
    assert out.startswith("Before.\n\n<!-- begin generated: Goal -->\n\n| key |")
    assert out.endswith("\n<!-- end generated: Goal -->\n\nAfter, with | pipes |.\n")
    assert "old table" not in out and "| `when` | list of triggers, at least 1 |" in out
    assert docgen.regenerate(out) == out


def test_a_marker_naming_no_model_is_an_error() -> None:
    with pytest.raises(ValueError, match="Gaol"):
        docgen.regenerate("<!-- begin generated: Gaol -->\n<!-- end generated: Gaol -->\n")


def test_check_names_what_is_stale_and_writing_makes_it_current(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    modding, shipped = tmp_path / "MODDING.md", tmp_path / SCHEMA_FILE
    modding.write_text("<!-- begin generated: Goal -->\n<!-- end generated: Goal -->\n",
                       encoding="utf-8")
    monkeypatch.setattr(docgen, "MODDING", modding)
    monkeypatch.setattr(docgen, "SHIPPED_SCHEMA", shipped)
    monkeypatch.setattr(docgen, "ROOT", tmp_path)
    assert docgen.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "MODDING.md is stale" in err and f"{SCHEMA_FILE} is stale" in err
    assert docgen.main([]) == 0
    assert docgen.main(["--check"]) == 0
    assert json.loads(shipped.read_text(encoding="utf-8")) == scenario_schema()


def test_comintern_schema_writes_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == schema_text(scenario_schema()) == \
        (SCENARIOS / SCHEMA_FILE).read_text(encoding="utf-8")


def test_new_scenario_says_how_to_write_the_schema_beside_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-scenario", "britain_1929", "--path", str(tmp_path)]) == 0
    assert f"comintern schema -o {tmp_path / SCHEMA_FILE}" in capsys.readouterr().out


def _block_after(heading: str, kind: str) -> str:
    text = MODDING.read_text(encoding="utf-8")
    rest = text[text.index(heading):]
    match = re.search(rf"```{kind}\n(.*?)```", rest, re.S)
    assert match
    return match.group(1)


def test_the_answers_file_of_modding_md_plays_as_it_says(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sketch = tmp_path / "britain.yaml"
    sketch.write_text(_block_after("**A minimal scenario.**", "yaml"), encoding="utf-8")
    answers = tmp_path / "answers.txt"
    answers.write_text(_block_after("**Answers from a file.**", "text"), encoding="utf-8")
    save = tmp_path / "save.json"
    assert main(["play", str(sketch), "--text", "--seed", "1", "--answers", str(answers),
                 "--save", str(save)]) == 0
    assert "The answers ran out" in capsys.readouterr().out
    labels = [turn["label"] for turn in json.loads(save.read_text(encoding="utf-8"))["turns"]]
    assert labels == ["comply", "adapt: agitation @ london | cadres clydeside=1 london=3",
                      "stall", "comply", "defy: agitation @ clydeside"]
