"""Point reads of the SQLite store in the calling thread (the event loop's), on a read-only connection.

A trip to the store thread (:mod:`bot.store.thread`) costs two thread wake-ups, which on a
busy machine are most of what a follow-up question's context costs; a point SELECT by primary
key takes some 10-20 µs.  So :class:`LoopReader` makes the reads a free-text question waits
for (the user's /language choice, the conversation's context) where they are asked, on a
connection of its own, opened read-only (``mode=ro``: it never creates or migrates the file).
WAL mode lets it see the last write the store thread committed, without waiting on that
writer; each read is its own transaction, so it keeps no snapshot between reads (and never
holds a checkpoint back).

It answers ``None`` whenever it cannot answer right now, and the store then asks its own thread
as it does without this reader (the same errors, the same logs): on any :class:`sqlite3.Error`
(a file that went away, a broken one; the connection is closed), when the file at the path is
no longer the one the store's writer opened, and in a thread other than the one it connected in.
Its busy timeout is 0, but SQLite's WAL reader waits on its own while another process holds its
lock bytes (briefly, normally: recovery, a checkpoint), and a cold disk would wait too; so a read
that took longer than ``slow`` seconds, or failed, turns the reader off for ``pause`` seconds:
the event loop waits on such trouble once, not once per question.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger("careerbot.store")

SLOW_READ = 0.05
"""Seconds: a read slower than this (disk or lock trouble, not a point SELECT) pauses the reader."""
PAUSE = 60.0
"""Seconds the reader stays off after a slow or failed read."""

FileId = tuple[int, int]
"""``(st_dev, st_ino)``: which file a path names (see :func:`file_id`)."""


def file_id(path: Path) -> FileId:
    """The device and inode of the file at ``path`` (raises :class:`OSError` when there is none)."""
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


class LoopReader:
    """Read-only queries on ``path`` in the caller's thread, or ``None`` (see the module docstring).

    Not safe for concurrent use from several threads: it serves the one thread it connected in
    (an event loop's), and :meth:`close` may be called from any thread once that one is not reading.
    """

    def __init__(
        self,
        path: Path,
        *,
        slow: float = SLOW_READ,
        pause: float = PAUSE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = path
        self.slow = slow
        self.pause = pause
        self.clock = clock
        self._conn: sqlite3.Connection | None = None
        self._owner: int | None = None
        self._off_until = float("-inf")

    @property
    def connected(self) -> bool:
        """Whether its connection is open."""
        return self._conn is not None

    @property
    def paused(self) -> bool:
        """Whether it is off for now, after a slow or failed read."""
        return self.clock() < self._off_until

    def rows(self, sql: str, params: Sequence[object], expected: FileId) -> list[Any] | None:
        """The rows of one read-only query, read now, or ``None`` when the store thread should be
        asked instead.  ``expected`` is the file the store's writer opened: a connection is only
        made to that file (never raises)."""
        started = self.clock()
        if started < self._off_until or (self._conn is not None and self._owner != threading.get_ident()):
            return None
        try:
            conn = self._conn if self._conn is not None else self._connect(expected)
            if conn is None:
                self._off(started, "the file at the store's path is not the store's file")
                return None
            rows = conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            self.close()
            self._off(started, f"{type(exc).__name__}: {exc}")
            return None
        if self.clock() - started > self.slow:
            self._off(started, f"a read took {(self.clock() - started) * 1000:.0f} ms")
        return rows

    def close(self) -> None:
        """Close the connection (the next read opens another), and end a pause."""
        conn, self._conn, self._owner = self._conn, None, None
        self._off_until = float("-inf")
        if conn is not None:
            conn.close()

    def _connect(self, expected: FileId) -> sqlite3.Connection | None:
        """A read-only connection to ``expected``, the file at the path; ``None`` if it is another."""
        conn = sqlite3.connect(
            f"{self.path.absolute().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            timeout=0.0,
            check_same_thread=False,  # closed by whichever thread closes the store
        )
        try:
            same = file_id(self.path) == expected  # after connecting: the file connected to, or newer
        except OSError:
            same = False
        if not same:
            conn.close()
            return None
        self._conn, self._owner = conn, threading.get_ident()
        return conn

    def _off(self, started: float, why: str) -> None:
        self._off_until = started + self.pause
        log.debug("store reads in the event loop off for %g s (%s); the store thread reads", self.pause, why)
