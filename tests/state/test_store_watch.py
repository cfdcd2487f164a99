"""The store watch: what /healthz and /metrics say about the store, without ever waiting on it,
and when calls are let through while the store is down."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.health import HealthServer, HealthSource, Metrics
from bot.commands import default_table
from bot.content.catalog import Catalog
from bot.errors import StoreUnavailable
from bot.store import MemoryStore, SqliteStore
from bot.store.postgres import PostgresStore
from bot.store.watch import StoreWatch, describe
from tests.state.conftest import Clock
from tests.waiting import eventually, finishes


class Unanswering(MemoryStore):
    """A store whose health check never comes back (a server that accepts and then hangs)."""

    async def healthy(self) -> bool:
        await asyncio.Event().wait()
        return True


async def get(http: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with http.get(url) as response:
        return response.status, await response.text()


def store_gauge(text: str) -> dict[str, float]:
    """``careerbot_store_up`` per kind, from a /metrics exposition."""
    return {
        sample.labels["kind"]: sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "careerbot_store_up"
        for sample in family.samples
    }


async def serve_and_ask(catalog: Catalog, store: MemoryStore | SqliteStore, status: int, kind: str) -> None:
    """/healthz and /metrics of a health server on ``store``'s watch, probed in the background."""
    watch = StoreWatch(store, probe_timeout=0.3)
    server = HealthServer(HealthSource(lambda: catalog, {}, watch), Metrics(default_table()), "127.0.0.1", 0)
    await server.start()
    stop = asyncio.Event()
    probing = asyncio.create_task(watch.watch(stop, every=0.2))
    base = f"http://127.0.0.1:{server.port}"
    try:
        async with aiohttp.ClientSession() as http:
            started = time.monotonic()
            first, _ = await get(http, f"{base}/healthz")
            assert time.monotonic() - started < 0.25, "/healthz waited on the probe"
            assert first in (status, 503)
            await eventually(lambda: watch.up is not None, within=5)
            code, text = await get(http, f"{base}/healthz")
            body: dict[str, Any] = json.loads(text)
            assert code == status
            assert body["store"] == {"kind": kind, "up": status == 200}
            assert ("store" in body["down"]) is (status == 503)
            _, exposition = await get(http, f"{base}/metrics")
            assert store_gauge(exposition) == {kind: 1.0 if status == 200 else 0.0}
    finally:
        stop.set()
        await finishes(probing, 2, "the probe loop after stop")
        await server.stop()


async def test_healthz_and_metrics_follow_the_watch_without_waiting_on_the_store(
    catalog: Catalog, tmp_path: Path
) -> None:
    """A store whose health check hangs: /healthz still answers at once (503: the store is not
    known up, then known down once the probe timed out) and /metrics shows 0.  An open SQLite
    store: 200, kind sqlite, gauge 1.  No store: no store section."""
    await serve_and_ask(catalog, Unanswering(), 503, "unanswering")
    sqlite = SqliteStore(tmp_path / "state.sqlite3")
    await sqlite.open()
    try:
        await serve_and_ask(catalog, sqlite, 200, "sqlite")
    finally:
        await sqlite.close()
    assert "store" not in HealthSource(lambda: catalog).report()[1]


async def test_one_warning_per_outage_and_one_call_through_per_interval(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Down: one WARNING however many calls fail; no call goes through until ``retry_every`` has
    passed, then exactly one does; with a background probe running, none does (the probe finds
    out).  Back: one INFO line, every call goes through."""
    caplog.set_level(logging.INFO, logger="careerbot.store")
    clock = Clock(100.0)
    watch = StoreWatch(MemoryStore(), retry_every=2.0, clock=clock)
    assert watch.usable()  # nothing known yet
    for _ in range(3):
        watch.failed(StoreUnavailable("server gone"))
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "server gone" in caplog.records[0].getMessage()
    assert not watch.usable()
    clock.now += 2.0
    assert [watch.usable(), watch.usable()] == [True, False]
    clock.now += 5.0
    watch.probing = True
    assert not watch.usable()
    watch.probing = False
    watch.succeeded()
    watch.succeeded()
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.INFO]
    assert all(watch.usable() for _ in range(3))


def test_messages_name_the_store_with_the_password_masked(tmp_path: Path) -> None:
    """The watch's messages say which store: PostgreSQL by its masked URL and STORE_URL, SQLite by path."""
    postgres = PostgresStore("postgresql://careerbot:s3cret-Pa55@db:5432/careerbot")
    masked = "postgresql://careerbot:***@db:5432/careerbot"
    assert describe(postgres) == f"the postgresql store {masked} (STORE_URL)"
    assert describe(SqliteStore(tmp_path / "x.sqlite3")) == f"the sqlite store {tmp_path / 'x.sqlite3'}"
    assert describe(MemoryStore()) == "the memory store"
