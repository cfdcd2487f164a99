"""Running platform adapters: signals, clean shutdown, retry with backoff.

The CLI calls :func:`run_platforms`; it imports each adapter package lazily,
so a missing optional dependency of one platform never breaks another.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import signal

from adapters.base import PlatformRunner
from bot.core import Core
from bot.errors import ConfigError
from bot.settings import Settings

log = logging.getLogger("careerbot.runtime")

PLATFORMS = ("telegram", "discord")
BACKOFF_START = 1.0
BACKOFF_MAX = 60.0


def create_runner(name: str, core: Core, settings: Settings) -> PlatformRunner:
    """Import ``adapters.<name>`` and build its runner."""
    if name not in PLATFORMS:
        raise ConfigError(f"unknown platform {name!r} (choose from {', '.join(PLATFORMS)})")
    module = importlib.import_module(f"adapters.{name}")
    runner: PlatformRunner = module.create(core, settings)
    return runner


async def supervise(runner: PlatformRunner, stop: asyncio.Event, *, retry: bool) -> None:
    """Run one platform; with ``retry``, restart it with backoff after a transient failure."""
    delay = BACKOFF_START
    while not stop.is_set():
        try:
            await runner.run(stop)
            return
        except ConfigError:
            raise
        except Exception as exc:
            if not retry:
                raise
            log.error(
                "%s stopped: %s; retrying in %.0f s", runner.name, type(exc).__name__, delay, exc_info=True
            )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=delay)
        delay = min(delay * 2, BACKOFF_MAX)


def install_signal_handlers(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM set ``stop``."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def run_platforms(core: Core, settings: Settings, names: tuple[str, ...]) -> None:
    """Run the named platforms in one process until SIGINT/SIGTERM.

    With one platform a failure at start is fatal; with several, each is
    supervised on its own so one failing platform never takes the other down.
    A :class:`ConfigError` (bad token) is always fatal for its platform.
    """
    stop = asyncio.Event()
    install_signal_handlers(stop)
    runners = [create_runner(name, core, settings) for name in names]
    retry = len(runners) > 1
    tasks = [asyncio.create_task(supervise(r, stop, retry=retry), name=r.name) for r in runners]
    errors: list[BaseException] = []
    for task in asyncio.as_completed(tasks):
        try:
            await task
        except ConfigError as exc:
            errors.append(exc)
            log.error("%s", exc)
            if not retry:
                stop.set()
    if errors and len(errors) == len(runners):
        raise errors[0]
