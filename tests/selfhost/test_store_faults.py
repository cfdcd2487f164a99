"""PostgreSQL faults under a real ``careerbot run telegram``: the server stopped mid-run, and not there
at start; and /healthz, /metrics reporting the store without waiting on it.

The bot is a real process (``python -m bot run telegram``) polling the fake Telegram, itself a
process of its own (``python -m tests.fakes.telegram_api``), driven over its ``/_test/`` endpoints;
the PostgreSQL server is a throwaway cluster of the test's own that the test stops and starts
(scripts/postgres.sh down/up).  Under CI these tests fail rather than skip without PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.phrases import EN
from tests.content import FIXTURE_CONTENT
from tests.fakes.telegram_api import DEFAULT_TOKEN
from tests.pg import Cluster, own_postgres

from .conftest import free_port

__all__ = ["own_postgres"]

ROOT = Path(__file__).resolve().parents[2]
CHAT = 4242
_T = TypeVar("_T")


async def until(check: Callable[[], Awaitable[_T | None]], within: float, what: str) -> _T:
    """Poll ``check`` (every 0.1 s) until it returns something; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        found = await check()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {within:g} s")
        await asyncio.sleep(0.1)


@contextmanager
def fake_telegram() -> Iterator[str]:
    """``python -m tests.fakes.telegram_api`` on a free port; yields its URL; stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.telegram_api", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until the fake listens (or dies)
        assert line.strip() == f"fake-telegram ready on http://127.0.0.1:{port}", line
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


class Bot:
    """A ``careerbot run telegram`` process: its health port, its log (stderr) and how to stop it."""

    def __init__(self, process: subprocess.Popen[bytes], health_port: int, log: Path) -> None:
        self.process = process
        self.health = f"http://127.0.0.1:{health_port}"
        self.log_path = log

    def log(self) -> str:
        """Everything the bot wrote to stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def healthz(self, http: aiohttp.ClientSession) -> tuple[int, dict[str, Any]] | None:
        """``(status, body)`` of /healthz, or ``None`` while nothing listens."""
        try:
            async with http.get(f"{self.health}/healthz", timeout=aiohttp.ClientTimeout(total=2)) as response:
                return response.status, json.loads(await response.text())
        except aiohttp.ClientConnectionError:
            return None

    async def health_is(
        self, http: aiohttp.ClientSession, status: int, store_up: bool, within: float
    ) -> dict[str, Any]:
        """Wait until /healthz answers ``status`` with the store ``store_up``; its body."""

        async def check() -> dict[str, Any] | None:
            answer = await self.healthz(http)
            matches = answer is not None and answer[0] == status and answer[1]["store"]["up"] is store_up
            return answer[1] if answer is not None and matches else None

        return await until(check, within, f"/healthz {status} with the store up={store_up}")

    async def logged(self, text: str, times: int, within: float) -> None:
        """Wait until the log holds ``text`` at least ``times`` times."""

        async def check() -> bool | None:
            return True if self.log().count(text) >= times else None

        await until(check, within, f"{times} x {text!r} in the log")

    def stop(self, within: float = 10.0) -> int:
        """SIGTERM; the exit code (the test fails if it takes longer than ``within`` seconds)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(within)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"careerbot did not stop within {within:g} s of SIGTERM") from None


@contextmanager
def careerbot_run(tmp_path: Path, store_url: str, telegram: str) -> Iterator[Bot]:
    """``python -m bot run telegram`` on ``store_url``, polling the fake Telegram at ``telegram``."""
    port = free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "STORE_"))}
    env = {
        **base,
        "PYTHONUNBUFFERED": "1",
        "TELEGRAM_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_BASE_URL": telegram,
        "STORE_URL": store_url,
        "HEALTH_PORT": str(port),
        "HEALTH_HOST": "127.0.0.1",
        "DATA_DIR": str(tmp_path / "data"),
        "CAREERBOT_CONTENT_DIR": str(FIXTURE_CONTENT),
        "LOG_LEVEL": "INFO",
    }
    log = tmp_path / "careerbot.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--env-file", "/nonexistent/.env", "run", "telegram"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        yield Bot(process, port, log)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


async def store_gauge(session: aiohttp.ClientSession, url: str) -> dict[str, float]:
    """``careerbot_store_up`` per kind, from /metrics."""
    async with session.get(f"{url}/metrics") as response:
        text = await response.text()
    return {
        sample.labels["kind"]: sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "careerbot_store_up"
        for sample in family.samples
    }


class Chat:
    """One private chat with the bot on the fake Telegram, driven over HTTP."""

    def __init__(self, session: aiohttp.ClientSession, telegram: str, chat_id: int = CHAT) -> None:
        self.session, self.telegram, self.chat_id = session, telegram, chat_id

    async def sent(self) -> list[dict[str, Any]]:
        """What the bot sent or edited in this chat, in order."""
        async with self.session.get(
            f"{self.telegram}/_test/sent", params={"chat_id": str(self.chat_id)}
        ) as r:
            return list((await r.json())["result"])

    async def _inject(self, item: dict[str, Any]) -> dict[str, Any]:
        before = len(await self.sent())
        async with self.session.post(f"{self.telegram}/_test/updates", json=item) as response:
            assert response.status == 200

        async def answer() -> dict[str, Any] | None:
            sent = await self.sent()
            return sent[-1] if len(sent) > before else None

        # Through a store outage the intake first holds updates (Telegram delivers them again; nothing is
        # lost to a brief blip), then answers them unrecorded: bot.intake.UNRECORDED_AFTER plus the
        # store's timeout per write and PTB's retry backoff.
        return await until(answer, 45, f"the bot's answer to {item}")

    async def say(self, text: str) -> dict[str, Any]:
        """Write ``text``; the bot's answer (what it sent or edited)."""
        return await self._inject({"text": text, "chat_id": self.chat_id, "user_id": self.chat_id})

    async def press(self, message: dict[str, Any], label: str) -> dict[str, Any]:
        """Press the button of ``message`` whose label starts with ``label``; the bot's answer."""
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        buttons = [b for row in rows for b in row if b["text"].startswith(label)]
        assert buttons, f"no button {label!r} in {[b['text'] for row in rows for b in row]}"
        data = buttons[0]["callback_data"]
        return await self._inject(
            {"callback_data": data, "chat_id": self.chat_id, "message_id": message["message_id"]}
        )


def quiz_step(number: int) -> str:
    return EN.quiz_question.format(number=number, total=6)


async def test_a_running_bot_rides_out_a_postgresql_outage(own_postgres: Cluster, tmp_path: Path) -> None:
    """PostgreSQL stopped under a running bot: /healthz goes 503 naming the store, /metrics shows
    it down, /careers and a free-text question are still answered, a quiz answer says "try again in
    a moment" (with a button to retry); PostgreSQL started again: /healthz 200 without a restart and
    the retry button continues the quiz.  One warning for the outage, the password never logged."""
    with fake_telegram() as telegram, careerbot_run(tmp_path, own_postgres.url, telegram) as bot:
        async with aiohttp.ClientSession() as http:
            await bot.health_is(http, 200, True, within=30)
            chat = Chat(http, telegram)
            first = await chat.say("/quiz")
            assert quiz_step(1) in first["text"]
            second = await chat.press(first, "Pictures")
            assert quiz_step(2) in second["text"]

            await asyncio.to_thread(own_postgres.down)
            body = await bot.health_is(http, 503, False, within=15)
            assert body["store"] == {"kind": "postgresql", "up": False}
            assert "store" in body["down"]
            assert body["platforms"] == {"telegram": {"connected": True}}
            assert await store_gauge(http, bot.health) == {"postgresql": 0.0}

            careers = await chat.say("/careers")
            assert "Language Engineer" in careers["text"]
            salary = await chat.say("how much does a language engineer earn?")
            assert "$93,000" in salary["text"]
            for answer in (careers, salary):
                assert "try again" not in answer["text"].lower()
                assert EN.apology_title not in answer["text"]
            stuck = await chat.press(second, "I can")
            assert stuck["method"] == "editMessageText"
            assert EN.store_down_title in stuck["text"]
            assert "try again in a moment" in stuck["text"]

            await asyncio.to_thread(own_postgres.up)
            await bot.health_is(http, 200, True, within=15)
            assert await store_gauge(http, bot.health) == {"postgresql": 1.0}
            third = await chat.press(stuck, EN.btn_try_again)
            assert quiz_step(3) in third["text"]
        assert bot.stop() == 0
    log = bot.log()
    assert own_postgres.password not in log
    assert "Traceback" not in log
    assert log.count("saved state unavailable") == 1, log
    warning = next(line for line in log.splitlines() if "saved state unavailable" in line)
    assert "WARNING" in warning
    assert "careerbot:***@127.0.0.1" in warning
    assert "STORE_URL" in warning
    assert "answers again" in log


async def test_unreachable_at_start_the_bot_waits_then_becomes_healthy(
    own_postgres: Cluster, tmp_path: Path
) -> None:
    """PostgreSQL not running when the bot starts: /healthz answers at once with 503 (store down),
    retries are logged with the password masked, and once PostgreSQL starts the bot opens the store,
    connects to Telegram and /healthz turns 200 by itself."""
    await asyncio.to_thread(own_postgres.down)
    with fake_telegram() as telegram, careerbot_run(tmp_path, own_postgres.url, telegram) as bot:
        async with aiohttp.ClientSession() as http:
            status, body = await until(lambda: bot.healthz(http), 20, "/healthz listening")
            assert status == 503
            assert body["store"] == {"kind": "postgresql", "up": False}
            assert "store" in body["down"]
            await bot.logged("retrying in", 2, within=20)
            await asyncio.to_thread(own_postgres.up)
            await bot.health_is(http, 200, True, within=30)
            chat = Chat(http, telegram)
            assert quiz_step(1) in (await chat.say("/quiz"))["text"]
        assert bot.stop() == 0
    log = bot.log()
    retries = [line for line in log.splitlines() if "retrying in" in line]
    assert all("STORE_URL" in line and "careerbot:***@127.0.0.1" in line for line in retries), retries
    assert own_postgres.password not in log
    assert "Traceback" not in log


async def test_sigterm_while_waiting_for_the_store_stops_promptly(tmp_path: Path) -> None:
    """Nothing listens where STORE_URL points: the bot keeps retrying (no fixed cap) and SIGTERM
    ends it within a few seconds with exit code 0, the password never shown."""
    secret = "n0t-in-any-log-9317"
    url = f"postgresql://careerbot:{secret}@127.0.0.1:{free_port()}/careerbot"
    with fake_telegram() as telegram, careerbot_run(tmp_path, url, telegram) as bot:
        async with aiohttp.ClientSession() as http:
            status, body = await until(lambda: bot.healthz(http), 20, "/healthz listening")
            assert (status, body["store"]) == (503, {"kind": "postgresql", "up": False})
            await bot.logged("retrying in", 3, within=30)
        started = time.monotonic()
        assert bot.stop(within=5.0) == 0
        assert time.monotonic() - started < 5.0
    assert secret not in bot.log()
