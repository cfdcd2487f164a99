"""Content gaps in the SQLite store: questions answered unsure, counted (no user ids)."""

from __future__ import annotations

import sqlite3

from bot.store.base import Gap
from bot.store.sqlite.connection import SqliteConnection


class SqliteGaps(SqliteConnection):
    """The calls of :class:`~bot.store.base.Store` on content gaps."""

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
