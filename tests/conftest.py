"""Fixtures shared by every test package: the fixture catalog and a core serving it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.store import SqliteStore
from tests.content import FIXTURE_CONTENT


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The fixture catalog (tests/fixtures/catalog, never the shipped content/), loaded once."""
    return load_catalog(FIXTURE_CONTENT)


@pytest.fixture
def core(catalog: Catalog) -> Core:
    """A core serving the fixture catalog."""
    return Core(catalog)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's SQLite store lives."""
    return tmp_path / "data" / "careerbot.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SqliteStore]:
    """An open SQLite store on :func:`db_path`, closed after the test."""
    opened = SqliteStore(db_path)
    await opened.open()
    yield opened
    await opened.close()
