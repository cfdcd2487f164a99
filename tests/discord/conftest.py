"""Fixtures of the Discord tests: a fake Discord, discord.py pointed at it, a running bot."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from adapters.config import Config
from adapters.discord.runner import DiscordRunner
from adapters.discord.settings import DiscordSettings
from bot.core import Core
from bot.settings import Secret, Settings
from tests.fakes.discord_api import GUILD_ID, TOKEN, FakeDiscord, point_discord_py_at
from tests.waiting import finishes


@pytest.fixture
def settings(tmp_path: Path) -> Config:
    """Discord settings with the fake's token, a fresh data folder and commands synced to one guild."""
    discord = DiscordSettings(token=Secret(TOKEN), guild_ids=(GUILD_ID,))
    return Config(Settings(data_dir=tmp_path / "data"), discord=discord)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A started fake Discord."""
    server = await FakeDiscord().start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
def pointed(fake: FakeDiscord) -> Iterator[FakeDiscord]:
    """discord.py talks to the fake for the duration of the test."""
    with point_discord_py_at(fake):
        yield fake


class Bot:
    """A running :class:`DiscordRunner` and the event that stops it."""

    def __init__(self, runner: DiscordRunner, stop: asyncio.Event, task: asyncio.Task[None]) -> None:
        self.runner = runner
        self.stop = stop
        self.task = task

    async def shutdown(self, seconds: float = 5.0) -> None:
        """Set the stop event and wait for ``run`` to return; fail the test if that takes longer
        than ``seconds``."""
        self.stop.set()
        await finishes(self.task, seconds, "the Discord runner's run() after the stop event")


@contextlib.asynccontextmanager
async def running(
    fake: FakeDiscord,
    core: Core,
    settings: Config,
    *,
    online: Callable[[], object] | None = None,
    seconds: float = 5.0,
    **options: Any,
) -> AsyncIterator[Bot]:
    """Run the bot until the block ends; when the block starts it is online (identified or resumed
    on every shard, or ``online()`` holds, within ``seconds``)."""
    runner = DiscordRunner(core, settings.discord, settings.core.data_dir, **options)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    bot = Bot(runner, stop, task)
    try:
        waiter = asyncio.create_task(fake.wait_for(online or (lambda: fake.online), seconds))
        await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            waiter.cancel()
            task.result()
        await waiter
        yield bot
    finally:
        if not task.done():
            await bot.shutdown()


@pytest.fixture
async def bot(pointed: FakeDiscord, core: Core, settings: Config) -> AsyncIterator[Bot]:
    """careerbot running against the fake."""
    async with running(pointed, core, settings) as started:
        yield started


def with_settings(settings: Config, **changes: Any) -> Config:
    """``settings`` with some Discord settings changed."""
    return replace(settings, discord=replace(settings.discord, **changes))
