"""`comintern simulate FILE --report` (issue 9, item 4): how often events fire, goals are met
and outcomes reached, under the player policies, with what is almost never or always true."""

from __future__ import annotations

from pathlib import Path

import builders
import pytest

from engine.policies import PLAYER_POLICIES
from engine.tables import Settings
from game import lab
from game.balance import COMMON, RARE, balance_report
from game.cli import main


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return lab.run(str(builders.TINY), list(PLAYER_POLICIES), Settings(), 1, 150)


def test_an_events_share_is_the_games_it_fired_in(rows) -> None:
    tables = builders.tables()
    for event in tables.scenario.events:
        for row in rows:
            share, per_game = row[f"event_{event.id}"], row[f"event_{event.id}_per_game"]
            assert 0.0 <= share <= 1.0 and per_game >= share  # each such game saw it once or more
            if event.once:
                assert per_game == pytest.approx(share)


def test_the_report_lists_every_outcome_goal_and_event_and_flags_the_extremes(rows) -> None:
    scenario = builders.scenario()
    text = balance_report(scenario, rows, 150, 1)
    for shown in ([c.name for c in scenario.outcomes] + [g.text for g in scenario.goals]
                  + [e.title for e in scenario.events]):
        assert f"  {shown[:20]}" in text
    flagged = [line for line in text.splitlines() if line.endswith(" !")]
    for category in scenario.outcomes:
        shares = [r[f"outcome_{category.id}"] for r in rows]
        extreme = all(s <= RARE for s in shares) or all(s >= COMMON for s in shares)
        assert extreme == any(line.strip().startswith(category.name[:20]) for line in flagged)
        assert extreme == (f"outcome {category.id} is almost" in text)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_the_command_prints_the_report(tmp_path: Path, capsys) -> None:
    assert main(["simulate", str(builders.TINY), "--games", "60", "--report"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Balance of ") and "Events (share of games in which they fire)" in out
    assert "Policies: 1 comply" in out
