"""Content gaps in the PostgreSQL store: questions answered unsure, counted (no user ids)."""

from __future__ import annotations

from bot.store.base import Gap
from bot.store.postgres.pool import PostgresPool


class PostgresGaps(PostgresPool):
    """The calls of :class:`~bot.store.base.Store` on content gaps."""

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
