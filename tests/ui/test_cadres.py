"""The cadre plan on the board: ←→ step from the plan in force, ↑↓ follow the map, the
plan says what each share does, and a party with a handful of cadres skips the plan."""

from __future__ import annotations

from pathlib import Path

import pygame

from engine.orders import Orders
from game.app.draft import STEP
from game.app.maps import ROWS
from game.app.scenes.board import BoardScene
from game.app.session import GameSession

from .test_scenes import close_overlays


def board(driver, tmp_path: Path, scenario: str = "germany", turns: int = 3) -> BoardScene:
    game = GameSession.new(scenario, 3, None, tmp_path / f"{scenario}.json")
    for _ in range(turns):
        game.session.play(Orders(response="comply"))
    driver.app.apply(BoardScene.opening(driver.app.ctx, game))
    driver.frames(3)
    close_overlays(driver)
    scene = driver.app.top
    assert isinstance(scene, BoardScene)
    return scene


def select(driver, region: str) -> None:
    for _ in range(20):
        if driver.state()["selected"] == region:
            return
        driver.key(pygame.K_DOWN)
    raise AssertionError(f"{region} never selected")


def test_a_step_moves_cadres_from_the_default_plan_not_from_an_even_spread(driver, tmp_path):
    scene = board(driver, tmp_path)
    target = scene.view.card.region
    assert target
    driver.press("c")
    before = scene.effects()["shares"][target]
    assert before > 0.5  # the default plan leans to the directive's region
    select(driver, target)
    driver.key(pygame.K_RIGHT)
    cadres = driver.state()["cadres"]
    assert cadres[target] == round(100 * before) + STEP
    assert sum(cadres.values()) == 100
    driver.key(pygame.K_LEFT)
    driver.key(pygame.K_LEFT)
    assert driver.state()["cadres"][target] == round(100 * before) - STEP
    assert sum(driver.state()["cadres"].values()) == 100


def test_the_plan_says_what_the_action_s_region_share_does_for_its_effort(driver, tmp_path):
    scene = board(driver, tmp_path)
    target = scene.view.card.region
    driver.press("c")
    select(driver, target)
    effects = scene.effects()
    line = driver.state()["plan_line"]
    name = scene.view.names.region(target)
    assert line.startswith(f"{name} {100 * effects['shares'][target]:.0f} %")
    assert f"{effects['effort_points']:+.2f} on the odds" in line
    low = effects["effort_points"]
    for _ in range(2):
        driver.key(pygame.K_RIGHT)
    assert scene.effects()["effort_points"] > low  # more cadres there: more effort
    assert f"{scene.effects()['effort_points']:+.2f}" in driver.state()["cadre_text"]
    other = next(r for r in driver.state()["order"] if r != target)
    select(driver, other)
    assert "organisation from their routine work" in driver.state()["plan_line"]


def test_up_and_down_walk_the_regions_in_map_order(driver, tmp_path):
    scene = board(driver, tmp_path)
    seen = [driver.state()["selected"]]
    for _ in range(len(scene.view.regions) - 1):
        driver.key(pygame.K_DOWN)
        seen.append(driver.state()["selected"])
    assert sorted(seen) == sorted(r.id for r in scene.view.regions)
    labels = [scene.map.regions[r].label for r in seen]
    bands = [int(y * ROWS) for _x, y in labels]
    assert bands == sorted(bands)  # top to bottom
    for (x0, _), (x1, _), b0, b1 in zip(labels, labels[1:], bands, bands[1:], strict=False):
        assert b0 < b1 or x0 < x1  # left to right within a row
    assert seen != [r.id for r in scene.view.regions]  # not the scenario's list order
    driver.key(pygame.K_DOWN)
    assert driver.state()["selected"] == seen[0]
    driver.key(pygame.K_UP)
    assert driver.state()["selected"] == seen[-1]
    driver.press("2")
    assert driver.state()["selected"] == seen[1]


def test_a_handful_of_cadres_skips_the_plan_in_one_line(driver, tmp_path):
    scene = board(driver, tmp_path, "china", 2)
    minimum = scene.game.tables.scenario.rules.party.plan_min_cadres
    assert scene.game.session.state.cadres[0] < minimum
    state = driver.state()
    assert state["cadre_text"].startswith("Cadres: only ") and "no plan to make" in \
        state["cadre_text"]
    driver.key(pygame.K_RIGHT)
    driver.press("e")
    assert driver.state()["cadres"] == {}
    assert driver.state()["message"] == state["cadre_text"]
