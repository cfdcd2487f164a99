"""The platform-neutral intake (bot/intake.py): group commits, leases kept and taken over, marks retried,
and updates let through unrecorded only after the store failed for a while."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.errors import StoreUnavailable
from bot.intake import PROBE_EVERY, Intake
from bot.store import MemoryStore, PendingUpdate, SqliteStore
from tests.state.conftest import Clock
from tests.waiting import eventually


class CountingStore(MemoryStore):
    """The memory store, counting its intake writes and failing them while ``failing`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.record_calls = 0
        self.finish_calls = 0
        self.failing = False

    async def record_updates(
        self, updates: Sequence[tuple[str, str]], holder: str, now: float, lease_until: float
    ) -> list[str]:
        self.record_calls += 1
        await asyncio.sleep(0.01)  # a write takes a while: others queue up meanwhile
        if self.failing:
            raise StoreUnavailable("the store is down")
        return await super().record_updates(updates, holder, now, lease_until)

    async def finish_updates(self, keys: Sequence[str], now: float) -> None:
        self.finish_calls += 1
        if self.failing:
            raise StoreUnavailable("the store is down")
        await super().finish_updates(keys, now)


async def test_concurrent_records_and_marks_share_writes() -> None:
    """Fifty updates recorded at once take a couple of writes, not fifty; each caller learns only its own
    keys; marks made at once are written together too."""
    store = CountingStore()
    intake = Intake(store)
    held = await asyncio.gather(*(intake.record([(f"k{n}", "{}")]) for n in range(50)))
    assert held == [{f"k{n}"} for n in range(50)]
    assert store.record_calls <= 2
    await asyncio.gather(*(intake.answered(f"k{n}") for n in range(50)))
    assert store.finish_calls <= 2
    assert all(row.answered is not None for row in store.recorded.values())


async def test_a_duplicate_is_not_returned(db_path: Path) -> None:
    """Two intakes (two processes) on one SQLite file: the second recording of a key holds nothing."""
    first, second = SqliteStore(db_path), SqliteStore(db_path)
    try:
        assert await Intake(first).record([("k", "{}")]) == {"k"}
        assert await Intake(second).record([("k", "{}"), ("j", "{}")]) == {"j"}
    finally:
        await first.close()
        await second.close()


async def test_store_down_raises_then_lets_updates_through_unrecorded(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """While the store fails, recording raises (the caller must not acknowledge) for ``unrecorded_after``
    seconds; then updates are let through unrecorded, once warned; a write is tried again every PROBE_EVERY
    seconds and, once it works, updates are recorded again."""
    store, clock = CountingStore(), Clock(1000.0)
    intake = Intake(store, unrecorded_after=10.0, clock=clock)
    store.failing = True
    with pytest.raises(StoreUnavailable):
        await intake.record([("a", "{}")])
    clock.now += 9.0
    with pytest.raises(StoreUnavailable):
        await intake.record([("a", "{}")])
    clock.now += 1.0
    caplog.set_level(logging.WARNING, "careerbot.intake")
    assert await intake.record([("a", "{}")]) == {"a"}
    assert not intake.recording
    calls = store.record_calls
    assert await intake.record([("b", "{}")]) == {"b"}  # no write tried until the next probe
    assert store.record_calls == calls
    await intake.answered("a")
    assert store.finish_calls == 0
    store.failing = False
    clock.now += PROBE_EVERY
    assert await intake.record([("c", "{}")]) == {"c"}
    assert intake.recording
    assert list(store.recorded) == ["c"]
    messages = [r.getMessage() for r in caplog.records]
    assert sum("answering them unrecorded" in m for m in messages) == 1
    assert any("records updates again" in m for m in messages)


async def test_a_failed_mark_is_written_later(caplog: pytest.LogCaptureFixture) -> None:
    """A mark whose write fails is logged, not raised, and written with the next write (here: the renewal)."""
    store = CountingStore()
    intake = Intake(store)
    await intake.record([("a", "{}")])
    store.failing = True
    await intake.answered("a")
    assert store.recorded["a"].answered is None
    assert any("could not mark" in r.getMessage() for r in caplog.records)
    store.failing = False
    await intake.renew()
    assert store.recorded["a"].answered is not None


async def test_upkeep_renews_leases_and_takes_over_from_a_dead_holder() -> None:
    """While running, upkeep renews this process's leases (another cannot take its updates) and hands
    over the updates of a holder that stopped renewing, once their lease ran out."""
    store = MemoryStore()
    alive, replayed = Intake(store, lease=0.3), Intake(store, lease=0.3)
    await alive.record([("mine", "{}")])
    await store.record_updates([("orphan", "left")], "dead", time.time() - 5, time.time() - 1)
    taken: list[PendingUpdate] = []

    async def replay(pending: list[PendingUpdate]) -> None:
        taken.extend(pending)

    stop = asyncio.Event()
    tasks = [asyncio.create_task(i.maintain(stop, replay)) for i in (alive, replayed)]
    try:
        await eventually(lambda: bool(taken), 3)
        await asyncio.sleep(0)
        assert [p.key for p in taken] == ["orphan"]
        assert store.recorded["mine"].holder == alive.holder
    finally:
        stop.set()
        await asyncio.gather(*tasks)
