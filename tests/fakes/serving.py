"""Running a fake platform server on its own (``python -m tests.fakes.<fake>``) until a signal."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable
from typing import Protocol


class Closable(Protocol):
    """A started fake server."""

    def close(self) -> Awaitable[None]:
        """Stop listening and close every connection."""
        ...


async def until_signalled(fake: Closable, ready: str) -> None:
    """Print ``ready`` (the line scripts wait for), serve until SIGINT/SIGTERM, then close ``fake``."""
    print(ready, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await fake.close()
