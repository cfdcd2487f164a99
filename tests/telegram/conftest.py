"""Fixtures of the Telegram tests: a fake Bot API server and careerbot's runner polling it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.telegram.runner import TelegramRunner
from adapters.telegram.settings import TelegramSettings, load
from bot.core import Core
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram
from tests.waiting import eventually

TOKEN = DEFAULT_TOKEN


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """A started fake Bot API server accepting :data:`TOKEN`."""
    server = FakeTelegram(TOKEN)
    await server.start()
    try:
        yield server
    finally:
        await server.close()


def telegram_settings(fake: FakeTelegram, **env: str) -> TelegramSettings:
    """Settings as the CLI would read them: the fake's address and token, plus ``env``."""
    return load(env={"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_BASE_URL": fake.base_url, **env})


class Bot:
    """A running :class:`TelegramRunner`, the event that stops it, and its fake server."""

    def __init__(self, runner: TelegramRunner, stop: asyncio.Event, task: asyncio.Task[None]) -> None:
        self.runner = runner
        self.stop_event = stop
        self.task = task

    async def stop(self) -> float:
        """Set the stop event; return the seconds ``run`` took to return."""
        started = time.perf_counter()
        self.stop_event.set()
        await asyncio.wait_for(self.task, timeout=10)
        return time.perf_counter() - started


async def start_bot(core: Core, settings: TelegramSettings, fake: FakeTelegram, **kwargs: Any) -> Bot:
    """Run the runner until it polls (or, in webhook mode, has set its webhook)."""
    runner = TelegramRunner(core, settings, **kwargs)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    await eventually(lambda: runner.connected or task.done(), 10)
    if task.done():
        task.result()
    if settings.webhook_url is None:
        await fake.wait_for(lambda: any(c["method"] == "getUpdates" for c in fake.calls), 5)
    return Bot(runner, stop, task)


@pytest.fixture
async def bot(core: Core, fake: FakeTelegram) -> AsyncIterator[Bot]:
    """careerbot's Telegram runner, polling the fake server."""
    running = await start_bot(core, telegram_settings(fake), fake)
    try:
        yield running
    finally:
        if not running.task.done():
            await running.stop()


async def say(
    fake: FakeTelegram, text: str, chat_id: int = 1001, *, count: int = 1, **kwargs: Any
) -> list[dict[str, Any]]:
    """A user writes ``text``; wait for ``count`` messages from the bot and return them."""
    before = len(fake.sent)
    fake.message(text, chat_id, **kwargs)
    await fake.wait_for(lambda: len(fake.sent) >= before + count, 5)
    return fake.sent[before:]


async def silent(fake: FakeTelegram, text: str, chat_id: int, **kwargs: Any) -> None:
    """A user writes ``text`` and the bot, having fetched it, sends nothing."""
    before = len(fake.sent)
    update = fake.message(text, chat_id, **kwargs)
    marker = update["update_id"] + 1
    # the bot confirmed the update (next getUpdates offset is past it) and had time to answer
    await fake.wait_for(
        lambda: any(str(c.get("params", {}).get("offset")) == str(marker) for c in fake.calls), 5
    )
    await asyncio.sleep(0.2)
    assert fake.sent[before:] == []
