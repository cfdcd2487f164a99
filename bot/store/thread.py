"""The SQLite store's own thread: runs the functions handed to it one at a time, in order.

A lighter hand-off than ``loop.run_in_executor`` on a one-worker pool: one queue
put to get there and one ``call_soon_threadsafe`` to come back, no
:class:`concurrent.futures.Future` between them.  A trip costs two thread
wake-ups either way; this saves the bookkeeping around them (measured with
``bench/core.py``'s follow-ups, when every free-text question made one trip).  Those
wake-ups are why a free-text question's point reads skip the trip altogether
(:mod:`bot.store.reader`); its context is still written here, behind the reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")

_Job = tuple[Callable[[], Any], "asyncio.Future[Any]", asyncio.AbstractEventLoop]


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    """Give the awaiting coroutine its result (on its loop), unless it stopped waiting."""
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class StoreThread:
    """One daemon thread named ``name`` that runs :meth:`run`'s functions in the order given."""

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._stopped = False
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    async def run(self, fn: Callable[[], _T]) -> _T:
        """``fn()`` on the thread, awaited; what it raises is raised here.  A call whose caller is
        cancelled before the thread reaches it is not run (as with an executor)."""
        if self._stopped:
            raise RuntimeError("the store thread is stopped")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[_T] = loop.create_future()
        self._jobs.put((fn, future, loop))
        return await future

    def stop(self) -> None:
        """Let the thread end once the functions already given have run (no new ones are taken)."""
        self._stopped = True
        self._jobs.put(None)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            fn, future, loop = job
            if future.cancelled():
                continue
            result: Any = None
            error: BaseException | None = None
            try:
                result = fn()
            except BaseException as exc:  # handed to the caller, as an executor would
                error = exc
            with contextlib.suppress(RuntimeError):  # the caller's loop is closed: nobody waits
                loop.call_soon_threadsafe(_settle, future, result, error)
