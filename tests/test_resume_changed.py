"""`comintern play --resume` of a game whose scenario was edited since it was saved.

The scenario is a mod in a mods folder of the test's own (platformdirs reads
XDG_DATA_HOME), found by its id as a player's would be.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from builders import edit_file, without_farms_file

from engine.loader import content_hash
from engine.record import read_record
from game.cli import main
from game.files import mods_dir, open_scenario

TINY = Path(__file__).resolve().parent / "data" / "tiny.yaml"
PLAYED = ["comply", "stall", "adapt: agitation @ farms", "comply"]


@pytest.fixture
def mod(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = mods_dir() / "tiny.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def answers(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / f"answers-{len(lines)}.txt"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def save(mod: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Four turns of the mod, saved; the mod is then free to be edited."""
    path = tmp_path / "save.json"
    code = main(["play", "tiny", "--text", "--seed", "4", "--name", "", "--save", str(path),
                 "--answers", str(answers(tmp_path, PLAYED))])
    capsys.readouterr()
    assert code == 0 and len(read_record(str(path)).turns) == len(PLAYED)
    return path


def test_a_changed_number_is_said_replayed_and_played_on(
        mod: Path, save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_hash = read_record(str(save)).scenario.hash
    edit_file(mod, "capacity: 150000", "capacity: 90000")
    new_hash = content_hash(open_scenario(str(mod)))
    code = main(["play", "--resume", str(save), "--answers",
                 str(answers(tmp_path, ["comply"]))])
    out, err = capsys.readouterr()
    assert code == 0, err
    said = " ".join(out.split())
    assert (f"{mod} has changed since this game was saved (its hash is now {new_hash}, the "
            f"save's {old_hash}): replayed 4 turns on the new rules.") in said
    assert ("(The answers come from a file or a pipe, so the game continues on the new rules "
            f"from 1921-01 (turn 5); {save} will hold it.)") in said
    record = read_record(str(save))
    assert record.scenario.hash == new_hash
    assert [t.label for t in record.turns] == [*PLAYED, "comply"]
    # the save is a record of the new rules: it replays, found by id and hash in the mods folder
    assert main(["replay", str(save)]) == 0
    assert "5 turns replayed, no divergence" in capsys.readouterr().out


def test_a_removed_region_says_the_turn_order_and_region_and_goes_on_from_there(
        mod: Path, save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    without_farms_file(mod)
    code = main(["play", "--resume", str(save), "--answers",
                 str(answers(tmp_path, ["stall"]))])
    out, err = capsys.readouterr()
    assert code == 0, err
    said = " ".join(out.split())
    assert ("replayed 2 of 4 turns on the new rules, then stopped: turn 3 (1920-07): the order "
            "'adapt: Agitation and propaganda @ farms' names a region the file no longer has "
            "(farms).") in said
    assert "continues on the new rules from 1920-07 (turn 3)" in said
    assert [t.label for t in read_record(str(save)).turns] == ["comply", "stall", "stall"]


class _Terminal(io.StringIO):
    """Answers typed at a terminal: the game asks before it changes the save."""

    def isatty(self) -> bool:
        return True


def test_at_a_terminal_the_player_may_keep_the_old_game_untouched(
        mod: Path, save: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = save.read_bytes()
    without_farms_file(mod)
    monkeypatch.setattr(sys, "stdin", _Terminal("k\n"))
    code = main(["play", "--text", "--resume", str(save)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert ("[Enter] continue on the new rules from 1920-07 (turn 3)\n"
            "[k] keep the old game and its save as they are > ") in out
    assert f"{save} is left as it was." in " ".join(out.split())
    assert save.read_bytes() == before


def test_at_a_terminal_enter_takes_the_game_on_the_new_rules(
        mod: Path, save: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    edit_file(mod, "cadres: 400", "cadres: 300")
    monkeypatch.setattr(sys, "stdin", _Terminal("\nq\n"))
    code = main(["play", "--text", "--resume", str(save)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Resuming at 1921-01 (turn 5)." in out
    data = json.loads(save.read_text(encoding="utf-8"))
    assert data["scenario"]["hash"] == content_hash(open_scenario(str(mod)))
    assert len(data["turns"]) == len(PLAYED)


def test_a_changed_scenario_that_no_longer_loads_shows_its_problems(
        mod: Path, save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_file(mod, "capacity: 150000", "capacity: lots")
    code = main(["play", "--resume", str(save), "--answers",
                 str(answers(tmp_path, ["comply"]))])
    _out, err = capsys.readouterr()
    assert code == 1
    assert f"{mod}:" in err and "capacity" in err
