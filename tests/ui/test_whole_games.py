"""A whole game of every bundled scenario, played through the window by keyboard alone."""

from __future__ import annotations

import pygame
import pytest

from game.files import bundled_ids

from .test_scenes import start_game

# a varied answer per turn: comply, consult, adapt (first action, first region), stall
PLAN = ("c", "c", "k", "a", "c", "s", "c", "d")


@pytest.mark.parametrize("scenario", bundled_ids())
def test_play_to_the_end_by_keyboard(driver, scenario, data_dir):
    start_game(driver, scenario, "11")
    turns = 0
    while driver.scene != "EndScene":
        scene = driver.scene
        if scene in ("TextScene", "WhyScene"):
            driver.enter(frames=1)
        elif scene == "BoardScene":
            state = driver.state()
            if state["busy"]:  # the turn is played in a worker thread: let it work
                driver.until(lambda: not driver.state().get("busy"))
                continue
            key = PLAN[turns % len(PLAN)]
            driver.press(key, frames=1)
            while driver.scene == "PickerScene":
                driver.enter(frames=1)
            driver.key(pygame.K_TAB, frames=1)
            driver.key(pygame.K_RIGHT, frames=1)  # a cadre weight on the next region
            driver.enter(frames=1)
            if driver.state().get("message", "").startswith("Not possible"):
                driver.press("c", frames=1)  # an envoy decides: comply
                driver.enter(frames=1)
            turns += 1
        else:
            raise AssertionError(f"unexpected scene {driver.state()}")
        assert turns < 200
    outcome = driver.state()
    assert outcome["outcome"] and outcome["score"] is not None
    saved = list((data_dir / "saves").glob("*-seed11.json"))
    assert saved and '"outcome": {' in saved[0].read_text()
    driver.enter()
    assert driver.scene == "TitleScene"
