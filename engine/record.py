"""The game record: a versioned JSON document that replays a game exactly.

Pure apart from reading a file in `read_record`. A record holds a header
(format and engine versions, the scenario's id and content hash, the seed,
the game index, the settings, the player's name), one entry per turn (the
orders, the turn's typed facts, the state hash after the turn) and, once the
game has ended, its ending. Serialised with sorted keys and no timestamps,
two records of the same game are byte-identical. `replay` re-runs a record
from seed and orders and reports the first divergence: in the draws first,
then in the facts, then in the state hash. No prose is kept, so a change of
wording never breaks a record.

A record of format 1 kept the words of each turn. It is read for its
orders and state hashes only, and upgraded by replaying them (`Legacy`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from engine import __version__
from engine.explain import outcome, turn_facts, turn_record
from engine.facts import MAX_COUNT, Ending, Turn
from engine.game import new_game, step
from engine.jsonsafe import JsonPositions, loads
from engine.loader import content_hash
from engine.model import Id
from engine.orders import Orders, check, to_batch
from engine.problems import Problem, ProblemError
from engine.readfile import position, read_regular
from engine.rng import GAME_MAX, SEED_MAX
from engine.shape import shape_problems
from engine.state import State, concat, digest, digests
from engine.tables import Settings, Tables
from engine.yamlsafe import Document

MAX_RECORD_BYTES = 50_000_000
MAX_TURNS = MAX_COUNT  # a quarterly game of 1919-1943 has under a hundred
MAX_LABEL = 1_000  # characters: what a player may type as one answer
MAX_NAME = 80  # characters of a player's display name
FORMAT_VERSION: Literal[2] = 2


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


Hash = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
Month = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}$")]
TurnNumber = Annotated[int, Field(ge=0, le=MAX_TURNS)]
Label = Annotated[str, Field(max_length=MAX_LABEL)]
# A name is shown in terminals and reports: no control characters.
PlayerName = Annotated[str, Field(max_length=MAX_NAME, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")]


class TurnEntry(_Strict):
    turn: TurnNumber
    date: Month
    orders: Orders
    label: Label = Field(description="the orders in the one-line syntax of the text mode")
    record: Turn
    state_hash: Hash = Field(description="a digest of the whole state after the turn")


class LegacyTurn(_Strict):
    """A turn of a format-1 record: only what an upgrade replays and checks is kept."""

    model_config = ConfigDict(extra="ignore")
    turn: TurnNumber
    date: Month
    orders: Orders
    label: Label
    record: dict[str, Any]  # its words and numbers, dropped: the replay makes them anew
    state_hash: Hash


class _Header(_Strict):
    """What every format of record begins with: which game of which scenario, by whom."""

    format: Literal["far-from-moscow/game-record"]
    engine_version: str = Field(pattern=r"^[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}$")
    scenario: ScenarioRef
    seed: int = Field(ge=0, le=SEED_MAX)
    game: int = Field(ge=0, le=GAME_MAX)
    settings: RecordSettings


class LegacyRecord(_Header):
    """The parts of a format-1 record an upgrade needs."""

    model_config = ConfigDict(extra="ignore")
    format_version: Literal[1]
    turns: list[LegacyTurn] = Field(default_factory=list, max_length=MAX_TURNS)
    outcome: dict[str, Any] | None = None


class GameRecord(_Header):
    format_version: Literal[2]
    player: PlayerName = Field("", description="the name the player gave; may be blank")
    turns: list[TurnEntry] = Field(default_factory=list, max_length=MAX_TURNS)
    outcome: Ending | None = None
    # A format-1 record read for an upgrade: its turns wait here for the replay.
    _legacy: LegacyRecord | None = PrivateAttr(None)

    @property
    def legacy(self) -> LegacyRecord | None:
        """The format-1 record this one was read from, until a replay upgrades it."""
        return self._legacy

    def to_json(self) -> str:
        """Canonical text: sorted keys, one value per line, a final newline."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, indent=1,
                          ensure_ascii=False) + "\n"


def new_record(tables: Tables, seed: int, game: int, player: str = "") -> GameRecord:
    return GameRecord(
        format="far-from-moscow/game-record", format_version=FORMAT_VERSION,
        engine_version=__version__,
        scenario=ScenarioRef(id=tables.scenario.id, hash=content_hash(tables.scenario)),
        seed=seed, game=game, settings=RecordSettings.model_validate(tables.settings.to_json()),
        player=player)


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
    def start(cls, tables: Tables, seed: int, game: int = 0, player: str = "") -> Session:
        return cls(tables, new_game(tables, seed, 1, game),
                   new_record(tables, seed, game, player))

    @property
    def over(self) -> bool:
        return not bool(self.state.alive[0]) or self.state.turn >= self.tables.n_turns

    def play(self, orders: Orders) -> Turn:
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


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a player's display name, or None if it can (blank can)."""
    if len(name) > MAX_NAME:
        return f"a name has at most {MAX_NAME} characters, not {len(name)}"
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in name):
        return "a name cannot hold control characters"
    return None


def record_schema() -> dict[str, Any]:
    """The JSON Schema of a game's log in today's format."""
    schema = GameRecord.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Far from Moscow game record, format {FORMAT_VERSION}", **schema}


def parse_record(text: str, filename: str) -> GameRecord:
    """A record from its JSON text, or `ProblemError` with file:line:col.

    A record of format 1 comes back empty of turns, holding its orders in
    `legacy` until `replay` upgrades it; a format this engine does not know
    is refused, naming the version and what to do.
    """
    fast = _fast_record(text)
    if fast is not None:
        return fast
    data = loads(text, filename)
    version = data.get("format_version") if isinstance(data, dict) else None
    model: type[GameRecord] | type[LegacyRecord] = GameRecord
    if version == 1:
        model = LegacyRecord
    elif isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        _, line, col = JsonPositions(text, filename).value(("format_version",))
        raise ProblemError([Problem(filename, line, col, f"the record is in format {version}, "
                                    f"newer than this program reads (formats 1 to "
                                    f"{FORMAT_VERSION}); update it (pip install --upgrade "
                                    "far-from-moscow) and try again", "E405")])
    try:
        read = model.model_validate(data)
    except ValidationError as exc:
        doc = Document(data, JsonPositions(text, filename), filename)
        raise ProblemError([Problem(p.file, p.line, p.col, f"damaged record: {p.message}", "E401")
                            for p in shape_problems(exc, doc)]) from None
    if read.engine_version != __version__:
        _, line, col = JsonPositions(text, filename).value(("engine_version",))
        raise ProblemError([Problem(filename, line, col, "the record was made by engine "
                                    f"{read.engine_version}, and this is engine {__version__}, "
                                    "whose rules differ; replay it with the version that made it "
                                    f"(pip install 'far-from-moscow=={read.engine_version}')",
                                    "E403")])
    return read if isinstance(read, GameRecord) else _awaiting_upgrade(read)


def _fast_record(text: str) -> GameRecord | None:
    """A sound record of today's format, read by pydantic's own JSON parser in one pass; None
    for anything else, which the careful reading then explains with its position.

    The fast reading is as strict as the careful one: the parser stops at 200
    levels of nesting, and the models bound every number (finite floats,
    whole numbers within their ranges), so whatever it accepts the careful
    reading accepts too.
    """
    try:
        read = GameRecord.model_validate_json(text)
    except ValidationError:
        return None
    return read if read.engine_version == __version__ else None


def _awaiting_upgrade(legacy: LegacyRecord) -> GameRecord:
    """A format-2 header for a format-1 record; its turns come from replaying the old orders."""
    record = GameRecord(format=legacy.format, format_version=FORMAT_VERSION,
                        engine_version=legacy.engine_version, scenario=legacy.scenario,
                        seed=legacy.seed, game=legacy.game, settings=legacy.settings)
    record._legacy = legacy
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
    turn: int  # as the record counts turns, from 0
    field: str
    recorded: Any
    replayed: Any
    date: str = ""  # the turn's month, which a reader finds in the reports and the game

    def __str__(self) -> str:
        when = f" (the turn of {self.date})" if self.date else ""
        return (f"turn {self.turn}: {_shown(self.field)} differs: recorded "
                f"{_shown(repr(self.recorded))}, replayed {_shown(repr(self.replayed))}{when}")


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


def _stated(tables: Tables, turn: int, entry: TurnEntry | LegacyTurn) -> Divergence | None:
    """What a turn entry states about itself that the replay does not make: checked here."""
    for name, recorded, replayed in (("turn", entry.turn, turn),
                                     ("date", entry.date, tables.date(turn)),
                                     ("label", entry.label, entry.orders.label())):
        if recorded != replayed:
            return Divergence(turn, name, recorded, replayed)
    return None


def _facts_divergence(turn: int, recorded: Turn, replayed: Turn) -> Divergence | None:
    """The draws first, since a changed draw explains every difference after it; then facts."""
    if recorded == replayed:  # the common case, without walking every value
        return None
    for where, was, now in (("record.draws", recorded.draws, replayed.draws),
                            ("record", recorded, replayed)):
        found = _first_difference(was.model_dump(mode="json"), now.model_dump(mode="json"))
        if found:
            return Divergence(turn, f"{where}.{found[0]}", found[1], found[2])
    return None


def _outcome_divergence(turn: int, recorded: Ending | None,
                        replayed: Ending | None) -> Divergence | None:
    if recorded == replayed:
        return None
    if recorded is None or replayed is None:
        return Divergence(turn, "outcome", "the game went on" if recorded is None else "ended",
                          "the game ended" if replayed is not None else "the game goes on")
    found = _first_difference(recorded.model_dump(mode="json"), replayed.model_dump(mode="json"))
    where, was, now = found if found else ("value", recorded, replayed)
    return Divergence(turn, f"outcome.{where}", was, now)


def replay(tables: Tables, record: GameRecord,
           where: str = "the record") -> tuple[Session, Divergence | None]:
    """Re-run a record from its seed and orders; stop at the first divergence (`replay_all`,
    with one record)."""
    return replay_all(tables, [record], [where])[0]


def replay_with_openings(tables: Tables, record: GameRecord, where: str = "the record"
                         ) -> tuple[Session, Divergence | None, list[State]]:
    """`replay`, keeping the state each turn opened with and the state after the last (as
    `engine.counterfactual.openings` makes them): where the counterfactuals of a student's
    report start from, without playing the game a second time."""
    openings: list[list[State]] = []
    (session, divergence), = replay_all(tables, [record], [where], openings)
    return session, divergence, openings[0]


def replay_all(tables: Tables, records: Sequence[GameRecord],
               wheres: Sequence[str] | None = None,
               openings: list[list[State]] | None = None,
               ) -> list[tuple[Session, Divergence | None]]:
    """Re-run records of one scenario from their seeds and orders, as one batch of games;
    each stops at its first divergence, which names the turn's month too.

    Everything a record states is checked: each turn's number, date, label,
    draws, facts and state hash, and the outcome, which a finished game must
    have and an unfinished one must not. A format-1 record is upgraded here:
    its orders are replayed and its state hashes checked, and its session's
    record is the same game in today's format. `wheres` name the records in
    the error a changed scenario raises.

    The games step together, so a class's logs cost one pass of the engine a
    turn; each game's facts are compared as plain data with the recorded
    ones (`explain.turn_facts`), and a turn that agrees keeps the recorded
    facts instead of building them again. Given `openings`, a list, it
    receives each record's states at the opening of every turn it played,
    and after its last turn when it replayed to the end of its entries.
    """
    names = list(wheres) if wheres is not None else ["the record"] * len(records)
    for record, where in zip(records, names, strict=True):
        _same_scenario(tables, record, where)
    replays = [_Replaying(tables, record, openings is not None) for record in records]
    if not replays:
        return []
    state = concat([new_game(tables, r.seed, 1, r.game) for r in records])
    while True:
        playing = [k for k, r in enumerate(replays) if r.to_play(state, k)]
        if not playing:
            break
        orders = [Orders(response="comply")] * len(replays)  # the others only mark time
        for k in playing:
            orders[k] = replays[k].entry.orders
        after, rec = step(tables, state, to_batch(tables, orders))
        for k, facts, made in zip(playing, turn_facts(tables, rec, playing),
                                  digests(after, playing), strict=True):
            replays[k].played(state, after, facts, made, k)
        state = after
    found = []
    for k, r in enumerate(replays):
        session, divergence = r.finish(state, k)
        if divergence is not None:
            divergence = dataclasses.replace(
                divergence, date=tables.date(min(divergence.turn, tables.n_turns)))
        found.append((session, divergence))
    if openings is not None:
        openings.extend(r.openings for r in replays)
    return found


def _same_scenario(tables: Tables, record: GameRecord, where: str) -> None:
    if record.scenario.hash != content_hash(tables.scenario):
        old = ("; the record is in format 1, whose games can be upgraded only with the "
               "scenario they were played with" if record.legacy else "")
        raise ProblemError([Problem(where, 1, 1, "the scenario has changed since the game was "
                                    f"recorded (hash {content_hash(tables.scenario)}, recorded "
                                    f"{record.scenario.hash}){old}", "E402")])


class _Replaying:
    """One record of a batch being replayed: its next entry, its new record, its verdict."""

    def __init__(self, tables: Tables, record: GameRecord, keep: bool = False) -> None:
        self.tables = tables
        self.keep = keep  # the state each played turn opened with, in `openings`
        self.openings: list[State] = []
        self.record = record
        self.legacy = record.legacy
        self.entries: list[TurnEntry] | list[LegacyTurn] = (
            self.legacy.turns if self.legacy else record.turns)
        self.new = new_record(tables, record.seed, record.game, record.player)
        self.next = 0  # the entry to play
        self.state: State | None = None  # this game's state, once it stops
        self.divergence: Divergence | None = None

    @property
    def entry(self) -> TurnEntry | LegacyTurn:
        return self.entries[self.next]

    def stop(self, state: State, k: int, divergence: Divergence | None = None) -> bool:
        self.state, self.divergence = state.select(k), divergence
        return False

    def to_play(self, state: State, k: int) -> bool:
        """Whether this game plays the batch's next turn; if it stops here, why."""
        if self.state is not None:
            return False
        if self.next >= len(self.entries):
            return self.stop(state, k)
        turn, entry = state.turn, self.entry
        if not bool(state.alive[k]) or turn >= self.tables.n_turns:
            return self.stop(state, k, Divergence(turn, "turn", "played",
                                                  "the game was already over"))
        stated = _stated(self.tables, turn, entry)
        if stated:
            return self.stop(state, k, stated)
        rejection = check(self.tables, state, entry.orders, k)
        if rejection:
            return self.stop(state, k, Divergence(turn, "orders", entry.label, str(rejection)))
        if self.keep:
            self.openings.append(state.select(k))
        return True

    def played(self, before: State, after: State, facts: dict[str, Any], new_hash: str,
               k: int) -> None:
        """Check the turn just played against its entry, and keep it in the new record."""
        turn, entry = before.turn, self.entry
        recorded = entry.record if isinstance(entry, TurnEntry) else None
        if recorded is not None and recorded.model_dump() == facts:
            made = recorded  # the log's own facts, now known to be the engine's
        else:
            made = Turn.model_validate(facts)
        self.new.turns.append(TurnEntry(turn=turn, date=self.tables.date(turn),
                                        orders=entry.orders, label=entry.orders.label(),
                                        record=made, state_hash=new_hash))
        self.next += 1
        if not bool(after.alive[k]) or after.turn >= self.tables.n_turns:
            self.new.outcome = outcome(self.tables, after, k)
        found = (_facts_divergence(turn, recorded, made)
                 if recorded is not None and recorded is not made else None)
        if found is None and new_hash != entry.state_hash:
            found = Divergence(turn, "state_hash", entry.state_hash, new_hash)
        if found is not None:
            self.stop(after, k, found)

    def finish(self, state: State, k: int) -> tuple[Session, Divergence | None]:
        if self.state is None:
            self.stop(state, k)
        assert self.state is not None
        if self.keep and self.divergence is None:
            self.openings.append(self.state)  # and the state after the last turn
        session = Session(self.tables, self.state, self.new)
        if self.divergence is not None:
            return session, self.divergence
        if self.legacy:
            ended = self.new.outcome is not None
            if ended != (self.legacy.outcome is not None):
                return session, Divergence(self.state.turn, "outcome",
                                           "ended" if self.legacy.outcome else "the game went on",
                                           "the game ended" if ended else "the game goes on")
            return session, None
        return session, _outcome_divergence(self.state.turn, self.record.outcome,
                                            self.new.outcome)
