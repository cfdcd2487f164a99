"""A real SIGKILL mid-burst: ``careerbot run telegram`` (a real process on the SQLite store in DATA_DIR)
is killed while answering, started again, and every message is answered; at most the replies in flight
at the kill are sent twice.  Polling and webhook mode; bench/crash.py is the 600-message version.

Each message goes to a group, so each reply quotes the message it answers: a message with no reply
is lost, a second reply to one message is a duplicate.  Updates of one chat are answered one after
another, so at most one per chat is in flight: the bound on duplicates is the number of chats.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.content import FIXTURE_CONTENT
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import TOKEN
from tests.telegram.test_config import free_port
from tests.waiting import finishes

MESSAGES, CHATS, KILL_AFTER = 120, 12, 20
COMMANDS = ("/about", "/skills", "/careers", "/help", "/education")


@asynccontextmanager
async def careerbot(env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    """``python -m bot run telegram`` with ``env``; killed at the end if it still runs."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--env-file", os.devnull, "run", "telegram",
        env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.communicate()


def bot_env(fake: FakeTelegram, data_dir: Path, mode: str) -> dict[str, str]:
    """The environment of the bot process: the fake, a data folder, a 1 s lease; webhook settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DISCORD_", "HEALTH_", "STORE_"))
    }
    env.update(
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=fake.base_url,
        DATA_DIR=str(data_dir),
        CAREERBOT_CONTENT_DIR=str(FIXTURE_CONTENT),
        TELEGRAM_LEASE_SECONDS="1",
    )
    if mode == "webhook":
        port = free_port()
        env.update(
            TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/tg",
            TELEGRAM_WEBHOOK_SECRET="crash-test-secret",
            TELEGRAM_LISTEN="127.0.0.1",
            TELEGRAM_PORT=str(port),
        )
    return env


def answers(fake: FakeTelegram) -> Counter[tuple[int, int]]:
    """How many replies each (chat, message id) got."""
    return Counter((s["chat_id"], s["reply_to"]) for s in fake.sent if s["method"] == "sendMessage")


async def serving(fake: FakeTelegram, mode: str, calls_before: int) -> None:
    """Wait until a freshly started bot polls (or has set its webhook)."""
    if mode == "webhook":
        await fake.wait_for(
            lambda: any(
                c["method"] == "setWebhook" and c.get("status") == 200 for c in fake.calls[calls_before:]
            ),
            30,
        )
    else:
        await fake.wait_for(lambda: any(c["method"] == "getUpdates" for c in fake.calls[calls_before:]), 30)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_sigkill_mid_burst_loses_nothing(fake: FakeTelegram, tmp_path: Path, mode: str) -> None:
    """120 messages over 12 groups, 50 ms per Bot API call; SIGKILL after 20 replies; start again:
    every message is answered, and no more are answered twice than there were chats (in flight)."""
    fake.latency = 0.05
    env = bot_env(fake, tmp_path / "data", mode)
    async with careerbot(env) as first:
        await serving(fake, mode, 0)
        sent = [
            fake.message(COMMANDS[n % len(COMMANDS)], -1000 - n % CHATS, chat_type="supergroup")
            for n in range(MESSAGES)
        ]
        await fake.wait_for(lambda: len(fake.sent) >= KILL_AFTER, 30)
        first.send_signal(signal.SIGKILL)
        assert await finishes(first.wait(), 10, "the killed bot") == -signal.SIGKILL
    at_kill = len(fake.sent)
    assert at_kill < MESSAGES  # the kill came mid-burst
    expected = {(u["message"]["chat"]["id"], u["message"]["message_id"]) for u in sent}
    async with careerbot(env) as second:
        await serving(fake, mode, len(fake.calls))
        await fake.wait_for(lambda: expected <= set(answers(fake)), 60)
        second.send_signal(signal.SIGTERM)  # a clean stop finishes what is in flight: every duplicate is out
        assert await finishes(second.wait(), 10, "the restarted bot after SIGTERM") == 0
    replies = answers(fake)
    lost = expected - set(replies)
    duplicated = sum(count - 1 for count in replies.values())
    assert not lost
    assert duplicated <= CHATS, (
        f"{duplicated} duplicates, more than the {CHATS} replies that can be in flight"
    )
    assert set(replies) == expected
