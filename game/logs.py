"""Opening a game's log: read it, find its scenario, replay it, and only then believe it.

Every front end that takes a log (replay, resume, export, the window's load
and the debrief) goes through `open_log`, so a log is checked the same way
everywhere: its size and nesting, its schema, its scenario by id and
content hash (never a path it names), and a replay of its orders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.model import Scenario
from engine.problems import ProblemError
from engine.record import (
    Divergence,
    GameRecord,
    Session,
    read_record,
    replay,
    replay_all,
    settings_of,
)
from engine.tables import Settings, Tables, compile_scenario
from game.files import find_scenario


@dataclass(frozen=True)
class OpenedLog:
    """A log and its replay. `session.record` is the game in today's format."""

    path: str
    read: GameRecord  # as the file had it (a format-1 log: only its header)
    scenario: Scenario
    tables: Tables
    session: Session
    divergence: Divergence | None

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
    scenario = find_scenario(record.scenario.id, record.scenario.hash, scenario_file, path)
    tables = compile_scenario(scenario, settings_of(record))
    session, divergence = replay(tables, record, path)
    return OpenedLog(path, record, scenario, tables, session, divergence)


def open_logs(paths: Sequence[str]) -> list[OpenedLog | ProblemError]:
    """`open_log` of each of `paths`, in their order, the logs of one scenario and settings
    replayed as one batch (`engine.record.replay_all`): what a class report opens."""
    found: dict[int, OpenedLog | ProblemError] = {}
    read: dict[int, tuple[GameRecord, Scenario]] = {}
    groups: dict[tuple[int, Settings], list[int]] = {}
    for k, path in enumerate(paths):
        try:
            record = read_record(path)
            scenario = find_scenario(record.scenario.id, record.scenario.hash, None, path)
        except ProblemError as exc:
            found[k] = exc
            continue
        read[k] = (record, scenario)
        groups.setdefault((id(scenario), settings_of(record)), []).append(k)
    for (_, settings), members in groups.items():
        scenario = read[members[0]][1]
        tables = compile_scenario(scenario, settings)
        replays = replay_all(tables, [read[k][0] for k in members], [paths[k] for k in members])
        for k, (session, divergence) in zip(members, replays, strict=True):
            found[k] = OpenedLog(paths[k], read[k][0], scenario, tables, session, divergence)
    return [found[k] for k in range(len(paths))]
