"""Settings: text size, colours, the guided first turn, the language, and the keys, rebound
on screen.

Every change takes effect at once (`Context.apply_settings` rebuilds the
keys, palette, theme and every scene) and is saved. The screen works by
keyboard alone: Tab or the arrows move, Enter chooses, Esc goes back. Those
four keep working here whatever they are rebound to, so that the place to
repair a binding can always be reached. To rebind, choose an action and press
its new key; a key another action of the same context has is refused with
that action's name; Esc cancels. Every row and button explains itself from
the glossary (`TERMS`), on hover and at once when the focus moves onto it.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.app import keys as k
from game.app import palette as pal
from game.app.draw import text
from game.app.keys import Intent
from game.app.scenes.base import Pop, Scene, Transition, mark
from game.app.spots import Spot
from game.i18n import LANGUAGES, N_, _, current_language

# The keys this screen always understands, bound or not.
_RAW = {pygame.K_UP: "up", pygame.K_DOWN: "down", pygame.K_LEFT: "left",
        pygame.K_RIGHT: "right", pygame.K_TAB: "next", pygame.K_RETURN: "confirm",
        pygame.K_KP_ENTER: "confirm", pygame.K_ESCAPE: "back",
        pygame.K_PAGEUP: "page_up", pygame.K_PAGEDOWN: "page_down"}
# The controls above the key list, row by row: (item, what the button says).
CONTROL_ROWS: tuple[tuple[str, ...], ...] = (
    ("smaller", "bigger"), ("palette:okabe-ito", "palette:high-contrast"), ("guided",),
    tuple(f"lang:{code}" for code in LANGUAGES), ("reset", "back"))
# The glossary id of each control (a palette's: "palette"; a language's: "language"; a key's
# line: "key_binding"), and of the caption before each row but the last (the caption is
# marked here and translated when drawn).
TERMS = {"smaller": "text_size", "bigger": "text_size", "guided": "guided_turn",
         "reset": "reset_keys", "back": "back"}
CAPTIONS = ((N_("Text size"), "text_size"), (N_("Colours"), "palette"),
            (N_("Guided first turn"), "guided_turn"), (N_("Language"), "language"))


def binding_items() -> list[tuple[str, str]]:
    """(context, intent) of every action that has keys, by context, in the order shown."""
    out = []
    for ctx in [*k.CONTEXT_LABELS, *(c for c in k.DEFAULTS if c not in k.CONTEXT_LABELS)]:
        named = list(k.LABELS.get(ctx, {}))
        out += [(ctx, i) for i in [*named, *(i for i in k.DEFAULTS[ctx] if i not in named)]]
    return out


def action_label(ctx: str, intent: str) -> str:
    return k.label(ctx, intent)


def term_of(item: str) -> str:
    """The glossary id that explains a control or a key's line."""
    if item.startswith("palette:"):
        return "palette"
    if item.startswith("lang:"):
        return "language"
    return "key_binding" if item.startswith("bind:") else TERMS[item]


class SettingsScene(Scene):
    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.items: list[str] = [i for row in CONTROL_ROWS for i in row]
        self.items += [f"bind:{c}:{i}" for c, i in binding_items()]
        self.focus = 0
        self.top_row = 0  # the first line of the key list on screen
        self.message = ""
        self.refused = False  # the message says why a key was refused
        self.capturing = False
        self._buttons: dict[str, Any] = {}

    # -- layout -----------------------------------------------------------
    def metrics(self) -> tuple[int, int, int]:
        """Row height, the x where the controls start, the left margin."""
        f = self.ctx.fonts
        margin = 40 if self.ctx.size[0] >= 1000 else 20
        label_w = max(f.font("sans", 14).size(_(s))[0] for s, _term in CAPTIONS) + 24
        return f.size(13) + 14, margin + label_w, margin

    def list_rect(self) -> pygame.Rect:
        w, h = self.ctx.size
        row, _x, margin = self.metrics()
        f = self.ctx.fonts
        top = self.controls_top() + len(CONTROL_ROWS) * (row + 6) + f.size(16) + 16
        return pygame.Rect(margin, top, w - 2 * margin, h - top - f.size(13) - 22)

    def controls_top(self) -> int:
        f = self.ctx.fonts
        return 18 + f.size(26) + 10 + f.size(12) + 14

    def lines(self) -> list[tuple[str, str, str]]:
        """The key list's lines: ("head", context, "") and ("bind", context, intent)."""
        out: list[tuple[str, str, str]] = []
        for ctx, intent in binding_items():
            if not out or out[-1][1] != ctx:
                out.append(("head", ctx, ""))
            out.append(("bind", ctx, intent))
        return out

    def line_height(self) -> int:
        return self.ctx.fonts.size(13) + 9

    def visible_lines(self) -> int:
        return max(1, self.list_rect().height // self.line_height())

    def build(self) -> None:
        row, x0, _margin = self.metrics()
        f = self.ctx.fonts
        s = self.ctx.settings
        self._buttons = {}
        y = self.controls_top()
        labels = {
            "smaller": _("[−] Smaller"), "bigger": _("[+] Larger"),
            "guided": _("[x] On") if s.guided_turn else _("[ ] Off"),
            "reset": _("Reset keys to defaults"), "back": _("[Esc] Back"),
            **{f"palette:{name}": ("● " if s.palette == name else "○ ") + _(label)
               for name, label in pal.LABELS.items()},
            # each language by its own name, whatever the language in use
            **{f"lang:{code}": ("● " if current_language() == code else "○ ") + name
               for code, name in LANGUAGES.items()},
        }
        small = max(f.font("sans", 13).size(labels[i])[0]
                    for i in ("smaller", "bigger", "guided")) + 28
        for r, items in enumerate(CONTROL_ROWS):
            x = x0 if r < len(CONTROL_ROWS) - 1 else self.metrics()[2]
            if r == 0:
                x = x0 + f.font("sans", 14, True).size("160%")[0] + 16
            for item in items:
                width = small if r in (0, 2) else f.font("sans", 13).size(labels[item])[0] + 30
                b = self.button(pygame.Rect(x, y, width, row), labels[item], Intent("item", item),
                                term=term_of(item), detail=self.detail_of(item))
                self._buttons[item] = b
                x += width + 8
            y += row + 6
        self._mark()

    def detail_of(self, item: str) -> str:
        """What this control does now, beside its term's words."""
        s = self.ctx.settings
        if item in ("smaller", "bigger"):
            scale = round(100 * s.text_scale)
            return (_("Now {scale}%; this button makes the text smaller.") if item == "smaller"
                    else _("Now {scale}%; this button makes the text larger.")).format(
                        scale=scale)
        if item.startswith("palette:"):
            name = item.split(":", 1)[1]
            label = _(pal.LABELS[name]) if name in pal.LABELS else name
            return _("{palette} (in use).").format(palette=label) if s.palette == name \
                else label + "."
        if item.startswith("lang:"):
            code = item.split(":", 1)[1]
            return (_("{language} (in use).") if current_language() == code else
                    _("{language}: the menus, the narrator and the scenario's texts in this "
                      "language.")).format(language=LANGUAGES.get(code, code))
        if item == "guided":
            return _("Now on.") if s.guided_turn else _("Now off.")
        if item.startswith("bind:"):
            _b, ctx, intent = item.split(":", 2)
            return _("{action}: {keys} ({screen}).").format(
                action=action_label(ctx, intent), keys=self.ctx.keymap.keys(intent, ctx),
                screen=lower_first(context_label(ctx)))
        return ""

    def line_rect(self, at: int) -> pygame.Rect | None:
        """Where line `at` of the key list stands now; None when it is scrolled away."""
        n = at - self.top_row
        if not 0 <= n < self.visible_lines():
            return None
        rect, lh = self.list_rect(), self.line_height()
        return pygame.Rect(rect.x + 1, rect.y + n * lh + 1, rect.width - 2, lh)

    def spots(self) -> list[Spot]:
        """The captions and the controls, then the key list's lines on screen."""
        row, _x0, margin = self.metrics()
        y = self.controls_top()
        found = []
        for caption, term in CAPTIONS:
            width = self.ctx.fonts.font("sans", 14).size(_(caption))[0]
            found.append(Spot(pygame.Rect(margin, y, width, row), term))
            y += row + 6
        found = sorted(found + super().spots(), key=lambda s: (s.rect.y, s.rect.x))
        for at, (kind, ctx, intent) in enumerate(self.lines()):
            rect = self.line_rect(at) if kind == "bind" else None
            if rect is not None:
                found.append(Spot(rect, "key_binding", self.detail_of(f"bind:{ctx}:{intent}")))
        return found

    def focus_spot(self) -> Spot | None:
        item = self.items[self.focus]
        if item in self._buttons:
            return self.button_spot(self._buttons[item])
        _b, ctx, intent = item.split(":", 2)
        rect = self.line_rect(self.lines().index(("bind", ctx, intent)))
        return Spot(rect, "key_binding", self.detail_of(item)) if rect is not None else None

    def _mark(self) -> None:
        current = self.items[self.focus]
        for item, b in self._buttons.items():
            mark(b, item == current)

    # -- input ----------------------------------------------------------------
    def interpret(self, intent: Intent | None, event: pygame.event.Event) -> Intent | None:
        """The keys this screen always understands, whatever they are bound to."""
        if intent is None and not self.capturing and event.type == pygame.KEYDOWN and \
                event.key in _RAW:
            name = _RAW[event.key]
            return Intent("prev" if name == "next" and event.mod & pygame.KMOD_SHIFT else name)
        return intent

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if self.capturing:
            if event.type == pygame.KEYDOWN:
                self.capture(event)
                return None
            if intent is None and event.type != pygame.MOUSEBUTTONDOWN:
                return None
            self.capturing = False  # a click elsewhere: not changed
            self.message = _("Not changed.")
        if event.type == pygame.MOUSEBUTTONDOWN and intent is None:
            return self.click(event)
        if intent is None:
            return None
        n = intent.name
        if n == "item":
            self.focus = self.items.index(intent.arg)
            return self.activate(intent.arg)
        if n == "back":
            return Pop()
        if n == "confirm":
            return self.activate(self.items[self.focus])
        if n in ("next", "prev"):
            self.move(1 if n == "next" else -1)
        elif n in ("up", "down"):
            self.move_row(-1 if n == "up" else 1)
        elif n in ("left", "right"):
            self.move_in_row(-1 if n == "left" else 1)
        elif n in ("page_up", "page_down"):
            self.move(self.visible_lines() * (-1 if n == "page_up" else 1), wrap=False)
        return None

    def row_of(self, index: int) -> int:
        """Which row an item is in: the control rows first, then one per key line."""
        for r, items in enumerate(CONTROL_ROWS):
            if self.items[index] in items:
                return r
        return len(CONTROL_ROWS) + index - sum(len(r) for r in CONTROL_ROWS)

    def move(self, step: int, wrap: bool = True) -> None:
        n = len(self.items)
        self.focus = (self.focus + step) % n if wrap else min(max(self.focus + step, 0), n - 1)
        self.focused()

    def move_row(self, step: int) -> None:
        here = self.row_of(self.focus)
        rows = [self.row_of(i) for i in range(len(self.items))]
        target = (here + step) % (max(rows) + 1)
        col = self.focus - rows.index(here)
        same = [i for i, r in enumerate(rows) if r == target]
        self.focus = same[min(col, len(same) - 1)]
        self.focused()

    def move_in_row(self, step: int) -> None:
        here = self.row_of(self.focus)
        if self.row_of((self.focus + step) % len(self.items)) == here:
            self.move(step)

    def focused(self) -> None:
        """After the focus moved: mark it, and scroll the key list to show it."""
        self.message, self.refused = "", False
        self._mark()
        item = self.items[self.focus]
        if item.startswith("bind:"):
            _b, ctx, intent = item.split(":", 2)
            at = self.lines().index(("bind", ctx, intent))
            shown = self.visible_lines()
            if at < self.top_row + 1:
                self.top_row = max(at - 1, 0)  # with its heading, when it is the first
            elif at >= self.top_row + shown:
                self.top_row = at - shown + 1

    def activate(self, item: str) -> Transition:
        s = self.ctx.settings
        self._mark()
        if item in ("smaller", "bigger"):
            s.text_scale = s.scaled(1 if item == "bigger" else -1)
            self.ctx.apply_settings()
        elif item.startswith("palette:"):
            s.palette = item.split(":", 1)[1]
            self.ctx.apply_settings()
            self.message = _("Colours: {palette}.").format(palette=_(pal.LABELS[s.palette]))
        elif item == "guided":
            s.guided_turn = not s.guided_turn
            self.ctx.apply_settings()
            self.message = (_("The guided first turn is on.") if s.guided_turn else
                            _("The guided first turn is off."))
        elif item.startswith("lang:"):
            s.language = item.split(":", 1)[1]
            self.ctx.apply_settings()  # speaks the new language from here on, and saves it
            self.message = _("Language: {language}.").format(language=LANGUAGES[s.language])
        elif item == "reset":
            s.keys = {}
            self.ctx.apply_settings()
            self.message = _("Every key is back to its default.")
        elif item == "back":
            return Pop()
        elif item.startswith("bind:"):
            _b, ctx, intent = item.split(":", 2)
            self.capturing = True
            self.message = _("Press the new key for “{action}” (Esc cancels).").format(
                action=action_label(ctx, intent))
        return None

    def capture(self, event: pygame.event.Event) -> None:
        """The key pressed while rebinding: bound, refused with the reason, or Esc: cancelled."""
        self.refused = False
        _b, ctx, intent = self.items[self.focus].split(":", 2)
        label = action_label(ctx, intent)
        if event.key == pygame.K_ESCAPE:
            self.capturing = False
            self.message = _("Not changed: “{action}” keeps {keys}.").format(
                action=label, keys=self.ctx.keymap.keys(intent, ctx))
            return
        name = pygame.key.name(event.key)
        if not k.bindable(name):
            self.message = (_("{key} cannot be bound: press another key, or Esc.").format(
                key=k.show(name)) if k.show(name) else
                _("That key cannot be bound: press another key, or Esc."))
            self.refused = True
            return
        keymap = self.ctx.keymap
        other = keymap.conflict(ctx, intent, name)
        if other is not None:
            self.message = _("{key} is already the key for “{action}” ({screen}): press another "
                             "key, or Esc.").format(key=k.show(name),
                                                    action=action_label(ctx, other),
                                                    screen=lower_first(context_label(ctx)))
            self.refused = True
            return
        self.capturing = False
        self.ctx.settings.keys = k.rebind(self.ctx.settings.keys, ctx, intent, name)
        self.ctx.apply_settings()
        self.message = _("“{action}” is now {key}.").format(action=label, key=k.show(name)) \
            + self.shadow_note(ctx, name)

    def shadow_note(self, ctx: str, name: str) -> str:
        """A screen's own keys come before navigation's: say so when the new key is in both."""
        km, key = self.ctx.keymap, k.show(name)
        if ctx != "nav":
            other = km.conflict("nav", "", name)
            where = context_label(ctx)
            return "" if other is None else " " + _("{screen} it comes before “{action}”.").format(
                screen=where, action=action_label("nav", other))
        for screen in (c for c in k.DEFAULTS if c != "nav"):
            other = km.conflict(screen, "", name)
            if other is not None:
                where = context_label(screen)
                return " " + _("{screen}, {key} stays “{action}”.").format(
                    screen=where, key=key, action=action_label(screen, other))
        return ""

    def click(self, event: pygame.event.Event) -> Transition:
        rect = self.list_rect()
        if not rect.collidepoint(event.pos):
            return None
        if event.button in (4, 5):
            most = max(len(self.lines()) - self.visible_lines(), 0)
            self.top_row = min(max(self.top_row + (-3 if event.button == 4 else 3), 0), most)
            return None
        if event.button != 1:
            return None
        at = self.top_row + (event.pos[1] - rect.y) // self.line_height()
        lines = self.lines()
        if 0 <= at < len(lines) and lines[at][0] == "bind":
            _kind, ctx, intent = lines[at]
            self.focus = self.items.index(f"bind:{ctx}:{intent}")
            self.focused()
            return self.activate(self.items[self.focus])
        return None

    # -- drawing --------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(pal.PAPER)
        f = self.ctx.fonts
        w, h = self.ctx.size
        row, x0, margin = self.metrics()
        y = text(surface, f, _("Settings"), (margin, 18), 26, pal.INK, True, "serif").bottom + 10
        text(surface, f, f.fit(_("Tab or ↑↓←→ to move, Enter to choose, Esc to go back. Changes "
                                 "apply at once and are saved."), w - 2 * margin, 12),
             (margin, y), 12, pal.INK_SOFT)
        y = self.controls_top()
        for caption, _term in CAPTIONS:
            text(surface, f, _(caption), (margin, y + row // 2), 14, pal.INK, anchor="midleft")
            y += row + 6
        text(surface, f, f"{100 * self.ctx.settings.text_scale:.0f}%",
             (x0, self.controls_top() + row // 2), 14, pal.INK, True, anchor="midleft")
        rect = self.list_rect()
        heading = _("Keys — choose an action, press Enter, then its new key")
        text(surface, f, heading if f.font("serif", 16, True).size(heading)[0] < rect.width
             else _("Keys"), (margin, rect.y - f.size(16) - 8), 16, pal.INK, True, "serif")
        self.draw_keys(surface, rect)
        if self.message:
            colour = pal.BAD if self.refused else pal.INK
            text(surface, f, f.fit(self.message, w - 2 * margin, 13, True),
                 (margin, h - f.size(13) - 12), 13, colour, True)

    def draw_keys(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        f = self.ctx.fonts
        km = self.ctx.keymap
        lh = self.line_height()
        pygame.draw.rect(surface, pal.CARD, rect)
        pygame.draw.rect(surface, pal.RULE, rect, 1)
        current = self.items[self.focus]
        keys_x = rect.x + min(max(rect.width // 2, 300), 460)
        lines = self.lines()
        shown = lines[self.top_row:self.top_row + self.visible_lines()]
        for n, (kind, ctx, intent) in enumerate(shown):
            line = pygame.Rect(rect.x + 1, rect.y + n * lh + 1, rect.width - 2, lh)
            if kind == "head":
                text(surface, f, context_label(ctx), (rect.x + 10, line.centery),
                     13, pal.INK, True, anchor="midleft")
                continue
            selected = current == f"bind:{ctx}:{intent}"
            ink = pal.INK
            if selected and self.capturing:
                pygame.draw.rect(surface, pal.HIGHLIGHT, line)
            elif selected:
                pygame.draw.rect(surface, pal.BLUE, line)
                ink = pal.CARD
            label = f.fit(action_label(ctx, intent), keys_x - rect.x - 40, 13)
            text(surface, f, label, (rect.x + 28, line.centery), 13, ink, anchor="midleft")
            if selected and self.capturing:
                shown_keys = _("press a key…")
            else:
                shown_keys = km.keys(intent, ctx)
                if km.bindings[ctx][intent] != k.DEFAULTS[ctx][intent]:
                    shown_keys += "   " + _("(changed)")
            text(surface, f, f.fit(shown_keys, rect.right - keys_x - 10, 13, True),
                 (keys_x, line.centery), 13, ink, True, anchor="midleft")
        soft = pal.INK_SOFT
        if self.top_row > 0:
            text(surface, f, _("▲ more"), (rect.right - 8, rect.y + 2), 11, soft,
                 anchor="topright")
        if self.top_row + len(shown) < len(lines):
            text(surface, f, _("▼ more"), (rect.right - 8, rect.bottom - 2), 11, soft,
                 anchor="bottomright")

    def describe(self) -> dict[str, Any]:
        s = self.ctx.settings
        return {"scene": "SettingsScene", "text_scale": s.text_scale, "palette": s.palette,
                "guided_turn": s.guided_turn, "language": current_language(),
                "focus": self.items[self.focus],
                "capturing": self.capturing, "message": self.message,
                "keys": {c: dict(t) for c, t in self.ctx.keymap.bindings.items()}}


def context_label(ctx: str) -> str:
    """The name of a screen whose keys are listed: "The board"."""
    label = k.CONTEXT_LABELS.get(ctx)
    return _(label) if label else ctx


def lower_first(label: str) -> str:
    """A heading inside a sentence: its first letter small, the rest as written (German nouns
    keep their capitals)."""
    return label[:1].lower() + label[1:]
