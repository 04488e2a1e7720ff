"""Opening a game's log: read it, find its scenario, replay it, and only then believe it.

Every front end that takes a log (replay, resume, export, the window's load
and the debrief) goes through `open_log`, so a log is checked the same way
everywhere: its size and nesting, its schema, its scenario by id and
content hash (never a path it names), and a replay of its orders.

A game resumed after its scenario was edited (`open_to_resume`) is not
refused: its orders are replayed on the file as it is now
(`engine.rebase.replay_on`), and the caller offers the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.model import Scenario
from engine.problems import ProblemError
from engine.rebase import Rebased, replay_on
from engine.record import (
    Divergence,
    GameRecord,
    Session,
    read_record,
    replay_all,
    replay_with_openings,
    settings_of,
)
from engine.state import State
from engine.tables import Settings, Tables, compile_scenario
from game.files import locate_scenario, scenario_now


@dataclass(frozen=True)
class OpenedLog:
    """A log and its replay. `session.record` is the game in today's format."""

    path: str
    read: GameRecord  # as the file had it (a format-1 log: only its header)
    scenario: Scenario
    tables: Tables
    session: Session
    divergence: Divergence | None
    source: Path | None = None  # the scenario's file, where it was found
    # the state each replayed turn opened with (a lone log's, for its report's counterfactuals)
    openings: tuple[State, ...] = ()

    @property
    def upgraded_from(self) -> int | None:
        """The old format the file was in, when the replay upgraded it."""
        return self.read.legacy.format_version if self.read.legacy else None


def played_log(session: Session, path: str) -> OpenedLog:
    """The game being played, as a log that needs no replay: its session made every fact."""
    return OpenedLog(path, session.record, session.tables.scenario, session.tables, session,
                     None)


def open_log(path: str, scenario_file: str | None = None) -> OpenedLog:
    """Read and replay the log at `path`; `ProblemError` for a damaged file or a changed
    scenario. A divergence is returned, not raised: each caller says what it means."""
    record = read_record(path)
    scenario, source = locate_scenario(record.scenario.id, record.scenario.hash, scenario_file,
                                       path)
    return _replayed(path, record, scenario, source)


def _replayed(path: str, record: GameRecord, scenario: Scenario, source: Path) -> OpenedLog:
    tables = compile_scenario(scenario, settings_of(record))
    session, divergence, openings = replay_with_openings(tables, record, path)
    return OpenedLog(path, record, scenario, tables, session, divergence, source,
                     tuple(openings))


def open_logs(paths: Sequence[str]) -> list[OpenedLog | ProblemError]:
    """`open_log` of each of `paths`, in their order, the logs of one scenario and settings
    replayed as one batch (`engine.record.replay_all`): what a class report opens."""
    found: dict[int, OpenedLog | ProblemError] = {}
    read: dict[int, tuple[GameRecord, Scenario, Path]] = {}
    groups: dict[tuple[int, Settings], list[int]] = {}
    for k, path in enumerate(paths):
        try:
            record = read_record(path)
            scenario, source = locate_scenario(record.scenario.id, record.scenario.hash, None,
                                               path)
        except ProblemError as exc:
            found[k] = exc
            continue
        read[k] = (record, scenario, source)
        groups.setdefault((id(scenario), settings_of(record)), []).append(k)
    for (_, settings), members in groups.items():
        scenario = read[members[0]][1]
        tables = compile_scenario(scenario, settings)
        replays = replay_all(tables, [read[k][0] for k in members], [paths[k] for k in members])
        for k, (session, divergence) in zip(members, replays, strict=True):
            record, _, source = read[k]
            found[k] = OpenedLog(paths[k], record, scenario, tables, session, divergence, source)
    return [found[k] for k in range(len(paths))]


@dataclass(frozen=True)
class ChangedRules:
    """A log whose scenario has changed since it was saved, replayed on the file as it is
    now. `rebased.session` is the game on the new rules, as far as they allow it."""

    path: str
    read: GameRecord
    scenario: Scenario
    source: Path
    rebased: Rebased


def on_rules_of(scenario: Scenario, record: GameRecord) -> Rebased:
    """`record`'s orders played on `scenario`, with the settings the game started with."""
    return replay_on(compile_scenario(scenario, settings_of(record)), record)


def open_to_resume(path: str, scenario_file: str | None = None,
                   lang: str | None = None) -> OpenedLog | ChangedRules:
    """Read the log at `path` to go on playing it: replayed and checked like `open_log`, or,
    when its scenario's file has changed since (E402), replayed on the file as it is now.
    The scenario's words are in `lang` where it has them (words change no rule, so a game
    saved in one language goes on in another)."""
    record = read_record(path)
    try:
        scenario, source = locate_scenario(record.scenario.id, record.scenario.hash,
                                           scenario_file, path, lang)
    except ProblemError as exc:
        if [p.code for p in exc.problems] != ["E402"]:
            raise
        scenario, source = scenario_now(record.scenario.id, scenario_file, path, lang)
        return ChangedRules(path, record, scenario, source, on_rules_of(scenario, record))
    return _replayed(path, record, scenario, source)
