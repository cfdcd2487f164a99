"""The default store: one SQLite file, written on a dedicated thread.

Every write, and every read but three, runs on one thread
(:class:`~bot.store.thread.StoreThread`) that owns the connection, so the event
loop never waits on a write and the writes of one process are serialised
(SQLite's WAL mode lets other processes, such as ``careerbot report gaps``, read
at the same time).  The three point reads a free-text question waits for (its
user's language choice, its conversation's context, both at once) are made in
the calling thread, on a read-only connection of their own that WAL mode lets
see the last committed write (:class:`~bot.store.reader.LoopReader`, which
says when and why the store thread reads instead).  The schema is versioned
with ``PRAGMA user_version``; :data:`MIGRATIONS` are applied in order when the
store opens, each in its own transaction.

Faults: problems at open (a folder that cannot be created, a file that is not
a database, a schema newer than this careerbot) are
:class:`~bot.errors.ConfigError`; any :class:`sqlite3.OperationalError` in a
later call (database locked for longer than ``timeout``, disk full or failing)
is :class:`~bot.errors.StoreUnavailable`, and the next call tries again.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

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
from bot.store.reader import FileId, LoopReader, file_id
from bot.store.thread import StoreThread

log = logging.getLogger("careerbot.store")

_T = TypeVar("_T")

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: quiz sessions and skill checklists.
    (
        "CREATE TABLE quiz_sessions (user_key TEXT PRIMARY KEY, version INTEGER NOT NULL,"
        " answers TEXT NOT NULL, updated REAL NOT NULL) WITHOUT ROWID",
        "CREATE INDEX quiz_sessions_updated ON quiz_sessions (updated)",
        "CREATE TABLE skill_marks (user_key TEXT NOT NULL, skill_id TEXT NOT NULL,"
        " PRIMARY KEY (user_key, skill_id)) WITHOUT ROWID",
        "CREATE TABLE checklists (user_key TEXT NOT NULL, career_id TEXT NOT NULL,"
        " position INTEGER NOT NULL, PRIMARY KEY (user_key, career_id)) WITHOUT ROWID",
    ),
    # 2: content gaps (questions answered unsure; no user ids).
    (
        "CREATE TABLE gaps (question TEXT PRIMARY KEY, count INTEGER NOT NULL,"
        " first_seen REAL NOT NULL, last_seen REAL NOT NULL)",
        "CREATE INDEX gaps_rank ON gaps (count DESC, last_seen DESC)",
    ),
    # 3: conversation contexts, claimed platform updates, message owners, language choices.
    (
        "CREATE TABLE contexts (user_key TEXT NOT NULL, conversation TEXT NOT NULL, topics TEXT NOT NULL,"
        " listed TEXT NOT NULL, updated REAL NOT NULL, PRIMARY KEY (user_key, conversation)) WITHOUT ROWID",
        "CREATE INDEX contexts_updated ON contexts (updated)",
        "CREATE TABLE claimed_updates (update_key TEXT PRIMARY KEY, claimed REAL NOT NULL) WITHOUT ROWID",
        "CREATE INDEX claimed_updates_claimed ON claimed_updates (claimed)",
        "CREATE TABLE message_owners (message TEXT PRIMARY KEY, user_key TEXT NOT NULL,"
        " created REAL NOT NULL) WITHOUT ROWID",
        "CREATE INDEX message_owners_created ON message_owners (created, message)",
        "CREATE INDEX message_owners_user ON message_owners (user_key)",
        "CREATE TABLE languages (user_key TEXT PRIMARY KEY, language TEXT NOT NULL) WITHOUT ROWID",
    ),
    # 4: recorded incoming updates (crash-safe intake: held under a lease until answered).
    (
        "CREATE TABLE intake (update_key TEXT PRIMARY KEY, payload TEXT NOT NULL, received REAL NOT NULL,"
        " holder TEXT NOT NULL, lease_until REAL NOT NULL, answered REAL)",
        "CREATE INDEX intake_received ON intake (received)",
        "CREATE INDEX intake_open ON intake (lease_until) WHERE answered IS NULL",
        "CREATE INDEX intake_holder ON intake (holder) WHERE answered IS NULL",
    ),
)
"""Schema migrations: migration ``n`` (1-based) brings ``user_version`` from ``n - 1`` to ``n``."""

SCHEMA_VERSION = len(MIGRATIONS)
_LANGUAGE_AND_CONTEXT = (
    "SELECT (SELECT language FROM languages WHERE user_key = ?), c.topics, c.listed, c.updated"
    " FROM (SELECT 1) AS one LEFT JOIN contexts AS c ON c.user_key = ? AND c.conversation = ?"
)
"""One row: the user's language (or NULL) and the conversation's context (or NULLs)."""
_LANGUAGE = "SELECT language FROM languages WHERE user_key = ?"
_CONTEXT = "SELECT topics, listed, updated FROM contexts WHERE user_key = ? AND conversation = ?"
_SEPARATOR = ","


def _refs(text: object) -> tuple[str, ...]:
    """A tuple of refs from its JSON column."""
    return tuple(str(item) for item in json.loads(str(text)))


def migrate(conn: sqlite3.Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> int:
    """Apply the pending migrations to an autocommit connection; return the schema version."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current > len(migrations):
                raise ConfigError(
                    f"the store's schema version is {current}, newer than this careerbot knows "
                    f"({len(migrations)}): upgrade careerbot or point STORE_PATH elsewhere"
                )
            if current == len(migrations):
                conn.execute("COMMIT")
                return current
            for statement in migrations[current]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
            log.info("store schema migrated to version %d", current + 1)
        except BaseException:
            conn.execute("ROLLBACK")
            raise


class SqliteStore:
    """Implements :class:`~bot.store.base.Store` on an SQLite file (created, with its folder, on open).

    ``timeout`` is how long a write waits for another process's lock before the call
    raises :class:`~bot.errors.StoreUnavailable`.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        max_gaps: int = MAX_GAPS,
        max_owners: int = MAX_OWNERS,
        owner_trim_every: int = OWNER_TRIM_EVERY,
        timeout: float = 5.0,
    ) -> None:
        self.path = Path(path)
        self.max_gaps = max_gaps
        self.max_owners = max_owners
        self.owner_trim_every = max(1, owner_trim_every)
        self.timeout = timeout
        self._owner_saves = 0
        self._thread: StoreThread | None = None
        self._conn: sqlite3.Connection | None = None
        self._file: FileId | None = None
        """The file the connection opened, once open (and migrated): the reader reads only that one."""
        self._reader = LoopReader(self.path)
        self._closing = False

    # Plumbing ---------------------------------------------------------------------------------

    async def _run(self, fn: Callable[..., _T], *args: object) -> _T:
        if self._thread is None:
            self._thread = StoreThread("careerbot-store")
        try:
            return await self._thread.run(functools.partial(fn, *args) if args else fn)
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"the store {self.path} is unavailable: {exc}") from exc

    async def _read(self, sql: str, params: tuple[object, ...], shape: Callable[[list[Any]], _T]) -> _T:
        """``shape`` of a read-only query's rows: read in the calling thread when the loop reader
        answers (the store open, its file still there and quick), else on the store thread."""
        file = self._file
        if file is not None and not self._closing:
            rows = self._reader.rows(sql, params, file)
            if rows is not None:
                return shape(rows)
        return await self._run(lambda: shape(self._db().execute(sql, params).fetchall()))

    def _db(self) -> sqlite3.Connection:
        """The connection (store thread only), opened and migrated on first use."""
        if self._conn is not None:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=self.timeout)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open the store {self.path} (STORE_PATH/DATA_DIR): {exc}") from None
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise ConfigError(f"cannot use the store {self.path} (STORE_PATH/DATA_DIR): {exc}") from None
        except BaseException:
            conn.close()
            raise
        try:
            self._file = file_id(self.path)
        except OSError:  # gone already: the store thread alone reads
            self._file = None
        self._conn = conn
        return conn

    def _write(self, statements: Callable[[sqlite3.Connection], _T]) -> _T:
        conn = self._db()
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = statements(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):  # keep the original error
                    conn.execute("ROLLBACK")
            raise
        return result

    async def open(self) -> None:
        """Create the file if needed and apply pending migrations."""
        await self._run(self._db)

    async def close(self) -> None:
        """Close the connections and stop the store thread (a later call reopens)."""
        self._reader.close()
        if self._thread is None:
            return

        def shut() -> None:
            self._file = None
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        self._closing = True  # no read in the loop reopens the reader meanwhile
        try:
            await self._run(shut)
        finally:
            self._closing = False
        thread, self._thread = self._thread, None
        thread.stop()

    async def healthy(self) -> bool:
        """``True`` when the store is open and its file answers a trivial query."""
        if self._conn is None or self._thread is None:
            return False

        def probe() -> None:
            self._db().execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()

        try:
            await self._run(probe)
        except (sqlite3.Error, ConfigError, StoreUnavailable, RuntimeError):
            return False
        return True

    def schema_version(self) -> int:
        """The schema version of the file (opens it in the calling thread; for tools and tests)."""
        with sqlite3.connect(self.path) as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    # Quiz sessions ----------------------------------------------------------------------------

    async def load_quiz(self, user: str) -> QuizRecord | None:
        """See :class:`~bot.store.base.Store`."""

        def load() -> QuizRecord | None:
            row = (
                self._db()
                .execute("SELECT version, answers, updated FROM quiz_sessions WHERE user_key = ?", (user,))
                .fetchone()
            )
            if row is None:
                return None
            answers = tuple(a for a in str(row[1]).split(_SEPARATOR) if a)
            return QuizRecord(int(row[0]), answers, float(row[2]))

        return await self._run(load)

    async def save_quiz(self, user: str, record: QuizRecord, expected: int | None) -> bool:
        """See :class:`~bot.store.base.Store` (one conditional statement: atomic)."""
        answers = _SEPARATOR.join(record.answers)

        def save(conn: sqlite3.Connection) -> bool:
            if expected is None:
                cursor = conn.execute(
                    "INSERT INTO quiz_sessions (user_key, version, answers, updated) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (user_key) DO NOTHING",
                    (user, record.version, answers, record.updated),
                )
            else:
                cursor = conn.execute(
                    "UPDATE quiz_sessions SET version = ?, answers = ?, updated = ?"
                    " WHERE user_key = ? AND version = ?",
                    (record.version, answers, record.updated, user, expected),
                )
            return cursor.rowcount == 1

        return await self._run(self._write, save)

    async def purge_quizzes(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""

        def purge(conn: sqlite3.Connection) -> int:
            return conn.execute("DELETE FROM quiz_sessions WHERE updated < ?", (updated_before,)).rowcount

        return await self._run(self._write, purge)

    # Checklists -------------------------------------------------------------------------------

    async def load_checklist(self, user: str) -> Checklist:
        """See :class:`~bot.store.base.Store`."""

        def load() -> Checklist:
            conn = self._db()
            skills = conn.execute("SELECT skill_id FROM skill_marks WHERE user_key = ?", (user,)).fetchall()
            roles = conn.execute(
                "SELECT career_id FROM checklists WHERE user_key = ? ORDER BY position", (user,)
            ).fetchall()
            return Checklist(frozenset(str(s[0]) for s in skills), tuple(str(r[0]) for r in roles))

        return await self._run(load)

    async def mark_skill(self, user: str, skill: str, have: bool, role: str | None) -> None:
        """See :class:`~bot.store.base.Store`."""

        def mark(conn: sqlite3.Connection) -> None:
            if have:
                conn.execute(
                    "INSERT INTO skill_marks (user_key, skill_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (user, skill),
                )
            else:
                conn.execute("DELETE FROM skill_marks WHERE user_key = ? AND skill_id = ?", (user, skill))
            if role is not None:
                conn.execute(
                    "INSERT INTO checklists (user_key, career_id, position) VALUES (?, ?,"
                    " (SELECT COALESCE(MAX(position), 0) + 1 FROM checklists WHERE user_key = ?))"
                    " ON CONFLICT DO NOTHING",
                    (user, role, user),
                )

        await self._run(self._write, mark)

    async def forget(self, user: str) -> Forgotten:
        """See :class:`~bot.store.base.Store` (one transaction)."""

        def forget(conn: sqlite3.Connection) -> Forgotten:
            quiz = conn.execute("DELETE FROM quiz_sessions WHERE user_key = ?", (user,)).rowcount
            skills = conn.execute("DELETE FROM skill_marks WHERE user_key = ?", (user,)).rowcount
            roles = conn.execute("DELETE FROM checklists WHERE user_key = ?", (user,)).rowcount
            contexts = conn.execute("DELETE FROM contexts WHERE user_key = ?", (user,)).rowcount
            language = conn.execute("DELETE FROM languages WHERE user_key = ?", (user,)).rowcount
            conn.execute("DELETE FROM message_owners WHERE user_key = ?", (user,))
            return Forgotten(quiz > 0, skills, roles, contexts, language > 0)

        return await self._run(self._write, forget)

    # Content gaps -----------------------------------------------------------------------------

    async def record_gap(self, question: str, now: float) -> None:
        """See :class:`~bot.store.base.Store`; keeps at most ``max_gaps`` distinct questions."""

        def record(conn: sqlite3.Connection) -> None:
            updated = conn.execute(
                "UPDATE gaps SET count = count + 1, last_seen = ? WHERE question = ?", (now, question)
            ).rowcount
            if updated:
                return
            conn.execute(
                "INSERT INTO gaps (question, count, first_seen, last_seen) VALUES (?, 1, ?, ?)",
                (question, now, now),
            )
            extra = int(conn.execute("SELECT COUNT(*) FROM gaps").fetchone()[0]) - self.max_gaps
            if extra > 0:
                conn.execute(
                    "DELETE FROM gaps WHERE question IN (SELECT question FROM gaps"
                    " WHERE question != ? ORDER BY count, last_seen LIMIT ?)",
                    (question, extra),
                )

        await self._run(self._write, record)

    async def top_gaps(self, limit: int) -> list[Gap]:
        """See :class:`~bot.store.base.Store`."""

        def top() -> list[Gap]:
            rows = (
                self._db()
                .execute(
                    "SELECT question, count, first_seen, last_seen FROM gaps"
                    " ORDER BY count DESC, last_seen DESC LIMIT ?",
                    (max(0, limit),),
                )
                .fetchall()
            )
            return [Gap(str(q), int(c), float(f), float(last)) for q, c, f, last in rows]

        return await self._run(top)

    # Conversation contexts --------------------------------------------------------------------

    async def load_context(self, user: str, conversation: str) -> Context | None:
        """See :class:`~bot.store.base.Store` (read in the calling thread when it can be)."""

        def shape(rows: list[Any]) -> Context | None:
            return Context(_refs(rows[0][0]), _refs(rows[0][1]), float(rows[0][2])) if rows else None

        return await self._read(_CONTEXT, (user, conversation), shape)

    async def save_context(self, user: str, conversation: str, context: Context) -> None:
        """See :class:`~bot.store.base.Store` (one upsert)."""
        topics, listed = json.dumps(list(context.topics)), json.dumps(list(context.listed))

        def save(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO contexts (user_key, conversation, topics, listed, updated)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (user_key, conversation) DO UPDATE SET topics = excluded.topics,"
                " listed = excluded.listed, updated = excluded.updated",
                (user, conversation, topics, listed, context.updated),
            )

        await self._run(self._write, save)

    async def purge_contexts(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""

        def purge(conn: sqlite3.Connection) -> int:
            return conn.execute("DELETE FROM contexts WHERE updated < ?", (updated_before,)).rowcount

        return await self._run(self._write, purge)

    # Claimed platform updates -----------------------------------------------------------------

    async def claim_update(self, key: str, now: float) -> bool:
        """See :class:`~bot.store.base.Store` (one conditional insert under SQLite's write lock)."""

        def claim(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "INSERT INTO claimed_updates (update_key, claimed) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (key, now),
            )
            return cursor.rowcount == 1

        return await self._run(self._write, claim)

    async def purge_updates(self, before: float) -> int:
        """See :class:`~bot.store.base.Store`."""

        def purge(conn: sqlite3.Connection) -> int:
            claims = conn.execute("DELETE FROM claimed_updates WHERE claimed < ?", (before,)).rowcount
            return claims + conn.execute("DELETE FROM intake WHERE received < ?", (before,)).rowcount

        return await self._run(self._write, purge)

    # Recorded incoming updates ----------------------------------------------------------------

    async def record_updates(
        self, updates: Sequence[tuple[str, str]], holder: str, now: float, lease_until: float
    ) -> list[str]:
        """See :class:`~bot.store.base.Store` (one transaction under SQLite's write lock)."""
        rows = list(dict(updates).items())

        def record(conn: sqlite3.Connection) -> list[str]:
            held = []
            for key, payload in rows:
                row = conn.execute(
                    "INSERT INTO intake (update_key, payload, received, holder, lease_until)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (update_key) DO UPDATE SET holder = excluded.holder,"
                    " lease_until = excluded.lease_until WHERE intake.answered IS NULL"
                    " AND (intake.lease_until <= ? OR intake.holder = excluded.holder) RETURNING update_key",
                    (key, payload, now, holder, lease_until, now),
                ).fetchone()
                if row is not None:
                    held.append(str(row[0]))
            return held

        return await self._run(self._write, record)

    async def claim_pending(
        self, holder: str, now: float, lease_until: float, limit: int
    ) -> list[PendingUpdate]:
        """See :class:`~bot.store.base.Store`."""

        def claim(conn: sqlite3.Connection) -> list[PendingUpdate]:
            rows = conn.execute(
                "SELECT update_key, payload, received FROM intake WHERE answered IS NULL AND lease_until <= ?"
                " ORDER BY received LIMIT ?",
                (now, max(0, limit)),
            ).fetchall()
            conn.executemany(
                "UPDATE intake SET holder = ?, lease_until = ? WHERE update_key = ?",
                [(holder, lease_until, row[0]) for row in rows],
            )
            return [PendingUpdate(str(k), str(p), float(r)) for k, p, r in rows]

        return await self._run(self._write, claim)

    async def renew_updates(self, holder: str, lease_until: float) -> int:
        """See :class:`~bot.store.base.Store`."""

        def renew(conn: sqlite3.Connection) -> int:
            return conn.execute(
                "UPDATE intake SET lease_until = ? WHERE holder = ? AND answered IS NULL",
                (lease_until, holder),
            ).rowcount

        return await self._run(self._write, renew)

    async def release_updates(self, holder: str) -> int:
        """See :class:`~bot.store.base.Store`."""
        return await self.renew_updates(holder, 0.0)

    async def finish_updates(self, keys: Sequence[str], now: float) -> None:
        """See :class:`~bot.store.base.Store` (one transaction)."""
        rows = [(now, key) for key in keys]

        def finish(conn: sqlite3.Connection) -> None:
            conn.executemany("UPDATE intake SET answered = ?, payload = '' WHERE update_key = ?", rows)

        await self._run(self._write, finish)

    # Message owners ---------------------------------------------------------------------------

    async def save_owner(self, message: str, user: str, now: float) -> None:
        """See :class:`~bot.store.base.Store`; trims to ``max_owners`` every ``owner_trim_every`` calls."""
        trim = self._owner_saves % self.owner_trim_every == 0
        self._owner_saves += 1

        def save(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO message_owners (message, user_key, created) VALUES (?, ?, ?)"
                " ON CONFLICT (message) DO UPDATE SET user_key = excluded.user_key,"
                " created = excluded.created",
                (message, user, now),
            )
            if trim:
                conn.execute(
                    "DELETE FROM message_owners WHERE message IN (SELECT message FROM message_owners"
                    " ORDER BY created DESC, message DESC LIMIT -1 OFFSET ?)",
                    (self.max_owners,),
                )

        await self._run(self._write, save)

    async def load_owner(self, message: str) -> str | None:
        """See :class:`~bot.store.base.Store`."""

        def load() -> str | None:
            row = (
                self._db()
                .execute("SELECT user_key FROM message_owners WHERE message = ?", (message,))
                .fetchone()
            )
            return None if row is None else str(row[0])

        return await self._run(load)

    # Language choices -------------------------------------------------------------------------

    async def load_language(self, user: str) -> str | None:
        """See :class:`~bot.store.base.Store` (read in the calling thread when it can be)."""
        return await self._read(_LANGUAGE, (user,), lambda rows: str(rows[0][0]) if rows else None)

    async def load_language_and_context(
        self, user: str, conversation: str
    ) -> tuple[str | None, Context | None]:
        """See :class:`~bot.store.base.Store` (one query; read in the calling thread when it can be,
        else one trip to the store thread)."""

        def shape(rows: list[Any]) -> tuple[str | None, Context | None]:
            language, topics, listed, updated = rows[0]
            context = None if topics is None else Context(_refs(topics), _refs(listed), float(updated))
            return None if language is None else str(language), context

        return await self._read(_LANGUAGE_AND_CONTEXT, (user, user, conversation), shape)

    async def save_language(self, user: str, language: str | None) -> None:
        """See :class:`~bot.store.base.Store`."""

        def save(conn: sqlite3.Connection) -> None:
            if language is None:
                conn.execute("DELETE FROM languages WHERE user_key = ?", (user,))
            else:
                conn.execute(
                    "INSERT INTO languages (user_key, language) VALUES (?, ?)"
                    " ON CONFLICT (user_key) DO UPDATE SET language = excluded.language",
                    (user, language),
                )

        await self._run(self._write, save)
