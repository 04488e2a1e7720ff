"""The window tells the turn in the narrator's words: initiatives, believed chances,
no Centre yet, plain why?, changes by cause. Games of the small test scenario are
set up through the engine, then shown on the board."""

from __future__ import annotations

from pathlib import Path

import builders
import pygame

from engine.forecast import options
from engine.orders import Orders
from engine.record import Session
from game import narrate
from game.app import palette as pal
from game.app.session import GameSession

from .test_scenes import close_overlays, count, on_board


def show(driver, tables, tmp_path: Path, turns: int = 0) -> GameSession:
    """A game of `tables` played `turns` turns by compliance, put on the board."""
    session = Session.start(tables, 1)
    for _ in range(turns):
        session.play(Orders(response="comply"))
    return on_board(driver, session, tmp_path / "g.json")


def test_the_card_shows_an_initiative_and_the_options_their_believed_chances(driver,
                                                                             tmp_path: Path):
    t = builders.tables(rigidity=1.0, initiatives=[builders.RISING])
    game = show(driver, t, tmp_path, t.turn_of("1921-01") + t.lag)
    state = driver.state()
    assert state["directive"] == "insurrection"
    lines = state["card_lines"]
    assert lines[0] == "Moscow presses for: The rising" and "Carried by An Envoy." in lines
    assert any("costs 0.30 more trust" in line for line in lines)
    opts = options(t, game.session.state)
    believed = dict(state["options"])
    assert believed["comply"].startswith("Armed insurrection in Farm country: the party "
                                         f"reckons {narrate.pct(opts['comply']['chance'])}")
    best = narrate.best_choice(opts, "adapt")
    assert f"the party reckons {narrate.pct(best[2])}" in believed["adapt"]
    info = driver.app.top.info.html_text
    assert "Before you choose" in info and "the party reckons" in info
    # the buttons carry the same line as a tool tip
    tip = driver.app.top.response_buttons["stall"].tool_tip_text
    assert f"trust {opts['stall']['trust']:+.2f}" in tip
    img = driver.shot(tmp_path / "initiative.png")
    card = driver.app.top.rects["card"]
    tint = pal.mix(pal.CARD, pal.YELLOW, 0.45)  # the initiative's box on the card
    assert count(img, card, tint, 2) > 5000
    # choosing adapt shows the chance for the chosen action with the cadre plan
    driver.press("a")
    assert driver.scene == "PickerScene"
    strike = opts["adapt"]["actions"]["strike"]
    entry = next(e for e in driver.state()["entries"] if e.startswith("Mass strike"))
    assert narrate.pct(max(strike["chances"].values())) in entry
    driver.key(pygame.K_ESCAPE)


def test_before_the_centre_exists_the_board_offers_waiting_or_acting_alone(driver,
                                                                           tmp_path: Path):
    t = builders.tables(rigidity=1.0, centre={"founded": "1920-07"})
    show(driver, t, tmp_path)
    state = driver.state()
    assert state["directive"] is None
    assert "does not exist yet (founded 1920-07)" in state["card_lines"][0]
    assert state["open"] == ["comply", "adapt", "defy"]
    assert state["buttons"]["comply"].endswith("Wait")
    assert all("no trust cost" in line for _, line in state["options"])
    driver.press("k")
    assert "no Centre yet" in driver.state()["message"]
    assert driver.state()["response"] is None
    img = driver.shot(tmp_path / "no-directive.png")
    assert count(img, driver.app.top.rects["card"], pal.MOSCOW) > 50  # the heading is drawn
    driver.press("c")
    driver.enter()
    driver.until(lambda: driver.scene == "WhyScene")
    assert "No directive had come from Moscow" in driver.state()["html"]


def test_why_speaks_plain_words_first_and_splits_the_changes_by_cause(driver, tmp_path: Path):
    t = builders.tables(rigidity=1.0, events=[builders.BLOW])
    show(driver, t, tmp_path)
    driver.press("c")
    driver.enter()
    driver.until(lambda: driver.scene == "WhyScene")
    why = driver.state()
    html = why["html"]
    assert html.index("in plain words") < html.index("In numbers")
    assert any("fit for the real conditions in Mill town" in line for line in why["plain"])
    assert "logit" not in html
    event = next(c for c in why["causes"] if c.startswith("The party is banned"))
    action = next(c for c in why["causes"] if "(your action)" in c)
    assert "spared" in event and "members -" in event
    lost = event.split("members ")[1].split(",")[0]
    assert lost not in action
    driver.shot(tmp_path / "why.png")
    close_overlays(driver)
    driver.press("l")
    assert "The party is banned (news of 1920-04)" in driver.state()["html"]
