"""The window in German: chosen in the settings (saved, applied at once) or by --lang, its
menus, board and buttons in German words, and the font drawing ä ö ü ß."""

from __future__ import annotations

import json
from pathlib import Path

import pygame

from engine.orders import Orders
from game.app import tips
from game.app.app import App
from game.app.scenes.board import BoardScene
from game.app.scenes.menu import TitleScene
from game.app.session import GameSession, NewRules
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


def _tip(driver: Driver) -> tips.TipText:
    """The words of the tip on screen (the keyboard's or the pointer's)."""
    scene = driver.app.top
    shown = scene.tips.shown(scene.spots())
    assert shown is not None
    return tips.tip_text(scene.glossary, shown[0])


def test_the_window_in_german_explains_in_german_and_names_the_scenarios_so(data_dir: Path,
                                                                          tmp_path: Path):
    app = App(data_dir, language="de")
    try:
        d = Driver(app)
        app.start(TitleScene(app.ctx))
        d.key(pygame.K_DOWN)  # the focus moves: its tip shows at once, from the German glossary
        tip = _tip(d)
        assert d.state()["tip"] == "load_game"
        assert tip.title == "Spiel laden" and "Jedes Spiel wird nach jeder Runde" in tip.body
        d.press("n")
        assert d.scene == "ChooseScene"
        d.until(lambda: not d.state()["loading"])
        scene = app.top
        names = [b.text.split(". ", 1)[1] for b in scene._list]
        germany = scene.names.index("germany")
        assert names[germany] == "Deutschland 1919-1933"  # germany.de.yaml
        assert names[scene.names.index("italy")].startswith("Italy")  # no German: its English
        scene.selected = germany
        scene.refresh()
        brief = scene.brief.html_text
        assert "Kommunistische Partei Deutschlands" in brief and "Zeitraum:" in brief
        assert "1919-01 bis 1933-03" in brief and "0,50 bis 0,90" in brief
        assert "The question" not in brief
        d.frames(2)
        d.shot(tmp_path / "choose-de.png")
    finally:
        app.close()


def test_a_german_game_has_the_german_scenario_and_glossary_and_keeps_them_on_reload(
        data_dir: Path, tmp_path: Path):
    app = App(data_dir, language="de")
    try:
        game = GameSession.new("germany", 3, None, tmp_path / "g.json")
        assert game.tables.scenario.name == "Deutschland 1919-1933"
        assert game.glossary()["members"].term == "Mitglieder"
        assert game.glossary()["new_game"].term == "Neues Spiel"  # the shared terms too
        game.session.play(Orders(response="comply"))
        game.save()
        title = {e.id: e.title for e in game.tables.scenario.events}
        fired = [title[e.id] for t in game.session.record.turns for e in t.record.events]
        assert "Der Januaraufstand in Berlin" in fired
        loaded = GameSession.load(game.save_path)  # a save opens in the language in use
        assert isinstance(loaded, GameSession)
        assert loaded.tables.scenario.name == "Deutschland 1919-1933"
        offer = game.reload()  # the same file: replayed on it, still in German
        assert isinstance(offer, NewRules)
        assert offer.game.tables.scenario.name == "Deutschland 1919-1933"
        assert offer.summary().startswith("1 Runde nach den unveränderten Regeln nachgespielt")
    finally:
        app.close()


def test_the_settings_explain_themselves_in_the_language_just_chosen(driver: Driver):
    driver.press("s")
    focus_on(driver, "lang:de")
    assert _tip(driver).title == "Language"
    driver.enter()  # German from here on: the same screen's tips too
    driver.key(pygame.K_LEFT)
    assert driver.state()["focus"] == "lang:en"
    assert _tip(driver).title == "Sprache"
    assert _tip(driver).detail.startswith("English: die Menüs, der Erzähler")
    driver.key(pygame.K_RIGHT)
    assert _tip(driver).detail == "Deutsch (in Gebrauch)."
