"""The App: one window, one scene stack, one loop (input to intents, update, draw).

Holds no game rules. Scenes return transitions; the App applies them, gives the
top scene every event through `Scene.take` (so its tips see them), keeps
the pygame_gui manager and fonts in step with the window and the text size,
and paces the loop at 60 frames a second (`frame` runs one frame unpaced, for
tests and the benchmark).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from game.app import palette as pal
from game.app.keys import KeyMap
from game.app.scenes.base import (
    Context,
    Pop,
    Push,
    Quit,
    Replace,
    Reset,
    Scene,
    Scenes,
    Transition,
)
from game.app.settings import (
    FILE_NAME,
    UISettings,
    default_config_dir,
    load_or_migrate,
    save_settings,
)
from game.app.theme import Fonts, make_manager
from game.app.wiring import default_scenes
from game.i18n import _, choose_language, use_language

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (800, 480)
FPS = 60


class App:
    """The window and its scene stack."""

    def __init__(self, data_dir: Path, size: tuple[int, int] = DEFAULT_SIZE,
                 scenes: Scenes | None = None, config_dir: Path | None = None,
                 language: str | None = None) -> None:
        """`language`: the code `--lang` gave, for this window only (the setting is kept)."""
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        config_dir = config_dir or default_config_dir()
        self.settings_path = config_dir / FILE_NAME
        settings: UISettings = load_or_migrate(config_dir, data_dir)
        use_language(choose_language(language, settings.language))
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(_("Far from Moscow"))
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.key.set_repeat(400, 60)
        pal.use(settings.palette)
        self.ctx = Context(manager=make_manager(size, settings.text_scale),
                           fonts=Fonts(settings.text_scale),
                           keymap=KeyMap.with_overrides(settings.keys), settings=settings,
                           data_dir=data_dir, size=size, save_settings=self.save_settings,
                           apply_settings=self.apply_settings,
                           scenes=scenes or default_scenes())
        self.stack: list[Scene] = []
        self.running = True
        self.clock = pygame.time.Clock()

    # -- scenes -------------------------------------------------------------
    @property
    def top(self) -> Scene:
        return self.stack[-1]

    def start(self, scene: Scene) -> None:
        self.apply(Reset(scene))

    def apply(self, transition: Transition) -> None:
        self._apply(transition)
        self.show_drawn()

    def _apply(self, transition: Transition) -> None:
        if transition is None:
            return
        if isinstance(transition, Quit):
            self.running = False
        elif isinstance(transition, Push):
            self._push(transition.scene)
        elif isinstance(transition, Pop):
            self.stack.pop().teardown()
            if not self.stack:
                self.running = False
                return
            self._apply(self.top.on_result(transition.result))
        elif isinstance(transition, Replace):
            if self.stack:
                self.stack.pop().teardown()
            self._push(transition.scene)
        elif isinstance(transition, Reset):
            while self.stack:
                self.stack.pop().teardown()
            self._push(transition.scene)

    def _push(self, scene: Scene) -> None:
        scene.depth = len(self.stack) + 1
        self.stack.append(scene)
        scene.build()

    def rebuild(self) -> None:
        """New window size or text size: every scene makes its widgets again."""
        for scene in self.stack:
            scene.teardown()
        for scene in self.stack:
            scene.build()
        self.show_drawn()

    def drawn(self) -> list[Scene]:
        """The scenes on screen: the top one, and below it as long as each is an overlay."""
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].overlay:
            first -= 1
        return self.stack[max(first, 0):]

    def show_drawn(self) -> None:
        """Only the scenes on screen show their widgets: pygame_gui draws every live widget,
        so a full-window scene would otherwise have the buttons below it on top of it."""
        drawn = self.drawn()
        for scene in self.stack:
            scene.show(scene in drawn)

    def set_text_scale(self, scale: float) -> None:
        settings = self.ctx.settings
        if scale == settings.text_scale:
            return
        settings.text_scale = scale
        self.ctx.manager = make_manager(self.ctx.size, scale)
        self.ctx.fonts = Fonts(scale)
        self.rebuild()
        self.save_settings()

    def apply_settings(self) -> None:
        """The settings changed: keys, palette, language and text size take effect at once,
        every scene is rebuilt with them (button labels show the new keys), and they are
        saved."""
        settings = self.ctx.settings
        if settings.language is not None:
            use_language(settings.language)
            pygame.display.set_caption(_("Far from Moscow"))
        self.ctx.keymap = KeyMap.with_overrides(settings.keys)
        settings.palette = pal.use(settings.palette)
        self.ctx.manager = make_manager(self.ctx.size, settings.text_scale)
        self.ctx.fonts = Fonts(settings.text_scale)
        self.rebuild()
        self.save_settings()

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        if size == self.ctx.size:
            return
        self.ctx.size = size
        if self.screen.get_size() != size:
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.ctx.manager.set_window_resolution(size)
        self.rebuild()

    def save_settings(self) -> None:
        save_settings(self.settings_path, self.ctx.settings)

    # -- the loop -------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
            return
        self.ctx.manager.process_events(event)
        top = self.top
        intent = None
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            intent = top.buttons.get(event.ui_element)
        elif event.type == pygame.KEYDOWN and not top.capturing:
            intent = self.ctx.keymap.intent(event, top.context)
        if intent is not None and intent.name in ("bigger", "smaller"):
            self.set_text_scale(self.ctx.settings.scaled(1 if intent.name == "bigger" else -1))
            return
        self.apply(top.take(intent, event))

    def frame(self, dt: float = 1 / FPS) -> None:
        """One frame: events, update, draw, flip."""
        for event in pygame.event.get():
            self.handle_event(event)
            if not self.running or not self.stack:
                return
        self.top.tick_tips(dt)
        self.apply(self.top.update(dt))
        if not self.running or not self.stack:
            return
        self.ctx.manager.update(dt)
        self.draw(self.screen)
        pygame.display.flip()

    def draw(self, surface: pygame.Surface) -> None:
        for scene in self.drawn():
            scene.draw(surface)
        self.ctx.manager.draw_ui(surface)
        self.top.draw_over(surface)
        self.top.draw_tip(surface)

    def run(self) -> int:
        while self.running and self.stack:
            dt = self.clock.tick(FPS) / 1000.0
            self.frame(dt)
        return 0

    def describe(self) -> dict[str, Any]:
        return {"stack": [type(s).__name__ for s in self.stack], "tip": self.top.tip_shown(),
                **self.top.describe()}

    def close(self) -> None:
        for scene in self.stack:
            scene.teardown()
        self.stack.clear()
        pygame.display.quit()
