"""The guided first turn: on for a new player, it opens over the first directive and walks
through the card, the gap, the responses, cadres and Why?, each step lighting its part of
the board (checked on the screenshot); Enter or → goes on, ← back, Esc skips; finishing or
skipping turns the setting off and saves it, so the next game starts without it; off, it
never shows."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pygame
import pytest

from game.app import guide
from game.app.app import App
from game.app.scenes.board import BoardScene
from game.app.session import GameSession
from game.app.settings import FILE_NAME, UISettings

from .conftest import Driver
from .test_tips import until_guide

SHOTS = os.environ.get("FFM_SCREENSHOTS")
NAMES = [s.name for s in guide.STEPS]


def china(driver: Driver, tmp_path: Path, name: str = "china.json") -> BoardScene:
    """A new China game on the board: its first turn has a directive."""
    game = GameSession.new("china", 3, None, tmp_path / name)
    driver.app.apply(BoardScene.opening(driver.app.ctx, game))
    driver.frames(2)
    board = driver.app.stack[0]
    assert isinstance(board, BoardScene)
    return board


def dimmer(a: pygame.Color, b: pygame.Color) -> bool:
    return sum(a[:3]) < sum(b[:3]) - 60


@pytest.mark.fresh_config
def test_a_new_player_is_guided_through_the_first_directive(driver: Driver, tmp_path: Path,
                                                            config_dir: Path):
    assert UISettings().guided_turn and driver.app.ctx.settings.guided_turn
    board = china(driver, tmp_path)
    until_guide(driver)
    state = driver.state()
    assert state["step"] == "card" and state["steps"] == NAMES
    assert state["lit"] == tuple(board.rects["card"])
    assert "Directive: An order from the Centre" in state["words"]  # from the glossary
    # the lit card as the board draws it; around it, the board dimmed
    plain = pygame.Surface(driver.app.ctx.size)
    board.draw(plain)
    shot = driver.shot(tmp_path / "guide.png")
    card = board.rects["card"]
    inside = (card.centerx, card.bottom - 10)
    assert shot.get_at(inside) == plain.get_at(inside)
    callout = driver.app.top.callout
    outside = next((x, y) for x in range(5, 1275, 40) for y in range(5, 715, 40)
                   if not card.inflate(12, 12).collidepoint(x, y)
                   and not callout.collidepoint(x, y))
    assert dimmer(shot.get_at(outside), plain.get_at(outside))
    seen = []
    for _ in NAMES:
        seen.append(driver.state()["step"])
        lit = pygame.Rect(driver.state()["lit"])
        assert pygame.Rect(0, 0, *driver.app.ctx.size).contains(lit)
        assert not callout.colliderect(lit) or driver.state()["step"] == "card"
        if driver.state()["step"] == "gap" and SHOTS:
            driver.shot(Path(SHOTS) / "guided-turn-gap-1280x720.png")
        if driver.state()["step"] == "responses":
            assert all(lit.contains(b.rect) for b in board.response_buttons.values())
        driver.key(pygame.K_RIGHT if len(seen) % 2 else pygame.K_RETURN)
        callout = getattr(driver.app.top, "callout", callout)
    assert seen == NAMES
    assert driver.scene == "BoardScene"  # Play, at the last step: the guide is done
    assert driver.app.ctx.settings.guided_turn is False
    assert json.loads((config_dir / FILE_NAME).read_text())["guided_turn"] is False


@pytest.mark.fresh_config
def test_back_and_skip_and_it_stays_skipped(driver: Driver, tmp_path: Path, data_dir: Path,
                                            config_dir: Path):
    china(driver, tmp_path)
    until_guide(driver)
    driver.enter()
    driver.enter()
    assert driver.state()["step"] == "responses"
    driver.key(pygame.K_LEFT)
    assert driver.state()["step"] == "gap"
    assert driver.state()["buttons"] == ["[Esc] Skip the guide", "[←] Back", "[Enter] Next"]
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "BoardScene" and driver.app.ctx.settings.guided_turn is False
    assert json.loads((config_dir / FILE_NAME).read_text())["guided_turn"] is False
    driver.app.close()
    again = App(data_dir)  # the next time the window opens
    assert again.ctx.settings.guided_turn is False
    d = Driver(again)
    china(d, tmp_path, "second.json")
    for _ in range(6):
        if d.scene == "TextScene":
            d.enter()
        d.frames(2)
    assert d.scene == "BoardScene"
    again.close()


def test_when_off_the_guide_never_shows(driver: Driver, tmp_path: Path):
    assert driver.app.ctx.settings.guided_turn is False  # (the tests' own settings file)
    china(driver, tmp_path)
    for _ in range(6):
        if driver.scene == "TextScene":
            driver.enter()
        driver.frames(2)
    assert driver.scene == "BoardScene"
    assert "GuideScene" not in driver.app.describe()["stack"]


@pytest.mark.fresh_config
def test_a_first_turn_without_a_directive_waits_for_one(driver: Driver, tmp_path: Path):
    game = GameSession.new("germany", 3, None, tmp_path / "germany.json")
    driver.app.apply(BoardScene.opening(driver.app.ctx, game))
    for _ in range(6):
        if driver.scene == "TextScene":
            driver.enter()
        driver.frames(2)
    assert driver.scene == "BoardScene"  # no Centre yet: nothing to walk through
    for _ in range(4):  # wait, until Moscow's first order arrives
        if driver.scene == "GuideScene":
            break
        driver.press("c")
        driver.enter()
        driver.until(lambda: not driver.app.stack[0].game.busy)
        for _ in range(6):
            if driver.scene in ("TextScene", "WhyScene"):
                driver.enter()
            driver.frames(2)
    assert driver.scene == "GuideScene"
    assert driver.app.stack[0].view.card.action


@pytest.mark.fresh_config
def test_a_small_window_opens_the_panel_of_each_step(driver: Driver, tmp_path: Path):
    driver.app.set_text_scale(1.6)
    driver.app.resize((800, 480))
    board = china(driver, tmp_path)
    until_guide(driver)
    assert board.compact and board.tab == "directive"
    tabs = {}
    for _ in NAMES:
        tabs[driver.state()["step"]] = board.tab
        lit = pygame.Rect(driver.state()["lit"])
        assert pygame.Rect(0, 0, 800, 480).contains(lit)
        driver.enter()
    assert tabs["cadres"] == "map" and tabs["card"] == tabs["gap"] == "directive"
