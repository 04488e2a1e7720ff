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
               resume: Path | None = None, data_dir: Path | None = None,
               language: str | None = None) -> int:
    """Open the window and play (see `game.app.window.run_window`). Returns an exit code."""
    # The one late import: pygame loads only once a window is really wanted.
    from game.app import window

    return window.run_window(scenario, seed, rigidity, save, resume, data_dir, language)
