"""What one screen must not show of another, the header at the end, the scenario names,
and responses closed under an envoy: each checked on the rendered window."""

from __future__ import annotations

from pathlib import Path

import builders
import numpy as np
import pygame

from engine.orders import Orders
from engine.record import Session
from game import narrate
from game.app import palette as pal
from game.app.scenes import choose
from game.app.scenes.board import BoardScene
from game.app.scenes.load import LoadScene
from game.app.scenes.settings_scene import SettingsScene
from game.app.session import GameSession
from game.files import bundled_ids, open_scenario, scenario_title

from .test_scenes import close_overlays, count, on_board

SHOTS = Path("/tmp/h10w-shots")


def pixels(surface: pygame.Surface, rect: pygame.Rect) -> np.ndarray:
    return pygame.surfarray.array3d(surface)[rect.left:rect.right, rect.top:rect.bottom]


def board(driver, tmp_path: Path, envoy: int = 0, turns: int = 0) -> GameSession:
    """A game of the tiny scenario on the board, `turns` played, with an envoy if asked."""
    t = builders.tables(rigidity=1.0)
    session = Session.start(t, 1)
    for _ in range(turns):
        session.play(Orders(response="comply"))
    if envoy:
        session.state = builders.with_arrays(session.state, envoy_turns=envoy)
    return on_board(driver, session, tmp_path / "g.json")


def save(img: pygame.Surface, tmp_path: Path, name: str) -> None:
    folder = SHOTS if SHOTS.is_dir() else tmp_path
    pygame.image.save(img, str(folder / name))


# -- a full-window scene hides the widgets of the scenes below it ---------------------
def test_the_load_screen_does_not_show_the_title_menu(driver, tmp_path: Path):
    menu = [b.rect.copy() for b in driver.app.top._buttons]
    driver.press("l")
    assert driver.scene == "LoadScene"
    over = driver.shot(tmp_path / "load-over-title.png")
    save(over, tmp_path, "load-over-title.png")
    assert all(count(over, r, pal.BLUE) == 0 for r in menu)  # the selected entry is blue
    driver.key(pygame.K_ESCAPE)
    back = driver.shot(tmp_path / "title-again.png")
    assert count(back, menu[0], pal.BLUE) > 2000  # back on the title, its menu shows again
    driver.app.start(LoadScene(driver.app.ctx))  # the load screen alone
    driver.frames(2)
    alone = driver.shot(tmp_path / "load-alone.png")
    for r in menu:
        assert (pixels(over, r) == pixels(alone, r)).all()


def test_settings_from_the_pause_menu_hide_the_pause_menu(driver, tmp_path: Path):
    board(driver, tmp_path)
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "PauseScene"
    pause = driver.app.top
    entries = [b.rect.copy() for b in pause._buttons]
    card = pause.widgets[1].rect.copy()  # the card on the dimmed layer
    driver.press("s")
    assert driver.scene == "SettingsScene"
    over = driver.shot(tmp_path / "settings-over-pause.png")
    save(over, tmp_path, "settings-over-pause.png")
    assert count(over, entries[0], pal.BLUE) == 0  # "Resume", selected, is not there
    assert over.get_at((5, 5))[:3] == pal.PAPER  # and nothing dims the settings
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "PauseScene"
    again = driver.shot(tmp_path / "pause-again.png")
    assert count(again, entries[0], pal.BLUE) > 2000  # the pause menu is back
    driver.app.start(SettingsScene(driver.app.ctx))  # the settings alone
    driver.frames(2)
    alone = driver.shot(tmp_path / "settings-alone.png")
    assert (pixels(over, card) == pixels(alone, card)).all()


# -- the header after the last turn ------------------------------------------------
def test_after_the_last_turn_the_header_stays_on_the_last_turn(driver, tmp_path: Path):
    t = builders.tables(rigidity=1.0)
    game = board(driver, tmp_path, turns=t.n_turns - 1)
    assert game.view().turn_text == f"turn {t.n_turns} of {t.n_turns}"
    driver.press("c")
    driver.enter()
    driver.until(lambda: driver.scene == "WhyScene")  # the board is drawn beneath it
    below = driver.app.stack[-2]
    assert isinstance(below, BoardScene) and game.over
    text = below.view.turn_text
    assert text == f"turn {t.n_turns} of {t.n_turns}, the last, played"
    assert f"turn {t.n_turns + 1}" not in text
    img = driver.shot(tmp_path / "last-turn.png")
    save(img, tmp_path, "last-turn-header.png")
    close_overlays(driver)
    assert driver.scene == "EndScene"


# -- the scenario list --------------------------------------------------------------
def test_the_scenario_list_shows_names_before_the_scenarios_are_read(driver, monkeypatch):
    # The summaries never arrive: what the list shows comes from the files' heads alone.
    monkeypatch.setattr(choose, "_load_summaries", lambda names, out, lang: None)
    driver.app.ctx.cache.pop("summaries:en", None)
    driver.press("n", frames=1)
    assert driver.scene == "ChooseScene"
    scene = driver.app.top
    assert not scene.summaries
    shown = [b.text for b in scene._list]
    expected = [f"{k}. {open_scenario(n).name}" for k, n in enumerate(scene.names, 1)]
    assert shown == expected
    assert not any(b.text.split(". ", 1)[1] in bundled_ids() for b in scene._list)


def test_a_scenario_s_title_is_its_top_level_name(tmp_path: Path):
    for ident in bundled_ids():
        assert scenario_title(ident) == open_scenario(ident).name
    nested = tmp_path / "nested.yaml"
    nested.write_text("id: x\nregions:\n  - id: a\n    name: Wrong\nmeta: &m {name: W}\n"
                      "copy: *m\nname: Right\n")
    assert scenario_title(str(nested)) == "Right"
    unnamed = tmp_path / "unnamed.yaml"
    unnamed.write_text("id: x\nregions:\n  - name: Wrong\n")
    assert scenario_title(str(unnamed)) is None
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n")
    assert scenario_title(str(broken)) is None
    assert scenario_title(str(tmp_path / "missing.yaml")) is None


# -- disabled means disabled -----------------------------------------------------------
def test_under_an_envoy_only_compliance_is_active(driver, tmp_path: Path):
    game = board(driver, tmp_path, envoy=2)
    scene = driver.app.top
    state = driver.state()
    assert state["open"] == ["comply"]
    reason = "the envoy allows only compliance"
    assert state["closed_reason"] == reason and reason in state["draft"]
    buttons = scene.response_buttons
    assert buttons["comply"].is_enabled
    closed = [r for r in buttons if r != "comply"]
    assert not any(buttons[r].is_enabled for r in closed)
    assert all(reason in buttons[r].tool_tip_text for r in closed)
    img = driver.shot(tmp_path / "envoy.png")
    save(img, tmp_path, "envoy-board.png")
    assert count(img, buttons["comply"].rect, pal.INK, 30) > 50  # ink on the open one
    for r in closed:  # greyed: paper behind rule-coloured words, no ink
        assert count(img, buttons[r].rect, pal.INK, 30) == 0
        assert count(img, buttons[r].rect, pal.PAPER, 2) > count(img, buttons[r].rect,
                                                                  pal.CARD, 2)
    for key in ("d", "k", "s", "a"):  # their keys do nothing, and say nothing
        driver.press(key)
        assert driver.scene == "BoardScene"
        assert driver.state()["response"] is None and driver.state()["message"] == ""
    for r in closed:  # nor do clicks
        driver.click(buttons[r].rect.center)
        assert driver.scene == "BoardScene"
        assert driver.state()["response"] is None and driver.state()["message"] == ""
    for _ in range(3):  # the keyboard's focus stays on the one open response
        driver.press(".")
        assert driver.state()["focus"] == "comply"
    driver.key(pygame.K_SPACE, " ")
    assert driver.state()["response"] == "comply"
    driver.enter()
    driver.until(lambda: driver.scene == "WhyScene")
    assert game.session.record.turns[-1].label == "comply"  # the envoy's answer was sent


def test_without_an_envoy_the_focus_moves_over_every_open_response(driver, tmp_path: Path):
    board(driver, tmp_path)
    state = driver.state()
    assert state["closed_reason"] == "" and len(state["open"]) == 5
    seen = [state["focus"]]
    for _ in range(len(state["open"]) - 1):
        driver.press(".")
        seen.append(driver.state()["focus"])
    assert seen == state["open"]
    driver.press(",")
    assert driver.state()["focus"] == state["open"][-2]
    while driver.state()["focus"] != "consult":
        driver.press(".")
    driver.key(pygame.K_SPACE, " ")
    assert driver.state()["response"] == "consult"
    assert narrate.response_label("consult", driver.app.top.view.card) in \
        driver.state()["draft"]
