"""A save that fails in the window: the turn stands, and the player reads what the file holds."""

from __future__ import annotations

from pathlib import Path

import builders

from engine.orders import Orders
from engine.record import Session, read_record
from game.app.scenes.board import BoardScene
from game.app.session import GameSession

from .test_scenes import close_overlays


def test_a_failed_save_says_which_turn_the_last_good_save_holds(driver, tmp_path: Path):
    t = builders.tables()
    session = Session.start(t, 1)
    session.play(Orders(response="comply"))
    path = tmp_path / "saves" / "g.json"
    game = GameSession(session, path)
    game.save()  # the good save: one turn
    driver.app.apply(BoardScene.opening(driver.app.ctx, game))
    driver.frames(3)
    close_overlays(driver)
    path.unlink()
    path.mkdir()  # a folder where the save goes: every write now fails
    driver.press("c")
    driver.enter()
    driver.until(lambda: not driver.state().get("busy"))
    close_overlays(driver)
    assert game.session.state.turn == 2  # the turn was played all the same
    message = driver.app.top.message
    assert f"the last good save is {path}" in message
    assert f"it still holds the game up to {t.date(0)} (1 turn)" in message
    assert f"comintern play --resume {path}" in message
    path.rmdir()
    game.save()  # the next save that works clears the problem
    assert game.save_problem is None
    assert len(read_record(str(path)).turns) == 2
