"""The window under test: a dummy video driver, posted input, one frame at a time."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"  # before pygame is imported anywhere
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.orders import Orders  # noqa: E402
from game.app import palette as pal  # noqa: E402
from game.app.app import App  # noqa: E402
from game.app.scenes.menu import TitleScene  # noqa: E402
from game.app.session import GameSession  # noqa: E402
from game.app.settings import FILE_NAME  # noqa: E402


class Driver:
    """Posts key presses and clicks, runs frames, reads what is on screen."""

    def __init__(self, app: App) -> None:
        self.app = app

    def key(self, key: int, text: str = "", mod: int = 0, frames: int = 2) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text,
                                             scancode=0))
        self.frames(frames)

    def press(self, text: str, frames: int = 2) -> None:
        """A printable key: 'c', '3', '+'."""
        self.key(pygame.key.key_code(text), text, frames=frames)

    def enter(self, frames: int = 2) -> None:
        self.key(pygame.K_RETURN, "\r", frames=frames)

    def click(self, pos: tuple[int, int], button: int = 1, frames: int = 3) -> None:
        for kind in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            if kind == pygame.MOUSEMOTION:
                ev = pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
            else:
                ev = pygame.event.Event(kind, pos=pos, button=button)
            pygame.event.post(ev)
            self.app.frame()
        self.frames(frames)

    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.frame()

    def until(self, check: Callable[[], bool], limit: int = 3000) -> None:
        for _ in range(limit):
            if check():
                return
            self.app.frame()
            pygame.time.wait(2)
        raise AssertionError(f"timed out; on screen: {self.app.describe()}")

    @property
    def scene(self) -> str:
        return type(self.app.top).__name__

    def state(self) -> dict:
        return self.app.describe()

    def shot(self, path: Path) -> pygame.Surface:
        pygame.image.save(self.app.screen, str(path))
        return pygame.image.load(str(path))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(autouse=True)
def config_dir(request: pytest.FixtureRequest, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The settings go to a config folder of the test's own (platformdirs reads
    XDG_CONFIG_HOME); the palette is the default again after each test.

    The folder holds settings with the guided first turn off, so that a test of the
    board is not met by the guide; a test marked `fresh_config` gets an empty folder,
    as a new player does."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "far-from-moscow"
    if request.node.get_closest_marker("fresh_config") is None:
        folder.mkdir(parents=True)
        (folder / FILE_NAME).write_text('{"guided_turn": false}\n', encoding="utf-8")
    yield folder
    pal.use(pal.DEFAULT)


@pytest.fixture
def driver(data_dir: Path, config_dir: Path) -> Iterator[Driver]:
    app = App(data_dir)
    assert app.settings_path.parent == config_dir
    app.start(TitleScene(app.ctx))
    d = Driver(app)
    d.frames(2)
    yield d
    app.close()


@pytest.fixture(scope="module")
def ended(tmp_path_factory: pytest.TempPathFactory) -> GameSession:
    """A whole game of Germany, every order obeyed: what the end screen shows."""
    game = GameSession.new("germany", 3, None, tmp_path_factory.mktemp("end") / "g.json")
    while not game.over:
        game.session.play(Orders(response="comply"))
    return game
