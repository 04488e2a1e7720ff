"""A new player's Germany: no directive before the Comintern exists, then the March Action.

Played through the window by keyboard: the player waits out the first
turns, obeys until the order of early 1921 arrives, sees it on the card as
Moscow's initiative (carried by Bela Kun) with Moscow's picture of central
Germany beside the party's, and refuses it at the price the card names.
"""

from __future__ import annotations

import pygame

from .test_scenes import start_game


def _answer(driver, key: str) -> None:
    driver.press(key, frames=1)
    while driver.scene == "PickerScene":
        driver.enter(frames=1)
    driver.enter(frames=1)


def _next_board(driver) -> dict:
    while True:
        if driver.scene in ("TextScene", "WhyScene"):
            driver.enter(frames=1)
            continue
        state = driver.state()
        if state.get("busy"):
            driver.until(lambda: not driver.state().get("busy"))
            continue
        return state


def test_the_march_action_reaches_the_card_and_can_be_refused_at_a_price(driver, tmp_path):
    start_game(driver, "germany", "5")
    state = _next_board(driver)
    assert state["date"].startswith("1919-01")
    assert any("does not exist yet" in line for line in state["card_lines"])
    while not any("March Action" in line for line in state["card_lines"]):
        assert state["date"] < "1921-04", f"no March Action by {state['date']}"
        _answer(driver, "c")
        state = _next_board(driver)
    assert state["date"].startswith("1921-01")
    lines = " ".join(state["card_lines"])
    assert "Bela Kun" in lines and "more trust" in lines
    assert state["directive"] == "insurrection"
    assert set(state["moscow_believes"]) == set(state["party_sees"])
    gaps = [abs(state["moscow_believes"][c] - state["party_sees"][c])
            for c in state["moscow_believes"]]
    assert max(gaps) >= 0.05, "Moscow's picture of central Germany differs from the party's"
    options = dict(state["options"])
    assert "trust -" in options["stall"] and "reckons" in options["comply"]
    driver.shot(tmp_path / "march-action.png")
    board = driver.app.top
    trust_before = board.view.party["trust"]
    _answer(driver, "s")
    after = _next_board(driver)
    assert after["date"].startswith("1921-04")
    assert driver.app.top.view.party["trust"] < trust_before - 0.15  # the price on the card
    driver.key(pygame.K_ESCAPE)
