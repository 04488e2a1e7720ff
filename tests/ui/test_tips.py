"""Hover and focus explain: every gauge, condition, bar and button on the board has a
glossary term; its tip shows when the mouse rests on it and at once for the keyboard
(screenshots, not only state); a tip fits the window at every size and text size, its
lines broken between words; and the hint lines name the keys as they are bound now."""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pytest

from engine.model import CONDITIONS, RESPONSES
from engine.orders import Orders
from game.app import keys as k
from game.app import layout, tips
from game.app import palette as pal
from game.app.app import App
from game.app.scenes import overlays
from game.app.scenes.base import Push, Scene
from game.app.scenes.board import BoardScene
from game.app.scenes.end import EndScene
from game.app.scenes.menu import TitleScene
from game.app.session import GameSession

from .conftest import Driver
from .test_any_size import COMBINATIONS, eight_regions, germany

SHOTS = os.environ.get("FFM_SCREENSHOTS")  # a folder (docs/screenshots) to keep the shots


@pytest.fixture
def window(request, data_dir: Path):
    size, scale = request.param
    app = App(data_dir, size=size)
    app.set_text_scale(scale)
    yield Driver(app)
    app.close()


def on_board(driver: Driver, game: GameSession) -> BoardScene:
    driver.app.start(BoardScene(driver.app.ctx, game))
    driver.frames(3)
    scene = driver.app.top
    assert isinstance(scene, BoardScene)
    return scene


def every_panel(driver: Driver, scene: BoardScene):
    """The board's panels one by one: the wide board once, a compact board tab by tab."""
    if not scene.compact:
        yield "wide"
        return
    for tab, _label in layout.TABS:
        if scene.tab != tab:
            driver.press("v")
        driver.frames(2)
        yield tab


def glossary_ok(scene: Scene, where: str) -> None:
    spots = scene.spots()
    missing = sorted({s.term for s in spots if s.term not in scene.glossary})
    assert not missing, f"{where}: no glossary term for {missing}"
    for button in scene.buttons:
        if button.visible:
            assert any(s.rect == button.rect for s in spots), \
                f"{where}: the button {button.text!r} explains nothing"


# -- every part has its term -------------------------------------------------------------
def test_every_gauge_condition_bar_and_button_has_a_glossary_term(driver: Driver,
                                                                 tmp_path: Path):
    scene = on_board(driver, germany(tmp_path))
    glossary_ok(scene, "1280×720")
    terms = {s.term for s in scene.spots()}
    gauges = {"members", "cadres", "funds", "unity", "trust", "security"}
    assert gauges | set(CONDITIONS) | set(RESPONSES) | {"fit", "gap", "directive", "line",
                                                          "reasons", "influence",
                                                          "organisation", "region",
                                                          "cadre_plan", "why", "send"} <= terms
    driver.press("c")
    glossary_ok(scene, "after comply")
    driver.app.set_text_scale(1.6)
    driver.app.resize((800, 480))
    scene = driver.app.top
    for tab in every_panel(driver, scene):
        glossary_ok(scene, f"800×480 at 160 %, {tab}")
    scene = on_board(driver, eight_regions(tmp_path))
    for tab in every_panel(driver, scene):
        glossary_ok(scene, f"eight regions, {tab}")


def test_a_button_without_a_term_is_caught(driver: Driver, tmp_path: Path):
    scene = on_board(driver, germany(tmp_path))
    scene.button(pygame.Rect(5, 5, 60, 20), "new", k.Intent("something_new"))
    with pytest.raises(AssertionError, match="something_new"):
        glossary_ok(scene, "with a new button")


# -- hover and focus -------------------------------------------------------------------
def tip_box_at(driver: Driver, scene: BoardScene, anchor: pygame.Rect) -> pygame.Rect:
    shown = scene.tips.shown(scene.spots())
    assert shown is not None
    text = tips.tip_text(scene.glossary, shown[0])
    return tips.tip_box(driver.app.ctx.fonts, text, anchor, driver.app.ctx.size)[0]


def looks_like_a_tip(img: pygame.Surface, box: pygame.Rect) -> None:
    """The card-coloured box with its ink frame, and words inside it."""
    assert img.get_at((box.x + 3, box.bottom - 3))[:3] == pal.CARD
    assert img.get_at((box.centerx, box.y))[:3] == pal.INK
    inside = img.subsurface(box.inflate(-4, -4))
    inks = {inside.get_at((x, y))[:3] for x in range(0, inside.get_width(), 2)
            for y in range(0, inside.get_height(), 2)}
    assert pal.INK in inks or len(inks) > 8  # anti-aliased words, not a bare box


def test_the_tip_shows_after_the_mouse_rests_on_a_gauge(driver: Driver, tmp_path: Path):
    scene = on_board(driver, germany(tmp_path))
    trust = next(s for s in scene.spots() if s.term == "trust")
    pos = trust.rect.center
    before = driver.shot(tmp_path / "before.png")
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    driver.frames(5)  # moving over it is not resting on it
    assert driver.state()["tip"] is None
    driver.frames(int(tips.HOVER_DELAY * 60) + 2)
    assert driver.state()["tip"] == "trust"
    after = driver.shot(tmp_path / "hover.png")
    box = tip_box_at(driver, scene, pygame.Rect(pos[0] - 8, pos[1] - 8, 16, 26))
    looks_like_a_tip(after, box)
    assert pygame.image.tobytes(before.subsurface(box), "RGB") != \
        pygame.image.tobytes(after.subsurface(box), "RGB")
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(2, 2), rel=(0, 0),
                                         buttons=(0, 0, 0)))
    driver.frames(int(tips.HOVER_DELAY * 60) + 2)
    assert driver.state()["tip"] is None  # nothing is explained in the margin
    if SHOTS:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                             buttons=(0, 0, 0)))
        driver.frames(40)
        driver.shot(Path(SHOTS) / "tooltip-trust-1280x720.png")


def test_the_keyboard_tip_shows_at_once_and_esc_puts_it_away(driver: Driver, tmp_path: Path):
    scene = on_board(driver, germany(tmp_path))
    driver.press("i", frames=1)
    first = scene.spots()[0]
    assert driver.state()["tip"] == first.term
    img = driver.shot(tmp_path / "focus.png")
    box = tip_box_at(driver, scene, first.rect)
    looks_like_a_tip(img, box)
    ring = first.rect.inflate(4, 4)
    assert img.get_at((ring.centerx, ring.y))[:3] == pal.MOSCOW  # the keyboard's place
    driver.key(pygame.K_i, "I", mod=pygame.KMOD_SHIFT)
    assert driver.state()["tip"] == scene.spots()[-1].term  # Shift+I: back round to the end
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "BoardScene" and driver.state()["tip"] is None
    driver.key(pygame.K_ESCAPE)
    assert driver.scene == "PauseScene"  # the second Esc is the menu's, as before
    driver.key(pygame.K_ESCAPE)
    driver.press(".")  # the response keys: the focused response explains itself
    focused = driver.state()["focus"]
    assert driver.state()["tip"] == focused
    shown = scene.tips.shown(scene.spots())
    assert shown is not None and "reckons" in shown[0].detail  # its chance, from the forecast
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(2, 2), rel=(0, 0),
                                         buttons=(0, 0, 0)))
    driver.frames(2)
    assert driver.state()["tip"] is None  # the mouse takes over


def test_every_part_can_be_reached_by_keyboard(driver: Driver, tmp_path: Path):
    scene = on_board(driver, germany(tmp_path))
    seen = set()
    for _ in range(len(scene.spots())):
        driver.press("i", frames=1)
        seen.add(driver.state()["tip"])
    assert seen == {s.term for s in scene.spots()}


# -- a tip fits the window -------------------------------------------------------------
def whole_words(text: tips.TipText, lines: list[str]) -> bool:
    words = " ".join([text.title, text.body, text.detail]).split()
    got = " ".join(lines).split()
    return got == words[:len(got)] and all(w in words for w in got)


@pytest.mark.parametrize("window", COMBINATIONS, indirect=True,
                         ids=[f"{w}x{h}@{int(s * 100)}" for (w, h), s in COMBINATIONS])
def test_every_tip_fits_the_window_in_whole_words(window: Driver, tmp_path: Path):
    app = window.app
    scene = on_board(window, germany(tmp_path))
    fonts = app.ctx.fonts
    w, h = app.ctx.size
    where = f"{w}×{h} at {app.ctx.settings.text_scale:.0%}"
    corners = [pygame.Rect(x, y, 16, 26) for x in (0, w // 2, w - 17) for y in (0, h // 2, h - 27)]
    for tab in every_panel(window, scene):
        for spot in scene.spots():
            text = tips.tip_text(scene.glossary, spot)
            for anchor in [spot.rect, *corners]:
                box, lines = tips.tip_box(fonts, text, anchor, (w, h))
                assert pygame.Rect(0, 0, w, h).contains(box), f"{where} {tab}: {spot.term}"
                assert whole_words(text, [s for s, *_r in lines]), f"{where}: {spot.term}"
                for s, points, bold, _c, _y in lines:
                    assert fonts.font("sans", points, bold).size(s)[0] <= box.width - 2 * tips.PAD
        # and drawn, through the keyboard: every label inside its box, the box on screen
        for _ in range(3):
            window.press("i", frames=1)
            fonts.ink = []
            try:
                surface = pygame.Surface((w, h))
                scene.draw_tip(surface)
                ink = fonts.ink
            finally:
                fonts.ink = None
            assert ink, f"{where} {tab}: no tip drawn"
            for s, rect, clip, _size in ink:
                assert clip.contains(rect) and pygame.Rect(0, 0, w, h).contains(rect), \
                    f"{where} {tab}: {s!r} at {rect} out of {clip}"
        window.key(pygame.K_ESCAPE)


def until_guide(driver: Driver) -> None:
    """Close the news (and why?) until the guide opens over the board."""
    for _ in range(20):
        if driver.scene == "GuideScene":
            return
        if driver.scene in ("TextScene", "WhyScene"):
            driver.enter()
        driver.frames(2)
    raise AssertionError(f"no guide; on screen: {driver.state()}")


# -- the hints name the keys bound now -------------------------------------------------------
def rebind(driver: Driver, *bindings: tuple[str, str, str]) -> None:
    ctx = driver.app.ctx
    for context, intent, name in bindings:
        ctx.settings.keys = k.rebind(ctx.settings.keys, context, intent, name)
    ctx.apply_settings()
    driver.frames(2)


def test_hint_lines_name_the_keys_as_rebound(driver: Driver, tmp_path: Path):
    rebind(driver, ("nav", "confirm", "g"), ("nav", "back", "q"), ("nav", "up", "u"),
           ("nav", "down", "j"), ("nav", "bigger", "p"), ("board", "comply", "y"),
           ("board", "help", "f2"), ("choose", "new_seed", "z"), ("board", "explain", "o"))
    app = driver.app
    assert "U/J to move, G to choose" in app.top.HINT and "P / -" in app.top.HINT  # title
    app.start(app.ctx.scenes.choose(app.ctx, "germany", 3, None, None))
    driver.until(lambda: not driver.state()["loading"])
    assert "G start" in app.top.HINT
    assert [b for b, _i in app.top.BUTTONS] == ["[G]  Start", "[Q]  Back", "[Z]  New seed"]
    scene = on_board(driver, germany(tmp_path))
    assert "[Y] [A] [K] [S] [D]" in scene.draft_text()
    assert scene.header_words()[2].startswith("[F2] keys") and "[P/-] text size" in \
        scene.header_words()[2]
    assert any("[Y] [A] [K] [S] [D]" in s for s in scene.layout_texts().draft)
    driver.key(pygame.K_F2)
    assert driver.scene == "TextScene"
    assert any(getattr(b, "text", "") == "[G] Close" for b in app.top.widgets)
    assert "Shift+O the one before" in app.top.html
    driver.key(pygame.K_g)
    driver.press("a")
    assert driver.scene == "PickerScene" and "U/J G · Q back" in app.top.note_text()
    driver.key(pygame.K_q)
    app.start(EndScene(app.ctx, germany(tmp_path)))
    assert app.top.button_labels()[0][1] == "[G] Back to the title"
    played = GameSession(germany(tmp_path).session, tmp_path / "why.json")
    app.start(BoardScene(app.ctx, played))
    app.apply(Push(overlays.WhyScene(app.ctx, played.last, played.names)))
    assert any(getattr(b, "text", "") == "[G] Continue" for b in app.top.widgets)
    app.start(TitleScene(app.ctx))
    driver.frames(1)
    assert "U/J" in app.top.HINT


def test_the_guide_keys_rebound_show_on_its_buttons(driver: Driver, tmp_path: Path):
    driver.app.ctx.settings.guided_turn = True
    rebind(driver, ("guide", "guide_next", "n"), ("guide", "guide_skip", "x"))
    game = GameSession.new("china", 3, None, tmp_path / "china.json")
    driver.app.apply(BoardScene.opening(driver.app.ctx, game))
    until_guide(driver)
    assert driver.state()["buttons"] == ["[X] Skip the guide", "[N] Next"]
    driver.press("n")
    assert driver.state()["index"] == 1


def test_the_board_hint_keys_follow_a_rebound_response(driver: Driver, tmp_path: Path):
    game = germany(tmp_path)
    game.session.play(Orders(response="comply"))
    rebind(driver, ("board", "stall", "t"))
    scene = on_board(driver, game)
    assert scene.response_buttons["stall"].text.startswith("[T]")
    assert "[T]" in scene.draft_text()
