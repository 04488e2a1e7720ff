"""Shared fixtures; any error logged during a test fails it."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from engine.tables import Tables, compile_scenario
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


@pytest.fixture(scope="session")
def germany() -> Tables:
    return compile_scenario(open_scenario("germany"))
