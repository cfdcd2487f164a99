"""Fixtures shared by every test package: the bundled catalog and a core serving it."""

from __future__ import annotations

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The bundled content, loaded once."""
    return load_catalog()


@pytest.fixture
def core(catalog: Catalog) -> Core:
    """A core serving the bundled content."""
    return Core(catalog)
