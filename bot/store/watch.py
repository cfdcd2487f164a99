"""Whether the store of saved state answers right now, known without waiting on it.

:class:`StoreWatch` is told the outcome of every store call the state service
makes (:meth:`~StoreWatch.succeeded`, :meth:`~StoreWatch.failed`) and, in a
running bot, probes the store every :data:`PROBE_EVERY` seconds in the
background (:meth:`~StoreWatch.watch`: :meth:`Store.healthy` within
:data:`PROBE_TIMEOUT`).  /healthz and /metrics read :attr:`~StoreWatch.up`, so
they never wait on the store.  While the store is known to be down,
:meth:`~StoreWatch.usable` says no and callers skip the store at once instead
of waiting out a connection timeout per call: stateless answers stay fast and
stateful ones say "try again in a moment" straight away.  Without a background
probe (a console chat, tests) one call is let through every ``retry_every``
seconds to find out whether the store is back.

An outage is logged once, as one WARNING when it starts (the store's own
message, password masked), and once at INFO when the store answers again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from bot.store.base import Store

log = logging.getLogger("careerbot.store")

PROBE_EVERY = 2.0
"""Seconds between two background health probes of the store."""
PROBE_TIMEOUT = 1.0
"""How long one probe may take before the store counts as down."""
RETRY_EVERY = 2.0
"""Without a background probe: seconds between two calls let through while the store is down."""

_KINDS = {"PostgresStore": "postgresql", "SqliteStore": "sqlite", "MemoryStore": "memory"}


def kind_of(store: Store) -> str:
    """What /healthz calls the store: ``postgresql``, ``sqlite``, ``memory`` (else its class name)."""
    name = type(store).__name__
    return _KINDS.get(name, name.removesuffix("Store").lower() or name)


def describe(store: Store) -> str:
    """``the postgresql store postgresql://u:***@db/careerbot (STORE_URL)``: what a message calls it."""
    kind = kind_of(store)
    where = getattr(store, "where", None)  # the PostgreSQL store's URL, password masked
    if where:
        return f"the {kind} store {where} (STORE_URL)"
    path = getattr(store, "path", None)
    return f"the {kind} store {path}" if path else f"the {kind} store"


class StoreWatch:
    """Knows whether ``store`` is up, from the calls made on it and from a background probe.

    ``up`` is ``None`` until the first call or probe, then ``True`` or ``False``; /healthz
    counts only ``True`` as up.
    """

    def __init__(
        self,
        store: Store,
        kind: str | None = None,
        *,
        retry_every: float = RETRY_EVERY,
        probe_timeout: float = PROBE_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.kind = kind or kind_of(store)
        self.retry_every = retry_every
        self.probe_timeout = probe_timeout
        self.clock = clock
        self.up: bool | None = None
        self.probing = False
        """``True`` while :meth:`watch` runs: it alone then finds out when the store is back."""
        self._next_try = float("-inf")

    def usable(self) -> bool:
        """Whether to call the store now: yes while it is up (or not known to be down); while it
        is down, only when no probe is running and ``retry_every`` has passed since the last try."""
        if self.up is not False:
            return True
        if self.probing:
            return False
        now = self.clock()
        if now < self._next_try:
            return False
        self._next_try = now + self.retry_every  # this call finds out; the others keep skipping
        return True

    def succeeded(self) -> None:
        """A call (or probe) was answered: the store is up."""
        if self.up is False:
            log.info("the %s store answers again: saved state is back", self.kind)
        self.up = True

    def failed(self, exc: BaseException | str) -> None:
        """A call (or probe) could not reach the store: it is down (logged once per outage)."""
        self._next_try = self.clock() + self.retry_every
        if self.up is not False:
            log.warning(
                "saved state unavailable: %s; answering without it (stateful commands say"
                " 'try again in a moment') until the store is back",
                exc,
            )
        self.up = False

    async def probe(self) -> bool:
        """Ask :meth:`Store.healthy` (at most ``probe_timeout`` seconds) and record the answer."""
        try:
            async with asyncio.timeout(self.probe_timeout):
                healthy = await self.store.healthy()
        except Exception:  # a timeout, or a store whose healthy() broke its promise not to raise
            healthy = False
        if healthy:
            self.succeeded()
        else:
            self.failed(
                f"{describe(self.store)} did not answer a health check within {self.probe_timeout:g} s"
            )
        return healthy

    async def watch(self, stop: asyncio.Event, every: float = PROBE_EVERY) -> None:
        """Probe every ``every`` seconds until ``stop`` is set."""
        self.probing = True
        try:
            while not stop.is_set():
                await self.probe()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=every)
        finally:
            self.probing = False
