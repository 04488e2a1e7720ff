"""The scene protocol: what the App asks of every scene, and the transitions it returns.

A scene never switches scenes itself: `handle`, `update` and `on_result`
return a transition (push, pop, replace, reset, quit) and the App applies it.
Scenes build their pygame_gui widgets in `build` and can be rebuilt at any
time (on a resize or a new text size) from their own logical state.

Every scene explains itself the same way (`game.app.tips`): a button made
with a glossary `term`, and every spot a scene notes while it draws, shows
its term's words when the mouse rests on it, and at once when the keyboard
moves the scene's focus onto it or steps there with the explain key. The App
feeds the pointer and the keys through `take`, ticks the tips and draws them
over the top scene (`draw_tip`); a scene only says what stands where.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UILabel, UIPanel, UITextBox

from engine.glossary import by_id
from engine.model import Term
from game.app import tips as tooltips
from game.app.keys import Intent, KeyMap
from game.app.session import GameSession
from game.app.settings import UISettings
from game.app.spots import Spot
from game.app.theme import Fonts
from game.files import shared_glossary
from game.i18n import current_language


@dataclass(frozen=True)
class Scenes:
    """The scenes a scene may open, as factories the App fills in (`game.app.wiring`).

    No scene imports another: the circle title → choose → board → end → title
    is closed only here, at run time.
    """

    title: Callable[[Context], Scene]
    choose: Callable[[Context, str | None, int | None, float | None, Path | None], Scene]
    load: Callable[[Context], Scene]
    loading: Callable[[Context, Path], Scene]
    settings: Callable[[Context], Scene]
    pause: Callable[[Context, Path], Scene]
    opening: Callable[[Context, GameSession], Transition]  # the board, or the end if over
    end: Callable[[Context, GameSession], Scene]
    # the guided first turn over a board (`GuideHost`), with the glossary it quotes
    guide: Callable[[Context, Any, Mapping[str, Term]], Scene]
    # the player's name before a game (pops with it, or None to go back)
    name: Callable[[Context], Scene]
    # the offer of a game on its scenario's new rules (`game.app.session.NewRules`)
    new_rules: Callable[[Context, Any], Scene]


@dataclass
class Context:
    """What every scene may use: the UI manager, fonts, keys, settings, folders, scenes."""

    manager: pygame_gui.UIManager
    fonts: Fonts
    keymap: KeyMap
    settings: UISettings
    data_dir: Path
    size: tuple[int, int]
    save_settings: Callable[[], None]
    apply_settings: Callable[[], None]  # keys, palette, text size changed: rebuild, save
    scenes: Scenes
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def saves_dir(self) -> Path:
        return self.data_dir / "saves"


@dataclass(frozen=True)
class Push:
    scene: Scene


@dataclass(frozen=True)
class Pop:
    result: Any = None


@dataclass(frozen=True)
class Replace:
    scene: Scene


@dataclass(frozen=True)
class Reset:
    scene: Scene


@dataclass(frozen=True)
class Quit:
    """Close the window and end the program."""


Transition = Push | Pop | Replace | Reset | Quit | None

KEPT = "kept"  # what the offer of a game on new rules pops with when the old game is kept


def esc(text: str) -> str:
    """Plain text made safe for pygame_gui's HTML subset."""
    return html.escape(" ".join(str(text).split()), quote=False)


EXPLAIN = ("explain", "explain_prev")  # the keys that step the keyboard's tip through a scene


class Scene:
    """Base scene: widget bookkeeping, the tips, and do-nothing defaults."""

    context = "nav"
    overlay = False  # drawn over the scene below it
    capturing = False  # true while the scene wants key presses raw (a key being rebound)
    # The intents that move the scene's own focus: after one, the focused part explains
    # itself at once (`focus_spot`).
    FOCUS_INTENTS: frozenset[str] = frozenset({"up", "down", "next", "prev", "left", "right"})

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.widgets: list[UIElement] = []
        self.buttons: dict[UIElement, Intent] = {}
        self.terms: dict[UIElement, tuple[str, str]] = {}  # button: (glossary id, detail)
        self.noted: list[Spot] = []  # the spots the scene noted as it last drew
        self.tips = tooltips.Tips()
        self.stepped = False  # the keyboard's tip was opened by the explain key
        self._glossary: Mapping[str, Term] | None = None  # a scenario's own, where it has one
        self.depth = 0

    @property
    def glossary(self) -> Mapping[str, Term]:
        """The words this scene explains: the game's scenario's where the scene was given
        them, else the shared glossary in the language in use (so that a scene on screen
        when the settings change the language explains itself in the new one)."""
        if self._glossary is not None:
            return self._glossary
        lang = current_language()
        found: Mapping[str, Term] | None = self.ctx.cache.get(f"glossary:{lang}")
        if found is None:
            found = self.ctx.cache.setdefault(f"glossary:{lang}", by_id(shared_glossary(lang)))
        return found

    @glossary.setter
    def glossary(self, terms: Mapping[str, Term]) -> None:
        self._glossary = terms

    # -- widgets ----------------------------------------------------------
    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.ctx.manager

    def keep(self, element: UIElement) -> UIElement:
        self.widgets.append(element)
        return element

    def button(self, rect: pygame.Rect, label: str, intent: Intent,
               container: Any = None, tip: str | None = None, term: str | None = None,
               detail: str = "") -> UIButton:
        """A button for `intent`; with a `term`, it explains itself from the glossary, and
        `detail` says what this one does."""
        b = UIButton(rect, label, self.manager, container=container, tool_tip_text=tip)
        self.widgets.append(b)
        self.buttons[b] = intent
        if term is not None:
            self.terms[b] = (term, detail)
        return b

    def textbox(self, html_text: str, rect: pygame.Rect, container: Any = None,
                object_id: str | None = None) -> UITextBox:
        box = UITextBox(html_text, rect, self.manager, container=container,
                        object_id=object_id)
        self.widgets.append(box)
        return box

    def label(self, text: str, rect: pygame.Rect, object_id: str | None = None,
              container: Any = None) -> UILabel:
        lab = UILabel(rect, text, self.manager, container=container, object_id=object_id)
        self.widgets.append(lab)
        return lab

    def modal_panel(self, rect: pygame.Rect) -> UIPanel:
        """A dimmed full-window layer with a card on it, above everything below."""
        w, h = self.ctx.size
        dim = UIPanel(pygame.Rect(0, 0, w, h), starting_height=10 * self.depth,
                      manager=self.manager, object_id="#dim")
        self.widgets.append(dim)
        card = UIPanel(rect, starting_height=1, manager=self.manager, container=dim)
        self.widgets.append(card)
        return card

    def show(self, visible: bool) -> None:
        """Show or hide this scene's widgets (hidden widgets neither draw nor take input)."""
        for element in self.widgets:
            if bool(element.visible) != visible:
                (element.show if visible else element.hide)()  # type: ignore[no-untyped-call]

    def teardown(self) -> None:
        for element in reversed(self.widgets):
            element.kill()  # type: ignore[no-untyped-call]
        self.widgets.clear()
        self.buttons.clear()
        self.terms.clear()
        self.tips.focus(None)  # what it pointed at is gone; the pointer's place stays

    # -- what explains what -------------------------------------------------------
    def spots(self) -> list[Spot]:
        """Everything on screen the glossary explains, in the order the explain key visits
        it: what the scene noted as it drew, and its buttons, top to bottom, left to right."""
        found = list(self.noted) + [Spot(pygame.Rect(b.rect), term, detail)
                                    for b, (term, detail) in self.terms.items() if b.visible]
        return sorted(found, key=lambda s: (s.rect.y, s.rect.x))

    def focus_spot(self) -> Spot | None:
        """The spot of what the scene's own focus is on (a menu's selected entry), if any."""
        return None

    def button_spot(self, button: UIElement | None) -> Spot | None:
        """The spot of one of this scene's buttons, as `spots` has it."""
        if button is None or button not in self.terms:
            return None
        return next((s for s in self.spots() if s.rect == button.rect), None)

    def interpret(self, intent: Intent | None, event: pygame.event.Event) -> Intent | None:
        """The intent of an event, where a scene reads keys its own way (the settings)."""
        return intent

    def take(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        """What the App calls for every event: the tips see the pointer and the keys, the
        scene `handle`s the rest. The explain key steps through the spots; a key that moves
        the focus shows the focused part's tip at once; any other key puts it away."""
        if event.type == pygame.MOUSEMOTION:
            self.tips.move(event.pos)
        elif event.type == pygame.WINDOWLEAVE:
            self.tips.leave()
        intent = self.interpret(intent, event)
        if intent is not None and intent.name in EXPLAIN and not self.capturing:
            self.tips.step(self.spots(), -1 if intent.name == "explain_prev" else 1)
            self.stepped = True
            return None
        if intent is not None and intent.name in ("back", "menu") and self.stepped \
                and self.tips.keyboard is not None:
            self.tips.focus(None)  # Esc first puts away the tip the explain key opened
            return None
        transition = self.handle(intent, event)
        if event.type == pygame.KEYDOWN:  # (keys being typed or rebound: no tip over them)
            self.stepped = False
            moved = intent is not None and intent.name in self.FOCUS_INTENTS
            self.tips.focus(self.focus_spot() if moved and not self.capturing else None)
        return transition

    def tick_tips(self, dt: float) -> None:
        self.tips.tick(dt, self.spots())

    def draw_tip(self, surface: pygame.Surface) -> None:
        """The tip of the moment over everything: the keyboard's at its spot, ringed, or the
        pointer's below the pointer."""
        shown = self.tips.shown(self.spots())
        if shown is None:
            return
        spot, by_keyboard = shown
        if by_keyboard:
            tooltips.draw_focus(surface, spot.rect)
            anchor = spot.rect
        else:
            x, y = self.tips.pointer or spot.rect.center
            anchor = pygame.Rect(x - 8, y - 8, 16, 26)  # below the pointer's arrow
        tooltips.draw_tip(surface, self.ctx.fonts, tooltips.tip_text(self.glossary, spot),
                          anchor)

    def tip_shown(self) -> str | None:
        """The glossary id of the tip on screen, if any."""
        shown = self.tips.shown(self.spots())
        return shown[0].term if shown else None

    # -- the protocol ---------------------------------------------------------
    def build(self) -> None:
        """Create the widgets for the current window size and text size."""

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        return None

    def update(self, dt: float) -> Transition:
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw under the widgets."""

    def draw_over(self, surface: pygame.Surface) -> None:
        """Draw over the widgets (the top scene only)."""

    def on_result(self, result: Any) -> Transition:
        """A scene this one pushed has popped with `result`."""
        return None

    def describe(self) -> dict[str, Any]:
        """What is on screen, as data: for tests and for debugging."""
        return {"scene": type(self).__name__}


def mark(button: UIButton, selected: bool, enabled: bool = True) -> None:
    """Show a button as selected (the keyboard's place) and as enabled or not."""
    (button.select if selected else button.unselect)()  # type: ignore[no-untyped-call]
    (button.enable if enabled else button.disable)()  # type: ignore[no-untyped-call]


def scroll(box: UITextBox, pages: float) -> None:
    """Scroll a text box by a fraction of its height (keyboard scrolling)."""
    bar = box.scroll_bar
    if bar is None:
        return
    step = bar.visible_percentage * pages
    bar.set_scroll_from_start_percentage(min(max(bar.start_percentage + step, 0.0),
                                             1.0 - bar.visible_percentage))
