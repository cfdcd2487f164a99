"""Benchmark: what sending charts costs on each platform, against the fakes; prints one JSON line.

In one process and one run, each platform's real adapter answers ``/salary`` (a reply with the
salary chart) through its fake server (tests/fakes), once with a
:class:`~adapters.pictures.Pictures` (the chart as a photo or an attachment) and once without
(``pictures=None``: the text answer alone, the baseline):

* ``first_ms``: the first ``/salary`` with pictures: drawing plus upload;
* ``text_ms`` / ``chart_ms``: the mean round trip (the user's message injected to the bot's answer
  received by the fake) of ``--requests`` further requests, without and with pictures (cached PNG;
  on Telegram re-sent by file_id), and ``chart_vs_text`` their ratio.

Usage: ``python bench/delivery.py [--requests 100]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from adapters.config import Config  # noqa: E402
from adapters.discord.runner import DiscordRunner  # noqa: E402
from adapters.discord.settings import DiscordSettings  # noqa: E402
from adapters.pictures import Pictures  # noqa: E402
from adapters.telegram.runner import TelegramRunner  # noqa: E402
from adapters.telegram.settings import load  # noqa: E402
from bot.content.loader import load_catalog  # noqa: E402
from bot.core import Core  # noqa: E402
from bot.settings import Secret, Settings  # noqa: E402
from tests.fakes.discord_api import GUILD_ID, TOKEN, FakeDiscord, point_discord_py_at  # noqa: E402
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram  # noqa: E402

Ask = Callable[[int], Awaitable[None]]


async def timed(ask: Ask, requests: int) -> tuple[float, float]:
    """The first request's time and the mean of the next ``requests``, in milliseconds."""
    start = time.perf_counter()
    await ask(0)
    first = (time.perf_counter() - start) * 1000
    times = []
    for i in range(1, requests + 1):
        start = time.perf_counter()
        await ask(i)
        times.append((time.perf_counter() - start) * 1000)
    return first, statistics.fmean(times)


async def telegram(core: Core, pictures: Pictures | None, requests: int) -> tuple[float, float]:
    fake = FakeTelegram(DEFAULT_TOKEN)
    await fake.start()
    settings = load(env={"TELEGRAM_TOKEN": DEFAULT_TOKEN, "TELEGRAM_BASE_URL": fake.base_url})
    runner = TelegramRunner(core, settings, pictures=pictures, poll_timeout=1)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    await fake.wait_for(lambda: any(c["method"] == "getUpdates" for c in fake.calls), 10)

    async def ask(i: int) -> None:
        before = len(fake.sent)
        fake.message("/salary", 6000 + i % 50)
        await fake.wait_for(lambda: len(fake.sent) > before, 10)

    try:
        return await timed(ask, requests)
    finally:
        stop.set()
        await task
        await fake.close()


async def discord(core: Core, pictures: Pictures | None, requests: int, data: Path) -> tuple[float, float]:
    fake = await FakeDiscord().start()
    config = Config(
        Settings(data_dir=data), discord=DiscordSettings(token=Secret(TOKEN), guild_ids=(GUILD_ID,))
    )
    with point_discord_py_at(fake):
        runner = DiscordRunner(core, config.discord, data, pictures=pictures)
        stop = asyncio.Event()
        task = asyncio.create_task(runner.run(stop))
        await fake.wait_for(lambda: fake.online, 10)

        async def ask(i: int) -> None:
            await fake.answered(await fake.slash("salary"))

        try:
            return await timed(ask, requests)
        finally:
            stop.set()
            await task
            await fake.close()


async def main(requests: int) -> dict[str, Any]:
    logging.disable(logging.WARNING)
    core = Core(load_catalog(ROOT / "tests" / "fixtures" / "catalog"))
    out: dict[str, Any] = {"requests": requests}
    with tempfile.TemporaryDirectory() as folder:
        for name in ("telegram", "discord"):
            results = {}
            for label, pictures in (("text", None), ("chart", Pictures())):
                if name == "telegram":
                    results[label] = await telegram(core, pictures, requests)
                else:
                    results[label] = await discord(core, pictures, requests, Path(folder) / label)
            out[name] = {
                "first_ms": round(results["chart"][0], 1),
                "text_ms": round(results["text"][1], 2),
                "chart_ms": round(results["chart"][1], 2),
                "chart_vs_text": round(results["chart"][1] / results["text"][1], 2),
            }
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    print(json.dumps(asyncio.run(main(parser.parse_args().requests))))
