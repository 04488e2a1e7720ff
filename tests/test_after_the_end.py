"""After the end of a game: the player exports the log to a folder and makes a report."""

from __future__ import annotations

import io
from pathlib import Path

import builders

from engine.record import Session, read_record
from game.textmode import END_MENU, TextGame


def finished_game(tmp_path: Path, after: list[str]) -> tuple[TextGame, str]:
    """The tiny scenario played to its end at a 'terminal' (pauses answered), then `after`."""
    t = builders.tables(rigidity=1.0)
    per_turn = ["c", "", ""]  # comply, the default cadre plan, Enter after the result
    lines = per_turn * t.n_turns + after
    out = io.StringIO()
    session = Session.start(t, 5, player="Ana")
    game = TextGame(session, tmp_path / "ana.json", iter(lines), out, interactive=True,
                    width=80, height=None)
    game.run()
    assert game.session.over
    return game, out.getvalue()


def test_the_end_offers_to_export_the_log_and_make_the_report(tmp_path: Path) -> None:
    folder = tmp_path / "hand-in"
    folder.mkdir()
    game, out = finished_game(tmp_path, ["e", str(folder), "r", ""])
    assert END_MENU in out
    exported = folder / "ana.json"
    assert exported.read_text(encoding="utf-8") == game.session.record.to_json()
    assert read_record(str(exported)).player == "Ana"
    report = tmp_path / "ana.html"
    assert f"Your report is in {report}" in " ".join(out.split())
    page = report.read_text(encoding="utf-8")
    assert "Ana" in page and "<script" not in page.lower()


def test_export_to_a_folder_that_does_not_exist_writes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    _, out = finished_game(tmp_path, ["e", str(missing), ""])
    assert f"{missing} is not a folder; nothing was written." in " ".join(out.split())
    assert not missing.exists()


def test_answers_from_a_file_finish_without_the_menu(tmp_path: Path) -> None:
    t = builders.tables(rigidity=1.0)
    out = io.StringIO()
    game = TextGame(Session.start(t, 5), tmp_path / "g.json", iter(["c", ""] * t.n_turns),
                    out, echo=True)
    game.run()
    assert game.session.over and END_MENU not in out.getvalue()
