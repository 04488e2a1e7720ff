"""A modder's scenario, given as a path, plays in the window on a schematic board."""

from __future__ import annotations

from pathlib import Path

from game.app.maps import load_map
from game.app.scenes.choose import ChooseScene
from game.files import mods_dir, open_scenario

from .test_scenes import close_overlays

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"


def test_a_scenario_file_of_ones_own_reaches_the_board(driver):
    scenario = open_scenario(str(TINY))
    assert load_map(scenario.id, [r.id for r in scenario.regions]).schematic
    driver.app.apply(ChooseScene.push(driver.app.ctx, str(TINY), 5, None, None))
    driver.until(lambda: not driver.state()["loading"])
    assert driver.state()["selected"] == str(TINY)
    driver.enter()
    driver.enter()  # no name
    driver.until(lambda: driver.scene != "ChooseScene")
    close_overlays(driver)
    state = driver.state()
    assert state["scene"] == "BoardScene"
    assert state["selected"] in {r.id for r in scenario.regions}
    assert state["directive"] in {a.id for a in scenario.actions}
    driver.press("c")
    driver.enter()
    driver.until(lambda: not driver.state().get("busy"))
    close_overlays(driver)
    assert driver.state()["turn"] == 1


def test_the_mods_folder_is_listed_and_a_broken_mod_shows_its_problem(
        driver, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    mods = mods_dir()
    mods.mkdir(parents=True)
    (mods / "ruritania.yaml").write_text(TINY.read_text(encoding="utf-8").replace(
        "id: tiny", "id: ruritania", 1), encoding="utf-8")
    (mods / "broken.yaml").write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    driver.app.apply(ChooseScene.push(driver.app.ctx, None, 5, None, None))
    driver.until(lambda: not driver.state()["loading"])
    scene = driver.app.top
    assert scene.names[-2:] == ["broken", "ruritania"]
    assert "error" in scene.summaries["broken"]
    assert str(mods / "broken.yaml") in scene.summaries["broken"]["error"]
    assert scene.summaries["ruritania"]["id"] == "ruritania"
    assert driver.scene == "ChooseScene"  # the broken mod did not take the window down


BRITAIN = Path(__file__).resolve().parents[2] / "examples" / "mods" / "britain" / "britain.yaml"


def test_the_example_mod_reaches_the_board_with_its_own_map_and_picture(driver):
    from game.app import draw_map
    from game.app.maps import scenario_map

    mapdata = scenario_map(open_scenario(str(BRITAIN)))
    assert not mapdata.schematic and mapdata.image is not None
    assert mapdata.image.endswith("britain.png")
    assert draw_map._picture(mapdata.image, (39, 60)).get_size() == (39, 60)
    driver.app.apply(ChooseScene.push(driver.app.ctx, str(BRITAIN), 5, None, None))
    driver.until(lambda: not driver.state()["loading"])
    driver.enter()
    driver.enter()  # no name
    driver.until(lambda: driver.scene != "ChooseScene")
    close_overlays(driver)
    assert driver.state()["scene"] == "BoardScene"
    assert driver.app.top.map.image == mapdata.image
    assert driver.app.top.redraws > 0  # the board with its picture was drawn


def test_own_map_files_that_go_bad_after_the_check_never_break_the_board(tmp_path: Path):
    import shutil

    from game.app import draw_map
    from game.app.maps import scenario_map

    folder = tmp_path / "britain"
    shutil.copytree(BRITAIN.parent, folder)
    scenario = open_scenario(str(folder / "britain.yaml"))
    (folder / "map" / "britain.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    assert draw_map._picture(str(folder / "map" / "britain.png"), (10, 10)) is None
    (folder / "map" / "britain.json").write_text("{not a map")
    assert scenario_map(scenario).schematic
