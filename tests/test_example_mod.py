"""The example mod, Britain 1924-1935 (issue 9, item 8): it plays to the end in the text
mode and replays, it is found by id when its folder is copied into the mods folder, and
its own map and override are what the tutorial in MODDING.md says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.loader import check_file, load_scenario
from engine.ownfiles import own_map
from game.cli import main
from game.files import mod_ids, mods_dir, open_scenario, scenarios_dir

BRITAIN = Path(__file__).resolve().parents[1] / "examples" / "mods" / "britain"
FILE = BRITAIN / "britain.yaml"


def test_it_plays_to_the_end_in_the_text_mode_and_replays(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("c\n\n" * 60, encoding="utf-8")
    save = tmp_path / "game.json"
    code = main(["play", str(FILE), "--text", "--seed", "3", "--answers", str(answers),
                 "--save", str(save)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Score" in out and "ran out" not in out
    assert main(["replay", str(save), "--scenario", str(FILE)]) == 0
    assert "48 turns replayed, no divergence" in capsys.readouterr().out


def test_its_folder_in_the_mods_folder_is_played_by_id(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    mods_dir().mkdir(parents=True)
    shutil.copytree(BRITAIN, mods_dir() / "britain")
    assert mod_ids() == ["britain"]  # its catalogue beside it is not a mod
    scenario = open_scenario("britain")
    files = own_map(scenario)
    assert files is not None and files.shapes.is_relative_to(mods_dir().resolve())
    assert main(["validate", "britain"]) == 0
    assert "ok (5 regions" in capsys.readouterr().out


def test_it_overrides_elections_and_adds_its_own_action_and_line() -> None:
    scenario, problems = check_file(FILE, [scenarios_dir()])
    assert problems == [] and scenario is not None
    common = load_scenario(scenarios_dir() / "germany.yaml", [scenarios_dir()])
    mine = {a.id: a for a in scenario.actions}
    theirs = {a.id: a for a in common.actions}
    assert mine["elections"].difficulty == 0.5 != theirs["elections"].difficulty
    assert mine["elections"].fit == theirs["elections"].fit  # merged: the rest is shared
    assert [a.id for a in scenario.actions][:len(theirs)] == list(theirs)  # same places
    assert "hunger_march" in mine and "popular_front" in {line.id for line in scenario.lines}
    assert scenario.rules.party.destroyed_below == 600
