"""Conversation contexts kept through the store, written behind the reply.

A follow-up's context is read before its answer, but writing the new context
need not hold the reply back: :class:`ContextWrites` starts each write as a
task and returns at once.  Writes of one conversation run in order, a read of
a conversation first waits for that conversation's write in flight (so a
process always reads its own last write), and :meth:`ContextWrites.flush`
finishes every write before the store is closed.  Another replica may read
the context before a write that is still in flight (well under a millisecond
after the reply); it then answers from the context before that one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.errors import StoreUnavailable

log = logging.getLogger("careerbot.state")

Key = tuple[str, str]
"""(user key, conversation id)."""


class ContextWrites:
    """Context writes in flight, per conversation (see the module docstring)."""

    def __init__(self) -> None:
        self._pending: dict[Key, asyncio.Task[None]] = {}

    def __len__(self) -> int:
        return len(self._pending)

    async def settled(self, key: Key) -> None:
        """Wait until the conversation's write in flight, if any, is done (never raises)."""
        pending = self._pending.get(key)
        if pending is not None:
            await asyncio.wait({pending})

    async def settled_user(self, user: str) -> None:
        """Wait for every write in flight of one user (before /forgetme deletes their contexts)."""
        pending = {task for (who, _), task in self._pending.items() if who == user}
        if pending:
            await asyncio.wait(pending)

    def start(self, key: Key, write: Callable[[], Awaitable[None]]) -> None:
        """Run ``write()`` after the conversation's earlier writes, without waiting for it."""
        before = self._pending.get(key)

        async def run() -> None:
            if before is not None:
                await asyncio.wait({before})
            try:
                await write()
            except StoreUnavailable:  # the store's watch has logged the outage
                pass
            except Exception as exc:
                log.warning("could not keep the conversation context: %s", type(exc).__name__)

        task = asyncio.get_running_loop().create_task(run())
        self._pending[key] = task
        task.add_done_callback(lambda done: self._forget(key, done))

    def _forget(self, key: Key, done: asyncio.Task[None]) -> None:
        if self._pending.get(key) is done:
            del self._pending[key]

    async def flush(self) -> None:
        """Finish every write in flight (before the store closes)."""
        while self._pending:
            await asyncio.wait(set(self._pending.values()))
