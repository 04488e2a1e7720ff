"""`comintern play` opens the window only where a display exists; otherwise text mode, said."""

from __future__ import annotations

import io

from game import app as window
from game.cli import main


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_display_means_no_window(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("SDL_VIDEODRIVER", "x11")
    assert window.display_available() is False


def test_play_without_a_display_falls_back_to_text_and_says_so(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("SDL_VIDEODRIVER", "x11")
    monkeypatch.setattr("sys.stdin", _Terminal("c\n\nq\n"))
    code = main(["play", "germany", "--seed", "3", "--save", str(tmp_path / "g.json")])
    out = capsys.readouterr().out
    assert code == 0
    assert "No display found: playing in text mode" in out
    assert "DIRECTIVE FROM MOSCOW" in out and (tmp_path / "g.json").exists()


def test_play_with_a_display_opens_the_window(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(window, "display_available", lambda: True)
    monkeypatch.setattr(window, "run_window", lambda *a, **kw: calls.append(a) or 0)
    monkeypatch.setattr("sys.stdin", _Terminal(""))
    assert main(["play", "italy", "--seed", "4", "--rigidity", "0.5"]) == 0
    assert calls and calls[0][:3] == ("italy", 4, 0.5)
