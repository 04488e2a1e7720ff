"""Edit and see: the reload key reads the scenario's file again and replays the game on it.

Each test plays a copy of the tiny scenario kept in the test's own folder,
edits the copy and presses the key, as a modder would. The mods folder is
the test's own too (platformdirs reads XDG_DATA_HOME).
"""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest
from builders import edit_file, without_farms_file

from engine.loader import content_hash
from engine.orders import Orders
from engine.record import Session, read_record
from engine.tables import compile_scenario
from game.app.keys import rebind
from game.app.scenes.base import Push
from game.app.scenes.board import BoardScene
from game.app.session import GameSession
from game.files import mods_dir, open_scenario

from .test_scenes import close_overlays

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"
ORDERS = ["comply", "adapt: agitation @ farms", "stall"]


@pytest.fixture(autouse=True)
def _own_mods_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def copy_of_tiny(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tiny.yaml"
    path.write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def played(path: Path, orders: list[str] = ORDERS) -> Session:
    session = Session.start(compile_scenario(open_scenario(str(path))), 5)
    for label in orders:
        session.play(Orders.parse(label))
    return session


def on_board(driver, path: Path, save: Path) -> GameSession:
    game = GameSession(played(path), save, path)
    game.save()
    driver.app.apply(BoardScene.opening(driver.app.ctx, game))
    driver.frames(3)
    close_overlays(driver)
    assert driver.scene == "BoardScene"
    return game


def reload(driver, key: int = pygame.K_F5) -> None:
    """Press the key and wait for the reload, which runs in a worker thread."""
    driver.key(key, frames=1)
    driver.until(lambda: not driver.state().get("reloading"))
    driver.frames(2)


def test_an_edited_number_shows_on_the_board_after_the_key(driver, tmp_path: Path) -> None:
    path = copy_of_tiny(tmp_path / "mod")
    save = tmp_path / "save.json"
    game = on_board(driver, path, save)
    before = float(game.session.state.members[0])
    edit_file(path, "members: 20000", "members: 12000")
    reload(driver)
    close_overlays(driver)  # the news of the turn, on the new rules
    state = driver.state()
    assert state["scene"] == "BoardScene"
    assert state["notice"] == "Reloaded tiny.yaml: replayed 3 turns on the new rules"
    assert state["turn"] == 3
    board = driver.app.top
    assert board.game is not game
    assert float(board.game.session.state.members[0]) < before
    assert board.view.party["members"] == pytest.approx(
        float(board.game.session.state.members[0]))
    # the save holds the game on the new rules, and the next turn is played on them
    assert read_record(str(save)).scenario.hash == content_hash(open_scenario(str(path)))
    driver.press("c")
    driver.enter()
    close_overlays(driver)
    assert driver.state()["turn"] == 4
    assert driver.state()["notice"] == ""  # the news is gone once the player acts
    assert len(read_record(str(save)).turns) == 4


def test_an_invalid_edit_shows_its_problems_and_keeps_the_game(driver, tmp_path: Path) -> None:
    path = copy_of_tiny(tmp_path / "mod")
    save = tmp_path / "save.json"
    game = on_board(driver, path, save)
    saved = save.read_bytes()
    edit_file(path, "capacity: 150000", "capacity: lots")
    line = next(k for k, text in enumerate(path.read_text().splitlines(), 1)
                if "capacity: lots" in text)
    reload(driver)
    state = driver.state()
    assert state["title"] == "tiny.yaml was not reloaded: 1 problem"
    assert f"{path}:{line}:13: error E200:" in state["html"]
    assert "The game goes on as it was." in state["html"]
    driver.enter()
    assert driver.scene == "BoardScene"
    assert driver.app.top.game is game and driver.state()["turn"] == 3
    assert save.read_bytes() == saved


def test_an_order_the_new_file_refuses_is_named_and_the_old_game_can_be_kept(
        driver, tmp_path: Path) -> None:
    path = copy_of_tiny(tmp_path / "mod")
    save = tmp_path / "save.json"
    game = on_board(driver, path, save)
    saved = save.read_bytes()
    without_farms_file(path)
    reload(driver)
    state = driver.state()
    assert state["scene"] == "NewRulesScene"
    assert state["title"] == "Reloading tiny.yaml: the game cannot reach its turn"
    date = game.tables.date(1)
    assert state["summary"] == (
        f"replayed 1 of 3 turns on the new rules, then stopped: turn 2 ({date}): the order "
        "'adapt: Agitation and propaganda @ farms' names a region the file no longer has "
        "(farms)")
    assert state["choices"] == [f"[Enter] Continue on the new rules from {date} (turn 2)",
                                "[Esc] Keep the old game"]
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "BoardScene" and driver.app.top.game is game
    assert driver.state()["notice"].startswith("The game goes on as it was")
    assert save.read_bytes() == saved
    # and again, now taking the game from the last good turn
    reload(driver)
    driver.enter(frames=3)
    close_overlays(driver)
    assert driver.scene == "BoardScene"
    assert driver.state()["turn"] == 1
    assert driver.state()["notice"].startswith("Reloaded tiny.yaml: replayed 1 of 3 turns")
    assert [t.label for t in read_record(str(save)).turns] == ["comply"]


def test_a_game_the_new_rules_end_sooner_goes_to_its_end(driver, tmp_path: Path) -> None:
    path = copy_of_tiny(tmp_path / "mod")
    on_board(driver, path, tmp_path / "save.json")
    edit_file(path, "end: 1924-12", "end: 1920-06")
    reload(driver)
    assert driver.state()["title"] == "Reloading tiny.yaml: the game ends sooner"
    assert "the scenario ends in 1920-07, after 2 turns" in driver.state()["summary"]
    driver.enter(frames=3)
    assert driver.scene == "EndScene"


def test_the_reload_key_can_be_rebound_and_is_in_the_keys_help(driver, tmp_path: Path) -> None:
    path = copy_of_tiny(tmp_path / "mod")
    on_board(driver, path, tmp_path / "save.json")
    ctx = driver.app.ctx
    ctx.settings.keys = rebind(ctx.settings.keys, "board", "reload", "f6")
    driver.app.apply_settings()
    driver.press("/")
    assert "<b>[F6]</b>  for modders: read the scenario's file again" in driver.state()["html"]
    driver.enter()
    edit_file(path, "cadres: 400", "cadres: 300")
    reload(driver)  # F5 no longer reloads
    assert driver.state()["notice"] == ""
    reload(driver, pygame.K_F6)
    close_overlays(driver)
    assert driver.state()["notice"].startswith("Reloaded tiny.yaml")
    kept = json.loads(driver.app.settings_path.read_text())
    assert kept["keys"] == {"board": {"reload": ["f6"]}}


def test_a_save_whose_mod_changed_is_offered_on_the_new_rules(driver, tmp_path: Path) -> None:
    path = copy_of_tiny(mods_dir())
    save = driver.app.ctx.saves_dir / "tiny.json"
    GameSession(played(path), save, path).save()
    edit_file(path, "members: 20000", "members: 12000")
    ctx = driver.app.ctx
    driver.app.apply(Push(ctx.scenes.loading(ctx, save)))
    driver.until(lambda: driver.scene == "NewRulesScene")
    assert driver.state()["title"] == "tiny.yaml has changed since this game was saved"
    assert driver.state()["summary"] == "replayed 3 turns on the new rules"
    driver.enter(frames=3)
    close_overlays(driver)
    assert driver.scene == "BoardScene"
    assert driver.state()["notice"] == ("tiny.yaml had changed since the save: replayed 3 "
                                        "turns on the new rules")
    assert read_record(str(save)).scenario.hash == content_hash(open_scenario(str(path)))
