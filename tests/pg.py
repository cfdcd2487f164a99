"""A real PostgreSQL server for tests: ``$CAREERBOT_TEST_POSTGRES_URL``, else a throwaway cluster.

The throwaway cluster comes from ``scripts/postgres.sh start`` (which installs
PostgreSQL with apt-get where it is missing) in a temp folder and is always
stopped and removed when the session ends, also when tests fail.  When no
server can be had the Postgres tests are skipped with the reason, except when
``CI`` is set: there they fail, so CI never passes without PostgreSQL.

Each test gets a fresh schema of its own (its URL sets ``search_path``),
dropped with ``DROP SCHEMA ... CASCADE`` afterwards, so tests are independent.
Import the fixtures into a ``conftest.py`` to use them.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import psycopg
import pytest
from psycopg import sql

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "postgres.sh"
URL_VARIABLE = "CAREERBOT_TEST_POSTGRES_URL"
START_TIMEOUT = 300.0  # seconds: may include apt-get install


class NoPostgres(Exception):
    """PostgreSQL could not be started or reached; the message says why."""


def unavailable(reason: str) -> NoReturn:
    """Fail under CI, skip elsewhere, saying why."""
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required when CI is set, but: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL unavailable: {reason}")


def _script(action: str, directory: Path, timeout: float = 60.0) -> str:
    try:
        done = subprocess.run(
            ["bash", str(SCRIPT), action, str(directory)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NoPostgres(f"scripts/postgres.sh {action}: {exc}") from None
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-8:])
        raise NoPostgres(f"scripts/postgres.sh {action} exited {done.returncode}: {tail}")
    return done.stdout.strip()


@dataclass(frozen=True)
class Cluster:
    """A throwaway cluster made by scripts/postgres.sh: its folder and URL; it can stop and start again."""

    directory: Path
    url: str

    @property
    def password(self) -> str:
        """The careerbot user's password (to check that no message shows it)."""
        return self.url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]

    def down(self) -> None:
        """Stop the server, keeping its data, port and password."""
        _script("down", self.directory)

    def up(self) -> None:
        """Start the stopped server again on the same port."""
        _script("up", self.directory)


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """Start a cluster in a new temp folder; stop it and remove the folder afterwards, whatever happens."""
    directory = Path(tempfile.mkdtemp(prefix="careerbot-pg-"))
    try:
        try:
            url = _script("start", directory, timeout=START_TIMEOUT)
        except NoPostgres as exc:
            unavailable(str(exc))
        yield Cluster(directory, url)
    finally:
        try:
            _script("stop", directory)
        finally:
            if directory.exists() and not any(directory.iterdir()):
                directory.rmdir()


def reachable(url: str) -> None:
    """Connect once; skip (fail under CI) when that is impossible."""
    try:
        with psycopg.connect(url, connect_timeout=5):
            pass
    except psycopg.Error as exc:
        unavailable(f"cannot connect to {url.split('@')[-1]}: {exc}")


def with_search_path(url: str, schema: str) -> str:
    """``url`` with ``search_path`` set to ``schema`` for every connection."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL database the tests may create schemas in (one per session)."""
    given = os.environ.get(URL_VARIABLE, "").strip()
    if given:
        reachable(given)
        yield given
        return
    with throwaway_cluster() as cluster:
        reachable(cluster.url)
        yield cluster.url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A URL whose ``search_path`` is a new, empty schema of this test's own (dropped afterwards)."""
    schema = f"test_{secrets.token_hex(6)}"
    try:
        with psycopg.connect(postgres_server, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    except psycopg.Error as exc:
        unavailable(f"cannot create a schema: {exc}")
    yield with_search_path(postgres_server, schema)
    with psycopg.connect(postgres_server, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def own_postgres() -> Iterator[Cluster]:
    """A cluster of this test's own, for tests that stop and restart the server."""
    with throwaway_cluster() as cluster:
        yield cluster
