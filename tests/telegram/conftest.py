"""Fixtures of the Telegram tests: a fake Bot API server and careerbot's runner polling it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.telegram.runner import TelegramRunner
from adapters.telegram.settings import TelegramSettings, load
from bot.core import Core
from bot.phrases import EN
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram
from tests.waiting import eventually, finishes

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

    async def stop(self, within: float = 10.0) -> None:
        """Set the stop event and wait for ``run`` to return; fail the test if that takes longer
        than ``within`` seconds."""
        self.stop_event.set()
        await finishes(self.task, within, "the runner's run() after the stop event")


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


async def settled(fake: FakeTelegram, chat_id: int, user_id: int | None = None) -> dict[str, Any]:
    """Send the marker ``/help`` to ``chat_id`` and wait for its answer, which is returned.

    The bot handles one chat's updates one after another, in order, so once the marker is
    answered every earlier update of that chat has been handled completely."""
    before = len(fake.sent)
    fake.message("/help", chat_id, user_id=user_id)

    def answers() -> list[dict[str, Any]]:
        return [
            s for s in fake.sent[before:] if s["chat_id"] == chat_id and s["text"].startswith(EN.help_title)
        ]

    await fake.wait_for(lambda: bool(answers()), 5)
    return answers()[-1]


async def silent(fake: FakeTelegram, text: str, chat_id: int, **kwargs: Any) -> None:
    """A user writes ``text`` and the bot handles it without sending anything: the only message
    sent until the marker of :func:`settled` (the same user's /help right after) is answered is
    the marker's answer."""
    before = len(fake.sent)
    fake.message(text, chat_id, **kwargs)
    marker = await settled(fake, chat_id, kwargs.get("user_id"))
    assert fake.sent[before:] == [marker]
