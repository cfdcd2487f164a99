"""Crash-safe intake of platform updates: recorded durably, held under a lease, marked answered.

An adapter hands each update to :meth:`Intake.record` *before* acknowledging it to
the platform (Telegram's next getUpdates offset, a webhook's 200), and calls
:meth:`Intake.answered` once its reply is out.  So a process killed at any moment
loses nothing: what it had acknowledged is recorded and, unanswered, is replayed
(:meth:`Intake.pending`) by whichever process takes it once the lease of the dead
one has run out (at most ``lease`` seconds; a process renews its leases every
``lease / 3`` seconds while it lives, see :meth:`Intake.maintain`).  An update
that arrives twice (a replay, a platform's redelivery, delivery to two replicas)
is held by one process only: :meth:`Intake.record` returns the keys this process
must answer, and the others are dropped.  At most the updates being answered at
the moment of a kill are answered twice (their reply sent, the mark not yet
written).

Writes are group-committed: the records (or marks) asked for while one write is in
flight are written together in the next, so throughput does not pay one store
round trip per update, while nobody's record is acknowledged before it is written.

When the store cannot record for longer than ``unrecorded_after`` seconds, updates
are let through unrecorded (one WARNING), as if there were no store: the bot keeps
answering, without the crash safety, until a write works again (tried every
:data:`PROBE_EVERY` seconds).  Kept records are purged after :data:`KEEP_SECONDS`.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Generic, TypeVar

from bot.errors import StoreUnavailable
from bot.store.base import PendingUpdate, Store

log = logging.getLogger("careerbot.intake")

DEFAULT_LEASE = 10.0
"""Seconds an update stays held by a process that stopped renewing (it died) before another takes it."""
KEEP_SECONDS = 25 * 3600.0
"""Recorded keys are kept this long (Telegram redelivers an update for up to 24 hours)."""
PURGE_EVERY = 3600.0
PENDING_BATCH = 500
"""Updates taken over at once by :meth:`Intake.pending`."""
UNRECORDED_AFTER = 10.0
"""Seconds of failing writes after which updates are let through unrecorded."""
PROBE_EVERY = 5.0
"""While letting updates through unrecorded, how often a write is tried again."""

_T = TypeVar("_T")
_R = TypeVar("_R")


class GroupCommit(Generic[_T, _R]):
    """Runs ``write`` on the items submitted; submissions made while a write runs share the next one.

    Every submitter gets the result (or the exception) of the write that included its items.
    """

    def __init__(self, write: Callable[[list[_T]], Awaitable[_R]]) -> None:
        self._write = write
        self._queue: list[tuple[list[_T], asyncio.Future[_R]]] = []
        self._task: asyncio.Task[None] | None = None

    async def submit(self, items: Iterable[_T]) -> _R:
        """Wait until ``items`` are written; return what the write returned."""
        future: asyncio.Future[_R] = asyncio.get_running_loop().create_future()
        self._queue.append((list(items), future))
        if self._task is None:
            self._task = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                try:
                    result = await self._write([item for items, _ in batch for item in items])
                except Exception as exc:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                else:
                    for _, future in batch:
                        if not future.done():
                            future.set_result(result)
        finally:
            self._task = None
            for _, future in self._queue:  # cancelled while waiting: nobody is left to write them
                future.cancel()
            self._queue = []


class Intake:
    """Records, holds and marks the updates of one process (a random :attr:`holder` id) in ``store``."""

    def __init__(
        self,
        store: Store,
        *,
        lease: float = DEFAULT_LEASE,
        unrecorded_after: float = UNRECORDED_AFTER,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.lease = lease
        self.unrecorded_after = unrecorded_after
        self.clock = clock
        self.holder = secrets.token_hex(8)
        self._records: GroupCommit[tuple[str, str], set[str]] = GroupCommit(self._write_records)
        self._finishes: GroupCommit[str, None] = GroupCommit(self._write_finishes)
        self._unfinished: list[str] = []
        """Marks whose write failed, written with the next one."""
        self._unrecorded: set[str] = set()
        """Keys let through without a record (store down): nothing to mark."""
        self._failing_since: float | None = None
        self._next_probe = 0.0

    @property
    def recording(self) -> bool:
        """False while updates are let through unrecorded (the store failed for too long)."""
        return self._next_probe == 0.0

    async def record(self, updates: Sequence[tuple[str, str]]) -> set[str]:
        """Record ``(key, payload)`` updates durably; return the keys this process must answer.

        Raises :class:`~bot.errors.StoreUnavailable` when the store cannot record (the caller
        must not acknowledge the updates, so the platform delivers them again), until it has
        failed for ``unrecorded_after`` seconds: from then on every key is returned, unrecorded.
        """
        keys = {key for key, _ in updates}
        now = self.clock()
        if not keys:
            return set()
        if not self.recording and now < self._next_probe:
            self._unrecorded |= keys
            return keys
        try:
            held = await self._records.submit(updates)
        except StoreUnavailable as exc:
            return self._failed(keys, now, exc)
        if not self.recording:
            log.warning("intake: the store records updates again; answering them crash-safe again")
        self._failing_since, self._next_probe = None, 0.0
        return keys & held

    def _failed(self, keys: set[str], now: float, exc: StoreUnavailable) -> set[str]:
        if self._failing_since is None:
            self._failing_since = now
        if now - self._failing_since < self.unrecorded_after:
            raise exc
        if self.recording:
            log.warning(
                "intake: the store has not recorded updates for %.0f s (%s); answering them unrecorded "
                "(not crash-safe) until it is back",
                now - self._failing_since,
                exc,
            )
        self._next_probe = now + PROBE_EVERY
        self._unrecorded |= keys
        return keys

    async def _write_records(self, updates: list[tuple[str, str]]) -> set[str]:
        now = self.clock()
        return set(await self.store.record_updates(updates, self.holder, now, now + self.lease))

    async def answered(self, key: str) -> None:
        """Mark ``key`` answered (group-committed).  A failing write is logged and retried later."""
        if key in self._unrecorded:
            self._unrecorded.discard(key)
            return
        try:
            await self._finishes.submit((key,))
        except StoreUnavailable as exc:
            log.warning("intake: could not mark an update answered (retrying later): %s", exc)

    async def _write_finishes(self, keys: list[str]) -> None:
        keys, self._unfinished = self._unfinished + keys, []
        try:
            await self.store.finish_updates(keys, self.clock())
        except BaseException:
            self._unfinished = keys + self._unfinished
            raise

    async def pending(self, limit: int = PENDING_BATCH) -> list[PendingUpdate]:
        """Take over unanswered updates whose holder stopped renewing its lease (oldest first)."""
        now = self.clock()
        return await self.store.claim_pending(self.holder, now, now + self.lease, limit)

    async def renew(self) -> None:
        """Extend the leases of the updates this process holds; write the marks that failed before."""
        if self._unfinished:
            await self._finishes.submit(())
        await self.store.renew_updates(self.holder, self.clock() + self.lease)

    async def release(self) -> None:
        """At a clean stop: write the pending marks, give back what is still unanswered (taken at once)."""
        if self._unfinished:
            await self._finishes.submit(())
        released = await self.store.release_updates(self.holder)
        if released:
            log.info("intake: %d update(s) left unanswered at stop, for the next start", released)

    async def purge(self) -> int:
        """Forget records older than :data:`KEEP_SECONDS`; return how many."""
        return await self.store.purge_updates(self.clock() - KEEP_SECONDS)

    async def maintain(
        self, stop: asyncio.Event, replay: Callable[[list[PendingUpdate]], Awaitable[None]]
    ) -> None:
        """Until ``stop``: renew leases every ``lease / 3`` s, hand updates whose holder died to
        ``replay`` every ``lease`` s, purge hourly.  Store failures are logged and tried again."""
        loop = asyncio.get_running_loop()
        next_take = loop.time() + self.lease
        next_purge = loop.time()
        while not await _stopped(stop, self.lease / 3):
            try:
                await self.renew()
                if loop.time() >= next_take:
                    next_take = loop.time() + self.lease
                    taken = await self.pending()
                    if taken:
                        log.warning(
                            "intake: answering %d update(s) another process left unanswered", len(taken)
                        )
                        await replay(taken)
                if loop.time() >= next_purge:
                    next_purge = loop.time() + PURGE_EVERY
                    await self.purge()
            except StoreUnavailable as exc:
                log.warning("intake: store unavailable for lease upkeep (retrying): %s", exc)


async def _stopped(stop: asyncio.Event, seconds: float) -> bool:
    """Wait up to ``seconds`` for ``stop``; whether it is set."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return False
    return True
