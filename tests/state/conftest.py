"""Shared fixtures of the saved-state tests: the fixture catalog's core with a store and a clock.

Also real PostgreSQL (see :mod:`tests.pg`): ``postgres_server``, ``postgres_url`` (a fresh
schema per test) and ``own_postgres`` (a cluster of the test's own, to stop and restart).
"""

from __future__ import annotations

import pytest

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.replies import Reply
from bot.store import SqliteStore
from tests.pg import own_postgres, postgres_server, postgres_url

__all__ = ["own_postgres", "postgres_server", "postgres_url"]


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
def core(catalog: Catalog, store: SqliteStore, clock: Clock) -> Core:
    """A core with the SQLite store and the test clock."""
    return Core(catalog, state=StateService(store, clock=clock))


def press(reply: Reply, label: str) -> str:
    """The packed action of the button of ``reply`` whose label is ``label`` (or starts with it)."""
    for button in reply.buttons:
        if button.label == label or button.label.startswith(label):
            return button.packed
    raise AssertionError(f"no button {label!r} in {[b.label for b in reply.buttons]}")
