"""Damaged game records: the ways a stranger's record can be wrong, each with what it must say.

Each `Damage` turns a good record (its data and canonical text) into the
bytes of a damaged file, and names a piece of the message that must
explain the refusal. `tests/test_damaged_records.py` runs every one through
`comintern replay` and `comintern play --resume`; run this module to measure
the same through the installed command, with timeouts:

    python -m tests.damage [--out DIR]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.orders import Orders
from engine.record import MAX_RECORD_BYTES, Session
from engine.tables import Settings, Tables, compile_scenario
from game.files import open_scenario

ESC = "\x1b[2J\x1b[31m"  # clears a terminal and turns it red, if it is obeyed
Data = dict[str, Any]


@dataclass(frozen=True)
class Damage:
    """One damaged record: how to make it, and what its refusal must mention."""

    name: str
    make: Callable[[Data, str], bytes]
    says: str  # a piece of the message, in lower case
    big: bool = False  # megabytes: measured by the script, not in every test run


def canonical(data: Data) -> bytes:
    return (json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()


def edit(change: Callable[[Data], Any]) -> Callable[[Data, str], bytes]:
    """A damage made by changing the data, written back as canonical JSON."""
    def make(data: Data, _: str) -> bytes:
        copied = copy.deepcopy(data)
        change(copied)
        return canonical(copied)
    return make


def text(change: Callable[[str], str]) -> Callable[[Data, str], bytes]:
    """A damage made by changing the text itself."""
    return lambda _, txt: change(txt).encode("utf-8", errors="surrogateescape")


def put(path: str, value: Any) -> Callable[[Data], None]:
    """Set the value at a dotted path (`turns.3.label`); a list index is a number."""
    def change(data: Data) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return change


def drop(path: str) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[int(last) if isinstance(node, list) else last]
    return change


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _swap_turns(data: Data) -> None:
    data["turns"][2], data["turns"][3] = data["turns"][3], data["turns"][2]


def _repeat_turn(data: Data) -> None:
    data["turns"].insert(3, copy.deepcopy(data["turns"][3]))


def _score_up(data: Data) -> None:
    data["outcome"]["score"] = data["outcome"]["score"] + 1


def _pad_record(size: int, damage: str) -> Callable[[Data, str], bytes]:
    """A record grown to `size` bytes by a long list of numbers where a list of numbers
    belongs (the ending's score parts: well-formed, so only the replay refuses it), then
    damaged."""
    def make(data: Data, _: str) -> bytes:
        copied = copy.deepcopy(data)
        bare = len(canonical(copied))
        copied["outcome"]["score_parts"] += [1.0] * 1000
        per_item = (len(canonical(copied)) - bare) / 1000
        copied["outcome"]["score_parts"] += [1.0] * int((size - bare) / per_item - 1000)
        if damage == "key":
            copied["turns"][-1]["colour"] = "red"
        elif damage == "type":
            copied["turns"][-1]["turn"] = "late"
        return canonical(copied)
    return make


DAMAGES: list[Damage] = [
    # -- not a record at all
    Damage("empty file", lambda d, t: b"", "not valid json"),
    Damage("cut in half", text(lambda t: t[: len(t) // 2]), "not valid json"),
    Damage("one byte", text(lambda t: t[:1]), "not valid json"),
    Damage("not utf-8", lambda d, t: t.encode().replace(b"italy", b"ital\xff", 1), "utf-8"),
    Damage("a list", lambda d, t: b"[1, 2, 3]\n", "input should be"),
    Damage("a number", lambda d, t: b"42\n", "input should be"),
    Damage("nested 1,000 deep", text(lambda t: t.replace('"game": 0', '"game": '
                                                          + nested(1000), 1)), "nested more"),
    Damage("nested 100,000 deep", text(lambda t: t.replace('"game": 0', '"game": '
                                                            + nested(100_000), 1)), "nested more"),
    Damage("brackets in a string", edit(put("turns.0.label", nested(200))), "label"),
    # -- numbers out of bounds
    Damage("seed of 5,000 digits", text(lambda t: t.replace('"seed": 3', '"seed": ' + "7" * 5000,
                                                            1)), "digits"),
    Damage("seed negative", edit(put("seed", -1)), "seed"),
    Damage("seed 2^64", edit(put("seed", 2**64)), "seed"),
    Damage("seed a fraction", edit(put("seed", 1.5)), "seed"),
    Damage("seed as text", edit(put("seed", "3")), "seed"),
    Damage("seed infinite", text(lambda t: t.replace('"seed": 3', '"seed": Infinity', 1)),
           "infinity"),
    Damage("seed 1e999", text(lambda t: t.replace('"seed": 3', '"seed": 1e999', 1)), "too large"),
    Damage("game 2^64", edit(put("game", 2**64)), "game"),
    Damage("game negative", edit(put("game", -1)), "game"),
    Damage("rigidity NaN, no turns", text(lambda t: json.dumps(
        {**json.loads(t), "turns": [], "outcome": None, "settings": {"rigidity": "NaN"}})
        .replace('"NaN"', "NaN")), "nan"),
    Damage("rigidity 5, no turns", edit(lambda d: d.update(turns=[], outcome=None,
                                                           settings={"rigidity": 5})),
           "rigidity"),
    Damage("rigidity text", edit(put("settings.rigidity", "rigid")), "rigidity"),
    Damage("cadre weight 1e999", text(lambda t: t.replace('"cadres": {}', '"cadres": {"turin": '
                                                          '1e999}', 1)), "too large"),
    # -- names and keys with escapes
    Damage("settings key with escape", edit(put(f"settings.{ESC}", 1)), "unknown key"),
    Damage("turn key with escape", edit(put(f"turns.2.{ESC}", 1)), "unknown key"),
    Damage("top-level key added", edit(put("colour", "red")), "unknown key 'colour'"),
    Damage("seed deleted", edit(drop("seed")), "needs the key 'seed'"),
    Damage("format changed", edit(put("format", "chess/pgn")), "format"),
    Damage("format_version 3", edit(put("format_version", 3)), "format 3, newer"),
    Damage("format_version 0", edit(put("format_version", 0)), "format_version"),
    Damage("engine_version changed", edit(put("engine_version", "9.9.9")), "engine 9.9.9"),
    Damage("engine_version with escape", edit(put("engine_version", f"0.2.0{ESC}")),
           "engine_version"),
    # -- the scenario it names
    Damage("scenario file a FIFO", edit(put("scenario.file", "/tmp/fifo-of-a-stranger")),
           "no divergence"),
    Damage("scenario file /etc/shadow", edit(put("scenario.file", "/etc/shadow")),
           "no divergence"),
    Damage("scenario file ../../x", edit(put("scenario.file", "../../x.yaml")), "no divergence"),
    Damage("scenario file with escape", edit(put("scenario.file", f"italy{ESC}")),
           "no divergence"),
    Damage("scenario id unknown", edit(put("scenario.id", "atlantis")), "atlantis"),
    Damage("scenario id with escape", edit(put("scenario.id", f"italy{ESC}")), "scenario.id"),
    Damage("scenario hash changed", edit(put("scenario.hash", "0123456789abcdef")),
           "has changed"),
    # -- what each turn states
    Damage("label changed", edit(put("turns.3.label", "defy: strike @ turin")),
           "turn 3: label differs"),
    Damage("label with escape", edit(put("turns.3.label", f"comply{ESC}")),
           "turn 3: label differs"),
    Damage("turn number changed", edit(put("turns.3.turn", 7)), "turn 3: turn differs"),
    Damage("date changed", edit(put("turns.3.date", "1921-01")), "turn 3: date differs"),
    Damage("date malformed", edit(put("turns.3.date", "spring")), "turns[3].date"),
    Damage("response unknown", edit(put("turns.3.orders.response", "revolt")), "response"),
    Damage("action unknown", edit(lambda d: d["turns"][3].update(
        orders={"response": "adapt", "action": "levitate", "region": "turin", "cadres": {}},
        label="adapt: levitate @ turin")), "turn 3: orders differs"),
    Damage("state hash changed", edit(put("turns.3.state_hash", "0" * 16)), "state_hash"),
    Damage("turn record changed", edit(put("turns.3.record.turn", 99)), "record.turn"),
    Damage("a turn deleted", edit(drop("turns.3")), "turn 3: turn differs"),
    Damage("a turn repeated", edit(_repeat_turn), "turn 4: turn differs"),
    Damage("two turns swapped", edit(_swap_turns), "turn 2: turn differs"),
    # -- the outcome
    Damage("outcome removed", edit(put("outcome", None)), "outcome"),
    Damage("outcome score changed", edit(_score_up), "outcome.score"),
    Damage("outcome of a game in progress", edit(lambda d: d.update(turns=d["turns"][:5])),
           "outcome"),
    # -- size
    Damage("larger than the limit", lambda d, t: b" " * (MAX_RECORD_BYTES + 1), "50,000,000"),
    Damage("1.9 MB, one unknown key", _pad_record(1_900_000, "key"), "unknown key 'colour'",
           big=True),
    Damage("3 MB, a type error", _pad_record(3_000_000, "type"), "turn", big=True),
    Damage("44 MB, valid but padded", _pad_record(44_000_000, "none"),
           "outcome.score_parts", big=True),
]

# The scenario.file damages are records that replay: the name is dropped unread.
REPLAYS = {d.name for d in DAMAGES if d.says == "no divergence"}
# Refused by `replay`, but `play --resume` says the scenario has changed and offers the game
# on the rules of the file as it is now (issue 9, item 5): a forged hash gains nothing there,
# since every order is checked again on those rules.
RESUMES = {"scenario hash changed"}


def italy() -> Tables:
    return compile_scenario(open_scenario("italy"), Settings())


def good_record(tables: Tables, seed: int = 3) -> Session:
    """A finished game of Italy: comply with every order, cadres on the default plan."""
    session = Session.start(tables, seed)
    while not session.over:
        session.play(Orders(response="comply"))
    return session


# -- the measuring script -------------------------------------------------------

def _run(argv: list[str], timeout: float, cwd: Path | None) -> tuple[int | None, str, float]:
    start = time.monotonic()
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL,
                              check=False, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, "", time.monotonic() - start
    return done.returncode, (done.stdout + done.stderr).decode(errors="replace"), \
        time.monotonic() - start


def measure(out: Path, timeout: float, python: str, cwd: Path | None) -> int:
    """Run every damage through both commands; print one line each; how many went wrong.

    `python -m game.cli` runs in `cwd`, so an older checkout can be measured
    with the same damaged files.
    """
    session = good_record(italy())
    data = json.loads(session.record.to_json())
    data["scenario"]["file"] = "italy"  # as records of engine 0.2.0 and before named it
    good = canonical(data).decode()
    fifo = Path("/tmp/fifo-of-a-stranger")
    if not fifo.exists():
        os.mkfifo(fifo)
    bad = 0
    for damage in DAMAGES:
        path = out / (damage.name.replace(" ", "-").replace("/", "-") + ".json")
        path.write_bytes(damage.make(data, good))
        for command in (["replay", str(path)], ["play", "--text", "--resume", str(path)]):
            code, said, seconds = _run([python, "-m", "game.cli", *command], timeout, cwd)
            faults = []
            if code is None:
                faults.append("HANG")
            if "Traceback" in said:
                faults.append("TRACEBACK")
            if "\x1b" in said:
                faults.append("RAW ESCAPE")
            refused = code not in (0, None)
            accepted = REPLAYS | (RESUMES if command[0] == "play" else set())
            if damage.name not in accepted and not refused and code is not None:
                faults.append("ACCEPTED")
            if damage.says not in said.lower() and damage.name not in REPLAYS:
                faults.append(f"MESSAGE lacks {damage.says!r}")
            bad += bool(faults)
            first = said.strip().splitlines()[0][:110] if said.strip() else ""
            print(f"{damage.name:32} {command[0]:6} {seconds:5.1f}s "
                  f"{' '.join(faults) or 'ok':10} {first}")
    return bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="where to write the damaged records")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--python", default=sys.executable, help="the Python that runs the game")
    parser.add_argument("--cwd", type=Path, help="the checkout to measure (default: installed)")
    args = parser.parse_args()
    out = (args.out or Path(tempfile.mkdtemp(prefix="damaged-"))).resolve()
    out.mkdir(parents=True, exist_ok=True)
    bad = measure(out, args.timeout, args.python, args.cwd)
    print(f"{len(DAMAGES)} damaged records, {2 * len(DAMAGES)} runs, {bad} went wrong")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
