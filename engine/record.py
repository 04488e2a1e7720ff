"""The game record: a versioned JSON document that replays a game exactly.

Pure apart from reading a file in `read_record`. A record holds a header
(format and engine versions, the scenario's id and content hash, the seed,
the game index, the settings), one entry per turn (the orders, the turn
record, the state hash after the turn) and, once the game has ended, the
outcome. Serialised with sorted keys and no timestamps, two records of the
same game are byte-identical. `replay` re-runs a record from seed and
orders and reports the first divergence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine import __version__
from engine.explain import outcome, turn_record
from engine.game import new_game, step
from engine.loader import content_hash, shape_problems
from engine.model import Id
from engine.orders import Orders, check, to_batch
from engine.problems import Problem, ProblemError
from engine.state import State, digest
from engine.tables import Settings, Tables
from engine.yamlsafe import parse_yaml

MAX_RECORD_BYTES = 50_000_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScenarioRef(_Strict):
    id: Id
    hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    file: str = Field(description="where the scenario was loaded from: a bundled id or a path")


class TurnEntry(_Strict):
    turn: int = Field(ge=0)
    date: str
    orders: Orders
    label: str
    record: dict[str, Any]
    state_hash: str


class GameRecord(_Strict):
    format: Literal["far-from-moscow/game-record"]
    format_version: Literal[1]
    engine_version: str
    scenario: ScenarioRef
    seed: int = Field(ge=0)
    game: int = Field(ge=0)
    settings: dict[str, float | None]
    turns: list[TurnEntry] = Field(default_factory=list)
    outcome: dict[str, Any] | None = None

    def to_json(self) -> str:
        """Canonical text: sorted keys, one value per line, a final newline."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, indent=1,
                          ensure_ascii=False) + "\n"


def new_record(tables: Tables, seed: int, game: int, scenario_file: str) -> GameRecord:
    return GameRecord(
        format="far-from-moscow/game-record", format_version=1, engine_version=__version__,
        scenario=ScenarioRef(id=tables.scenario.id, hash=content_hash(tables.scenario),
                             file=scenario_file),
        seed=seed, game=game, settings=tables.settings.to_json(),
    )


def settings_of(record: GameRecord) -> Settings:
    return Settings(rigidity=record.settings.get("rigidity"),
                    binding=record.settings.get("binding"),
                    blinding=record.settings.get("blinding"))


@dataclass
class Session:
    """One game being played: its tables, current state and record. The only writer."""

    tables: Tables
    state: State
    record: GameRecord

    @classmethod
    def start(cls, tables: Tables, seed: int, scenario_file: str, game: int = 0) -> Session:
        return cls(tables, new_game(tables, seed, 1, game),
                   new_record(tables, seed, game, scenario_file))

    @property
    def over(self) -> bool:
        return not bool(self.state.alive[0]) or self.state.turn >= self.tables.n_turns

    def play(self, orders: Orders) -> dict[str, Any]:
        """Play one turn; returns its turn record. Illegal orders raise `ValueError`."""
        rejection = check(self.tables, self.state, orders)
        if rejection:
            raise ValueError(str(rejection))
        before = self.state
        self.state, rec = step(self.tables, before, to_batch(self.tables, [orders]))
        entry = turn_record(self.tables, rec)
        self.record.turns.append(TurnEntry(turn=before.turn, date=self.tables.date(before.turn),
                                           orders=orders, label=orders.label(), record=entry,
                                           state_hash=digest(self.state)))
        if self.over:
            self.record.outcome = outcome(self.tables, self.state)
        return entry


def parse_record(text: str, filename: str) -> GameRecord:
    """A record from its JSON text, or `ProblemError` with file:line:col."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(filename, exc.lineno, exc.colno,
                          f"damaged record: not valid JSON ({exc.msg})", "E400")
        raise ProblemError([problem]) from None
    try:
        return GameRecord.model_validate(data)
    except ValidationError as exc:
        doc = parse_yaml(text, filename)  # JSON is YAML: this gives the positions
        problems = shape_problems(exc, doc)
        raise ProblemError([Problem(p.file, p.line, p.col, f"damaged record: {p.message}", "E401")
                            for p in problems]) from None


def read_record(path: str) -> GameRecord:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_RECORD_BYTES + 1)
    except OSError as exc:
        raise ProblemError([Problem(path, 1, 1, f"cannot read the record: {exc.strerror}",
                                    "E400")]) from None
    if len(raw) > MAX_RECORD_BYTES:
        raise ProblemError([Problem(path, 1, 1, "the record is too large", "E400")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problem = Problem(path, 1, 1, "damaged record: not UTF-8 text", "E400")
        raise ProblemError([problem]) from None
    return parse_record(text, path)


@dataclass(frozen=True)
class Divergence:
    turn: int
    field: str
    recorded: Any
    replayed: Any

    def __str__(self) -> str:
        return (f"turn {self.turn}: {_shown(self.field)} differs: recorded "
                f"{_shown(repr(self.recorded))}, replayed {_shown(repr(self.replayed))}")


SHOWN = 120  # characters of a value a divergence message shows


def _shown(text: str) -> str:
    """`text` cut to a readable length, saying how much was left out."""
    if len(text) <= SHOWN:
        return text
    return f"{text[:SHOWN]}... ({len(text) - SHOWN:,} more characters)"


def _first_difference(a: Any, b: Any, path: str = "") -> tuple[str, Any, Any] | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return (f"{path}.{key}".lstrip("."), a.get(key), b.get(key))
            found = _first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for k, (x, y) in enumerate(zip(a, b, strict=False)):
            found = _first_difference(x, y, f"{path}[{k}]")
            if found:
                return found
        return None if len(a) == len(b) else (f"{path}.length".lstrip("."), len(a), len(b))
    return None if a == b else (path.lstrip(".") or "value", a, b)


def replay(tables: Tables, record: GameRecord) -> tuple[Session, Divergence | None]:
    """Re-run a record from its seed and orders; stop at the first divergence."""
    if record.scenario.hash != content_hash(tables.scenario):
        raise ProblemError([Problem(record.scenario.file, 1, 1, "the scenario has changed since "
                                    f"the game was recorded (hash {content_hash(tables.scenario)}"
                                    f", recorded {record.scenario.hash})", "E402")])
    session = Session.start(tables, record.seed, record.scenario.file, record.game)
    for entry in record.turns:
        if session.over:
            return session, Divergence(entry.turn, "turn", "played", "the game was already over")
        try:
            replayed = session.play(entry.orders)
        except ValueError as exc:
            return session, Divergence(entry.turn, "orders", entry.label, str(exc))
        recorded = json.loads(json.dumps(entry.record))
        found = _first_difference(recorded, json.loads(json.dumps(replayed)))
        if found:
            return session, Divergence(entry.turn, f"record.{found[0]}", found[1], found[2])
        new_hash = session.record.turns[-1].state_hash
        if new_hash != entry.state_hash:
            return session, Divergence(entry.turn, "state_hash", entry.state_hash, new_hash)
    if record.outcome is not None and session.record.outcome != record.outcome:
        found = _first_difference(record.outcome, session.record.outcome or {})
        where = found[0] if found else "outcome"
        return session, Divergence(len(record.turns), f"outcome.{where}",
                                   found[1] if found else None, found[2] if found else None)
    return session, None
