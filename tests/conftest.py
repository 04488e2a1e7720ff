"""Shared fixtures; any error logged during a test fails it."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from engine.tables import Tables, compile_scenario
from game import i18n
from game.files import open_scenario


class _FailOnError(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _no_logged_errors() -> Iterator[None]:
    handler = _FailOnError()
    logging.getLogger().addHandler(handler)
    yield
    logging.getLogger().removeHandler(handler)
    assert not handler.records, [r.getMessage() for r in handler.records]


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test speaks English unless it asks for another language, whatever the locale of
    the machine that runs it (a player's system language is one way the game chooses)."""
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.use_language("en")
    yield
    i18n.use_language("en")


@pytest.fixture(scope="session")
def germany() -> Tables:
    return compile_scenario(open_scenario("germany"))
