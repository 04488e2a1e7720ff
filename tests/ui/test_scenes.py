"""Each scene driven by posted input; what is on screen checked by state and by pixels."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from engine.record import Session, read_record
from game.app import palette as pal
from game.app.maps import MapError, load_map, parse_map, schematic
from game.app.scenes.board import BoardScene
from game.app.session import GameSession
from game.files import bundled_ids


def start_game(driver, scenario: str = "germany", seed: str = "3", name: str = "") -> None:
    driver.press("n")
    assert driver.scene == "ChooseScene"
    driver.until(lambda: not driver.state()["loading"])
    ids = bundled_ids()
    while driver.state()["selected"] != scenario:
        driver.key(pygame.K_DOWN)
    for _ in range(8):
        driver.key(pygame.K_BACKSPACE)
    for ch in seed:
        driver.press(ch)
    assert driver.state()["seed"] == int(seed)
    assert scenario in ids
    driver.enter()
    assert driver.scene == "NameScene"  # asked before every new game; blank is allowed
    if name:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=name))
        driver.frames(2)
    driver.enter()
    driver.until(lambda: driver.scene != "ChooseScene")
    driver.frames(2)


def close_overlays(driver) -> None:
    driver.until(lambda: not driver.state().get("busy"))
    for _ in range(5):
        if driver.scene in ("TextScene", "WhyScene"):
            driver.enter()
        else:
            break


def on_board(driver, session: Session, path: Path) -> GameSession:
    """`session` put on the board as a game saved at `path`, its opening overlays closed."""
    game = GameSession(session, path)
    driver.app.apply(BoardScene.opening(driver.app.ctx, game))
    driver.frames(3)
    close_overlays(driver)
    assert driver.scene == "BoardScene"
    return game


def count(surface: pygame.Surface, rect: pygame.Rect, colour: pal.Colour, tol: int = 6) -> int:
    arr = pygame.surfarray.pixels3d(surface)
    sub = arr[rect.left:rect.right, rect.top:rect.bottom].astype(int)
    del arr
    diff = abs(sub - colour).max(axis=2)
    return int((diff <= tol).sum())


def test_title_shows_menu_and_moves_by_keys(driver, tmp_path: Path):
    state = driver.state()
    assert state["scene"] == "TitleScene"
    assert state["items"] == ["new", "load", "settings", "quit"]  # no save yet: no continue
    img = driver.shot(tmp_path / "title.png")
    w, h = img.get_size()
    assert (w, h) == (1280, 720)
    # the selected entry is drawn in the selection blue; the page is paper
    first = driver.app.top._buttons[0].rect.inflate(-10, -6)
    assert count(img, first, pal.BLUE) > 2000
    assert img.get_at((5, 5))[:3] == pal.PAPER
    driver.key(pygame.K_DOWN)
    assert driver.state()["selected"] == "load"
    img2 = driver.shot(tmp_path / "title2.png")
    assert count(img2, first, pal.BLUE) < 100


def test_text_scale_changes_and_is_saved(driver, config_dir: Path, tmp_path: Path):
    before = driver.shot(tmp_path / "a.png")
    driver.press("+")
    assert driver.app.ctx.settings.text_scale == pytest.approx(1.1)
    after = driver.shot(tmp_path / "b.png")
    title = pygame.Rect(300, 80, 680, 80)
    assert count(after, title, pal.INK, 40) > count(before, title, pal.INK, 40)
    assert "1.1" in (config_dir / "window-settings.json").read_text()
    driver.key(pygame.K_MINUS, "-")
    assert driver.app.ctx.settings.text_scale == pytest.approx(1.0)


def test_resize_relayouts(driver):
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900)))
    driver.frames(2)
    assert driver.app.ctx.size == (1600, 900)
    assert driver.app.screen.get_size() == (1600, 900)


def test_settings_and_load_scenes(driver):
    driver.press("s")
    assert driver.scene == "SettingsScene"
    driver.key(pygame.K_ESCAPE)
    driver.press("l")
    assert driver.scene == "LoadScene" and driver.state()["files"] == []
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "TitleScene"


def test_choose_scene_briefing_rigidity_seed(driver, tmp_path: Path):
    driver.press("n")
    driver.until(lambda: not driver.state()["loading"])
    assert driver.state()["rigidity"] is None
    driver.key(pygame.K_RIGHT)
    assert driver.state()["rigidity"] == 0.0
    driver.key(pygame.K_LEFT)
    driver.press("n")  # a new seed
    box = driver.app.top.brief  # the briefing text box shows the scenario
    assert "The question." in box.html_text
    img = driver.shot(tmp_path / "choose.png")
    scene = driver.app.top
    selected = scene._list[scene.selected].rect.inflate(-10, -6)
    assert count(img, selected, pal.BLUE) > selected.width * selected.height // 2
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "TitleScene"


def test_board_shows_the_gap_and_plays_a_turn(driver, data_dir: Path, tmp_path: Path):
    start_game(driver)
    assert driver.scene == "TextScene"  # the news of the first turn
    assert "Source:" in driver.state()["html"]
    driver.enter()
    state = driver.state()
    assert state["scene"] == "BoardScene" and state["date"] == "1919-01"
    # The Comintern is founded in March 1919: the first turns bring no directive.
    assert not state["moscow_believes"] and "does not exist yet" in " ".join(
        state["card_lines"])
    while not state["moscow_believes"]:
        driver.press("c")
        driver.enter()
        driver.until(lambda: driver.scene != "BoardScene" or not driver.state()["busy"])
        close_overlays(driver)
        state = driver.state()
    assert state["date"] == "1919-07"
    assert state["moscow_believes"] and state["party_sees"]
    img = driver.shot(tmp_path / "board.png")
    card = driver.app.top.rects["card"]
    assert count(img, card, pal.MOSCOW) > 500 and count(img, card, pal.PARTY) > 500
    # the map is drawn from assets/maps/germany.json, the directive's region outlined
    assert not driver.app.top.map.schematic
    assert count(img, driver.app.top.rects["map"], pal.MOSCOW) > 100
    # no response yet: Enter only says so
    driver.enter()
    assert "first" in driver.state()["message"]
    driver.press("c")
    driver.key(pygame.K_DOWN)
    driver.key(pygame.K_RIGHT)
    assert sum(driver.state()["cadres"].values()) == 100
    driver.press("x")
    assert driver.state()["cadres"] == {}
    driver.enter()
    driver.until(lambda: driver.scene == "WhyScene")
    why = driver.state()
    assert why["contributions"] and "Moscow ordered" in why["html"]
    img = driver.shot(tmp_path / "why.png")
    bars = driver.app.top.bars
    assert count(img, bars, pal.GOOD) + count(img, bars, pal.BAD) > 200
    close_overlays(driver)
    assert driver.state()["date"] == "1919-10"
    save = data_dir / "saves" / "germany-seed3.json"
    assert save.is_file() and '"turns"' in save.read_text()


def test_adapt_by_keyboard_then_panels(driver):
    start_game(driver)
    close_overlays(driver)
    driver.press("a")
    assert driver.scene == "PickerScene"
    driver.key(pygame.K_DOWN)
    driver.enter()
    if driver.scene == "PickerScene":  # a regional action: where?
        assert "fit" in driver.state()["entries"][0]
        driver.press("2")
    state = driver.state()
    assert state["response"] == "adapt" and state["action"] and state["region"]
    driver.press("h")
    assert driver.scene == "BoardTextScene" and "Source:" in driver.state()["html"]
    driver.press("h")
    assert driver.scene == "BoardScene"
    driver.press("l")
    assert "No turn played yet" in driver.state()["html"]
    driver.key(pygame.K_ESCAPE)
    driver.key(pygame.K_F1)
    assert driver.state()["title"] == "Keys"
    driver.key(pygame.K_ESCAPE)
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "PauseScene"
    driver.press("r")
    assert driver.scene == "BoardScene" and driver.state()["response"] == "adapt"


def test_mouse_selects_a_region_and_clicks_a_button(driver):
    start_game(driver)
    close_overlays(driver)
    scene = driver.app.top
    frame = scene.map_frame()
    label = scene.map.regions["bavaria"].label
    driver.click((frame.x + round(label[0] * frame.width),
                  frame.y + round(label[1] * frame.height) + 40))
    assert driver.state()["selected"] == "bavaria"
    comply = scene.response_buttons["comply"].rect.center
    driver.click(comply)
    assert driver.state()["response"] == "comply"


def test_continue_and_load_replay_the_save(driver, data_dir: Path):
    start_game(driver)
    close_overlays(driver)
    driver.press("c")  # before the Comintern exists: wait
    driver.enter()
    close_overlays(driver)
    driver.key(pygame.K_ESCAPE)
    driver.press("t")  # back to the title
    assert driver.state()["items"][0] == "continue"
    driver.press("c")
    driver.until(lambda: driver.scene != "LoadingScene")
    close_overlays(driver)
    assert driver.state()["date"] == "1919-04"
    driver.key(pygame.K_ESCAPE)
    driver.press("t")
    driver.press("l")
    assert driver.state()["files"] == ["germany-seed3.json"]
    driver.enter()
    driver.until(lambda: driver.scene != "LoadingScene")
    close_overlays(driver)
    assert driver.state()["date"] == "1919-04"


def test_a_damaged_save_is_reported(driver, data_dir: Path):
    saves = data_dir / "saves"
    saves.mkdir(parents=True)
    (saves / "broken.json").write_text("{not json")
    driver.press("l")
    driver.enter()
    driver.until(lambda: driver.state().get("error"))
    assert "damaged" in driver.state()["error"]
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "LoadScene"


def test_maps_are_checked_and_fall_back_to_a_schematic():
    ok = load_map("germany", ["berlin", "ruhr", "central", "hamburg", "bavaria", "east"])
    assert not ok.schematic
    assert load_map("germany", ["berlin", "elsewhere"]).schematic  # ids do not match
    assert load_map("../../etc/passwd", ["a"]).schematic
    assert load_map("no_such_scenario", ["a", "b", "c"]).schematic
    with pytest.raises(MapError):
        parse_map('{"regions": {"a": {"polygons": [[[0, 0], [2, 0], [0, 1]]], '
                  '"label": [0, 0]}}}', ["a"])
    board = schematic([f"r{k}" for k in range(7)])
    assert len(board.regions) == 7
    for shape in board.regions.values():
        for x, y in shape.polygons[0]:
            assert 0 <= x <= 1 and 0 <= y <= 1


@pytest.mark.parametrize("scenario", bundled_ids())
def test_every_bundled_map_matches_its_scenario(scenario):
    from game.files import open_scenario

    sc = open_scenario(scenario)
    m = load_map(sc.id, [r.id for r in sc.regions])
    path = Path(__file__).resolve().parents[2] / "assets" / "maps" / f"{sc.id}.json"
    assert m.schematic == (not path.is_file())


def test_the_name_given_before_the_game_is_in_its_log(driver) -> None:
    start_game(driver, "italy", "4", name="Ana Pauker")
    close_overlays(driver)
    assert driver.scene == "BoardScene"
    game = driver.app.top.game
    assert game.session.record.player == "Ana Pauker"
    assert read_record(str(game.save_path)).player == "Ana Pauker"


def test_going_back_from_the_name_returns_to_the_choice(driver) -> None:
    driver.press("n")
    driver.until(lambda: not driver.state()["loading"])
    driver.enter()
    assert driver.scene == "NameScene"
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "ChooseScene"
