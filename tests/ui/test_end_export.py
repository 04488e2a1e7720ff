"""The window's end: export my log to a folder the player picks, and make my report."""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui
import pytest

from engine.record import read_record
from game.app.scenes.end import EndScene

from .test_epilogue_window import finished, shot


def test_export_my_log_writes_it_into_the_folder_picked(driver, tmp_path: Path) -> None:
    game = finished("italy", tmp_path)
    game.save()
    driver.app.start(EndScene(driver.app.ctx, game))
    driver.frames(2)
    driver.press("x")
    assert driver.state()["dialog"]
    folder = tmp_path / "hand-in"
    folder.mkdir()
    pygame.event.post(pygame.event.Event(pygame_gui.UI_FILE_DIALOG_PATH_PICKED,
                                         {"text": str(folder)}))
    driver.frames(3)
    exported = folder / game.save_path.name
    assert exported.read_text(encoding="utf-8") == game.session.record.to_json()
    assert read_record(str(exported)).outcome is not None
    assert f"Your log is in {exported}" in driver.state()["message"]
    shot(driver, tmp_path, "end-export.png")


def test_make_my_report_writes_it_and_opens_it_in_the_browser(
        driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    game = finished("italy", tmp_path)
    driver.app.start(EndScene(driver.app.ctx, game))
    driver.frames(2)
    driver.press("r")
    assert "Making your report" in driver.state()["message"]
    driver.until(lambda: "report is in" in driver.state()["message"], limit=20000)
    report = game.save_path.with_suffix(".html")
    assert opened == [report.as_uri()]
    page = report.read_text(encoding="utf-8")
    assert game.tables.scenario.name in page and "<script" not in page.lower()
