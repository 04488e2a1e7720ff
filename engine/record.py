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
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine import __version__
from engine.explain import outcome, turn_record
from engine.game import new_game, step
from engine.jsonsafe import JsonPositions, loads
from engine.loader import content_hash
from engine.model import Id
from engine.orders import Orders, check, to_batch
from engine.problems import Problem, ProblemError
from engine.readfile import position, read_regular
from engine.rng import GAME_MAX, SEED_MAX
from engine.shape import shape_problems
from engine.state import State, digest
from engine.tables import Settings, Tables
from engine.yamlsafe import Document

MAX_RECORD_BYTES = 50_000_000
MAX_TURNS = 1_000  # a quarterly game of 1919-1943 has under a hundred
MAX_LABEL = 1_000  # characters: what a player may type as one answer


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ScenarioRef(_Strict):
    id: Id
    hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    # Records of engine 0.2.0 and before named the file the scenario came
    # from. A record never opens a path it names, so the name is read and
    # dropped: the scenario is found by its id and hash.
    file: str | None = Field(None, exclude=True, max_length=4096)


Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class RecordSettings(_Strict):
    """The settings a game started with: the same bounds as on the command line."""

    rigidity: Share | None = None
    binding: Share | None = None
    blinding: Share | None = None


class TurnEntry(_Strict):
    turn: int = Field(ge=0, le=MAX_TURNS)
    date: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$")
    orders: Orders
    label: str = Field(max_length=MAX_LABEL)
    record: dict[str, Any]
    state_hash: str = Field(pattern=r"^[0-9a-f]{16}$")


class GameRecord(_Strict):
    format: Literal["far-from-moscow/game-record"]
    format_version: Literal[1]
    engine_version: str = Field(pattern=r"^[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}$")
    scenario: ScenarioRef
    seed: int = Field(ge=0, le=SEED_MAX)
    game: int = Field(ge=0, le=GAME_MAX)
    settings: RecordSettings
    turns: list[TurnEntry] = Field(default_factory=list, max_length=MAX_TURNS)
    outcome: dict[str, Any] | None = None

    def to_json(self) -> str:
        """Canonical text: sorted keys, one value per line, a final newline."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, indent=1,
                          ensure_ascii=False) + "\n"


def new_record(tables: Tables, seed: int, game: int) -> GameRecord:
    return GameRecord(
        format="far-from-moscow/game-record", format_version=1, engine_version=__version__,
        scenario=ScenarioRef(id=tables.scenario.id, hash=content_hash(tables.scenario)),
        seed=seed, game=game, settings=RecordSettings.model_validate(tables.settings.to_json()),
    )


def settings_of(record: GameRecord) -> Settings:
    return Settings(rigidity=record.settings.rigidity, binding=record.settings.binding,
                    blinding=record.settings.blinding)


@dataclass
class Session:
    """One game being played: its tables, current state and record. The only writer."""

    tables: Tables
    state: State
    record: GameRecord

    @classmethod
    def start(cls, tables: Tables, seed: int, game: int = 0) -> Session:
        return cls(tables, new_game(tables, seed, 1, game), new_record(tables, seed, game))

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
    data = loads(text, filename)
    try:
        record = GameRecord.model_validate(data)
    except ValidationError as exc:
        doc = Document(data, JsonPositions(text, filename), filename)
        raise ProblemError([Problem(p.file, p.line, p.col, f"damaged record: {p.message}", "E401")
                            for p in shape_problems(exc, doc)]) from None
    if record.engine_version != __version__:
        _, line, col = JsonPositions(text, filename).value(("engine_version",))
        raise ProblemError([Problem(filename, line, col, "the record was made by engine "
                                    f"{record.engine_version}, and this is engine {__version__}, "
                                    "whose rules differ; replay it with the version that made it "
                                    f"(pip install 'far-from-moscow=={record.engine_version}')",
                                    "E403")])
    return record


def read_record(path: str) -> GameRecord:
    """The record in the file `path`: an ordinary file within `MAX_RECORD_BYTES`."""
    raw = read_regular(path, MAX_RECORD_BYTES, "record", "E400")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position(raw, exc.start)
        problem = Problem(path, line, col, "damaged record: not UTF-8 text", "E400")
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


def _stated(tables: Tables, turn: int, entry: TurnEntry) -> Divergence | None:
    """What a turn entry states about itself that the replay does not make: checked here."""
    for field, recorded, replayed in (("turn", entry.turn, turn),
                                      ("date", entry.date, tables.date(turn)),
                                      ("label", entry.label, entry.orders.label())):
        if recorded != replayed:
            return Divergence(turn, field, recorded, replayed)
    return None


def _outcome_divergence(turn: int, recorded: dict[str, Any] | None,
                        replayed: dict[str, Any] | None) -> Divergence | None:
    if recorded == replayed:
        return None
    if recorded is None or replayed is None:
        return Divergence(turn, "outcome", "the game went on" if recorded is None else "ended",
                          "the game ended" if replayed is not None else "the game goes on")
    found = _first_difference(recorded, replayed)
    where, was, now = found if found else ("value", recorded, replayed)
    return Divergence(turn, f"outcome.{where}", was, now)


def replay(tables: Tables, record: GameRecord,
           where: str = "the record") -> tuple[Session, Divergence | None]:
    """Re-run a record from its seed and orders; stop at the first divergence.

    Everything the record states is checked: each turn's number, date,
    label, turn record and state hash, and the outcome, which a finished
    game must have and an unfinished one must not. `where` names the record
    in the error a changed scenario raises.
    """
    if record.scenario.hash != content_hash(tables.scenario):
        raise ProblemError([Problem(where, 1, 1, "the scenario has changed since the game was "
                                    f"recorded (hash {content_hash(tables.scenario)}, recorded "
                                    f"{record.scenario.hash})", "E402")])
    session = Session.start(tables, record.seed, record.game)
    for entry in record.turns:
        turn = session.state.turn
        if session.over:
            return session, Divergence(turn, "turn", "played", "the game was already over")
        stated = _stated(tables, turn, entry)
        if stated:
            return session, stated
        try:
            replayed = session.play(entry.orders)
        except ValueError as exc:
            return session, Divergence(turn, "orders", entry.label, str(exc))
        found = _first_difference(entry.record, json.loads(json.dumps(replayed)))
        if found:
            return session, Divergence(turn, f"record.{found[0]}", found[1], found[2])
        new_hash = session.record.turns[-1].state_hash
        if new_hash != entry.state_hash:
            return session, Divergence(turn, "state_hash", entry.state_hash, new_hash)
    return session, _outcome_divergence(session.state.turn, record.outcome,
                                        session.record.outcome)
