"""A modder's scenario, given as a path, plays in the window on a schematic board."""

from __future__ import annotations

from pathlib import Path

from game.app.maps import load_map
from game.app.scenes.choose import ChooseScene
from game.files import open_scenario

from .test_scenes import close_overlays

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"


def test_a_scenario_file_of_ones_own_reaches_the_board(driver):
    scenario = open_scenario(str(TINY))
    assert load_map(scenario.id, [r.id for r in scenario.regions]).schematic
    driver.app.apply(ChooseScene.push(driver.app.ctx, str(TINY), 5, None, None))
    driver.until(lambda: not driver.state()["loading"])
    assert driver.state()["selected"] == str(TINY)
    driver.enter()
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
