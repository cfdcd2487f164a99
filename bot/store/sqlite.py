"""The default store: one SQLite file, queried on a dedicated thread.

Every query runs on a single-thread executor that owns the connection, so
the event loop never waits on disk and the queries of one process are
serialised (SQLite's WAL mode lets other processes, such as
``careerbot report gaps``, read at the same time).  The schema is versioned
with ``PRAGMA user_version``; :data:`MIGRATIONS` are applied in order when the
store opens, each in its own transaction.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from bot.errors import ConfigError
from bot.store.base import Checklist, Forgotten, Gap, QuizRecord

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
)
"""Schema migrations: migration ``n`` (1-based) brings ``user_version`` from ``n - 1`` to ``n``."""

SCHEMA_VERSION = len(MIGRATIONS)
MAX_GAPS = 5000
"""Distinct gap questions kept; beyond that the rarest, oldest ones are dropped."""
_SEPARATOR = ","


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
    """Implements :class:`~bot.store.base.Store` on an SQLite file (created, with its folder, on open)."""

    def __init__(self, path: Path | str, *, max_gaps: int = MAX_GAPS) -> None:
        self.path = Path(path)
        self.max_gaps = max_gaps
        self._executor: ThreadPoolExecutor | None = None
        self._conn: sqlite3.Connection | None = None

    # Plumbing ---------------------------------------------------------------------------------

    async def _run(self, fn: Callable[..., _T], *args: object) -> _T:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="careerbot-store")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args))

    def _db(self) -> sqlite3.Connection:
        """The connection (store thread only), opened and migrated on first use."""
        if self._conn is not None:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
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
        self._conn = conn
        return conn

    def _write(self, statements: Callable[[sqlite3.Connection], _T]) -> _T:
        conn = self._db()
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = statements(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    async def open(self) -> None:
        """Create the file if needed and apply pending migrations."""
        await self._run(self._db)

    async def close(self) -> None:
        """Close the connection and stop the store thread (a later call reopens)."""
        if self._executor is None:
            return

        def shut() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        await self._run(shut)
        executor, self._executor = self._executor, None
        executor.shutdown(wait=False)

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
            return Forgotten(quiz > 0, skills, roles)

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
