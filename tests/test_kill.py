"""A game killed at any moment keeps a save that loads, replays and resumes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from engine.record import read_record, replay, settings_of
from engine.tables import compile_scenario
from game.files import find_scenario

ROOT = Path(__file__).resolve().parents[1]


def _turns(path: Path) -> int:
    try:
        return len(json.loads(path.read_text(encoding="utf-8"))["turns"])
    except (OSError, ValueError, KeyError):
        return -1


def test_a_killed_game_loses_at_most_the_turn_in_play(tmp_path):
    save = tmp_path / "killed.json"
    answers = "c\n\n" * 80
    proc = subprocess.Popen([sys.executable, "-m", "game.cli", "play", "germany", "--seed", "8",
                             "--save", str(save)], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stdin is not None
    proc.stdin.write(answers)
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while _turns(save) < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)  # no chance to clean up
    proc.wait(timeout=10)
    record = read_record(str(save))  # never half-written: it parses
    assert len(record.turns) >= 5
    scenario = find_scenario(record.scenario.id, record.scenario.hash)
    tables = compile_scenario(scenario, settings_of(record))
    session, divergence = replay(tables, record)
    assert divergence is None
    assert session.state.turn == len(record.turns)
