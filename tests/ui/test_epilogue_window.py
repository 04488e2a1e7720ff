"""The end scene shows the epilogue: a key and a button open it over the outcome."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from engine.orders import Orders
from engine.record import Session
from engine.tables import compile_scenario
from game import narrate
from game.app.scenes.end import EndScene
from game.app.session import GameSession
from game.files import bundled_ids, open_scenario

SHOTS = Path("/tmp/h10w-shots")


def finished(sid: str, tmp_path: Path) -> GameSession:
    """A game of a bundled scenario played to its end by complying every turn."""
    session = Session.start(compile_scenario(open_scenario(sid)), 3)
    while not session.over:
        session.play(Orders(response="comply"))
    return GameSession(session, tmp_path / f"{sid}.json")


def shot(driver, tmp_path: Path, name: str) -> pygame.Surface:
    folder = SHOTS if SHOTS.is_dir() else tmp_path
    return driver.shot(folder / name)


@pytest.mark.parametrize("sid", bundled_ids())
def test_the_end_scene_opens_the_epilogue(driver, tmp_path: Path, sid: str) -> None:
    game = finished(sid, tmp_path)
    driver.app.start(EndScene(driver.app.ctx, game))
    driver.frames(2)
    end = driver.state()
    assert end["scene"] == "EndScene"
    lines = narrate.epilogue_lines(game.tables.scenario.epilogue)
    assert end["epilogue"] == [line.when for line in lines]
    assert "press E for the epilogue" in driver.app.top.html()
    assert any("Epilogue" in b.text for b in driver.app.top.buttons)
    shot(driver, tmp_path, f"end-{sid}.png")

    driver.press("e")
    panel = driver.state()
    assert panel["scene"] == "TextScene"
    assert panel["title"] == "Epilogue, to 1943"
    html = panel["html"]
    for line in lines:  # every paragraph, under its date, with its sources
        assert line.when in html and line.sources[0] in html
    assert html.count("the end of the Communist International") == 1
    assert html.index("15 May 1943") > html.index(lines[0].when)  # the dissolution comes last
    shot(driver, tmp_path, f"epilogue-{sid}.png")
    driver.key(pygame.K_PAGEDOWN)
    driver.key(pygame.K_PAGEDOWN)
    shot(driver, tmp_path, f"epilogue-{sid}-end.png")
    driver.enter()
    assert driver.scene == "EndScene"


def test_the_epilogue_button_opens_it_too(driver, tmp_path: Path) -> None:
    driver.app.start(EndScene(driver.app.ctx, finished("germany", tmp_path)))
    driver.frames(2)
    button = next(b for b in driver.app.top.buttons if "Epilogue" in b.text)
    driver.click(button.rect.center)
    assert driver.state()["title"] == "Epilogue, to 1943"
