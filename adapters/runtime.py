"""Running platform adapters: supervision with backoff, signals, health, reload.

The CLI calls :func:`run_platforms` with the :class:`~adapters.bootstrap.App`
the composition root built; it imports each adapter package lazily, so a
missing optional dependency of one platform never breaks another.  Around
the runners it serves the self-hosting parts of the app: SIGHUP and
``CONTENT_WATCH`` reloads through the app's reloader, the optional
health/metrics listener, and the store of saved state: opened once the
listener is up (so /healthz says "store down" while it waits), retried with
backoff for as long as it takes (until SIGTERM), then probed in the
background so /healthz and /metrics follow it, and closed at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import logging
import signal
import sys
import time
from collections.abc import Callable, Mapping

from adapters.base import PlatformRunner, ShardedRunner
from adapters.bootstrap import App
from adapters.config import Config
from adapters.health import HealthServer, HealthSource, Metrics
from adapters.pictures import Pictures
from adapters.waiting import wait_or_stop
from bot.core import Core
from bot.errors import ConfigError
from bot.store.url import open_with_retry

log = logging.getLogger("careerbot.runtime")

PLATFORMS = ("telegram", "discord")
BACKOFF_START = 1.0
BACKOFF_MAX = 60.0
BACKOFF_RESET_AFTER = 120.0
"""A runner that served this long before failing starts again from the shortest delay."""

Factory = Callable[[str, Core, Config], PlatformRunner]


def create_runner(name: str, core: Core, config: Config, pictures: Pictures | None = None) -> PlatformRunner:
    """Import ``adapters.<name>`` and build its runner (from its section of ``config``, with the
    app's ``pictures``)."""
    if name not in PLATFORMS:
        raise ConfigError(f"unknown platform {name!r} (choose from {', '.join(PLATFORMS)})")
    module = importlib.import_module(f"adapters.{name}")
    runner: PlatformRunner = module.create(core, config, pictures)
    return runner


async def supervise(
    runner: PlatformRunner,
    stop: asyncio.Event,
    *,
    retry: bool,
    backoff_start: float = BACKOFF_START,
    backoff_max: float = BACKOFF_MAX,
    on_failure: Callable[[str], None] | None = None,
) -> None:
    """Run one platform; with ``retry``, restart it with exponential backoff after a transient failure.

    A :class:`ConfigError` (bad token) is never retried.  A runner that
    returns while ``stop`` is not set counts as a failure too.
    """
    delay = backoff_start
    while not stop.is_set():
        started = time.monotonic()
        try:
            await runner.run(stop)
            if stop.is_set() or not retry:
                return
            log.error("%s stopped unexpectedly; restarting in %.1f s", runner.name, delay)
        except ConfigError:
            raise
        except Exception as exc:
            if not retry:
                raise
            log.error(
                "%s failed: %s; retrying in %.1f s", runner.name, type(exc).__name__, delay, exc_info=True
            )
        if on_failure is not None:
            on_failure(runner.name)
        if time.monotonic() - started >= BACKOFF_RESET_AFTER:
            delay = backoff_start
        if await wait_or_stop(stop, delay):
            return
        delay = min(delay * 2, backoff_max)


def install_signal_handlers(
    stop: asyncio.Event, reload: Callable[[], None] | None = None
) -> list[signal.Signals]:
    """SIGINT and SIGTERM set ``stop``; SIGHUP calls ``reload``.  Returns the signals installed."""
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    handlers: list[tuple[signal.Signals, Callable[[], None]]] = [
        (signal.SIGINT, stop.set),
        (signal.SIGTERM, stop.set),
    ]
    if reload is not None and hasattr(signal, "SIGHUP"):
        handlers.append((signal.SIGHUP, reload))
    if sys.platform == "win32":  # the event loop has no signal handlers there
        return installed
    for sig, handler in handlers:
        # Outside the main thread (tests, embedding) the loop refuses: run without them.
        with contextlib.suppress(RuntimeError, ValueError):
            loop.add_signal_handler(sig, handler)
            installed.append(sig)
    return installed


async def open_state(app: App, stop: asyncio.Event, *, delay: float = BACKOFF_START) -> bool:
    """Open the app's store, retrying with backoff (no cap) while its server cannot be reached.

    ``True`` once it is open (or there is no store), ``False`` when ``stop`` was set first (the
    attempt in progress is cancelled at once).  A :class:`ConfigError` (a wrong password, a
    database that does not exist) propagates at once.
    """
    if app.store is None:
        return True
    opening = asyncio.create_task(open_with_retry(app.store, attempts=None, delay=delay))
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({opening, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (opening, stopping):
            task.cancel()
        await asyncio.gather(opening, stopping, return_exceptions=True)
    if opening.cancelled():
        return False
    opening.result()  # raises the ConfigError, if that is how it ended
    if app.watch is not None:
        app.watch.succeeded()
    return True


def _connected_of(runner: PlatformRunner) -> Callable[[], bool]:
    return lambda: runner.connected


def _shards_of(runner: ShardedRunner) -> Callable[[], Mapping[int, bool]]:
    return lambda: runner.shards


async def run_platforms(
    app: App,
    names: tuple[str, ...],
    *,
    retry: bool | None = None,
    factory: Factory | None = None,
    backoff_start: float = BACKOFF_START,
    stop: asyncio.Event | None = None,
) -> None:
    """Run the named platforms in one process until SIGINT/SIGTERM (or ``stop``).

    The health listener starts first; then the app's store is opened (see
    :func:`open_state`), then the platforms.  The store is closed at the end.
    ``factory`` builds each runner (default: :func:`create_runner`, handing every platform the
    app's one :class:`~adapters.pictures.Pictures`).
    With ``retry`` (the default for ``run all`` and for several platforms),
    each platform is supervised on its own and restarted with backoff, so one
    failing platform never takes the others down.  Without it a failure at
    start is fatal.  A :class:`ConfigError` (bad token) stops its platform;
    it is raised when every platform stopped that way.
    """
    retry = len(names) > 1 if retry is None else retry
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    core, settings, metrics, reloader = app.core, app.config.core, app.metrics, app.reloader
    background: set[asyncio.Task[object]] = set()

    def reload_in_background() -> None:
        log.info("SIGHUP: reloading content")
        task: asyncio.Task[object] = asyncio.ensure_future(reloader())
        background.add(task)
        task.add_done_callback(background.discard)

    installed = install_signal_handlers(stop, reload_in_background)
    if factory is None:
        factory = functools.partial(create_runner, pictures=app.pictures)
    runners = [factory(name, core, app.config) for name in names]
    shards = {r.name: _shards_of(r) for r in runners if isinstance(r, ShardedRunner)}
    source = HealthSource(
        lambda: core.catalog, {r.name: _connected_of(r) for r in runners}, app.watch, shards
    )
    server: HealthServer | None = None
    try:
        if settings.health_port is not None:
            server = HealthServer(source, metrics, settings.health_host, settings.health_port)
            await server.start()
        if not await open_state(app, stop):
            return
        if app.watch is not None:
            background.add(asyncio.create_task(app.watch.watch(stop)))
        if settings.content_watch:
            watcher = asyncio.create_task(reloader.watch(stop, settings.content_watch_seconds))
            background.add(watcher)
        await _serve(runners, stop, retry, backoff_start, metrics)
    finally:
        stop.set()
        for task in list(background):
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        if server is not None:
            await server.stop()
        await app.core.flush()  # the writes behind the last replies, before the store closes
        if app.store is not None:
            await app.store.close()
        for sig in installed:
            loop.remove_signal_handler(sig)


async def _serve(
    runners: list[PlatformRunner], stop: asyncio.Event, retry: bool, backoff_start: float, metrics: Metrics
) -> None:
    def failed(name: str) -> None:
        metrics.platform_failures.labels(name).inc()

    tasks = [
        asyncio.create_task(
            supervise(r, stop, retry=retry, backoff_start=backoff_start, on_failure=failed), name=r.name
        )
        for r in runners
    ]
    errors: list[BaseException] = []
    try:
        for task in asyncio.as_completed(tasks):
            try:
                await task
            except ConfigError as exc:
                errors.append(exc)
                log.error("%s", exc)
                if not retry:
                    stop.set()
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    if errors and len(errors) == len(runners):
        raise errors[0]
