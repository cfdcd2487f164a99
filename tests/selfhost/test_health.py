"""Health and metrics over real HTTP: /healthz status and body, /metrics in Prometheus format."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.bootstrap import App
from adapters.health import HealthServer, HealthSource, Metrics
from adapters.healthcheck import address
from adapters.healthcheck import main as healthcheck_main
from bot.core import Core
from tests.talk import text_to

from .conftest import FakeRunner


async def _get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.headers.get("Content-Type", ""), await response.text()


async def _serve(app: App, runners: list[FakeRunner], content_loaded: bool = True) -> HealthServer:
    core, metrics = app.core, app.metrics
    source = HealthSource(
        (lambda: core.catalog) if content_loaded else (lambda: None),
        {r.name: (lambda r=r: r.connected) for r in runners},
    )
    server = HealthServer(source, metrics, "127.0.0.1", 0)
    await server.start()
    return server


async def test_healthz_is_200_when_content_is_loaded_and_every_platform_connected(
    app: App, core: Core
) -> None:
    """/healthz answers 200 with status ok, the content version and each platform connected."""
    telegram, discord = FakeRunner("telegram"), FakeRunner("discord")
    telegram.connected = discord.connected = True
    server = await _serve(app, [telegram, discord])
    try:
        status, kind, body = await _get(f"http://127.0.0.1:{server.port}/healthz")
    finally:
        await server.stop()
    assert status == 200
    assert kind.startswith("application/json")
    data = json.loads(body)
    assert data["status"] == "ok"
    assert data["down"] == []
    assert data["content"] == {"loaded": True, "version": core.catalog.version}
    assert data["platforms"] == {"telegram": {"connected": True}, "discord": {"connected": True}}


async def test_healthz_is_503_and_names_the_platform_that_is_down(app: App, core: Core) -> None:
    """One disconnected platform makes /healthz 503, and the body names that platform only."""
    telegram, discord = FakeRunner("telegram"), FakeRunner("discord")
    telegram.connected = True
    server = await _serve(app, [telegram, discord])
    try:
        status, _, body = await _get(f"http://127.0.0.1:{server.port}/healthz")
        assert status == 503
        data = json.loads(body)
        assert data["status"] == "down"
        assert data["down"] == ["discord"]
        assert data["platforms"]["telegram"] == {"connected": True}
        discord.connected = True  # reconnects: healthy again without restarting anything
        status, _, _ = await _get(f"http://127.0.0.1:{server.port}/healthz")
        assert status == 200
    finally:
        await server.stop()


async def test_healthz_is_503_when_no_content_is_loaded(app: App, core: Core) -> None:
    """Without a catalog /healthz is 503 and names the content as the part that is down."""
    server = await _serve(app, [], content_loaded=False)
    try:
        status, _, body = await _get(f"http://127.0.0.1:{server.port}/healthz")
    finally:
        await server.stop()
    assert status == 503
    data = json.loads(body)
    assert data["down"] == ["content"]
    assert data["content"]["loaded"] is False


async def test_metrics_count_requests_by_command_and_platform(app: App, core: Core) -> None:
    """/metrics, parsed by prometheus_client, counts requests answered by the core per command and platform.

    It also carries the latency histogram, the error counter, the content
    version and load time, and each platform's connection gauge; a
    user-typed unknown command is counted as "other", never as its own label.
    """
    telegram = FakeRunner("telegram")
    telegram.connected = True
    server = await _serve(app, [telegram])
    try:
        await text_to(core, "/start", platform="telegram", user_id="1")
        await text_to(core, "/salary language engineer", platform="telegram", user_id="1")
        await text_to(core, "/salary", platform="discord", user_id="2")
        await text_to(core, "/no-such-command-xyz", platform="discord", user_id="2")
        status, kind, body = await _get(f"http://127.0.0.1:{server.port}/metrics")
    finally:
        await server.stop()
    assert status == 200
    assert kind.startswith("text/plain")
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }

    def value(name: str, **labels: str) -> float:
        return samples[(name, tuple(sorted(labels.items())))]

    assert value("careerbot_requests_total", command="start", platform="telegram") == 1
    assert value("careerbot_requests_total", command="salary", platform="telegram") == 1
    assert value("careerbot_requests_total", command="salary", platform="discord") == 1
    assert value("careerbot_requests_total", command="other", platform="discord") == 1
    assert not any("no-such-command" in str(key) for key in samples)
    assert value("careerbot_request_errors_total", command="other", platform="discord") == 1
    assert value("careerbot_request_seconds_count", platform="telegram") == 2
    assert value("careerbot_request_seconds_count", platform="discord") == 2
    assert value("careerbot_content_info", version=core.catalog.version) == 1
    assert 0 < value("careerbot_content_load_seconds") < 10
    assert value("careerbot_content_loaded_timestamp_seconds") > 1e9
    assert value("careerbot_platform_connected", platform="telegram") == 1
    assert value("careerbot_platform_failures_total", platform="telegram") == 0


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("", "127.0.0.1"),
        ("0.0.0.0", "127.0.0.1"),
        ("::", "127.0.0.1"),
        ("10.1.2.3", "10.1.2.3"),
        ("::1", "[::1]"),
    ],
)
def test_healthcheck_asks_the_address_health_host_names(host: str, expected: str) -> None:
    """The image's HEALTHCHECK asks the listener where HEALTH_HOST binds it: loopback when it binds
    every address, else that address (a listener on 10.1.2.3 is not reachable on 127.0.0.1)."""
    assert address(host) == expected


async def test_healthcheck_reaches_a_listener_bound_to_a_specific_address(
    core: Core, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With HEALTH_HOST=127.0.0.2 (not 127.0.0.1) `python -m adapters.healthcheck` finds /healthz and
    exits 0."""
    source = HealthSource(lambda: core.catalog, {"telegram": lambda: True})
    server = HealthServer(source, Metrics(core.table, ["telegram"]), "127.0.0.2", 0)
    await server.start()
    try:
        monkeypatch.setenv("HEALTH_HOST", "127.0.0.2")
        monkeypatch.setenv("HEALTH_PORT", str(server.port))
        assert await asyncio.to_thread(healthcheck_main) == 0
    finally:
        await server.stop()
    assert '"status"' in capsys.readouterr().out
