"""`careerbot run all`: every platform in one process, a failing one retried with backoff alone."""

from __future__ import annotations

import asyncio
import json
import re

import aiohttp
import pytest

from adapters.bootstrap import App
from adapters.runtime import run_platforms
from bot.core import Core
from bot.errors import ConfigError
from bot.settings import Settings
from tests.selfhost.conftest import with_settings
from tests.waiting import eventually

from .conftest import FakeRunner, factory_of, free_port

RETRY = re.compile(r"discord failed: RuntimeError; retrying in ([0-9.]+) s")
"""The supervisor's log line for a failed start of the fake Discord runner."""


def _served(caplog: pytest.LogCaptureFixture, message: str) -> bool:
    """Whether the runtime logged exactly ``message`` (what _serve logs when a platform stopped)."""
    return any(r.name == "careerbot.runtime" and r.getMessage() == message for r in caplog.records)


async def test_failing_platform_is_retried_with_backoff_while_the_other_keeps_serving(
    app: App, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord fails four times; it is restarted after delays that double (0.1, 0.2, 0.4 and 0.8 s
    as the log announces them, each restart no sooner than announced) while Telegram stays
    connected."""
    telegram, discord = FakeRunner("telegram"), FakeRunner("discord", fail_times=4)
    stop = asyncio.Event()
    factory = factory_of({"telegram": telegram, "discord": discord})
    task = asyncio.create_task(
        run_platforms(
            with_settings(app, Settings()),
            ("telegram", "discord"),
            factory=factory,
            backoff_start=0.1,
            stop=stop,
        )
    )
    await eventually(lambda: discord.connected)
    assert telegram.connected
    assert len(telegram.starts) == 1, "the healthy platform was never restarted"
    assert len(discord.starts) == 5
    announced = [
        float(match.group(1))
        for record in caplog.records
        if record.name == "careerbot.runtime" and (match := RETRY.fullmatch(record.getMessage()))
    ]
    assert announced == [0.1, 0.2, 0.4, 0.8]
    gaps = [b - a for a, b in zip(discord.starts, discord.starts[1:], strict=False)]
    # lower bounds only (a busy machine makes gaps longer, never shorter); timers may fire a tick early
    assert all(gap >= delay * 0.99 for gap, delay in zip(gaps, announced, strict=True)), gaps
    stop.set()
    await asyncio.wait_for(task, 5)
    assert telegram.stopped_cleanly
    assert discord.stopped_cleanly


async def test_run_all_retries_even_a_single_platform(app: App, core: Core) -> None:
    """With `run all` (retry=True) a lone platform that fails at start is retried, not fatal."""
    telegram = FakeRunner("telegram", fail_times=2)
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_platforms(
            with_settings(app, Settings()),
            ("telegram",),
            retry=True,
            factory=factory_of({"telegram": telegram}),
            backoff_start=0.01,
            stop=stop,
        )
    )
    await eventually(lambda: telegram.connected)
    assert len(telegram.starts) == 3
    stop.set()
    await asyncio.wait_for(task, 5)


async def test_a_rejected_token_stops_only_its_platform(
    app: App, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    """A ConfigError (rejected token) is logged and not retried; the other platform keeps running."""
    telegram, discord = FakeRunner("telegram"), FakeRunner("discord", fail_times=99, error=ConfigError)
    stop = asyncio.Event()
    factory = factory_of({"telegram": telegram, "discord": discord})
    task = asyncio.create_task(
        run_platforms(
            with_settings(app, Settings()),
            ("telegram", "discord"),
            factory=factory,
            backoff_start=0.01,
            stop=stop,
        )
    )
    # _serve logs the ConfigError once discord's supervision has ended: no restart can follow
    await eventually(lambda: telegram.connected and _served(caplog, "discord start 1 failed"))
    assert len(discord.starts) == 1
    assert not task.done()
    assert "discord start 1 failed" in caplog.text
    stop.set()
    await asyncio.wait_for(task, 5)


async def test_every_platform_rejected_raises_config_error(app: App, core: Core) -> None:
    """When every platform stops on a ConfigError, run_platforms raises it (the CLI exits 2)."""
    runners = {
        "telegram": FakeRunner("telegram", fail_times=9, error=ConfigError),
        "discord": FakeRunner("discord", fail_times=9, error=ConfigError),
    }
    with pytest.raises(ConfigError):
        await asyncio.wait_for(
            run_platforms(
                with_settings(app, Settings()), ("telegram", "discord"), factory=factory_of(runners)
            ),
            5,
        )


async def test_health_listener_reflects_the_supervised_platforms(app: App, core: Core) -> None:
    """With HEALTH_PORT, /healthz is 503 naming the platform still failing, then 200 once it connects."""
    port = free_port()
    telegram, discord = FakeRunner("telegram"), FakeRunner("discord", fail_times=3)
    stop = asyncio.Event()
    settings = Settings(health_host="127.0.0.1", health_port=port)
    factory = factory_of({"telegram": telegram, "discord": discord})
    task = asyncio.create_task(
        run_platforms(
            with_settings(app, settings),
            ("telegram", "discord"),
            factory=factory,
            backoff_start=0.15,
            stop=stop,
        )
    )
    url = f"http://127.0.0.1:{port}/healthz"
    async with aiohttp.ClientSession() as session:
        await eventually(lambda: telegram.connected)
        async with session.get(url) as response:
            assert response.status == 503
            assert json.loads(await response.text())["down"] == ["discord"]
        await eventually(lambda: discord.connected)
        async with session.get(url) as response:
            assert response.status == 200
        async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
            assert 'careerbot_platform_failures_total{platform="discord"} 3.0' in await response.text()
    stop.set()
    await asyncio.wait_for(task, 5)
