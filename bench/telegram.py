"""Benchmark of the Telegram adapter against the fake Bot API server; prints one JSON line.

The fake server (tests/fakes/telegram_api.py) runs in its own process; the
bots run in this one, polling it over HTTP exactly as they would poll
Telegram.  In the same run, and on the same server:

* ``careerbot``: the real adapter (TelegramRunner: HTML rendering with
  escaping, keyboards, share links, per-chat ordered concurrency 32), without
  saved state;
* ``careerbot_sqlite``: the same with saved state on a fresh SQLite store, as
  ``careerbot run`` serves: every update recorded before it is acknowledged
  and marked answered (the crash-safe intake), owners and contexts in the store;
* ``bare``: a bare PTB Application that answers every command with a fixed
  text, with PTB's default sequential processing;
* ``bare_concurrent``: the same bare bot with ``concurrent_updates(32)``,
  reported so the no-latency ratio is not flattered by concurrency alone.

Each run injects a burst of updates (commands spread over chats, 10 per
chat) and times from injection to the last reply.  Latency per update is
server-side: injection to the server receiving its reply.  Scenario (a) has
no added latency; scenario (b) adds 50 ms to every Bot API call.  The
sequential bare bot in (b) needs ~50 ms per update, so it handles 200
updates (20 chats) and its rate is extrapolated; the JSON says so.

Usage: ``python bench/telegram.py [--updates 2000] [--chats 200]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
# This script is called telegram.py: keep its folder off sys.path so `import telegram` finds PTB.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from adapters.telegram.runner import TelegramRunner  # noqa: E402
from adapters.telegram.settings import load  # noqa: E402
from bot.content.loader import load_catalog  # noqa: E402
from bot.core import Core  # noqa: E402
from bot.flows.service import StateService  # noqa: E402
from bot.store import SqliteStore  # noqa: E402

TOKEN = "7000000001:AAFakeTokenForCareerbotTests_0123456789"
COMMANDS = (
    "/start",
    "/help",
    "/careers",
    "/skills python",
    "/salary nlp engineer",
    "/about",
    "/careers data scientist",
    "/examples medical imaging",
    "/education",
    "/experience",
)
"""What the users send; each careerbot reply fits one message."""
LATENCY = 0.05
SEQUENTIAL_SLOW_UPDATES = 200


class Server:
    """The fake Bot API in a subprocess, and a client for its test endpoints."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.root = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[str] | None = None
        self.client = httpx.AsyncClient(base_url=self.root, timeout=30)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.telegram_api", "--port", str(self.port), "--token", TOKEN],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if "ready" not in line:
            raise RuntimeError(f"fake server did not start: {line!r}")

    async def call(self, method: str, path: str, body: Any = None) -> Any:
        response = await self.client.request(method, path, json=body)
        response.raise_for_status()
        return response.json()["result"]

    async def stop(self) -> None:
        await self.client.aclose()
        if self.process is not None:
            self.process.terminate()
            self.process.wait(5)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def wait_polling(server: Server) -> None:
    for _ in range(500):
        if await server.call("GET", "/_test/stats") and any(
            c["method"] == "getUpdates" for c in await server.call("GET", "/_test/calls")
        ):
            return
        await asyncio.sleep(0.01)
    raise RuntimeError("bot did not start polling")


async def burst(server: Server, updates: int, chats: int) -> dict[str, Any]:
    """Inject ``updates`` commands over ``chats`` chats at once; wait for every reply; measure."""
    items = [
        {"text": COMMANDS[i % len(COMMANDS)], "chat_id": 10_000 + (i % chats), "chat_type": "private"}
        for i in range(updates)
    ]
    injected = await server.call("POST", "/_test/updates", items)
    deadline = time.monotonic() + 170
    while (await server.call("GET", "/_test/stats"))["sent"] < updates:
        if time.monotonic() > deadline:
            raise RuntimeError("replies did not arrive in time")
        await asyncio.sleep(0.02)
    sent = await server.call("GET", "/_test/sent")
    by_chat: dict[int, list[float]] = {}
    for message in sent:
        by_chat.setdefault(message["chat_id"], []).append(message["time"])
    latencies = []
    seen: dict[int, int] = {}
    for item, info in zip(items, injected, strict=True):
        chat = item["chat_id"]
        k = seen.get(chat, 0)
        seen[chat] = k + 1
        latencies.append(by_chat[chat][k] - info["time"])
    elapsed = max(m["time"] for m in sent) - min(i["time"] for i in injected)
    return {
        "updates": updates,
        "chats": chats,
        "seconds": round(elapsed, 3),
        "updates_per_s": round(updates / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


async def run_careerbot(server: Server, core: Core, updates: int, chats: int) -> dict[str, Any]:
    settings = load(
        env={"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_BASE_URL": server.root, "TELEGRAM_CONCURRENCY": "32"}
    )
    runner = TelegramRunner(core, settings)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await wait_polling(server)
        return await burst(server, updates, chats)
    finally:
        stop.set()
        await task


async def run_careerbot_sqlite(server: Server, updates: int, chats: int) -> dict[str, Any]:
    """careerbot with saved state on a fresh SQLite file (opened before, closed after)."""
    with tempfile.TemporaryDirectory(prefix="careerbot-bench-") as folder:
        store = SqliteStore(Path(folder) / "careerbot.sqlite3")
        await store.open()
        try:
            return await run_careerbot(
                server, Core(load_catalog(), state=StateService(store)), updates, chats
            )
        finally:
            await store.close()


async def run_bare(server: Server, updates: int, chats: int, concurrent: int | bool) -> dict[str, Any]:
    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, "Thanks for your command!")

    app: Application = (  # type: ignore[type-arg]
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{server.root}/bot")
        .base_file_url(f"{server.root}/file/bot")
        .concurrent_updates(concurrent)
        .build()
    )
    app.add_handler(MessageHandler(filters.COMMAND, answer))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=10)
    try:
        await wait_polling(server)
        return await burst(server, updates, chats)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def scenario(
    server: Server, latency: float, runs: list[tuple[str, Callable[[], Awaitable[dict[str, Any]]]]]
) -> dict[str, Any]:
    out = {}
    for name, run in runs:
        await server.call("POST", "/_test/reset")
        await server.call("POST", "/_test/latency", {"seconds": 0.0})
        await asyncio.sleep(0.1)
        await server.call("POST", "/_test/latency", {"seconds": latency})
        out[name] = await run()
    return out


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=200)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    core = Core(load_catalog())
    n, chats = args.updates, args.chats
    server = Server(free_port())
    server.start()
    started = time.monotonic()
    try:
        fast = await scenario(
            server,
            0.0,
            [
                ("bare", lambda: run_bare(server, n, chats, False)),
                ("careerbot", lambda: run_careerbot(server, core, n, chats)),
                ("careerbot_sqlite", lambda: run_careerbot_sqlite(server, n, chats)),
                ("bare_concurrent", lambda: run_bare(server, n, chats, 32)),
            ],
        )
        slow_n, slow_chats = SEQUENTIAL_SLOW_UPDATES, SEQUENTIAL_SLOW_UPDATES * chats // n
        slow = await scenario(
            server,
            LATENCY,
            [
                ("bare", lambda: run_bare(server, slow_n, slow_chats, False)),
                ("careerbot", lambda: run_careerbot(server, core, n, chats)),
                ("careerbot_sqlite", lambda: run_careerbot_sqlite(server, n, chats)),
            ],
        )
    finally:
        await server.stop()
    ratio_a = fast["careerbot"]["updates_per_s"] / fast["bare"]["updates_per_s"]
    ratio_a_conc = fast["careerbot"]["updates_per_s"] / fast["bare_concurrent"]["updates_per_s"]
    ratio_b = slow["careerbot"]["updates_per_s"] / slow["bare"]["updates_per_s"]
    stored_a = fast["careerbot_sqlite"]["updates_per_s"]
    stored_b = slow["careerbot_sqlite"]["updates_per_s"]
    result = {
        "benchmark": "telegram",
        "a_no_latency": {
            **fast,
            "ratio_vs_bare": round(ratio_a, 2),
            "ratio_vs_bare_concurrent": round(ratio_a_conc, 2),
            "sqlite_ratio_vs_bare": round(stored_a / fast["bare"]["updates_per_s"], 2),
            "sqlite_ratio_vs_bare_concurrent": round(stored_a / fast["bare_concurrent"]["updates_per_s"], 2),
            "target": ">= 0.9 x bare",
            "met": ratio_a >= 0.9,
        },
        "b_50ms_latency": {
            **slow,
            "bare_note": (
                f"sequential bare bot measured on {slow_n} updates over {slow_chats} chats; "
                "its steady rate is compared (2,000 would take ~100 s)"
            ),
            "ratio_vs_bare": round(ratio_b, 2),
            "sqlite_ratio_vs_bare": round(stored_b / slow["bare"]["updates_per_s"], 2),
            "target": ">= 8 x bare (sequential)",
            "met": ratio_b >= 8,
        },
        "bench_seconds": round(time.monotonic() - started, 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
