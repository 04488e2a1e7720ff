"""Which scene each name in `Scenes` opens: the one module that knows every scene.

The App puts these factories in the context; scenes reach each other only
through them, so none imports another scene that could import it back.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from game.app.scenes.base import Context, Scene, Scenes
from game.app.scenes.board import BoardScene
from game.app.scenes.choose import ChooseScene
from game.app.scenes.end import EndScene
from game.app.scenes.guide import GuideScene
from game.app.scenes.load import LoadScene
from game.app.scenes.loading import LoadingScene
from game.app.scenes.menu import PauseScene, TitleScene
from game.app.scenes.name import NameScene
from game.app.scenes.new_rules import NewRulesScene
from game.app.scenes.settings_scene import SettingsScene

NEW_SEEDS = 10**6  # a fresh game's seed when none is given: short enough to note down


def choose(ctx: Context, scenario: str | None, seed: int | None, rigidity: float | None,
           save: Path | None) -> Scene:
    """The scenario choice, with a fresh seed unless one is given."""
    return ChooseScene(ctx, scenario, seed if seed is not None else secrets.randbelow(NEW_SEEDS),
                       rigidity, save)


def default_scenes() -> Scenes:
    return Scenes(title=TitleScene, choose=choose, load=LoadScene, loading=LoadingScene,
                  settings=SettingsScene, pause=PauseScene, opening=BoardScene.opening,
                  end=EndScene, guide=GuideScene, name=NameScene,
                  new_rules=NewRulesScene)
