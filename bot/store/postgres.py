"""A store on a PostgreSQL server (``STORE_URL=postgresql://...``), for several replicas sharing state.

Connections come from a :class:`psycopg_pool.AsyncConnectionPool` (autocommit;
every write is one statement, so each is atomic on its own).  The schema is
versioned in the table ``schema_migrations``: :data:`MIGRATIONS` are applied in
order when the store opens, in one transaction holding a transaction-level
advisory lock, so replicas starting at once migrate exactly once; a database
at a newer version than this careerbot is refused (:class:`ConfigError`).

Faults: at :meth:`PostgresStore.open`, a wrong user, password or database name
is a :class:`~bot.errors.ConfigError` naming ``STORE_URL``; an unreachable server
is :class:`~bot.errors.StoreUnavailable` (retry: see
:func:`bot.store.url.open_with_retry`).  Later, while the server is away, calls
raise :class:`~bot.errors.StoreUnavailable` within about ``timeout`` seconds; the
pool reconnects by itself, and once the server is back the next call works.
A connection idle for more than :data:`PING_IDLE_AFTER` seconds is checked
before use (one empty round trip) so a server restart does not fail a call on
a stale connection.  No message or log line shows the password.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg.rows import TupleRow
from psycopg_pool import AsyncConnectionPool

from bot.errors import ConfigError, StoreUnavailable
from bot.store.base import (
    MAX_GAPS,
    MAX_OWNERS,
    OWNER_TRIM_EVERY,
    Checklist,
    Context,
    Forgotten,
    Gap,
    PendingUpdate,
    QuizRecord,
)
from bot.store.url import check_url, mask_url, scrub

log = logging.getLogger("careerbot.store")

Connection = psycopg.AsyncConnection[TupleRow]

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: quiz sessions and skill checklists.
    (
        "CREATE TABLE quiz_sessions (user_key TEXT PRIMARY KEY, version BIGINT NOT NULL,"
        " answers TEXT[] NOT NULL, updated DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX quiz_sessions_updated ON quiz_sessions (updated)",
        "CREATE TABLE skill_marks (user_key TEXT NOT NULL, skill_id TEXT NOT NULL,"
        " PRIMARY KEY (user_key, skill_id))",
        "CREATE TABLE checklists (user_key TEXT NOT NULL, career_id TEXT NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (user_key, career_id))",
    ),
    # 2: content gaps (questions answered unsure; no user ids).
    (
        "CREATE TABLE gaps (question TEXT PRIMARY KEY, count INTEGER NOT NULL,"
        " first_seen DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX gaps_rank ON gaps (count DESC, last_seen DESC)",
    ),
    # 3: conversation contexts, claimed platform updates, message owners, language choices.
    (
        "CREATE TABLE contexts (user_key TEXT NOT NULL, conversation TEXT NOT NULL, topics TEXT[] NOT NULL,"
        " listed TEXT[] NOT NULL, updated DOUBLE PRECISION NOT NULL, PRIMARY KEY (user_key, conversation))",
        "CREATE INDEX contexts_updated ON contexts (updated)",
        "CREATE TABLE claimed_updates (update_key TEXT PRIMARY KEY, claimed DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX claimed_updates_claimed ON claimed_updates (claimed)",
        "CREATE TABLE message_owners (message TEXT PRIMARY KEY, user_key TEXT NOT NULL,"
        " created DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX message_owners_created ON message_owners (created, message)",
        "CREATE INDEX message_owners_user ON message_owners (user_key)",
        "CREATE TABLE languages (user_key TEXT PRIMARY KEY, language TEXT NOT NULL)",
    ),
    # 4: recorded incoming updates (crash-safe intake: held under a lease until answered).
    (
        "CREATE TABLE intake (update_key TEXT PRIMARY KEY, payload TEXT NOT NULL,"
        " received DOUBLE PRECISION NOT NULL, holder TEXT NOT NULL, lease_until DOUBLE PRECISION NOT NULL,"
        " answered DOUBLE PRECISION)",
        "CREATE INDEX intake_received ON intake (received)",
        "CREATE INDEX intake_open ON intake (lease_until, received) WHERE answered IS NULL",
        "CREATE INDEX intake_holder ON intake (holder) WHERE answered IS NULL",
    ),
)
"""Schema migrations: migration ``n`` (1-based) is recorded as version ``n`` in ``schema_migrations``."""

SCHEMA_VERSION = len(MIGRATIONS)
MIGRATION_LOCK = int.from_bytes(b"careerbt", "big")
"""The ``pg_advisory_xact_lock`` key held while migrating (per database)."""
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


async def migrate(conn: Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> int:
    """Apply pending migrations (autocommit connection; holds the advisory lock); return the version."""
    applied: list[int] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
            " applied DOUBLE PRECISION NOT NULL)"
        )
        cursor = await conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        row = await cursor.fetchone()
        current = int(row[0]) if row is not None else 0
        if current > len(migrations):
            raise ConfigError(
                f"the store's schema version is {current}, newer than this careerbot knows "
                f"({len(migrations)}): upgrade careerbot or point STORE_URL elsewhere"
            )
        for version in range(current + 1, len(migrations) + 1):
            for statement in migrations[version - 1]:
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_migrations (version, applied) VALUES (%s, %s)", (version, time.time())
            )
            applied.append(version)
    for version in applied:
        log.info("store schema migrated to version %d", version)
    return len(migrations)


class PostgresStore:
    """Implements :class:`~bot.store.base.Store` on PostgreSQL.

    ``timeout``: how long a call waits for a connection (so, while the server is away, how
    long until it raises StoreUnavailable); ``connect_timeout``: per connection attempt;
    ``health_timeout``: the budget of :meth:`healthy`; ``ping_idle_after``: see
    :data:`PING_IDLE_AFTER`.  ``min_size``/``max_size`` bound the pool.  The URL is checked at
    once (ConfigError naming STORE_URL); nothing connects before :meth:`open` or the first call.
    Use one store from one event loop (the pool belongs to the loop that opened it).
    """

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

    def __repr__(self) -> str:
        return f"PostgresStore({self.where!r})"

    # Plumbing ---------------------------------------------------------------------------------

    def _unavailable(self, exc: BaseException) -> StoreUnavailable:
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

    # Quiz sessions ----------------------------------------------------------------------------

    async def load_quiz(self, user: str) -> QuizRecord | None:
        """See :class:`~bot.store.base.Store`."""
        rows = await self._fetch(
            "SELECT version, answers, updated FROM quiz_sessions WHERE user_key = %s", (user,)
        )
        if not rows:
            return None
        version, answers, updated = rows[0]
        return QuizRecord(int(version), tuple(answers), float(updated))

    async def save_quiz(self, user: str, record: QuizRecord, expected: int | None) -> bool:
        """See :class:`~bot.store.base.Store` (one conditional statement: atomic)."""
        answers = list(record.answers)
        if expected is None:
            count = await self._execute(
                "INSERT INTO quiz_sessions (user_key, version, answers, updated) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (user_key) DO NOTHING",
                (user, record.version, answers, record.updated),
            )
        else:
            count = await self._execute(
                "UPDATE quiz_sessions SET version = %s, answers = %s, updated = %s"
                " WHERE user_key = %s AND version = %s",
                (record.version, answers, record.updated, user, expected),
            )
        return count == 1

    async def purge_quizzes(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""
        return await self._execute("DELETE FROM quiz_sessions WHERE updated < %s", (updated_before,))

    # Checklists -------------------------------------------------------------------------------

    async def load_checklist(self, user: str) -> Checklist:
        """See :class:`~bot.store.base.Store` (one query)."""
        rows = await self._fetch(
            "SELECT 0, skill_id, 0 FROM skill_marks WHERE user_key = %(u)s"
            " UNION ALL SELECT 1, career_id, position FROM checklists WHERE user_key = %(u)s"
            " ORDER BY 1, 3",
            {"u": user},
        )
        skills = frozenset(str(ref) for kind, ref, _ in rows if kind == 0)
        return Checklist(skills, tuple(str(ref) for kind, ref, _ in rows if kind == 1))

    async def mark_skill(self, user: str, skill: str, have: bool, role: str | None) -> None:
        """See :class:`~bot.store.base.Store` (one statement: the mark and the role together)."""
        mark = (
            "INSERT INTO skill_marks (user_key, skill_id) VALUES (%(u)s, %(s)s) ON CONFLICT DO NOTHING"
            if have
            else "DELETE FROM skill_marks WHERE user_key = %(u)s AND skill_id = %(s)s"
        )
        if role is None:
            await self._execute(mark, {"u": user, "s": skill})
            return
        await self._execute(
            f"WITH mark AS ({mark}) INSERT INTO checklists (user_key, career_id, position)"
            " SELECT %(u)s, %(r)s, COALESCE(MAX(position), 0) + 1 FROM checklists WHERE user_key = %(u)s"
            " ON CONFLICT DO NOTHING",
            {"u": user, "s": skill, "r": role},
        )

    async def forget(self, user: str) -> Forgotten:
        """See :class:`~bot.store.base.Store` (one statement, so all or nothing)."""
        rows = await self._fetch(
            "WITH q AS (DELETE FROM quiz_sessions WHERE user_key = %(u)s RETURNING 1),"
            " s AS (DELETE FROM skill_marks WHERE user_key = %(u)s RETURNING 1),"
            " r AS (DELETE FROM checklists WHERE user_key = %(u)s RETURNING 1),"
            " c AS (DELETE FROM contexts WHERE user_key = %(u)s RETURNING 1),"
            " l AS (DELETE FROM languages WHERE user_key = %(u)s RETURNING 1),"
            " o AS (DELETE FROM message_owners WHERE user_key = %(u)s RETURNING 1)"
            " SELECT (SELECT COUNT(*) FROM q), (SELECT COUNT(*) FROM s), (SELECT COUNT(*) FROM r),"
            " (SELECT COUNT(*) FROM c), (SELECT COUNT(*) FROM l), (SELECT COUNT(*) FROM o)",
            {"u": user},
        )
        quiz, skills, roles, contexts, language, _ = (int(n) for n in rows[0])
        return Forgotten(quiz > 0, skills, roles, contexts, language > 0)

    # Content gaps -----------------------------------------------------------------------------

    async def record_gap(self, question: str, now: float) -> None:
        """See :class:`~bot.store.base.Store`; keeps at most ``max_gaps`` distinct questions."""
        rows = await self._fetch(
            "INSERT INTO gaps (question, count, first_seen, last_seen) VALUES (%s, 1, %s, %s)"
            " ON CONFLICT (question) DO UPDATE SET count = gaps.count + 1, last_seen = excluded.last_seen"
            " RETURNING count",
            (question, now, now),
        )
        if rows and int(rows[0][0]) == 1:  # a new question: drop the rarest, oldest beyond the cap
            await self._execute(
                "DELETE FROM gaps WHERE question IN (SELECT question FROM gaps WHERE question <> %s"
                " ORDER BY count, last_seen LIMIT GREATEST((SELECT COUNT(*) FROM gaps) - %s, 0))",
                (question, self.max_gaps),
            )

    async def top_gaps(self, limit: int) -> list[Gap]:
        """See :class:`~bot.store.base.Store`."""
        rows = await self._fetch(
            "SELECT question, count, first_seen, last_seen FROM gaps"
            " ORDER BY count DESC, last_seen DESC LIMIT %s",
            (max(0, limit),),
        )
        return [Gap(str(q), int(c), float(f), float(last)) for q, c, f, last in rows]

    # Conversation contexts --------------------------------------------------------------------

    async def load_context(self, user: str, conversation: str) -> Context | None:
        """See :class:`~bot.store.base.Store`."""
        rows = await self._fetch(
            "SELECT topics, listed, updated FROM contexts WHERE user_key = %s AND conversation = %s",
            (user, conversation),
        )
        if not rows:
            return None
        topics, listed, updated = rows[0]
        return Context(tuple(topics), tuple(listed), float(updated))

    async def save_context(self, user: str, conversation: str, context: Context) -> None:
        """See :class:`~bot.store.base.Store` (one upsert)."""
        await self._execute(
            "INSERT INTO contexts (user_key, conversation, topics, listed, updated)"
            " VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (user_key, conversation) DO UPDATE SET topics = excluded.topics,"
            " listed = excluded.listed, updated = excluded.updated",
            (user, conversation, list(context.topics), list(context.listed), context.updated),
        )

    async def purge_contexts(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""
        return await self._execute("DELETE FROM contexts WHERE updated < %s", (updated_before,))

    # Claimed platform updates -----------------------------------------------------------------

    async def claim_update(self, key: str, now: float) -> bool:
        """See :class:`~bot.store.base.Store` (INSERT ... ON CONFLICT DO NOTHING: atomic across processes)."""
        count = await self._execute(
            "INSERT INTO claimed_updates (update_key, claimed) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (key, now),
        )
        return count == 1

    async def purge_updates(self, before: float) -> int:
        """See :class:`~bot.store.base.Store` (one statement)."""
        rows = await self._fetch(
            "WITH c AS (DELETE FROM claimed_updates WHERE claimed < %(t)s RETURNING 1),"
            " i AS (DELETE FROM intake WHERE received < %(t)s RETURNING 1)"
            " SELECT (SELECT COUNT(*) FROM c) + (SELECT COUNT(*) FROM i)",
            {"t": before},
        )
        return int(rows[0][0])

    # Recorded incoming updates ----------------------------------------------------------------

    async def record_updates(
        self, updates: Sequence[tuple[str, str]], holder: str, now: float, lease_until: float
    ) -> list[str]:
        """See :class:`~bot.store.base.Store` (one INSERT ... ON CONFLICT: atomic across processes)."""
        rows = dict(sorted(dict(updates).items()))  # one lock order for every process: no deadlock
        if not rows:
            return []
        found = await self._fetch(
            "INSERT INTO intake (update_key, payload, received, holder, lease_until)"
            " SELECT k, p, %(now)s, %(h)s, %(until)s FROM unnest(%(k)s::text[], %(p)s::text[]) AS u (k, p)"
            " ON CONFLICT (update_key) DO UPDATE SET holder = excluded.holder,"
            " lease_until = excluded.lease_until WHERE intake.answered IS NULL"
            " AND (intake.lease_until <= %(now)s OR intake.holder = excluded.holder) RETURNING update_key",
            {"k": list(rows), "p": list(rows.values()), "now": now, "h": holder, "until": lease_until},
        )
        held = {str(row[0]) for row in found}
        return [key for key in dict(updates) if key in held]

    async def claim_pending(
        self, holder: str, now: float, lease_until: float, limit: int
    ) -> list[PendingUpdate]:
        """See :class:`~bot.store.base.Store` (rows another process is taking are skipped, not waited for)."""
        rows = await self._fetch(
            "UPDATE intake SET holder = %(h)s, lease_until = %(until)s WHERE update_key IN"
            " (SELECT update_key FROM intake WHERE answered IS NULL AND lease_until <= %(now)s"
            " ORDER BY received LIMIT %(n)s FOR UPDATE SKIP LOCKED)"
            " RETURNING update_key, payload, received",
            {"h": holder, "until": lease_until, "now": now, "n": max(0, limit)},
        )
        taken = [PendingUpdate(str(k), str(p), float(r)) for k, p, r in rows]
        return sorted(taken, key=lambda pending: pending.received)

    async def renew_updates(self, holder: str, lease_until: float) -> int:
        """See :class:`~bot.store.base.Store`."""
        return await self._execute(
            "UPDATE intake SET lease_until = %s WHERE holder = %s AND answered IS NULL", (lease_until, holder)
        )

    async def release_updates(self, holder: str) -> int:
        """See :class:`~bot.store.base.Store`."""
        return await self.renew_updates(holder, 0.0)

    async def finish_updates(self, keys: Sequence[str], now: float) -> None:
        """See :class:`~bot.store.base.Store` (one statement)."""
        if keys:
            await self._execute(
                "UPDATE intake SET answered = %s, payload = '' WHERE update_key = ANY(%s)", (now, list(keys))
            )

    # Message owners ---------------------------------------------------------------------------

    async def save_owner(self, message: str, user: str, now: float) -> None:
        """See :class:`~bot.store.base.Store`; trims to ``max_owners`` every ``owner_trim_every`` calls."""
        trim = self._owner_saves % self.owner_trim_every == 0
        self._owner_saves += 1
        await self._execute(
            "INSERT INTO message_owners (message, user_key, created) VALUES (%s, %s, %s)"
            " ON CONFLICT (message) DO UPDATE SET user_key = excluded.user_key,"
            " created = excluded.created",
            (message, user, now),
        )
        if trim:
            await self._execute(
                "DELETE FROM message_owners WHERE message IN (SELECT message FROM message_owners"
                " ORDER BY created DESC, message DESC OFFSET %s)",
                (self.max_owners,),
            )

    async def load_owner(self, message: str) -> str | None:
        """See :class:`~bot.store.base.Store`."""
        rows = await self._fetch("SELECT user_key FROM message_owners WHERE message = %s", (message,))
        return str(rows[0][0]) if rows else None

    # Language choices -------------------------------------------------------------------------

    async def load_language(self, user: str) -> str | None:
        """See :class:`~bot.store.base.Store`."""
        rows = await self._fetch("SELECT language FROM languages WHERE user_key = %s", (user,))
        return str(rows[0][0]) if rows else None

    async def load_language_and_context(
        self, user: str, conversation: str
    ) -> tuple[str | None, Context | None]:
        """See :class:`~bot.store.base.Store` (one query: one round trip, one snapshot)."""
        rows = await self._fetch(
            "SELECT (SELECT language FROM languages WHERE user_key = %s), c.topics, c.listed, c.updated"
            " FROM (SELECT 1) AS one LEFT JOIN contexts AS c ON c.user_key = %s AND c.conversation = %s",
            (user, user, conversation),
        )
        language, topics, listed, updated = rows[0]
        context = None if topics is None else Context(tuple(topics), tuple(listed), float(updated))
        return None if language is None else str(language), context

    async def save_language(self, user: str, language: str | None) -> None:
        """See :class:`~bot.store.base.Store`."""
        if language is None:
            await self._execute("DELETE FROM languages WHERE user_key = %s", (user,))
        else:
            await self._execute(
                "INSERT INTO languages (user_key, language) VALUES (%s, %s)"
                " ON CONFLICT (user_key) DO UPDATE SET language = excluded.language",
                (user, language),
            )
