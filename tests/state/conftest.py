"""Shared fixtures of the saved-state tests: the bundled catalog, a store in a temp folder, a clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.core import Core
from bot.replies import Reply
from bot.store import SqliteStore


class Clock:
    """A settable clock, so expiry is tested without sleeping."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """A clock the test moves by hand."""
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's SQLite store lives."""
    return tmp_path / "data" / "careerbot.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SqliteStore]:
    """An open SQLite store, closed after the test."""
    opened = SqliteStore(db_path)
    await opened.open()
    yield opened
    await opened.close()


@pytest.fixture
def core(catalog: Catalog, store: SqliteStore, clock: Clock) -> Core:
    """A core with the SQLite store and the test clock."""
    return Core(catalog, store=store, clock=clock)


def press(reply: Reply, label: str) -> str:
    """The packed action of the button of ``reply`` whose label is ``label`` (or starts with it)."""
    for button in reply.buttons:
        if button.label == label or button.label.startswith(label):
            return button.action.pack()
    raise AssertionError(f"no button {label!r} in {[b.label for b in reply.buttons]}")
