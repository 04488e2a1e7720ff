"""The one object that talks to the engine: a game being played in the window.

`GameSession` starts or loads a game, answers what the scenes need as plain
view models, checks orders, and plays a turn in a worker thread (the engine
step, the record's JSON and the atomic save take tens of milliseconds late
in a game, more than a frame), so the window never freezes. The save is the
engine's game record, written atomically after every turn.

`reload` reads the scenario's file again and replays the game's orders on
it (`engine.rebase`): the game on the new rules comes back as `NewRules`,
for the board to take at once or to offer, and a file with problems as
`ReloadProblems`, the game untouched.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine import counterfactual
from engine.explain import directive_card, events_now, party_now, party_view
from engine.facts import Directive, Ending, Event
from engine.forecast import options, plan_effects
from engine.mechanics import fit_one
from engine.model import CONDITIONS, Scenario, Term
from engine.orders import Orders, check, legal
from engine.outcomes import score_parts
from engine.problems import Problem, ProblemError
from engine.rebase import Rebased
from engine.record import Session
from engine.tables import Settings, Tables, compile_scenario
from game import narrate
from game.app.viewmodels import ActionView, BoardView, RegionView, TurnResult
from game.files import (
    clear_stale_temps,
    glossary_of,
    open_scenario,
    save_failure,
    scenario_path,
    write_atomic,
)
from game.i18n import _, current_language, ngettext
from game.logs import ChangedRules, on_rules_of, open_to_resume


class LoadError(Exception):
    """A save that cannot be continued, with a message for the player."""


def scenario_summary(scenario: Scenario) -> dict[str, Any]:
    """What the scenario choice shows about a scenario."""
    rigid = sorted({line.rigidity for line in scenario.lines})
    return {"id": scenario.id, "name": scenario.name, "country": scenario.country,
            "period": _("{start} to {end}").format(start=scenario.start, end=scenario.end),
            "question": scenario.question,
            "briefing": scenario.briefing, "difficulty": scenario.difficulty,
            "turn_months": scenario.turn_months,
            "rigidity_range": (rigid[0], rigid[-1]) if rigid else (0.0, 0.0)}


class GameSession:
    """A game in the window: tables, the engine's session, where it is saved."""

    def __init__(self, session: Session, save_path: Path, source: Path | None = None) -> None:
        self.session = session
        self.tables: Tables = session.tables
        self.save_path = save_path
        self.source = source  # the scenario's file, which `reload` reads again
        self.notice = ""  # what the board says once when it opens this game (a reload's news)
        clear_stale_temps(save_path)  # left by a game killed while it saved
        self._thread: threading.Thread | None = None
        self._result: TurnResult | None = None
        self._error: BaseException | None = None
        self.names = narrate.Names.of(self.tables)
        self.last: TurnResult | None = None
        self.saved_turns = len(session.record.turns)  # what the save file holds, as far as known
        self.save_problem: str | None = None
        if session.record.turns:
            entries = session.record.turns
            before = entries[-2].record.party.model_dump() if len(entries) > 1 else None
            self.last = TurnResult(entries[-1].record, before, *self.following())

    # -- starting and loading ---------------------------------------------
    @classmethod
    def new(cls, scenario: str, seed: int, rigidity: float | None, save_path: Path,
            player: str = "") -> GameSession:
        # the scenario's words in the language in use, English where it has none
        tables = compile_scenario(open_scenario(scenario, current_language()),
                                  Settings(rigidity=rigidity))
        game = cls(Session.start(tables, seed, player=player), save_path,
                   scenario_path(scenario))
        game.save()  # at once: an unusable save folder shows before any play
        return game

    @classmethod
    def load(cls, path: Path) -> GameSession | NewRules:
        """Continue a saved game: read the record and replay it from its seed and orders.

        A game whose scenario has changed since it was saved comes back as `NewRules`:
        replayed on the file as it is now, to be offered to the player.
        """
        try:
            opened = open_to_resume(str(path), lang=current_language())
        except ProblemError as exc:
            raise LoadError("; ".join(p.message for p in exc.problems)) from None
        if isinstance(opened, ChangedRules):
            rebased = opened.rebased
            return NewRules(cls(rebased.session, path, opened.source), rebased, opened.source,
                            reloaded=False)
        if opened.divergence:
            raise LoadError(_("the record does not replay: {where}").format(
                where=opened.divergence))
        return cls(opened.session, path, opened.source)

    def reload(self) -> NewRules | ReloadProblems:
        """Read the scenario's file again and replay this game's orders on it.

        Nothing here changes: the game on the new rules is a new `GameSession`
        (saved only when taken, `NewRules.take`), and a file with problems
        leaves this one as it was.
        """
        source = self.source
        if source is None:
            return ReloadProblems(Path("the scenario"), [Problem(
                "the scenario", 1, 1, "this game does not know its scenario's file, so it "
                "cannot read it again", "E100")])
        try:
            scenario = open_scenario(str(source), current_language())
        except ProblemError as exc:
            return ReloadProblems(source, exc.problems)
        if scenario.id != self.tables.scenario.id:
            return ReloadProblems(source, [Problem(str(source), 1, 1, f"the file now holds "
                                                   f"the scenario {scenario.id!r}, not "
                                                   f"{self.tables.scenario.id!r}", "E402")])
        rebased = on_rules_of(scenario, self.session.record)
        return NewRules(GameSession(rebased.session, self.save_path, source), rebased, source,
                        reloaded=True)

    def save(self) -> None:
        """Write the record; on failure `save_problem` says what the last good save holds."""
        try:
            write_atomic(self.save_path, self.session.record.to_json())
        except OSError as exc:
            self.save_problem = save_failure(exc, self.saved_turns, self.tables, self.save_path)
            raise
        self.saved_turns, self.save_problem = len(self.session.record.turns), None

    def glossary(self) -> dict[str, Term]:
        """The words the window explains for this scenario (`game.files.glossary_of`)."""
        return glossary_of(self.tables.scenario)

    def save_copy(self, path: Path) -> None:
        write_atomic(path, self.session.record.to_json())

    # -- what the scenes show ---------------------------------------------
    @property
    def over(self) -> bool:
        return self.session.over

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def view(self) -> BoardView:
        t, s = self.tables, self.session.state
        sc = t.scenario
        turn = min(s.turn, t.n_turns - 1)
        line = sc.lines[int(t.line_of_turn[turn])]
        seen = party_view(t, s)
        regions = [RegionView(r.id, r.name, r.summary, float(s.influence[0, k]),
                              float(s.organisation[0, k]),
                              {c: float(v) for c, v in zip(CONDITIONS, seen[k], strict=True)})
                   for k, r in enumerate(sc.regions)]
        notes = []
        if s.funds_cut_turns[0] > 0:
            cut = int(s.funds_cut_turns[0])
            notes.append(ngettext("Moscow's subsidy is cut ({turns} more turn)",
                                  "Moscow's subsidy is cut ({turns} more turns)", cut).format(
                                      turns=cut))
        if s.channel_cut_turns[0] > 0:
            notes.append(_("the courier line is cut"))
        if s.envoy_turns[0] > 0:
            envoy = int(s.envoy_turns[0])
            notes.append(ngettext("an envoy decides ({turns} more turn)",
                                  "an envoy decides ({turns} more turns)", envoy).format(
                                      turns=envoy))
        live = not self.over
        return BoardView(
            scenario_id=sc.id, scenario_name=sc.name, date=t.date(s.turn), turn=int(s.turn),
            n_turns=t.n_turns, line_name=line.name, line_summary=line.summary,
            rigidity=float(t.rigidity[int(t.line_of_turn[turn])]), regions=regions,
            party=party_now(s).model_dump(), notes=notes,
            card=directive_card(t, s) if live else Directive(action=None, arrived=t.date(s.turn)),
            events=events_now(t, s) if live else [],
            legal=legal(t, s), focus_share=float(sc.rules.party.focus_share),
            actions={a.id: ActionView(a.id, a.name, a.summary, a.national) for a in sc.actions},
            seed=self.session.record.seed, save_path=str(self.save_path),
            options=options(t, s) if live else {}, names=self.names)

    def following(self) -> tuple[list[Event], str]:
        """The events that opened the current turn, and its date: the last turn's figures
        count them."""
        t, s = self.tables, self.session.state
        if s.turn >= t.n_turns:
            return [], ""
        return events_now(t, s), _("news of {month}").format(month=t.date(s.turn))

    def plan(self, cadres: dict[str, float]) -> np.ndarray | None:
        """Cadre weights in region order, or None for the default plan (also under an envoy)."""
        if not cadres or int(self.session.state.envoy_turns[0]) > 0:
            return None
        plan = np.array([float(cadres.get(r, 0.0)) for r in self.tables.regions])
        top = float(plan.max())
        return plan / top if top > 0 and np.isfinite(top) else None

    def acting(self, response: str | None, action: str | None, region: str | None
               ) -> tuple[int, int]:
        """The action and region (indices, -1 for none) an answer would put cadres to work
        on: the directive's when complying (or under an envoy), the answer's own when
        adapting or defying."""
        t, s = self.tables, self.session.state
        if response == "comply" or (response and int(s.envoy_turns[0]) > 0):
            if self.over:
                return -1, -1
            card = directive_card(t, s)
            action, region = card.action, card.region
        elif response not in ("adapt", "defy"):
            return -1, -1
        a = t.actions.index(action) if action in t.actions else -1
        r = t.regions.index(region) if region in t.regions else 0
        return a, r

    def cadre_effects(self, response: str | None, action: str | None, region: str | None,
                      cadres: dict[str, float]) -> dict[str, Any]:
        """What the cadre plan (empty: the default plan) does for this answer
        (`engine.forecast.plan_effects`)."""
        a, r = self.acting(response, action, region)
        return plan_effects(self.tables, self.session.state, 0, a, r, self.plan(cadres))

    def forecast(self, cadres: dict[str, float] | None = None) -> dict[str, Any]:
        """Every option's believed chance and trust cost with this cadre plan."""
        return options(self.tables, self.session.state, 0, self.plan(cadres or {}))

    def fits_seen(self, action: str) -> list[float]:
        """The fit of `action` in each region, as the party reckons it."""
        t, s = self.tables, self.session.state
        view = party_view(t, s)[None]
        a = t.actions.index(action)
        return [float(fit_one(t, view, s.influence, s.organisation, np.array([a]),
                              np.array([k]))[0]) for k in range(len(t.regions))]

    def history(self) -> list[tuple[str, Event]]:
        """Every event so far, oldest first, each with its date."""
        out = [(entry.date, ev) for entry in self.session.record.turns
               for ev in entry.record.events]
        if not self.over:
            date = self.tables.date(self.session.state.turn)
            out += [(date, ev) for ev in events_now(self.tables, self.session.state)]
        return out

    def log(self) -> list[dict[str, Any]]:
        """One line of facts per played turn, oldest first.

        Each carries `following`, the events that opened the next turn (they
        count in the turn's figures), and `when`, their date.
        """
        turns = self.session.record.turns
        out = []
        for k, e in enumerate(turns):
            if k + 1 < len(turns):
                following = turns[k + 1].record.events
                when = _("news of {month}").format(month=turns[k + 1].date)
            else:
                following, when = self.following()
            out.append({"date": e.date, "label": e.label, "record": e.record,
                        "following": following, "when": when})
        return out

    def outcome(self) -> Ending | None:
        return self.session.record.outcome

    def score_line(self) -> str:
        """The score in its parts, as the ending records them."""
        ending = self.session.record.outcome
        parts = ending.score_parts if ending else list(score_parts(self.tables,
                                                                   self.session.state)[0])
        return narrate.score_line(self.tables.scenario.score, parts, self.names)

    def story(self) -> tuple[int, list[str], list[str]]:
        """How the game went, in words: how many badly fitting orders were obeyed, the worst
        of them, and the choices that would have changed the ending most (the same luck)."""
        record = self.session.record
        entries = [t.record for t in record.turns]
        count, obeyed = narrate.misfits_obeyed(entries, self.names)
        turnings = counterfactual.turning_choices(self.tables, record.seed, record.game,
                                                  [t.orders for t in record.turns], entries)
        outcome_names = {c.id: c.name for c in self.tables.scenario.outcomes}
        return count, obeyed, narrate.turning_lines(turnings, entries, outcome_names, self.names)

    def check(self, orders: Orders) -> str | None:
        rejection = check(self.tables, self.session.state, orders)
        return rejection.message if rejection else None

    # -- playing a turn ---------------------------------------------------
    def submit(self, orders: Orders) -> None:
        """Play a turn and save it in a worker thread; `poll` collects the result."""
        if self._thread is not None:
            raise RuntimeError("a turn is already being played")
        before = party_now(self.session.state)
        reckoned = narrate.chance_chosen(self.forecast(orders.cadres), orders.response,
                                         orders.action, orders.region)

        def work() -> None:
            try:
                entry = self.session.play(orders)
                with contextlib.suppress(OSError):  # the turn stands; save_problem says why
                    self.save()
                self._result = TurnResult(entry, before.model_dump(), *self.following(),
                                          reckoned=reckoned)
            except BaseException as exc:  # handed to the main thread by poll()
                self._error = exc

        self._result = self._error = None
        self._thread = threading.Thread(target=work, name="turn", daemon=True)
        self._thread.start()

    def poll(self, wait: float = 0.0) -> TurnResult | None:
        """The finished turn, or None while it is still being played; re-raises its error."""
        thread = self._thread
        if thread is None:
            return None
        thread.join(wait)
        if thread.is_alive():
            return None
        self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        self.last = self._result
        return self._result



@dataclass(frozen=True)
class NewRules:
    """A game replayed on the rules its scenario's file has now (`GameSession.reload`, or a
    save opened after its scenario changed): to take, or to offer when it stops short."""

    game: GameSession  # on the new rules, where the replay stopped; not saved yet
    rebased: Rebased
    source: Path
    reloaded: bool  # by the reload key; else a save opened after its scenario changed

    def summary(self) -> str:
        """What replaying on the new rules did, in one line (`narrate.rebase_summary`)."""
        return narrate.rebase_summary(self.rebased, self.game.names)

    def go_on(self) -> str:
        """Where the game on the new rules goes on: 'from 1921-04 (turn 10)'."""
        return narrate.rebase_go_on(self.rebased)

    def news(self) -> str:
        """The notice the board shows once it holds the game on the new rules."""
        if self.reloaded:
            return _("Reloaded {file}: {summary}").format(file=self.source.name,
                                                          summary=self.summary())
        return _("{file} had changed since the save: {summary}").format(file=self.source.name,
                                                                      summary=self.summary())

    def take(self) -> GameSession:
        """The game on the new rules, saved over the old one (a failed save: `save_problem`)."""
        with contextlib.suppress(OSError):
            self.game.save()
        problem = self.game.save_problem
        self.game.notice = _("{news}; but it is not saved: {problem}").format(
            news=self.news(), problem=problem) if problem else self.news()
        return self.game


@dataclass(frozen=True)
class ReloadProblems:
    """A scenario file that cannot be read again: its problems; the game goes on as it was."""

    source: Path
    problems: list[Problem]
