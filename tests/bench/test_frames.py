"""Frame times of the board at 1280x720: 600 frames, median and 99th percentile.

Outside the default run: pytest -m benchmark_run tests/bench/test_frames.py -s
Two figures: the real loop (the board is redrawn only when something on it
changes, as in play) and the worst case (the whole board redrawn every frame).
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.app.app import App  # noqa: E402
from game.app.scenes.board import BoardScene  # noqa: E402
from game.app.session import GameSession  # noqa: E402

pytestmark = pytest.mark.benchmark_run
FRAMES = 600


def _board(tmp_path: Path) -> App:
    app = App(tmp_path / "data", config_dir=tmp_path / "config")
    game = GameSession.new("germany", 3, None, tmp_path / "save.json")
    app.start(BoardScene(app.ctx, game))
    for _ in range(5):
        app.frame()
    return app


def _measure(app: App, redraw: bool) -> list[float]:
    times = []
    keys = (pygame.K_DOWN, pygame.K_RIGHT)
    for k in range(FRAMES):
        if k % 30 == 0:  # a key press twice a second, as a player might
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=keys[k // 30 % 2], mod=0,
                                                 unicode="", scancode=0))
        if redraw:
            app.top._cache = None  # type: ignore[attr-defined]
        t0 = time.perf_counter()
        app.frame()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _report(name: str, times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    median = statistics.median(times)
    p99 = times[int(0.99 * len(times)) - 1]
    print(f"\n{name}: {len(times)} frames at 1280x720, median {median:.2f} ms, "
          f"p99 {p99:.2f} ms, max {times[-1]:.2f} ms")
    return median, p99


def test_board_frames(tmp_path: Path):
    app = _board(tmp_path)
    try:
        median, p99 = _report("board, real loop", _measure(app, redraw=False))
        _report("board, redrawn every frame", _measure(app, redraw=True))
    finally:
        app.close()
    assert p99 < 16.7
