"""`comintern new-scenario`: a template that validates, plays to the end and replays."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.loader import check_file
from engine.record import read_record
from game.cli import main
from game.files import mods_dir, scenario_ids, scenarios_dir, template_text


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of the test's own, so the mods folder is empty and ours."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert mods_dir().is_relative_to(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_template_is_a_data_file_with_placeholders() -> None:
    text = template_text()
    assert "id: __id__\n" in text and "name: __name__\n" in text


def test_new_scenario_goes_into_the_mods_folder_and_says_what_next(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "new-scenario", "britain_1929")
    path = mods_dir() / "britain_1929.yaml"
    assert code == 0, err
    assert path.is_file()
    assert f"wrote {path}\n" in out
    assert f"comintern validate {path}" in out
    assert f"comintern play {path} --text" in out
    scenario, problems = check_file(path, [scenarios_dir()])
    assert problems == [], "\n".join(map(str, problems))
    assert scenario is not None
    assert (scenario.id, scenario.name) == ("britain_1929", "Britain 1929")
    assert len(scenario.regions) == 2 and scenario.events and scenario.goals
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0
    assert out == f"{path}: ok (2 regions, {len(scenario.events)} events, " \
        f"{len(scenario.actions)} actions; 0 warning(s))\n"


@pytest.mark.parametrize("name", ["true", "null", "no", "x1"])
def test_an_id_that_yaml_would_read_as_another_type_stays_text(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new-scenario", name, "--path", str(tmp_path))[0] == 0
    scenario, problems = check_file(tmp_path / f"{name}.yaml", [scenarios_dir()])
    assert problems == [] and scenario is not None and scenario.id == name


def test_an_existing_file_is_never_overwritten(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my own work\n", encoding="utf-8")
    code, out, err = run(capsys, "new-scenario", "mine", "--path", str(tmp_path))
    assert code == 1
    assert err == f"comintern new-scenario: {path} already exists and is left as it is; " \
        "choose another name, or --path another folder\n"
    assert path.read_text(encoding="utf-8") == "my own work\n"


@pytest.mark.parametrize("name", ["Britain", "britain-1929", "1929", "", "a" * 41, "../x"])
def test_a_name_that_is_not_an_id_is_refused(name: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "new-scenario", name, "--path", str(tmp_path))
    assert code == 2
    assert "cannot be a scenario id: use lower-case letters, digits and underscores" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_the_new_scenario_plays_to_the_end_from_piped_answers_and_replays(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new-scenario", "testland")[0] == 0
    path = mods_dir() / "testland.yaml"
    answers = home / "answers.txt"
    answers.write_text("c\n\n" * 40, encoding="utf-8")  # comply each turn, Enter at each pause
    save = home / "game.json"
    code, out, err = run(capsys, "play", str(path), "--text", "--seed", "3", "--save", str(save),
                         "--answers", str(answers))
    assert code == 0, err
    assert "Traceback" not in out + err
    record = read_record(str(save))
    assert record.outcome is not None
    end = check_file(path, [scenarios_dir()])[0]
    assert end is not None
    assert f"THE END  ({end.end})" in out
    assert "Score " in out and " of 100." in out
    # the mods folder is where a record's scenario is looked for: no --scenario needed
    code, out, err = run(capsys, "replay", str(save))
    assert code == 0, err
    assert f"{len(record.turns)} turns replayed, no divergence" in out


def test_a_mod_is_played_by_its_id_and_an_unknown_id_names_both_places(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new-scenario", "ruritania")[0] == 0
    answers = home / "answers.txt"
    answers.write_text("c\n\nq\n", encoding="utf-8")
    code, out, err = run(capsys, "play", "ruritania", "--text", "--seed", "1", "--save",
                         str(home / "g.json"), "--answers", str(answers))
    assert code == 0, err
    assert read_record(str(home / "g.json")).scenario.id == "ruritania"
    code, out, err = run(capsys, "play", "atlantis", "--text")
    assert code == 1
    assert "no scenario 'atlantis'" in err and str(mods_dir()) in err


def test_mods_are_listed_beside_the_bundled_scenarios_and_a_broken_one_is_shown(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new-scenario", "ruritania")[0] == 0
    broken = mods_dir() / "broken.yaml"
    broken.write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    answers = home / "answers.txt"
    count = len(scenario_ids())
    assert scenario_ids()[-2:] == ["broken", "ruritania"]
    # choose the broken one (refused, with the command that checks it), then the good mod
    answers.write_text(f"{count - 1}\n{count}\nc\n\nq\n", encoding="utf-8")
    code, out, err = run(capsys, "play", "--text", "--seed", "1", "--save",
                         str(home / "g.json"), "--answers", str(answers))
    assert code == 0, err
    assert f"  {count - 1}. broken (cannot be played: {broken}:" in out
    assert f"broken cannot be played; fix it and check it with: comintern validate {broken}" in out
    assert f"  {count}. " in out and ", a mod)" in out
    assert read_record(str(home / "g.json")).scenario.id == "ruritania"
