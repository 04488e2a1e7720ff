"""The settings screen: keys rebound on screen, the palette, the text size, the guided
first turn, and where the settings are kept. Driven by posted keys and clicks."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pygame
import pytest

from game.app import keys as k
from game.app import palette as pal
from game.app.app import App
from game.app.scenes.base import Push
from game.app.scenes.menu import TitleScene
from game.app.scenes.settings_scene import SettingsScene

from .conftest import Driver
from .test_scenes import count
from .test_screens_hold import board

SHOTS = Path("/tmp/h10c-shots")


def focus_on(driver: Driver, item: str) -> None:
    """Tab until the keyboard is on `item`."""
    for _ in range(len(driver.app.top.items) + 1):
        if driver.state()["focus"] == item:
            return
        driver.key(pygame.K_TAB, frames=1)
    raise AssertionError(f"{item} never had the focus")


def rebind(driver: Driver, ctx: str, intent: str, key: int, text: str = "") -> None:
    focus_on(driver, f"bind:{ctx}:{intent}")
    driver.enter()
    assert driver.state()["capturing"]
    driver.key(key, text)


def settings_from_the_board(driver: Driver) -> None:
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "PauseScene"
    driver.press("s")
    assert driver.scene == "SettingsScene"


def back_to_the_board(driver: Driver) -> None:
    driver.key(pygame.K_ESCAPE)
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "BoardScene"


# -- the data -----------------------------------------------------------------
def test_every_action_has_a_human_label():
    for ctx, table in k.DEFAULTS.items():
        assert ctx in k.CONTEXT_LABELS
        assert set(k.LABELS[ctx]) == set(table), ctx
        assert all(label and "_" not in label for label in k.LABELS[ctx].values())


def test_keys_are_shown_once_each():
    km = k.KeyMap()
    assert km.keys("confirm", "nav") == "Enter" and km.keys("bigger", "nav") == "=, +"
    assert km.keys("weight_up", "board") == "→, ]"


def test_the_high_contrast_palette_has_the_contrast_it_claims():
    assert set(pal.HIGH_CONTRAST) == set(pal.OKABE_ITO)
    hc = pal.HIGH_CONTRAST
    for name in ("INK", "INK_SOFT", "BLUE", "VERMILLION", "GREEN", "PURPLE", "ORANGE", "SKY"):
        for page in ("PAPER", "CARD"):
            assert pal.contrast(hc[name], hc[page]) >= 4.5, (name, page)
            # and more than today's palette gives the same role
            assert pal.contrast(hc[name], hc[page]) >= pal.contrast(pal.OKABE_ITO[name],
                                                                    pal.OKABE_ITO[page])
    assert pal.contrast(hc["RULE"], hc["PAPER"]) >= 3.0  # lines and frames (WCAG 1.4.11)
    assert pal.contrast(hc["INK"], hc["YELLOW"]) >= 7.0  # ink on the highlight


def test_use_switches_every_name_and_the_meanings():
    try:
        assert pal.use("high-contrast") == "high-contrast"
        hc = pal.HIGH_CONTRAST
        assert (hc["INK"], hc["VERMILLION"], hc["BLUE"]) == (pal.INK, pal.MOSCOW, pal.PARTY)
        assert pal.use("no-such-palette") == pal.DEFAULT
        assert (pal.OKABE_ITO["PAPER"],) == (pal.PAPER,)
    finally:
        pal.use(pal.DEFAULT)


# -- keys -----------------------------------------------------------------------
def test_rebinding_a_key_changes_what_the_board_does(driver: Driver, tmp_path: Path,
                                                     config_dir: Path):
    board(driver, tmp_path)
    settings_from_the_board(driver)
    rebind(driver, "board", "weight_up", pygame.K_m, "m")
    state = driver.state()
    assert not state["capturing"] and state["keys"]["board"]["weight_up"] == ["m"]
    assert "More cadres to the region" in state["message"] and "M" in state["message"]
    saved = json.loads((config_dir / "window-settings.json").read_text())
    assert saved["keys"] == {"board": {"weight_up": ["m"]}}
    back_to_the_board(driver)
    scene = driver.app.top
    assert any(b.text in ("[M] cadres in", "[M] in") for b in scene.buttons)  # the label shows it
    driver.press("]")  # the old key does nothing now
    assert not scene.draft.cadres
    driver.press("m")
    region = scene.view.regions[scene.sel].id
    assert scene.draft.cadres.get(region, 0) > 0


def test_a_key_another_action_has_is_refused_with_its_name(driver: Driver):
    driver.press("s")
    rebind(driver, "board", "weight_up", pygame.K_c, "c")
    state = driver.state()
    assert state["capturing"]  # still waiting for a key
    assert "Comply with the directive" in state["message"] and "already" in state["message"]
    assert state["keys"]["board"]["weight_up"] == ["right", "]"]
    assert driver.app.top.refused
    driver.key(pygame.K_ESCAPE)  # Esc cancels, and does not leave the screen
    state = driver.state()
    assert driver.scene == "SettingsScene" and not state["capturing"]
    assert state["message"].startswith("Not changed")
    assert driver.app.ctx.settings.keys == {}
    # the same key in another context is no conflict, but the screen's own key comes first
    rebind(driver, "nav", "page_down", pygame.K_c, "c")
    assert driver.state()["keys"]["nav"]["page_down"] == ["c"]
    assert "On the board, C stays “Comply with the directive”" in driver.state()["message"]
    rebind(driver, "board", "why", pygame.K_PAGEUP)
    assert "On the board it comes before “Scroll up a page”" in driver.state()["message"]


def test_modifier_keys_cannot_be_bound(driver: Driver):
    driver.press("s")
    rebind(driver, "board", "why", pygame.K_LSHIFT)
    assert driver.state()["capturing"] and "cannot be bound" in driver.state()["message"]


def test_reset_restores_the_default_keys(driver: Driver, config_dir: Path):
    driver.press("s")
    rebind(driver, "board", "comply", pygame.K_r, "r")
    rebind(driver, "nav", "back", pygame.K_q, "q")
    assert driver.app.ctx.keymap.bindings["nav"]["back"] == ["q"]
    focus_on(driver, "reset")
    driver.enter()
    assert driver.app.ctx.keymap.bindings == k.DEFAULTS
    assert driver.app.ctx.settings.keys == {}
    assert json.loads((config_dir / "window-settings.json").read_text())["keys"] == {}
    assert "default" in driver.state()["message"]


def test_esc_enter_tab_and_arrows_work_whatever_they_are_bound_to(driver: Driver):
    driver.press("s")
    rebind(driver, "nav", "back", pygame.K_q, "q")
    rebind(driver, "nav", "next", pygame.K_n, "n")
    rebind(driver, "nav", "down", pygame.K_j, "j")
    focus_on(driver, "smaller")  # Tab, though "next" is now N
    driver.key(pygame.K_DOWN)  # Down, though "down" is now J
    assert driver.state()["focus"] == "palette:okabe-ito"
    driver.key(pygame.K_RIGHT)
    assert driver.state()["focus"] == "palette:high-contrast"
    driver.key(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert driver.state()["focus"] == "palette:okabe-ito"
    driver.key(pygame.K_UP)
    driver.key(pygame.K_UP)  # past the top: round to the key list's last row
    assert driver.state()["focus"].startswith("bind:choose:")
    driver.key(pygame.K_ESCAPE)  # Esc, though "back" is now Q
    assert driver.scene == "TitleScene"
    driver.press("s")
    driver.press("q")  # and the new key works too
    assert driver.scene == "TitleScene"


def test_the_key_list_scrolls_to_the_focus(driver: Driver):
    driver.press("s")
    scene = driver.app.top
    last = scene.items[-1]
    focus_on(driver, last)
    assert scene.top_row > 0
    _b, ctx, intent = last.split(":", 2)
    at = scene.lines().index(("bind", ctx, intent))
    assert scene.top_row <= at < scene.top_row + scene.visible_lines()


@pytest.mark.fresh_config
def test_the_mouse_works_too(driver: Driver):
    driver.press("s")
    scene = driver.app.top
    driver.click(scene._buttons["palette:high-contrast"].rect.center)
    assert driver.app.ctx.settings.palette == "high-contrast"
    scene = driver.app.top
    rect = scene.list_rect()
    driver.click((rect.x + 60, rect.y + scene.line_height() + 4))  # the first action
    assert driver.state()["focus"] == "bind:board:comply" and driver.state()["capturing"]
    driver.click(scene._buttons["guided"].rect.center)  # a click elsewhere cancels it
    assert not driver.state()["capturing"] and driver.app.ctx.settings.guided_turn is False


# -- text size, palette, guided turn -------------------------------------------------
def test_text_size_in_per_cent_with_buttons(driver: Driver, tmp_path: Path):
    driver.press("s")
    focus_on(driver, "bigger")
    driver.enter()
    assert driver.app.ctx.settings.text_scale == pytest.approx(1.1)
    assert driver.app.ctx.fonts.scale == pytest.approx(1.1)
    assert driver.state()["focus"] == "bigger"  # the rebuilt screen keeps its place
    driver.key(pygame.K_LEFT)
    driver.enter()
    driver.enter()
    assert driver.app.ctx.settings.text_scale == pytest.approx(0.9)


def test_the_palette_changes_the_board_at_once(driver: Driver, tmp_path: Path):
    board(driver, tmp_path)
    before = driver.shot(tmp_path / "board-okabe-ito.png")
    full = pygame.Rect((0, 0), before.get_size())
    old, new = pal.OKABE_ITO, pal.HIGH_CONTRAST
    assert before.get_at((5, 5))[:3] == old["PAPER_DARK"]  # the header strip
    assert count(before, full, old["PAPER"], 0) > 10_000
    settings_from_the_board(driver)
    focus_on(driver, "palette:high-contrast")
    driver.enter()
    assert driver.state()["palette"] == "high-contrast" and pal.in_use() == "high-contrast"
    settings = driver.shot(tmp_path / "settings-high-contrast.png")
    assert settings.get_at((5, 5))[:3] == new["PAPER"]
    back_to_the_board(driver)
    after = driver.shot(tmp_path / "board-high-contrast.png")
    assert after.get_at((5, 5))[:3] == new["PAPER_DARK"]
    assert count(after, full, old["PAPER"], 0) == 0  # no old paper anywhere
    assert count(after, full, new["PAPER"], 0) > 10_000
    # the widgets (pygame_gui's theme) change too: a response button's card
    button = next(iter(driver.app.top.response_buttons.values())).rect
    assert count(after, button, new["CARD"], 0) > 100
    assert count(after, button, old["CARD"], 0) == 0


@pytest.mark.fresh_config
def test_the_guided_turn_is_a_setting(driver: Driver, config_dir: Path):
    driver.press("s")
    assert driver.state()["guided_turn"] is True
    focus_on(driver, "guided")
    driver.enter()
    assert driver.state()["guided_turn"] is False
    assert json.loads((config_dir / "window-settings.json").read_text())["guided_turn"] is False
    assert driver.app.top._buttons["guided"].text == "[ ] Off"


# -- where the settings are kept --------------------------------------------------------
@pytest.mark.fresh_config
def test_settings_round_trip_through_the_config_folder(driver: Driver, tmp_path: Path,
                                                       data_dir: Path, config_dir: Path):
    driver.press("s")
    rebind(driver, "board", "consult", pygame.K_r, "r")
    focus_on(driver, "palette:high-contrast")
    driver.enter()
    focus_on(driver, "guided")
    driver.enter()
    focus_on(driver, "bigger")
    driver.enter()
    driver.app.close()
    assert (config_dir / "window-settings.json").is_file()
    assert not (data_dir / "window-settings.json").exists()
    pal.use(pal.DEFAULT)
    again = App(data_dir)  # platformdirs finds the same folder (XDG_CONFIG_HOME)
    try:
        s = again.ctx.settings
        assert (s.palette, s.guided_turn, s.text_scale) == ("high-contrast", False, 1.1)
        assert again.ctx.keymap.bindings["board"]["consult"] == ["r"]
        assert pal.in_use() == "high-contrast"
        assert (pal.HIGH_CONTRAST["PAPER"],) == (pal.PAPER,)
    finally:
        again.close()


@pytest.mark.fresh_config
def test_settings_in_the_old_data_folder_are_read_once(tmp_path: Path, data_dir: Path,
                                                        config_dir: Path):
    data_dir.mkdir(parents=True)
    old = data_dir / "window-settings.json"
    old.write_text(json.dumps({"text_scale": 1.3, "keys": {"board": {"why": ["y"]}}}))
    app = App(data_dir)
    try:
        assert app.ctx.settings.text_scale == 1.3
        assert app.ctx.keymap.bindings["board"]["why"] == ["y"]
    finally:
        app.close()
    assert json.loads((config_dir / "window-settings.json").read_text())["text_scale"] == 1.3
    old.write_text(json.dumps({"text_scale": 0.8}))  # no longer read
    app = App(data_dir)
    try:
        assert app.ctx.settings.text_scale == 1.3
    finally:
        app.close()


@pytest.mark.fresh_config
@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b"[1, 2]",
                                     b'{"palette": 5, "guided_turn": "yes", "keys": [],'
                                     b' "text_scale": 9}'])
def test_a_broken_settings_file_is_ignored(tmp_path: Path, data_dir: Path, config_dir: Path,
                                           content: bytes, caplog: pytest.LogCaptureFixture):
    config_dir.mkdir(parents=True)
    (config_dir / "window-settings.json").write_bytes(content)
    with caplog.at_level(logging.WARNING):
        app = App(data_dir)
    try:
        s = app.ctx.settings
        assert (s.palette, s.guided_turn, s.text_scale, s.keys) == (pal.DEFAULT, True, 1.0, {})
        app.start(TitleScene(app.ctx))
        app.apply(Push(SettingsScene(app.ctx)))
        app.frame()
    finally:
        app.close()
    if content.startswith((b"{not", b"\xff")):
        assert "ignoring the settings" in caplog.text


# -- how it looks ---------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1280, 720), (800, 480)])
def test_the_settings_screen_fits(tmp_path: Path, data_dir: Path, size: tuple[int, int]):
    app = App(data_dir, size=size)
    try:
        app.start(TitleScene(app.ctx))
        app.apply(Push(SettingsScene(app.ctx)))
        d = Driver(app)
        d.frames(2)
        scene = app.top
        rect = scene.list_rect()
        assert rect.bottom < size[1] and rect.right <= size[0] and scene.visible_lines() >= 6
        assert all(b.rect.bottom < rect.top and b.rect.right <= size[0]
                   for b in scene._buttons.values())
        rebind(d, "board", "weight_up", pygame.K_c, "c")  # a refusal on the message line
        folder = SHOTS if SHOTS.is_dir() else tmp_path
        img = d.shot(folder / f"settings-{size[0]}x{size[1]}.png")
        assert count(img, rect, pal.HIGHLIGHT, 0) > 1000  # the row waiting for its key
        assert count(img, pygame.Rect(0, rect.bottom, size[0], size[1] - rect.bottom),
                     pal.BAD, 40) > 50  # the refusal, in red, below the list
    finally:
        app.close()
