"""The end of a game: the outcome, the goals, what happened in history beside it, and
the epilogue (what became of the party up to 1943) in a panel of its own.

The charts, the parts of the score and the story, and every button explain
themselves from the glossary (`Scene.spots`): on hover, and with the explain
key one after another."""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.windows import UIFileDialog

from engine import counterfactual
from game import narrate
from game.app import palette as pal
from game.app.draw import draw_series, paragraph, wrap_text
from game.app.keys import Intent
from game.app.layout import flow
from game.app.scenes import overlays
from game.app.scenes.base import Context, Push, Quit, Reset, Scene, Transition, esc, scroll
from game.app.session import GameSession
from game.app.spots import Spot
from game.app.widget_spots import text_spots
from game.debrief import write_report
from game.files import write_atomic
from game.i18n import N_, _
from game.logs import played_log

# The glossary id of each button, of each chart's figure, and of the paragraphs of the
# text that begin with these words.
BUTTON_TERMS = {"confirm": "to_title", "log": "turn_log", "history": "history_panel",
                "epilogue": "epilogue", "export": "export_log", "report": "report",
                "quit": "quit"}
CHART_TERMS = ("members", "influence", "trust")  # in the order of `series`
TEXT_TERMS = {N_("Score"): "score", N_("Its parts:"): "score", N_("Goals"): "goals",
              N_("In history:"): "in_history", N_("What Moscow's orders cost"): "orders_cost",
              N_("The choices that changed the ending most"): "turning_choices",
              N_("What became of the party"): "epilogue", "☑": "goals", "☐": "goals"}


class EndScene(Scene):
    def __init__(self, ctx: Context, game: GameSession) -> None:
        super().__init__(ctx)
        self.game = game
        self.glossary = game.glossary()
        self.outcome = game.outcome()
        self.epilogue = narrate.epilogue_lines(game.tables.scenario.epilogue)
        self.story = game.story() if game.session.record.turns else (0, [], [])
        self.message = ""  # what became of the last export or report
        self.dialog: UIFileDialog | None = None
        self.worker: threading.Thread | None = None
        self.made: tuple[Path, str | None] | None = None  # a finished report and its error

    def button_labels(self) -> list[tuple[str, str]]:
        epilogue = [("epilogue", f"[E] {_(narrate.EPILOGUE_TITLE)}")] if self.epilogue else []
        return [("confirm", f"[{self.ctx.keymap.key('confirm')}] " + _("Back to the title")),
                ("log", "[L] " + _("The turn log")),
                ("history", "[H] " + _("History")), *epilogue,
                ("export", "[X] " + _("Export my log")),
                ("report", "[R] " + _("Make my report")), ("quit", "[Q] " + _("Quit"))]

    def head(self, surface: pygame.Surface | None = None) -> int:
        """Draw (or only measure) the heading, wrapped; returns the y below it."""
        f = self.ctx.fonts
        width = self.ctx.size[0] - 80
        title = _("The end — {scenario}").format(scenario=self.game.tables.scenario.name)
        ended = self.outcome.ended if self.outcome else ""
        sub = _("ended {month} · seed {seed}").format(month=ended,
                                                     seed=self.game.session.record.seed)
        if surface is None:
            y = 20 + len(wrap_text(f, title, width, 30, True, "serif")) * (
                f.font("serif", 30, True).get_linesize() + 1)
            return y + 4 + len(wrap_text(f, sub, width, 13)) * (f.font("sans", 13)
                                                                 .get_linesize() + 1)
        y = paragraph(surface, f, title, (40, 20), width, 30, pal.INK, True, family="serif")
        return paragraph(surface, f, sub, (40, y + 4), width, 13, pal.INK_SOFT)

    def charts_height(self) -> int:
        """The charts' row: small, scaled with the text, none in a window too low for them."""
        h = self.ctx.size[1]
        height = 3 * self.ctx.fonts.font("sans", 11, True).get_linesize() + 22
        return height if self.game.session.record.turns and h >= 420 + 2 * height else 0

    def series(self) -> list[tuple[str, list[float], pal.Colour, float | None]]:
        """(label, values, colour, top of the scale: None for the highest value)."""
        entries = [t.record for t in self.game.session.record.turns]
        return [(_("members"), [e.party.members for e in entries], pal.PARTY, None),
                (_("influence"), [sum(r.influence for r in e.regions.values()) / len(e.regions)
                                  for e in entries], pal.SKY, None),
                (_("Moscow's trust"), [e.centre.trust_after for e in entries], pal.MOSCOW, 1.0)]

    def draw_charts(self, surface: pygame.Surface, top: int) -> None:
        """Members, influence and trust over the game, the turns that mattered ticked."""
        height = self.charts_height()
        if not height:
            return
        entries = [t.record for t in self.game.session.record.turns]
        marks = [m.turn for m in counterfactual.moments(entries)]
        width = (self.ctx.size[0] - 80 - 2 * 12) // 3
        for k, (label, values, colour, high) in enumerate(self.series()):
            rect = pygame.Rect(40 + k * (width + 12), top, width, height)
            draw_series(surface, rect, self.ctx.fonts, label, values, marks, colour, 0.0, high)
            self.noted.append(Spot(rect, CHART_TERMS[k], _(
                "{figure}, turn by turn over the game; the ticks under the line mark the turns "
                "that mattered.").format(figure=label[:1].upper() + label[1:])))

    def build(self) -> None:
        w, h = self.ctx.size
        f = self.ctx.fonts
        buttons = self.button_labels()
        labels = [label for _i, label in buttons]
        _rects, height = flow(f, labels, 40, 0, w - 80)
        rects, _bottom = flow(f, labels, 40, h - 16 - height, w - 80)
        charts = self.charts_height()
        head = self.head() + 14 + (charts + 10 if charts else 0)
        self.box = self.textbox(self.html(), pygame.Rect(40, head, w - 80,
                                                         max(h - 16 - height - 12 - head, 40)))
        for (intent, label), rect in zip(buttons, rects, strict=True):
            self.button(rect, label, Intent(intent), term=BUTTON_TERMS[intent])

    def html(self) -> str:
        o, names = self.outcome, self.game.names
        said = f"<b>{esc(self.message)}</b><br><br>" if self.message else ""
        if not o:
            return said + "<i>" + esc(_("This game has no outcome recorded.")) + "</i>"
        marks = {True: "☑ <b>" + esc(_("met")) + "</b>",
                 False: "☐ <b>" + esc(_("not met")) + "</b>"}
        goals = "".join(f"{marks[g.met]}: {esc(names.goal(g.id))}<br>" for g in o.goals)
        ending, hist = names.outcome(o.category), names.history()
        same = _("Your result ends as in history.") if o.as_in_history else \
            _("Your result ends unlike history.")
        sources = "<br>".join(esc(s) for s in hist.source.split(" ; "))
        return (f"{said}<font face='dejavu_serif' size=5><b>{esc(ending.title)}</b></font><br>"
                f"{esc(ending.text)}<br><br><b>"
                + esc(_("Score {score:.1f} of 100.").format(score=o.score)) + "</b> "
                + esc(_("Setbacks {setbacks}, envoys {envoys}, leaderships replaced "
                        "{replaced}.").format(setbacks=o.setbacks, envoys=o.envoys,
                                              replaced=o.replacements))
                + f"<br>{esc(self.game.score_line())}<br><br>"
                "<b>" + esc(_("Goals")) + f"</b><br>{goals}<br>"
                "<b>" + esc(_("In history: {title}.").format(title=hist.title)) + "</b> "
                + f"{esc(same)}<br>"
                f"{esc(hist.text)}<br><i>" + esc(_("Source:")) + f" {sources}</i><br><br>"
                f"{self.story_html()}"
                + esc(_("The whole game is recorded in {path}").format(
                    path=self.game.save_path))
                + ("<br><br><b>" + esc(_("What became of the party, to 1943:")) + "</b> "
                   + esc(_("press E for the epilogue.")) if self.epilogue else ""))

    def story_html(self) -> str:
        """What Moscow's orders cost and the choices that changed the ending, as in text mode."""
        count, obeyed, turnings = self.story
        cost = (_("The party never obeyed an order that fitted its country badly while a better "
                  "one of Moscow's own was open.") if not obeyed else
                _("The party obeyed {count} orders that fitted badly; the {shown} that fitted "
                  "worst:").format(count=count, shown=len(obeyed)) if count > len(obeyed)
                else "")
        cost_lines = "".join(f"• {esc(line)}<br>" for line in obeyed)
        turns = ("".join(f"• {esc(line)}<br>" for line in turnings) or
                 esc(_("No other choice at the turns that mattered would have changed this "
                       "ending, with the same luck.")) + "<br>")
        return ("<b>" + esc(_("What Moscow's orders cost")) + f"</b><br>{esc(cost)}"
                f"{'<br>' if cost else ''}{cost_lines}<br><b>"
                + esc(_("The choices that changed the ending most")) + "</b> "
                + esc(_("(the same luck, one order changed)")) + f"<br>{turns}<i>"
                + esc(_("Rule: {rule}.").format(rule=narrate.counterfactual_rule()))
                + "</i><br><br>")

    # -- the log and the report --------------------------------------------
    def say(self, message: str) -> None:
        """Put `message` at the top of the text, where the player is reading."""
        self.message = message
        if getattr(self, "box", None) is not None:
            self.box.set_text(self.html())

    def export(self) -> None:
        """Ask for a folder; the log is written there when one is picked."""
        w, h = self.ctx.size
        rect = pygame.Rect(0, 0, min(560, w - 40), min(420, h - 40))
        rect.center = (w // 2, h // 2)
        self.dialog = UIFileDialog(rect, self.manager, window_title=_("A folder for your log"),
                                   initial_file_path=str(Path.home()),
                                   allow_picking_directories=True,
                                   allow_existing_files_only=True)
        self.keep(self.dialog)
        self.capturing = True  # keys go to the dialog's path field, not to the scene

    def export_to(self, picked: str) -> None:
        path = Path(picked)
        folder = path if path.is_dir() else path.parent
        target = folder / self.game.save_path.name
        try:
            write_atomic(target, self.game.session.record.to_json())
        except OSError as exc:
            self.say(_("Could not write {path}: {reason}.").format(path=target,
                                                                   reason=exc.strerror or exc))
        else:
            self.say(_("Your log is in {path}. Hand that file in.").format(path=target))

    def make_report(self) -> None:
        """Write the report in a worker (it replays the moments), then open it."""
        if self.worker is not None:
            return
        target = self.game.save_path.with_suffix(".html")
        log = played_log(self.game.session, str(self.game.save_path))

        def work() -> None:
            try:
                write_report(log, target, named=True)
                self.made = (target, None)
            except OSError as exc:
                self.made = (target, str(exc.strerror or exc))

        self.say(_("Making your report: the engine replays the moments that mattered ..."))
        self.worker = threading.Thread(target=work, name="report", daemon=True)
        self.worker.start()

    def update(self, dt: float) -> Transition:
        if self.worker is not None and not self.worker.is_alive() and self.made is not None:
            target, error = self.made
            self.worker, self.made = None, None
            if error:
                self.say(_("Could not write {path}: {reason}.").format(path=target, reason=error))
            else:
                self.say(_("Your report is in {path}; it opens in your browser.").format(
                    path=target))
                webbrowser.open(target.as_uri())
        return None

    def handle(self, intent: Intent | None, event: pygame.event.Event) -> Transition:
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            self.export_to(event.text)
            return None
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.dialog:
            self.dialog, self.capturing = None, False
            return None
        if self.dialog is not None:
            return None  # the dialog has the keys until it closes
        if intent is None:
            keys = {"l": "log", "h": "history", "q": "quit", "e": "epilogue", "x": "export",
                    "r": "report"}
            if event.type == pygame.KEYDOWN and event.unicode.lower() in keys:
                intent = Intent(keys[event.unicode.lower()])
            else:
                return None
        if intent.name in ("confirm", "back"):
            return Reset(self.ctx.scenes.title(self.ctx))
        if intent.name == "quit":
            return Quit()
        if intent.name == "export":
            self.export()
            return None
        if intent.name == "report":
            self.make_report()
            return None
        if intent.name == "log":
            return Push(overlays.log_panel(self.ctx, self.game.log(), self.game.names))
        if intent.name == "epilogue":
            return Push(overlays.epilogue_panel(self.ctx, self.epilogue))
        if intent.name == "history":
            return Push(overlays.history_panel(self.ctx, self.game.history(), self.game.names))
        if intent.name in ("down", "up", "page_down", "page_up"):
            scroll(self.box, {"down": 0.2, "up": -0.2, "page_down": 0.9,
                              "page_up": -0.9}[intent.name])
        return None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(pal.PAPER)
        self.head(surface)
        self.noted = []
        self.draw_charts(surface, self.head() + 14)

    def spots(self) -> list[Spot]:
        """The charts, the paragraphs of the text that the glossary explains, the buttons."""
        if self.dialog is not None:
            return []  # the folder dialog is over everything until it closes
        words = text_spots(self.box, TEXT_TERMS) if getattr(self, "box", None) else []
        return [*self.noted, *words, *(s for s in super().spots() if s not in self.noted)]

    def describe(self) -> dict[str, Any]:
        o = self.outcome
        return {"scene": "EndScene",
                "outcome": self.game.names.outcome(o.category).title if o else None,
                "score": o.score if o else None,
                "epilogue": [line.when for line in self.epilogue], "message": self.message,
                "dialog": self.dialog is not None,
                "charts": [label for label, *_rest in self.series()] if self.charts_height()
                else [],
                "misfits_obeyed": self.story[0], "turning_choices": self.story[2]}
