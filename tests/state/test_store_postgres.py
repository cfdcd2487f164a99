"""PostgreSQL's own store tests: migrations across replicas, STORE_URL handling, faults and recovery.

The Store contract itself runs for PostgreSQL in test_store.py.  Here: several
replicas migrating at once, a newer schema refused, URLs checked and masked,
wrong credentials, an unreachable server with retries, and a server stopped and
started again under an open store (on a cluster of the test's own).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from bot.errors import ConfigError, StoreUnavailable
from bot.store import MemoryStore, QuizRecord, SqliteStore, mask_url, open_store, open_with_retry
from bot.store.postgres import MIGRATIONS, SCHEMA_VERSION, PostgresStore, migrate
from bot.store.url import store_url_from_env
from tests.pg import Cluster
from tests.state.test_store import STORED_COLUMNS

SECRET = "s3cr3t-Pa55"


def password_of(url: str) -> str:
    """The password in a test URL."""
    password = urlsplit(url).password
    assert password
    return password


def free_port() -> int:
    """A port nothing listens on (bound, read back and released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Migrations --------------------------------------------------------------------------------------


async def test_migrations_run_once_with_three_replicas_opening_at_once(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Three stores opening together on an empty database: each migration is applied once, all open."""
    caplog.set_level(logging.INFO, logger="careerbot.store")
    replicas = [PostgresStore(postgres_url) for _ in range(3)]
    await asyncio.gather(*(r.open() for r in replicas))
    try:
        assert [await r.schema_version() for r in replicas] == [SCHEMA_VERSION] * 3
        migrated = [r.getMessage() for r in caplog.records if "schema migrated" in r.getMessage()]
        assert migrated == [f"store schema migrated to version {n}" for n in range(1, SCHEMA_VERSION + 1)]
        assert await replicas[0].save_quiz("telegram:1", QuizRecord(1, (), 1.0), None)
        assert not await replicas[1].save_quiz("telegram:1", QuizRecord(1, (), 1.0), None)
    finally:
        for replica in replicas:
            await replica.close()
    with psycopg.connect(postgres_url) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))


async def test_an_old_schema_is_migrated_keeping_its_data(postgres_url: str) -> None:
    """A database at version 2 keeps its rows and gains the tables of versions 3 and 4."""
    async with await psycopg.AsyncConnection.connect(postgres_url, autocommit=True) as conn:
        assert await migrate(conn, MIGRATIONS[:2]) == 2
        await conn.execute("INSERT INTO quiz_sessions VALUES ('telegram:1', 5, '{images}', 1.0)")
    store = PostgresStore(postgres_url)
    await store.open()
    try:
        assert await store.load_quiz("telegram:1") == QuizRecord(5, ("images",), 1.0)
        assert await store.claim_update("telegram:1", 2.0)
        assert await store.record_updates([("telegram:7:1", "{}")], "a", 2.0, 3.0) == ["telegram:7:1"]
        assert await store.schema_version() == SCHEMA_VERSION == 4
    finally:
        await store.close()


async def test_a_newer_schema_is_refused(postgres_url: str) -> None:
    """A database migrated by a newer careerbot is not touched: a configuration error says why."""
    store = PostgresStore(postgres_url)
    await store.open()
    await store.close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (%s, 0)", (SCHEMA_VERSION + 1,))
    newer = PostgresStore(postgres_url)
    with pytest.raises(ConfigError, match="newer than this careerbot") as caught:
        await newer.open()
    assert "STORE_URL" in str(caught.value)
    assert not await newer.healthy()
    await newer.close()


async def test_nothing_but_ids_answers_and_marks_is_stored(postgres_url: str) -> None:
    """The same columns as SQLite's (plus the migration record): no names, no chat text."""
    store = PostgresStore(postgres_url)
    await store.open()
    await store.close()
    schema = postgres_url.rsplit("%3D", 1)[1]
    with psycopg.connect(postgres_url) as conn:
        columns = set(
            conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s",
                (schema,),
            )
        )
    assert columns == STORED_COLUMNS | {("schema_migrations", "version"), ("schema_migrations", "applied")}


# STORE_URL ---------------------------------------------------------------------------------------


def test_mask_url() -> None:
    """The password is replaced by *** wherever it is; the rest of the URL stays readable."""
    cases = {
        f"postgresql://careerbot:{SECRET}@db.example:5432/careerbot": "postgresql://careerbot:***@db.example:5432/careerbot",
        "postgres://u:p%40ss%2Fw@h/db?sslmode=require": "postgres://u:***@h/db?sslmode=require",
        "postgresql://u:pa/ss@wo?rd@h:5432/db": "postgresql://u:***@h:5432/db",
        f"postgresql://h/db?user=u&password={SECRET}": "postgresql://h/db?user=u&password=***",
        "postgresql://u@h/db": "postgresql://u@h/db",
        "postgresql://h:5432/db": "postgresql://h:5432/db",
    }
    for url, masked in cases.items():
        assert mask_url(url) == masked


def test_open_store_picks_the_store(tmp_path: Path) -> None:
    """No STORE_URL: SQLite at the path; postgresql:// or postgres://: PostgreSQL (not yet connected)."""
    for empty in (None, "", "  "):
        store = open_store(empty, tmp_path / "state.db")
        assert isinstance(store, SqliteStore)
        assert store.path == tmp_path / "state.db"
    for scheme in ("postgresql", "postgres"):
        chosen = open_store(f" {scheme}://careerbot:{SECRET}@db:5432/careerbot ", tmp_path / "x.db")
        assert isinstance(chosen, PostgresStore)
        assert SECRET not in repr(chosen)
        assert chosen.where == f"{scheme}://careerbot:***@db:5432/careerbot"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (f"mysql://careerbot:{SECRET}@db/careerbot", "must start with postgresql://"),
        (f"host=db user=careerbot password={SECRET}", "must start with postgresql://"),
        (f"postgresql://careerbot:{SECRET}@db:99999/careerbot", "not a valid URL"),
        (f"postgresql://careerbot:{SECRET}@db:port/careerbot", "not a valid URL"),
        (f"postgresql://careerbot:{SECRET}@db:0/careerbot", "port 0"),
        (f"postgresql://careerbot:{SECRET}@/careerbot", "no host"),
        (f"postgresql://careerbot:{SECRET}/x@db/careerbot", "percent-encode"),
        (f"postgresql://careerbot:{SECRET}@x@db/careerbot", "percent-encode"),
        (f"postgresql://careerbot:{SECRET}%zz@db/careerbot", "percent-encode"),
        (f"postgresql://careerbot:{SECRET}@db/careerbot?nonsense=1", "invalid URI query parameter"),
    ],
)
def test_malformed_urls_are_config_errors_without_password(url: str, problem: str, tmp_path: Path) -> None:
    """A STORE_URL that cannot work names the setting and the problem, never the password or a piece of it."""
    with pytest.raises(ConfigError, match=problem) as caught:
        open_store(url, tmp_path / "x.db")
    message = str(caught.value)
    assert "STORE_URL" in message
    assert SECRET not in message
    assert "Pa55" not in message
    assert "@x" not in message
    assert caught.value.__cause__ is None


async def test_a_value_libpq_refuses_is_a_config_error(postgres_server: str) -> None:
    """An option value the driver refuses at connect (sslmode=bogus) is a ConfigError, not 'unavailable'."""
    store = PostgresStore(f"{postgres_server}?sslmode=bogus", timeout=2.0)
    with pytest.raises(ConfigError, match=r"STORE_URL .*sslmode"):
        await store.open()
    await store.close()


def test_store_url_from_env(tmp_path: Path) -> None:
    """STORE_URL, or the first line of STORE_URL_FILE (a Docker secret); both at once is an error."""
    secret_file = tmp_path / "store_url"
    secret_file.write_text(f"postgresql://u:{SECRET}@db/careerbot\n", encoding="utf-8")
    assert store_url_from_env({}) is None
    assert store_url_from_env({"STORE_URL": " postgresql://db/x "}) == "postgresql://db/x"
    assert store_url_from_env({"STORE_URL_FILE": str(secret_file)}) == f"postgresql://u:{SECRET}@db/careerbot"
    with pytest.raises(ConfigError, match="not both"):
        store_url_from_env({"STORE_URL": "postgresql://db/x", "STORE_URL_FILE": str(secret_file)})
    with pytest.raises(ConfigError, match="STORE_URL_FILE"):
        store_url_from_env({"STORE_URL_FILE": str(tmp_path / "missing")})


async def test_wrong_password_or_database_is_a_config_error(
    postgres_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Authentication failure and an unknown database at open: ConfigError naming STORE_URL, no password."""
    caplog.set_level(logging.DEBUG)
    real = password_of(postgres_server)
    wrong = postgres_server.replace(f":{real}@", f":{SECRET}@", 1)
    missing = postgres_server.rsplit("/", 1)[0] + "/no_such_database"
    for url, problem in ((wrong, "password authentication failed"), (missing, "does not exist")):
        store = PostgresStore(url, timeout=2.0)
        with pytest.raises(ConfigError, match=problem) as caught:
            await store.open()
        message = str(caught.value)
        assert "STORE_URL" in message
        assert mask_url(url) in message
        assert SECRET not in message
        assert real not in message
        await store.close()
    assert SECRET not in caplog.text
    assert real not in caplog.text


async def test_an_unreachable_server_is_unavailable_and_retried(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing listening: open raises StoreUnavailable; open_with_retry backs off, warns once a retry."""
    caplog.set_level(logging.DEBUG)
    store = PostgresStore(f"postgresql://careerbot:{SECRET}@127.0.0.1:{free_port()}/careerbot", timeout=1.0)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="unavailable") as caught:
        await open_with_retry(store, attempts=3, delay=0.01, max_delay=0.02)
    assert time.monotonic() - started < 10
    assert "careerbot:***@127.0.0.1" in str(caught.value)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "retrying" in r.getMessage()]
    assert len(warnings) == 2
    assert SECRET not in str(caught.value)
    assert SECRET not in caplog.text
    assert not await store.healthy()
    await store.close()


async def test_open_with_retry_backs_off_exponentially_and_stops_on_config_errors() -> None:
    """Delays double up to max_delay; success ends the retries; a ConfigError is not retried."""

    class Flaky(MemoryStore):
        def __init__(self, failures: int, error: Exception) -> None:
            super().__init__()
            self.failures, self.error, self.opens = failures, error, 0

        async def open(self) -> None:
            self.opens += 1
            if self.opens <= self.failures:
                raise self.error

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    flaky = Flaky(4, StoreUnavailable("down"))
    await open_with_retry(flaky, attempts=6, delay=1.0, max_delay=3.0, sleep=sleep)
    assert (flaky.opens, slept) == (5, [1.0, 2.0, 3.0, 3.0])
    slept.clear()
    wrong = Flaky(9, ConfigError("STORE_URL ..."))
    with pytest.raises(ConfigError):
        await open_with_retry(wrong, attempts=6, sleep=sleep)
    assert (wrong.opens, slept) == (1, [])


async def test_repr_and_health_before_open() -> None:
    """Nothing connects before open; the store's repr masks the password."""
    store = PostgresStore(f"postgresql://careerbot:{SECRET}@127.0.0.1:1/careerbot")
    assert "***" in repr(store)
    assert SECRET not in repr(store)
    assert not await store.healthy()


# Faults ------------------------------------------------------------------------------------------


async def test_server_restart_and_outage_under_an_open_store(
    own_postgres: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    """Restarted between calls: the next call works. Down: calls raise StoreUnavailable within seconds
    and healthy() is false; back up on the same port: the next call works, without reopening the store."""
    caplog.set_level(logging.DEBUG)
    pinging = PostgresStore(own_postgres.url, min_size=2, timeout=3.0, ping_idle_after=0.0)
    store = PostgresStore(own_postgres.url, timeout=1.5, connect_timeout=1.0, health_timeout=1.0)
    await pinging.open()
    await store.open()
    try:
        record = QuizRecord(1, ("images",), 1.0)
        assert await store.save_quiz("telegram:1", record, None)
        assert await pinging.load_quiz("telegram:1") == record

        await asyncio.to_thread(own_postgres.down)
        await asyncio.to_thread(own_postgres.up)
        assert await pinging.load_quiz("telegram:1") == record  # stale connections replaced, no error

        await asyncio.to_thread(own_postgres.down)
        for call in (store.load_quiz("telegram:1"), store.claim_update("telegram:5", 2.0)):
            started = time.monotonic()
            with pytest.raises(StoreUnavailable) as caught:
                await call
            assert time.monotonic() - started < 5.0
            assert "STORE_URL" in str(caught.value)
            assert own_postgres.password not in str(caught.value)
        started = time.monotonic()
        assert not await store.healthy()
        assert time.monotonic() - started < 3.0

        await asyncio.to_thread(own_postgres.up)
        assert await store.load_quiz("telegram:1") == record
        assert await store.healthy()
        assert await store.claim_update("telegram:5", 3.0)
    finally:
        await store.close()
        await pinging.close()
    assert own_postgres.password not in caplog.text
