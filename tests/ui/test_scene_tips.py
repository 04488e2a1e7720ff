"""Hover and focus explain on every screen, not only the board: the title and pause menus,
the settings, the scenario choice, the name and load scenes, Why? and the end. Each button,
bar, chart and row has a glossary term; its tip shows when the mouse rests on it (after
the delay, not before) and at once when the keyboard moves onto it or steps there with I;
every tip lies inside an 800×480 window at 160 % text, in whole words."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from engine.game import CONTRIBUTIONS
from engine.orders import Orders
from game.app import draw, tips
from game.app import palette as pal
from game.app.app import App
from game.app.keys import Intent
from game.app.scenes import overlays
from game.app.scenes.base import Push, Scene
from game.app.scenes.board import BoardScene
from game.app.scenes.end import EndScene
from game.app.scenes.menu import PauseScene, TitleScene
from game.app.session import GameSession
from game.app.widget_spots import text_spots
from game.files import shared_glossary

from .conftest import Driver
from .fit import problems
from .test_tips import glossary_ok, looks_like_a_tip, whole_words

SHOTS = os.environ.get("FFM_SCREENSHOTS")  # a folder (docs/screenshots) to keep the shots

# What each screen must explain, at least (more where the window has room for it).
WANTED = {
    "title": {"new_game", "load_game", "settings", "quit", "continue_game"},
    "settings": {"text_size", "palette", "guided_turn", "language", "reset_keys", "back",
                 "key_binding"},
    "choose": {"scenario", "rigidity", "seed", "start_game", "back"},
    "name": {"player_name", "start_game", "back"},
    "load": {"saved_game", "back"},
    "pause": {"resume", "save_copy", "settings", "to_title", "quit"},
    "why": {"fit", "effort", "organisation", "unity", "difficulty", "base", "odds_points",
            "true_chance", "roll", "close"},
    "keys": {"close"},
    "end": {"score", "to_title", "turn_log", "history_panel", "export_log", "report", "quit"},
}
# and in the roomy window, the words inside text boxes and the end's charts as well
WANTED_WIDE = {"choose": {"period", "scenario_difficulty"}, "why": {"order_fit", "chance"},
               "end": {"members", "influence", "trust", "goals", "in_history", "epilogue"}}


@pytest.fixture
def small(data_dir: Path) -> Iterator[Driver]:
    """The smallest window at the largest text."""
    app = App(data_dir, size=(800, 480))
    app.set_text_scale(1.6)
    yield Driver(app)
    app.close()


def played(driver: Driver, tmp_path: Path) -> GameSession:
    """A Germany game three turns on, saved in the saves folder (so Load lists it)."""
    game = GameSession.new("germany", 3, None, driver.app.ctx.saves_dir / "germany-seed3.json")
    for _ in range(3):
        game.session.play(Orders(response="comply"))
    game.save()
    return GameSession(game.session, game.save_path)  # with its last turn, for Why?


def open_scene(driver: Driver, name: str, tmp_path: Path, ended: GameSession) -> Scene:
    """Put one screen on top, as a player reaches it."""
    app = driver.app
    ctx = app.ctx
    if name == "title":
        game = played(driver, tmp_path)
        ctx.settings.last_save = str(game.save_path)  # so the title offers to continue
        app.start(TitleScene(ctx))
    elif name == "settings":
        app.start(TitleScene(ctx))
        app.apply(Push(ctx.scenes.settings(ctx)))
    elif name in ("choose", "name"):
        app.start(TitleScene(ctx))
        app.apply(Push(ctx.scenes.choose(ctx, "germany", 3, None, None)))
        driver.until(lambda: not driver.state()["loading"])
        if name == "name":
            app.apply(Push(ctx.scenes.name(ctx)))
    elif name == "load":
        played(driver, tmp_path)
        app.start(TitleScene(ctx))
        app.apply(Push(ctx.scenes.load(ctx)))
    elif name in ("pause", "why", "keys"):
        game = played(driver, tmp_path)
        app.start(BoardScene(ctx, game))
        driver.frames(2)
        app.apply(Push(PauseScene(ctx, game.save_path) if name == "pause" else
                       overlays.WhyScene(ctx, game.last, game.names, game.glossary())
                       if name == "why" else overlays.help_scene(ctx)))
    elif name == "end":
        app.start(EndScene(ctx, ended))
    driver.frames(3)
    return app.top


def explained(scene: Scene, where: str) -> set[str]:
    """Every spot's term is in the glossary, and every button of the screen has a spot."""
    glossary_ok(scene, where)
    return {s.term for s in scene.spots()}


def hover(driver: Driver, pos: tuple[int, int], frames: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    driver.frames(frames)


def shown_box(driver: Driver, scene: Scene, anchor: pygame.Rect | None = None) -> pygame.Rect:
    shown = scene.tips.shown(scene.spots())
    assert shown is not None
    spot, _keyboard = shown
    if anchor is None:
        x, y = scene.tips.pointer or spot.rect.center
        anchor = pygame.Rect(x - 8, y - 8, 16, 26)
    text = tips.tip_text(scene.glossary, spot)
    return tips.tip_box(driver.app.ctx.fonts, text, anchor, driver.app.ctx.size)[0]


SCENES = list(WANTED)


# -- every screen has its terms --------------------------------------------------------
@pytest.mark.parametrize("name", SCENES)
def test_every_button_bar_and_row_has_a_glossary_term(driver: Driver, tmp_path: Path, ended,
                                                      name: str):
    terms = explained(open_scene(driver, name, tmp_path, ended), f"{name}, 1280×720")
    wanted = WANTED[name] | WANTED_WIDE.get(name, set())
    assert wanted <= terms, sorted(wanted - terms)


@pytest.mark.parametrize("name", SCENES)
def test_every_button_has_its_term_in_the_smallest_window(small: Driver, tmp_path: Path,
                                                          ended, name: str):
    terms = explained(open_scene(small, name, tmp_path, ended), f"{name}, 800×480 at 160 %")
    assert WANTED[name] <= terms, sorted(WANTED[name] - terms)


def test_a_button_without_a_term_is_caught_on_any_screen(driver: Driver, tmp_path: Path,
                                                         ended):
    scene = open_scene(driver, "end", tmp_path, ended)
    scene.button(pygame.Rect(5, 5, 60, 20), "new", Intent("something_new"))
    with pytest.raises(AssertionError, match="'new' explains nothing"):
        explained(scene, "with a new button")
    scene.button(pygame.Rect(5, 30, 60, 20), "odd", Intent("odd"), term="no_such_term")
    with pytest.raises(AssertionError, match="no_such_term"):
        explained(scene, "with an unknown term")


def test_every_part_of_a_chance_has_its_term():
    glossary = {t.id for t in shared_glossary()}
    assert set(draw.CONTRIBUTION_TERMS) == set(CONTRIBUTIONS)
    assert set(draw.CONTRIBUTION_TERMS.values()) <= glossary


# -- the mouse: after the delay ----------------------------------------------------------
# (screen, the term of a spot to rest on)
RESTS = [("title", "new_game"), ("settings", "palette"), ("settings", "key_binding"),
         ("choose", "scenario_difficulty"), ("choose", "rigidity"), ("choose", "seed"),
         ("name", "player_name"), ("load", "saved_game"), ("pause", "save_copy"),
         ("why", "effort"), ("why", "roll"), ("why", "order_fit"), ("why", "close"),
         ("end", "trust"), ("end", "score"), ("end", "report")]


@pytest.mark.parametrize(("name", "term"), RESTS, ids=[f"{n}-{t}" for n, t in RESTS])
def test_the_tip_shows_when_the_mouse_rests(driver: Driver, tmp_path: Path, ended,
                                            name: str, term: str):
    scene = open_scene(driver, name, tmp_path, ended)
    spot = next(s for s in scene.spots() if s.term == term)
    before = driver.shot(tmp_path / "before.png")
    hover(driver, spot.rect.center, 5)
    assert driver.state()["tip"] is None  # passing over it is not resting on it
    driver.frames(int(tips.HOVER_DELAY * 60) + 2)
    assert driver.state()["tip"] == term
    shown = scene.tips.shown(scene.spots())
    assert shown is not None
    words = tips.tip_text(scene.glossary, shown[0])
    assert (words.title, words.body) == (scene.glossary[term].term,
                                         " ".join(scene.glossary[term].text.split()))
    after = driver.shot(tmp_path / "after.png")
    box = shown_box(driver, scene)
    looks_like_a_tip(after, box)
    assert pygame.image.tobytes(before.subsurface(box), "RGB") != \
        pygame.image.tobytes(after.subsurface(box), "RGB")
    if SHOTS and (name, term) in (("why", "effort"), ("end", "trust")):
        driver.shot(Path(SHOTS) / f"tooltip-{name}-{term}-1280x720.png")


# -- the keyboard: at once ----------------------------------------------------------------
def key(driver: Driver, code: int, text: str = "", mod: int = 0) -> None:
    driver.key(code, text, mod=mod, frames=1)  # one frame: the tip is there at once


def test_the_arrows_show_the_focused_entrys_tip_at_once(driver: Driver, tmp_path: Path, ended):
    open_scene(driver, "title", tmp_path, ended)
    assert driver.state()["tip"] is None  # nothing until the keyboard moves
    key(driver, pygame.K_DOWN)
    assert driver.state()["selected"] == "new" and driver.state()["tip"] == "new_game"
    img = driver.shot(tmp_path / "title.png")
    scene = driver.app.top
    spot = scene.focus_spot()
    assert spot is not None
    looks_like_a_tip(img, shown_box(driver, scene, spot.rect))
    key(driver, pygame.K_DOWN)
    assert driver.state()["tip"] == "load_game"
    key(driver, pygame.K_n, "n")  # another key: the tip goes (here: the choice opens)
    assert driver.scene == "ChooseScene" and driver.state()["tip"] is None

    open_scene(driver, "pause", tmp_path, ended)
    key(driver, pygame.K_DOWN)
    assert driver.state()["tip"] == "save_copy"
    key(driver, pygame.K_UP)
    assert driver.state()["tip"] == "resume"

    open_scene(driver, "load", tmp_path, ended)
    key(driver, pygame.K_DOWN)
    assert driver.state()["tip"] == "saved_game"


def test_the_settings_focus_explains_each_row(driver: Driver, tmp_path: Path, ended):
    open_scene(driver, "settings", tmp_path, ended)
    seen = []
    for _ in range(5):
        key(driver, pygame.K_DOWN)
        seen.append((driver.state()["focus"], driver.state()["tip"]))
    assert seen == [("palette:okabe-ito", "palette"), ("guided", "guided_turn"),
                    ("lang:en", "language"), ("reset", "reset_keys"),
                    ("bind:board:comply", "key_binding")]
    scene = driver.app.top
    spot = scene.focus_spot()
    assert spot is not None and "Comply with the directive: C" in spot.detail
    key(driver, pygame.K_RIGHT)  # along the row: none more here, the tip stays
    assert driver.state()["tip"] == "key_binding"
    key(driver, pygame.K_RETURN)  # rebinding: the tip gives way to the prompt
    assert driver.state()["capturing"] and driver.state()["tip"] is None
    key(driver, pygame.K_ESCAPE)


def test_the_choice_explains_what_the_keys_change(driver: Driver, tmp_path: Path, ended):
    open_scene(driver, "choose", tmp_path, ended)
    key(driver, pygame.K_DOWN)
    assert driver.state()["tip"] == "scenario"
    key(driver, pygame.K_RIGHT)
    assert driver.state()["tip"] == "rigidity"
    shown = driver.app.top.tips.shown(driver.app.top.spots())
    assert shown is not None and shown[0].detail == "Now 0.00 for every line."  # as it is now
    key(driver, pygame.K_n, "n")
    assert driver.state()["tip"] == "seed"
    shown = driver.app.top.tips.shown(driver.app.top.spots())
    assert shown is not None and shown[0].detail == f"Now {driver.state()['seed']}."


@pytest.mark.parametrize("name", ["why", "end", "choose", "settings", "pause"])
def test_i_steps_through_every_spot_and_esc_puts_its_tip_away(driver: Driver, tmp_path: Path,
                                                              ended, name: str):
    scene = open_scene(driver, name, tmp_path, ended)
    spots = scene.spots()
    seen = []
    for _ in spots:
        key(driver, pygame.K_i, "i")
        seen.append(driver.state()["tip"])
    assert seen == [s.term for s in spots]  # every one, in reading order
    img = driver.shot(tmp_path / "i.png")
    last = scene.tips.keyboard
    assert last is not None
    ring = last.rect.inflate(4, 4)
    assert img.get_at((ring.centerx, ring.y))[:3] == pal.MOSCOW  # the keyboard's place
    key(driver, pygame.K_i, "I", mod=pygame.KMOD_SHIFT)
    assert driver.state()["tip"] == spots[-2].term  # Shift+I: the one before
    stack = list(driver.state()["stack"])
    key(driver, pygame.K_ESCAPE)
    assert driver.state()["tip"] is None and driver.state()["stack"] == stack
    key(driver, pygame.K_ESCAPE)
    assert driver.state()["stack"] != stack  # the second Esc is the screen's own, as before


# -- every tip fits the smallest window -----------------------------------------------------
@pytest.mark.parametrize("name", SCENES)
def test_every_tip_lies_inside_800x480_at_160(small: Driver, tmp_path: Path, ended, name: str):
    scene = open_scene(small, name, tmp_path, ended)
    fonts, (w, h) = small.app.ctx.fonts, small.app.ctx.size
    window = pygame.Rect(0, 0, w, h)
    corners = [pygame.Rect(x, y, 16, 26) for x in (0, w // 2, w - 17) for y in (0, h // 2, h - 27)]
    spots = scene.spots()
    assert spots
    for spot in spots:
        assert window.contains(spot.rect), f"{name}: {spot.term} at {spot.rect}"
        text = tips.tip_text(scene.glossary, spot)
        for anchor in [spot.rect, pygame.Rect(*spot.rect.center, 16, 26), *corners]:
            box, lines = tips.tip_box(fonts, text, anchor, (w, h))
            assert window.contains(box), f"{name}: {spot.term}'s tip at {box}"
            assert whole_words(text, [s for s, *_r in lines]), f"{name}: {spot.term}"
    # and drawn, as the keyboard shows them: every word of every tip inside the window
    for k, spot in enumerate(spots):
        scene.tips.focus(spot)
        fonts.ink = []
        try:
            scene.draw_tip(pygame.Surface((w, h)))
            ink = fonts.ink
        finally:
            fonts.ink = None
        assert ink, f"{name}: no tip drawn for spot {k}"
        for s, rect, clip, _size in ink:
            assert clip.contains(rect) and window.contains(rect), f"{name}: {s!r} at {rect}"
    if SHOTS and name in ("why", "end", "settings", "choose"):
        scene.tips.focus(spots[len(spots) // 2])
        small.frames(1)
        small.shot(Path(SHOTS) / "800x480-160" / f"tooltip-{name}.png")


# -- the words inside a text box -------------------------------------------------------------
def test_a_paragraphs_spot_follows_its_text_box_as_it_scrolls(driver: Driver, tmp_path: Path,
                                                              ended):
    scene = open_scene(driver, "end", tmp_path, ended)
    box = scene.box
    goals = text_spots(box, {"Goals": "goals"})
    assert len(goals) == 1 and box.rect.contains(goals[0].rect)
    driver.key(pygame.K_PAGEDOWN, frames=3)
    moved = text_spots(box, {"Goals": "goals"})
    assert not moved or moved[0].rect.y < goals[0].rect.y  # up with its words, or gone
    assert all(box.rect.contains(s.rect) for s in text_spots(box, {"": "score"}))


# -- the load screen holds at any size (it had a fixed layout, off an 800-pixel window) ------
def test_the_load_screen_fits_the_smallest_window_with_more_saves_than_room(small: Driver,
                                                                           tmp_path: Path):
    game = played(small, tmp_path)
    for k in range(20):
        (game.save_path.parent / f"copy-{k:02}.json").write_text(game.session.record.to_json(),
                                                                 encoding="utf-8")
    small.app.start(TitleScene(small.app.ctx))
    small.app.apply(Push(small.app.ctx.scenes.load(small.app.ctx)))
    small.frames(2)
    found = problems(small.app)
    assert not found, "\n".join(found[:8])
    shown = small.state()["files"]
    assert 1 <= len(shown) < 21  # the newest that fit
    for _ in range(len(shown)):
        small.key(pygame.K_DOWN, frames=1)
    assert small.state()["selected"] == 0  # round again, among those on screen
