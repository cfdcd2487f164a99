"""The PostgreSQL store's pool of connections: open (migrating first), close, health, and the
one-statement calls every query goes through (server-away errors become StoreUnavailable)."""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

from bot.errors import ConfigError, StoreUnavailable
from bot.store.base import MAX_GAPS, MAX_OWNERS, OWNER_TRIM_EVERY
from bot.store.postgres.schema import Connection, migrate
from bot.store.url import check_url, mask_url, scrub

PING_IDLE_AFTER = 2.0
"""Seconds a pooled connection may sit idle before it is checked with an empty query before use."""

_CONFIG_PROBLEMS = (
    "invalid",  # a value libpq refuses (sslmode=bogus), a server that does not speak PostgreSQL
    "password authentication failed",
    "no password supplied",
    "authentication failed",
    "does not exist",
    "no pg_hba.conf entry",
    "permission denied",
    "not permitted to log in",
    "does not support ssl",
)
"""Connection failures that retrying cannot cure: a setting is wrong."""

_UNAVAILABLE = (psycopg.OperationalError, psycopg.errors.ReadOnlySqlTransaction)
"""Errors meaning the server is away, restarting, overloaded or (after a failover) read-only."""


class PostgresPool:
    """The plumbing every part of :class:`~bot.store.postgres.PostgresStore` shares (its arguments
    are described there): the checked URL, the pool of connections (opened, after migrating, on
    :meth:`open` or the first call), and the one-statement calls every query goes through."""

    def __init__(
        self,
        url: str,
        *,
        min_size: int = 1,
        max_size: int = 10,
        timeout: float = 5.0,
        connect_timeout: float = 3.0,
        health_timeout: float = 1.0,
        ping_idle_after: float = PING_IDLE_AFTER,
        max_gaps: int = MAX_GAPS,
        max_owners: int = MAX_OWNERS,
        owner_trim_every: int = OWNER_TRIM_EVERY,
    ) -> None:
        check_url(url)
        self._url = url
        self.where = mask_url(url)
        try:
            psycopg.conninfo.conninfo_to_dict(url)  # what libpq itself refuses to parse
        except psycopg.Error as exc:
            detail = scrub(str(exc), url)
            if "percent" in detail or "password" in detail:  # libpq would quote a piece of the password
                detail = "libpq cannot parse it"
            raise ConfigError(f"STORE_URL is not a valid URL ({self.where}): {detail}") from None
        """The URL with its password masked, for messages."""
        self.min_size, self.max_size = min_size, max(min_size, max_size)
        self.timeout = timeout
        self.connect_timeout = max(1, round(connect_timeout))
        self.health_timeout = health_timeout
        self._suspect = False
        """A call failed with the server away: ping connections before use until one succeeds."""
        self.ping_idle_after = ping_idle_after
        self.max_gaps = max_gaps
        self.max_owners = max_owners
        self.owner_trim_every = max(1, owner_trim_every)
        self._owner_saves = 0
        self._pool: AsyncConnectionPool[Connection] | None = None
        self._opening = asyncio.Lock()
        self._last_used: weakref.WeakKeyDictionary[Connection, float] = weakref.WeakKeyDictionary()

    # Plumbing ---------------------------------------------------------------------------------

    def _unavailable(self, exc: BaseException) -> StoreUnavailable:
        """The StoreUnavailable for a server-away error, its message without the password."""
        detail = scrub(str(exc), self._url) or exc.__class__.__name__
        return StoreUnavailable(f"the PostgreSQL store {self.where} (STORE_URL) is unavailable: {detail}")

    async def _first_connection(self) -> Connection:
        """One connection, its failure sorted into ConfigError (settings) or StoreUnavailable (server)."""
        try:
            return await psycopg.AsyncConnection.connect(
                self._url, autocommit=True, connect_timeout=self.connect_timeout, application_name="careerbot"
            )
        except psycopg.OperationalError as exc:
            detail = scrub(str(exc), self._url)
            if any(problem in detail.lower() for problem in _CONFIG_PROBLEMS):
                raise ConfigError(f"STORE_URL {self.where} cannot be used: {detail}") from None
            raise self._unavailable(exc) from None
        except psycopg.Error as exc:  # e.g. an option libpq does not know
            detail = scrub(str(exc), self._url)
            raise ConfigError(f"STORE_URL {self.where} cannot be used: {detail}") from None

    async def open(self) -> None:
        """Connect, apply pending migrations, and fill the pool (nothing if already open)."""
        async with self._opening:
            if self._pool is not None:
                return
            conn = await self._first_connection()
            try:
                await migrate(conn)
            except psycopg.errors.InsufficientPrivilege as exc:
                raise ConfigError(
                    f"STORE_URL {self.where}: the user may not create careerbot's tables: "
                    f"{scrub(str(exc), self._url)}"
                ) from None
            except _UNAVAILABLE as exc:
                raise self._unavailable(exc) from None
            finally:
                await conn.close()
            pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
                self._url,
                min_size=self.min_size,
                max_size=self.max_size,
                open=False,
                name="careerbot-store",
                timeout=self.timeout,
                # A reconnection gives up quickly; the pool then grows again on demand, so a call
                # after the server is back connects at once instead of waiting out a long backoff.
                reconnect_timeout=max(1.0, self.timeout),
                kwargs={
                    "autocommit": True,
                    "connect_timeout": self.connect_timeout,
                    "application_name": "careerbot",
                },
            )
            try:
                await pool.open(wait=True, timeout=self.timeout)
            except BaseException as exc:
                await pool.close()
                if isinstance(exc, psycopg.OperationalError):
                    raise self._unavailable(exc) from None
                raise
            self._pool = pool

    async def close(self) -> None:
        """Close the pool (a later call opens the store again)."""
        async with self._opening:
            pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def _ready(self) -> AsyncConnectionPool[Connection]:
        """The pool, opening the store first if it is closed."""
        pool = self._pool
        if pool is None:
            await self.open()
            pool = self._pool
            assert pool is not None
        return pool

    async def _checked(self, pool: AsyncConnectionPool[Connection], wait: float) -> Connection:
        """A connection from the pool; one idle for long is pinged first, and replaced if it broke."""
        conn = await pool.getconn(wait)
        fresh = time.monotonic() - self._last_used.get(conn, 0.0) <= self.ping_idle_after
        if fresh and not self._suspect:  # after a failure every connection is pinged once more
            return conn
        try:
            await conn.execute("")
            return conn
        except BaseException as exc:
            await pool.putconn(conn)  # broken (or cancelled mid-ping): the pool checks and maybe discards it
            if not isinstance(exc, psycopg.Error):
                raise
        await pool.check()  # the other idle connections probably broke the same way
        return await pool.getconn(wait)

    @asynccontextmanager
    async def _connection(self, wait: float | None = None) -> AsyncIterator[Connection]:
        """A pooled connection (waiting up to ``wait`` s); server-away errors become StoreUnavailable."""
        pool = await self._ready()
        try:
            conn = await self._checked(pool, self.timeout if wait is None else wait)
        except _UNAVAILABLE as exc:
            raise self._unavailable(exc) from None
        try:
            yield conn
            self._suspect = False
        except _UNAVAILABLE as exc:
            self._suspect = True  # its siblings in the pool may have broken the same way
            raise self._unavailable(exc) from None
        finally:
            self._last_used[conn] = time.monotonic()
            await pool.putconn(conn)

    async def _execute(self, query: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one statement; return its row count."""
        async with self._connection() as conn:
            cursor = await conn.execute(query, params)
            return int(cursor.rowcount)

    async def _fetch(self, query: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        """Run one query; return its rows."""
        async with self._connection() as conn:
            cursor = await conn.execute(query, params)
            return await cursor.fetchall()

    async def healthy(self) -> bool:
        """``SELECT 1`` answered within ``health_timeout`` (``False`` when closed or unreachable)."""
        if self._pool is None:
            return False
        try:
            async with asyncio.timeout(self.health_timeout), self._connection(self.health_timeout) as conn:
                await conn.execute("SELECT 1")
        except (psycopg.Error, StoreUnavailable, TimeoutError):
            return False
        return True

    async def schema_version(self) -> int:
        """The highest version recorded in ``schema_migrations`` (0 before the first open)."""
        rows = await self._fetch(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"
            if await self._fetch("SELECT to_regclass('schema_migrations')") != [(None,)]
            else "SELECT 0"
        )
        return int(rows[0][0])
