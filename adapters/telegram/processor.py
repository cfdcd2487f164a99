"""Concurrent update processing with per-chat order.

PTB's default processes one update at a time, so one slow round trip to
Telegram holds up every chat.  :class:`ChatOrderedProcessor` runs up to
``concurrency`` updates at once, while updates of the same chat (or, without
a chat, the same user) run one after another, in the order they arrived.
With a :class:`Gate` (the crash-safe intake's ledger) an update runs only if
the gate admits it, and the gate hears when it was answered (the slot is held
until then) or abandoned (cancelled at stop).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Hashable
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor

BACKLOG = 10_000
"""Updates that may wait for their turn; PTB's own semaphore enforces it.

The processing bound is ``concurrency`` (our semaphore).  The backlog bound
is much larger on purpose: a waiting update holds no processing slot, so a
busy chat cannot starve the others.
"""


class Gate(Protocol):
    """Decides which updates run and hears how they ended (see :class:`adapters.telegram.ledger.Ledger`)."""

    def admit(self, update: object) -> bool:
        """Whether ``update`` should be processed at all (``False``: a duplicate)."""
        ...

    async def done(self, update: object) -> None:
        """``update`` was processed (answered, or its error handled)."""
        ...

    def abandon(self, update: object) -> None:
        """``update`` was cancelled before it finished."""
        ...


def chat_key(update: object) -> Hashable:
    """What orders updates: the chat, else the user, else nothing (``None``)."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return None


def _close_unstarted(coroutine: Awaitable[Any], started: bool) -> None:
    """Close a coroutine cancelled before it ran (no 'never awaited' warning at shutdown)."""
    if not started and inspect.iscoroutine(coroutine):
        coroutine.close()


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most ``concurrency`` updates at once; one chat's updates in arrival order."""

    def __init__(self, concurrency: int) -> None:
        super().__init__(max_concurrent_updates=BACKLOG)
        self.concurrency = concurrency
        self._slots = asyncio.Semaphore(concurrency)
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._waiting: dict[Hashable, int] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.gate: Gate | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates, then for a free slot, then process.

        Tasks start in arrival order and reach the chat lock without yielding
        (PTB's backlog semaphore is never contended in practice), and
        asyncio locks are fair, so one chat's updates keep their order.
        """
        gate = self.gate
        if gate is not None and not gate.admit(update):
            _close_unstarted(coroutine, False)
            return
        key = chat_key(update)
        started = False
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if key is None:
            try:
                async with self._slots:
                    started = True
                    await self._run(update, coroutine, gate)
            finally:
                _close_unstarted(coroutine, started)
                if not started and gate is not None:
                    gate.abandon(update)
            return
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self._slots:
                started = True
                await self._run(update, coroutine, gate)
        finally:
            _close_unstarted(coroutine, started)
            if not started and gate is not None:
                gate.abandon(update)
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key]
                del self._locks[key]

    @staticmethod
    async def _run(update: object, coroutine: Awaitable[Any], gate: Gate | None) -> None:
        """Process; tell the gate it was done (also after an error), or abandoned (cancelled)."""
        if gate is None:
            await coroutine
            return
        try:
            await coroutine
        except asyncio.CancelledError:
            gate.abandon(update)
            raise
        except Exception:
            await gate.done(update)
            raise
        await gate.done(update)

    def cancel_running(self) -> int:
        """Cancel the updates still being processed or waiting (shutdown ran out of time)."""
        pending = [t for t in self._tasks if not t.done()]
        for task in pending:
            task.cancel()
        return len(pending)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB's Application.stop awaits the running updates."""
