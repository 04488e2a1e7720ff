"""The end scene tells the story: what Moscow's orders cost, and the choices that changed it."""

from __future__ import annotations

from pathlib import Path

import pygame

from engine import counterfactual
from game import narrate
from game.app.scenes.base import esc
from game.app.scenes.end import EndScene

from .test_epilogue_window import finished, shot


def test_the_end_scene_says_what_the_orders_cost_and_what_would_have_changed_it(
        driver, tmp_path: Path) -> None:
    game = finished("china", tmp_path)
    driver.app.start(EndScene(driver.app.ctx, game))
    driver.frames(2)
    state = driver.state()
    entries = [t.record for t in game.session.record.turns]
    count, worst = narrate.misfits_obeyed(entries, game.names)
    assert state["misfits_obeyed"] == count and count > 0  # complying in China costs
    assert esc(game.score_line()) in driver.app.top.html()
    html = driver.app.top.html()
    assert "What Moscow's orders cost" in html and all(esc(line) in html for line in worst)
    assert "The choices that changed the ending most" in html
    assert all(esc(line) in html for line in state["turning_choices"])
    assert esc(counterfactual.RULE) in html
    shot(driver, tmp_path, "end-story-china.png")


def test_the_end_scene_charts_members_influence_and_trust(driver, tmp_path: Path) -> None:
    game = finished("germany", tmp_path)
    driver.app.start(EndScene(driver.app.ctx, game))
    driver.frames(2)
    scene = driver.app.top
    assert driver.state()["charts"] == ["members", "influence", "Moscow's trust"]
    img = shot(driver, tmp_path, "end-charts-germany.png")
    top, height = scene.head() + 14, scene.charts_height()
    width = (driver.app.ctx.size[0] - 80 - 24) // 3
    for k, (_label, values, colour, _high) in enumerate(scene.series()):
        assert len(values) == len(game.session.record.turns)
        area = pygame.Rect(40 + k * (width + 12), top, width, height)
        drawn = sum(1 for x in range(area.left, area.right) for y in range(area.top, area.bottom)
                    if img.get_at((x, y))[:3] == tuple(colour))
        assert drawn > width // 2, f"chart {k} is blank"  # a line across the chart
    assert scene.box.rect.top >= top + height  # the text starts below the charts
