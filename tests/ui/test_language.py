"""The window in German: chosen in the settings (saved, applied at once) or by --lang, its
menus, board and buttons in German words, and the font drawing ä ö ü ß."""

from __future__ import annotations

import json
from pathlib import Path

import pygame

from engine.orders import Orders
from game.app.app import App
from game.app.scenes.board import BoardScene
from game.app.scenes.menu import TitleScene
from game.app.session import GameSession
from game.i18n import current_language

from .conftest import Driver
from .test_settings import focus_on


def test_the_language_row_switches_the_window_and_is_saved(driver: Driver, config_dir: Path):
    assert "New game" in _button_texts(driver)
    driver.press("s")
    assert driver.scene == "SettingsScene" and driver.state()["language"] == "en"
    focus_on(driver, "lang:de")
    driver.enter()
    assert driver.state()["language"] == "de" and current_language() == "de"
    assert driver.state()["message"] == "Sprache: Deutsch."
    saved = json.loads((config_dir / "window-settings.json").read_text(encoding="utf-8"))
    assert saved["language"] == "de"
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "TitleScene"
    assert {"Neues Spiel", "Spiel laden", "Einstellungen", "Beenden"} <= {
        label for label in _button_texts(driver)}


def test_a_saved_language_is_spoken_when_the_window_opens(data_dir: Path, config_dir: Path):
    (config_dir / "window-settings.json").write_text(
        '{"guided_turn": false, "language": "de"}', encoding="utf-8")
    app = App(data_dir)
    try:
        app.start(TitleScene(app.ctx))
        assert current_language() == "de"
        assert "[N]  Neues Spiel" in _button_texts(Driver(app), whole=True)
    finally:
        app.close()


def test_lang_overrides_the_setting_for_this_window_only(data_dir: Path, config_dir: Path):
    (config_dir / "window-settings.json").write_text(
        '{"guided_turn": false, "language": "en"}', encoding="utf-8")
    app = App(data_dir, language="de")
    try:
        assert current_language() == "de"
        assert app.ctx.settings.language == "en"  # --lang is not written into the settings
    finally:
        app.close()


def test_the_board_in_german(data_dir: Path, tmp_path: Path):
    app = App(data_dir, language="de")
    try:
        game = GameSession.new("germany", 3, None, tmp_path / "g.json")
        for _ in range(3):
            game.session.play(Orders(response="comply"))
        app.start(BoardScene(app.ctx, game))
        d = Driver(app)
        d.frames(2)
        state = d.state()
        assert state["buttons"]["comply"] == "[C] Befolgen"
        assert state["buttons"]["defy"] == "[D] Trotzen"
        assert state["draft"].startswith("Deine Antwort: Wähle eine Antwort")
        assert state["cadre_text"].startswith("Kader (Standardplan):")
        shown = _button_texts(d)
        assert any(label.endswith("Senden") for label in shown)
        assert any(label.endswith("Warum?") for label in shown)
        # the font has the German letters: none drawn as a missing-glyph box
        font = app.ctx.fonts.font("sans", 14)
        for letter in "äöüßÄÖÜ":
            assert font.metrics(letter)[0] is not None, letter
        d.shot(tmp_path / "board-de.png")
    finally:
        app.close()


def _button_texts(driver: Driver, whole: bool = False) -> list[str]:
    """The words on the top scene's buttons, without their key ("[N]  ")."""
    texts = [b.text for b in driver.app.top.buttons]
    return texts if whole else [t.split("]", 1)[-1].strip() for t in texts]
