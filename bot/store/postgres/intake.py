"""The intake of platform updates in the PostgreSQL store: claimed updates, and recorded ones held
under a lease until answered (record, claim, renew, release, finish)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.store.base import PendingUpdate
from bot.store.postgres.pool import PostgresPool


class PostgresIntake(PostgresPool):
    """The calls of :class:`~bot.store.base.Store` on claimed and recorded platform updates."""

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
