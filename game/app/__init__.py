"""The game window (pygame-ce with pygame_gui): `run_window` opens it.

`display_available` says whether a window can be opened at all, so that
`comintern play` can fall back to text mode and say so.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def display_available() -> bool:
    """True when pygame can open a window here (a display, or a dummy driver on request)."""
    try:
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        import pygame
    except ImportError:
        return False
    if os.environ.get("SDL_VIDEODRIVER") == "dummy":
        return True
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        pygame.display.init()
        ok = pygame.display.get_num_displays() > 0
    except pygame.error:
        return False
    finally:
        pygame.display.quit()
    return ok


def run_window(scenario: str | None = None, seed: int | None = None,
               rigidity: float | None = None, save: Path | None = None,
               resume: Path | None = None, data_dir: Path | None = None) -> int:
    """Open the window and play. With `resume`, continue that record; with `scenario`,
    open the scenario choice on it (seed and rigidity preset). Returns an exit code."""
    from game.app.app import App
    from game.app.scenes.board import BoardScene
    from game.app.scenes.choose import ChooseScene
    from game.app.scenes.menu import TitleScene
    from game.app.session import GameSession, LoadError
    from game.app.settings import default_data_dir

    app = App(data_dir or default_data_dir())
    try:
        app.start(TitleScene(app.ctx))
        if resume is not None:
            try:
                game = GameSession.load(resume)
            except LoadError as exc:
                print(f"{resume}: cannot resume: {exc}", file=sys.stderr)
                return 1
            app.apply(BoardScene.opening(app.ctx, game))
        elif scenario is not None:
            app.apply(ChooseScene.push(app.ctx, scenario, seed, rigidity, save))
        return app.run()
    finally:
        app.close()
