"""Opening the window: a new game's scenario choice, a resumed record, or the title."""

from __future__ import annotations

import sys
from pathlib import Path

from game.app.app import App
from game.app.scenes.base import Push
from game.app.session import GameSession, LoadError, NewRules
from game.app.settings import default_data_dir
from game.i18n import _


def run_window(scenario: str | None = None, seed: int | None = None,
               rigidity: float | None = None, save: Path | None = None,
               resume: Path | None = None, data_dir: Path | None = None,
               language: str | None = None) -> int:
    """Open the window and play. With `resume`, continue that record; with `scenario`,
    open the scenario choice on it (seed and rigidity preset); `language` is --lang's code.
    Returns an exit code."""
    app = App(data_dir or default_data_dir(), language=language)
    scenes = app.ctx.scenes
    try:
        app.start(scenes.title(app.ctx))
        if resume is not None:
            try:
                game = GameSession.load(resume)
            except LoadError as exc:
                print(_("{path}: cannot resume: {reason}").format(path=resume, reason=exc),
                      file=sys.stderr)
                return 1
            if isinstance(game, NewRules):  # its scenario changed: offered on the new rules
                app.apply(Push(scenes.new_rules(app.ctx, game)))
            else:
                app.apply(scenes.opening(app.ctx, game))
        elif scenario is not None:
            app.apply(Push(scenes.choose(app.ctx, scenario, seed, rigidity, save)))
        return app.run()
    finally:
        app.close()
