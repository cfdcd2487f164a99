"""The SQLite store's connection and the store thread every call runs on (open, close, health)."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.errors import ConfigError, StoreUnavailable
from bot.store.base import MAX_GAPS, MAX_OWNERS, OWNER_TRIM_EVERY
from bot.store.reader import FileId, LoopReader, file_id
from bot.store.sqlite.schema import migrate
from bot.store.thread import StoreThread

_T = TypeVar("_T")


class SqliteConnection:
    """The plumbing every part of :class:`~bot.store.sqlite.SqliteStore` shares (its arguments are
    described there): the connection, opened and migrated on first use, the store thread that runs
    every call on it, and the loop reader for the point reads a free-text question waits for."""

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
        """``fn(*args)`` on the store thread; an :class:`sqlite3.OperationalError` is StoreUnavailable."""
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
        """``statements`` in one write transaction (store thread only), rolled back if they fail."""
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
