"""The intake of platform updates in the SQLite store: claimed updates, and recorded ones held
under a lease until answered (record, claim, renew, release, finish)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from bot.store.base import PendingUpdate
from bot.store.sqlite.connection import SqliteConnection


class SqliteIntake(SqliteConnection):
    """The calls of :class:`~bot.store.base.Store` on claimed and recorded platform updates."""

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
