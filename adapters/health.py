"""Health and metrics: an optional HTTP listener (``HEALTH_PORT``).

* ``GET /healthz``: 200 when content is loaded, every configured platform
  is connected and the store of saved state answers, 503 otherwise; the JSON
  body says which part is down (``"down": ["store"]``, ``"store": {"kind":
  "postgresql", "up": false}``; each shard of a platform with shards under
  ``shards``).  The store's state is the one its
  :class:`~bot.store.watch.StoreWatch` last saw (a background probe every few
  seconds), so /healthz never waits on the store.
* ``GET /metrics``: Prometheus text format, produced by ``prometheus_client``
  from a registry owned by :class:`Metrics` (no process-global registry).

:class:`Metrics` is fed by the core through :attr:`bot.core.Core.observers`
(:meth:`Metrics.observe`), by the reloader and by the runtime's supervisor.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from bot.commands import CommandTable
from bot.content.catalog import Catalog
from bot.replies import Reply
from bot.request import Request
from bot.store.watch import StoreWatch

log = logging.getLogger("careerbot.health")

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
"""Seconds; the core answers from memory, so most requests land in the first buckets."""

MAX_CACHED_SERIES = 1000
"""Bound of the observer's cache (keys include user-typed command names)."""

OTHER_COMMAND = "other"
"""The label of commands the table does not know (user-typed names must not become labels)."""


class Metrics:
    """Every careerbot metric, in one registry of its own."""

    def __init__(self, table: CommandTable, platforms: Iterable[str] = ()) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._known = frozenset(table.names)
        self._children: dict[tuple[str, str], tuple[Any, Any, Any]] = {}
        reg = self.registry
        self.requests = Counter(
            "careerbot_requests", "Requests answered by the core.", ("command", "platform"), registry=reg
        )
        self.errors = Counter(
            "careerbot_request_errors",
            "Requests answered with an error reply (user errors and apologies).",
            ("command", "platform"),
            registry=reg,
        )
        self.latency = Histogram(
            "careerbot_request_seconds",
            "Time the core took to answer a request.",
            ("platform",),
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.content_info = Gauge(
            "careerbot_content_info",
            "The content version served (value always 1).",
            ("version",),
            registry=reg,
        )
        self.content_load_seconds = Gauge(
            "careerbot_content_load_seconds",
            "How long loading and validating the content took.",
            registry=reg,
        )
        self.content_loaded_at = Gauge(
            "careerbot_content_loaded_timestamp_seconds", "When the served content was loaded.", registry=reg
        )
        self.reloads = Counter(
            "careerbot_content_reloads", "Content reload attempts.", ("result",), registry=reg
        )
        self.platform_up = Gauge(
            "careerbot_platform_connected", "1 while the platform is connected.", ("platform",), registry=reg
        )
        self.shard_up = Gauge(
            "careerbot_shard_connected",
            "1 while the shard (of a platform with shards: Discord) is connected.",
            ("platform", "shard"),
            registry=reg,
        )
        self.platform_failures = Counter(
            "careerbot_platform_failures",
            "Times a platform connection failed and was restarted.",
            ("platform",),
            registry=reg,
        )
        self.store_up = Gauge(
            "careerbot_store_up",
            "1 while the store of saved state answers (kind: postgresql, sqlite).",
            ("kind",),
            registry=reg,
        )
        for platform in platforms:
            self.platform_failures.labels(platform)
            self.platform_up.labels(platform)

    def observe(self, request: Request, reply: Reply, seconds: float) -> None:
        """A :data:`bot.core.Observer`: count one answered request."""
        key = (request.command, request.platform)
        children = self._children.get(key)
        if children is None:  # first request of this kind: resolve the labelled series once
            command = request.command if request.command in self._known else OTHER_COMMAND
            children = (
                self.requests.labels(command, request.platform),
                self.latency.labels(request.platform),
                self.errors.labels(command, request.platform),
            )
            if len(self._children) < MAX_CACHED_SERIES:
                self._children[key] = children
        count, latency, errors = children
        count.inc()
        latency.observe(seconds)
        if reply.is_error:
            errors.inc()

    def content_loaded(self, catalog: Catalog) -> None:
        """Record the catalog now served."""
        self.content_info.clear()
        self.content_info.labels(catalog.version).set(1)
        self.content_load_seconds.set(catalog.load_seconds)
        self.content_loaded_at.set(time.time())

    def reloaded(self, ok: bool) -> None:
        """Count one reload attempt."""
        self.reloads.labels("ok" if ok else "invalid").inc()

    def exposition(
        self,
        connected: Mapping[str, bool],
        store: StoreWatch | None = None,
        shards: Mapping[str, Mapping[int, bool]] | None = None,
    ) -> bytes:
        """The Prometheus text exposition, with the platform, shard and store gauges refreshed."""
        for name, up in connected.items():
            self.platform_up.labels(name).set(1 if up else 0)
        for name, states in (shards or {}).items():
            for shard, shard_up in states.items():
                self.shard_up.labels(name, str(shard)).set(1 if shard_up else 0)
        if store is not None:
            self.store_up.labels(store.kind).set(1 if store.up else 0)
        return generate_latest(self.registry)


@dataclass
class HealthSource:
    """What /healthz looks at: the catalog served, each configured platform's ``connected`` (and,
    for a platform with shards, each shard's) and the store's watch (``None``: no store to report)."""

    catalog: Callable[[], Catalog | None]
    platforms: Mapping[str, Callable[[], bool]] = field(default_factory=dict)
    store: StoreWatch | None = None
    shards: Mapping[str, Callable[[], Mapping[int, bool]]] = field(default_factory=dict)

    def connected(self) -> dict[str, bool]:
        """Each configured platform's connection state."""
        return {name: bool(is_up()) for name, is_up in self.platforms.items()}

    def shard_states(self) -> dict[str, dict[int, bool]]:
        """Each sharded platform's shards: connected or not, by shard id."""
        return {name: dict(states()) for name, states in self.shards.items()}

    def report(self) -> tuple[bool, dict[str, Any]]:
        """``(healthy, body)``: the JSON body names every part that is down."""
        catalog = self.catalog()
        platforms = self.connected()
        shards = self.shard_states()
        down = [] if catalog is not None else ["content"]
        down += [name for name, up in platforms.items() if not up]
        body: dict[str, Any] = {
            "status": "ok" if not down else "down",
            "down": down,
            "content": {
                "loaded": catalog is not None,
                "version": catalog.version if catalog is not None else None,
            },
            "platforms": {name: {"connected": up} for name, up in platforms.items()},
        }
        if self.store is not None:
            up = self.store.up is True
            body["store"] = {"kind": self.store.kind, "up": up}
            if not up:
                down.append("store")
                body["status"] = "down"
        if shards:  # a platform is connected when all its shards are; this says which one is not
            body["shards"] = {
                name: {str(s): up for s, up in states.items()} for name, states in shards.items()
            }
        return not down, body


class HealthServer:
    """The aiohttp listener for /healthz and /metrics."""

    def __init__(self, source: HealthSource, metrics: Metrics, host: str, port: int) -> None:
        self.source = source
        self.metrics = metrics
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        """The web application (exposed for tests)."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        return app

    async def _healthz(self, request: web.Request) -> web.Response:
        healthy, body = self.source.report()
        return web.json_response(body, status=200 if healthy else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        payload = self.metrics.exposition(
            self.source.connected(), self.source.store, self.source.shard_states()
        )
        response = web.Response(body=payload)
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one; :attr:`port` is updated)."""
        self._runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0 and self._runner.addresses:  # a free port was picked: learn which one
            self.port = int(self._runner.addresses[0][1])
        log.info("health and metrics on http://%s:%d/healthz and /metrics", self.host, self.port)

    async def stop(self) -> None:
        """Close the listener."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
