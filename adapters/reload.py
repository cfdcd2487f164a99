"""Content hot reload: re-validate the content folder and swap it in atomically.

Three triggers share one :class:`ContentReloader`: SIGHUP (installed by
:mod:`adapters.runtime`), the admin ``/reload`` command (the core calls the
reloader it was given) and, with ``CONTENT_WATCH=1``, :meth:`ContentReloader.watch`,
which polls the folder's files for changes.  Invalid new content never
replaces the catalog being served: its problems go to the log and back to
the caller (the admin who asked sees them).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from adapters.waiting import wait_or_stop
from bot.admin import ReloadResult
from bot.content.catalog import Catalog
from bot.content.live import LiveCatalog
from bot.content.loader import load_catalog
from bot.content.parsecache import ParseCache
from bot.errors import ContentError

log = logging.getLogger("careerbot.reload")

Snapshot = tuple[tuple[str, int, int], ...]
"""(file name, size, mtime in ns) of every file in the content folder."""


def snapshot(folder: Path) -> Snapshot:
    """What the watcher compares: every YAML file's name, size and modification time (translations
    in ``locales/<lang>/`` included)."""
    entries = []
    try:
        paths = sorted([*folder.iterdir(), *folder.glob("locales/*/*")])
    except OSError:
        return ()
    for path in paths:
        if path.suffix not in {".yaml", ".yml"}:
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class ContentReloader:
    """Reloads the folder the served catalog came from; await it to reload now."""

    def __init__(
        self,
        content: LiveCatalog,
        folder: Path | None = None,
        cache: ParseCache | None = None,
        on_loaded: Callable[[Catalog], None] | None = None,
        on_attempt: Callable[[bool], None] | None = None,
    ) -> None:
        self.content = content
        self.folder = folder if folder is not None else Path(content.current.source)
        self.cache = cache
        self.on_loaded = on_loaded
        self.on_attempt = on_attempt
        self._lock = threading.Lock()

    def reload(self) -> ReloadResult:
        """Validate the folder; swap on success, keep serving the old catalog on failure (blocking)."""
        with self._lock:
            served = self.content.current.version
            try:
                catalog = load_catalog(self.folder, self.cache)
            except ContentError as exc:
                problems = tuple(str(p) for p in exc.problems) or (str(exc),)
                log.error(
                    "content reload from %s failed, still serving version %s: %s",
                    self.folder,
                    served,
                    exc,
                )
                self._attempt(ok=False)
                return ReloadResult(False, served, problems)
            self.content.swap(catalog)
            log.info(
                "content reloaded from %s: version %s (was %s, %.0f ms)",
                self.folder,
                catalog.version,
                served,
                catalog.load_seconds * 1000,
            )
            if self.on_loaded is not None:
                self.on_loaded(catalog)
            self._attempt(ok=True)
            return ReloadResult(True, catalog.version)

    def _attempt(self, ok: bool) -> None:
        if self.on_attempt is not None:
            self.on_attempt(ok)

    async def __call__(self) -> ReloadResult:
        """Reload in a worker thread so the event loop keeps serving meanwhile (the core's reloader)."""
        return await asyncio.to_thread(self.reload)

    async def watch(self, stop: asyncio.Event, interval: float) -> None:
        """Poll the folder every ``interval`` seconds; reload once a change has settled."""
        log.info("watching %s for content changes every %g s", self.folder, interval)
        last = snapshot(self.folder)
        pending: Snapshot | None = None
        while not await wait_or_stop(stop, interval):
            current = snapshot(self.folder)
            if current == last:
                pending = None
                continue
            if current != pending:  # still changing (an editor or a copy in progress): wait a round
                pending = current
                continue
            last, pending = current, None
            log.info("content files changed in %s", self.folder)
            await self()
