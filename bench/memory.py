"""Memory of the bot with both platforms running, in three languages; prints one JSON line.

``careerbot run all`` runs as a real subprocess against the test suite's fake Telegram Bot API
and fake Discord (started here, in this process; discord.py is pointed at the fake by
``tests/fakes/discord_point/sitecustomize.py``, as in the Docker smoke test), with its SQLite
store in a temporary DATA_DIR.  Once both platforms are up, a warm-up sends every language's
traffic on both platforms twice (English, Spanish and Russian users: the menus, a role, its
salary and roadmap, a question, the quiz's first step, progress), then the bot's RSS is read
from ``/proc/<pid>/status`` (``VmRSS``, and the peak ``VmHWM``).

The baseline, in the same run: the same bot and traffic over the same content without its
``locales/`` folder (English only).  Target: < 100 MB RSS with both translations.

Usage: ``python bench/memory.py`` (``bench/selfhost.py`` includes it).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds discord.py and telegram.py: keep it off the path so the libraries are found.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bot.content.loader import bundled_content_dir, load_catalog  # noqa: E402
from tests.fakes.discord_api import FakeDiscord  # noqa: E402
from tests.fakes.discord_wire import TOKEN as DISCORD_TOKEN  # noqa: E402
from tests.fakes.discord_wire import user as wire_user  # noqa: E402
from tests.fakes.telegram_api import DEFAULT_TOKEN as TELEGRAM_TOKEN  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402

POINT_DIR = ROOT / "tests" / "fakes" / "discord_point"
LOCALES = {"en": ("en", "en-US"), "es": ("es", "es-ES"), "ru": ("ru", "ru")}
"""Telegram's language_code and Discord's locale of each language's users."""
QUESTIONS = {
    "en": "how much does a {role} earn?",
    "es": "¿cuánto gana un {role}?",
    "ru": "сколько зарабатывает {role}?",
}


async def until(condition: Callable[[], bool], within: float, what: str) -> None:
    """Wait (polling: the bot is another process) until ``condition()``; fail after ``within`` s."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.05)


def status(pid: int) -> dict[str, float]:
    """``VmRSS`` and ``VmHWM`` of ``pid`` in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


async def traffic(telegram: FakeTelegram, discord: FakeDiscord, content: Path, user: int) -> int:
    """One round of every language's requests on both platforms; how many were answered."""
    catalog = load_catalog(content)
    answered = 0
    pending: list[Awaitable[object]] = []
    for lang in catalog.languages:
        tag, locale = LOCALES[lang]
        local = catalog.for_language(lang)
        role = next(iter(local.careers.values())).name
        texts = ["/start", "/careers", f"/salary {role}", f"/path {role}", QUESTIONS[lang].format(role=role)]
        texts += ["/quiz", "/progress", "/skills", "/examples"]
        for text in texts:
            before = len(telegram.sent)
            telegram.message(text, user, user_id=user, language=tag)
            await until(lambda b=before: len(telegram.sent) > b, 10, f"telegram: {text}")  # type: ignore[misc]
            answered += 1
        who = wire_user(user, f"u{user}")
        slashes = [
            ("careers", None),
            ("salary", {"role": role}),
            ("ask", {"question": QUESTIONS[lang].format(role=role)}),
        ]
        slashes += [("path", {"role": role}), ("quiz", None), ("skills", None)]
        for name, options in slashes:
            record = await discord.slash(name, options, who=who, locale=locale)
            pending.append(discord.answered(record, seconds=10))
        user += 1
    for wait in pending:
        await wait
        answered += 1
    return answered


async def measure(content: Path) -> dict[str, object]:
    """RSS of ``careerbot run all`` over ``content`` after the warm-up."""
    telegram = FakeTelegram(TELEGRAM_TOKEN)
    await telegram.start()
    discord = await FakeDiscord().start()
    with tempfile.TemporaryDirectory() as data:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "DISCORD_", "HEALTH_", "CAREERBOT_", "STORE_"))
        }
        env.update(
            TELEGRAM_TOKEN=TELEGRAM_TOKEN,
            TELEGRAM_BASE_URL=telegram.base_url,
            DISCORD_TOKEN=DISCORD_TOKEN,
            CAREERBOT_TEST_DISCORD_API=f"http://127.0.0.1:{discord.port}",
            CAREERBOT_CONTENT_DIR=str(content),
            DATA_DIR=data,
            LOG_LEVEL="WARNING",
            PYTHONPATH=os.pathsep.join([str(POINT_DIR), *filter(None, [env.get("PYTHONPATH")])]),
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "all",
            cwd=data,  # no .env there: the settings are the environment's
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            await until(lambda: discord.online and bool(discord.command_puts), 60, "discord up and synced")
            await until(lambda: len(telegram.menus) >= 2, 60, "telegram menus registered")
            started = status(process.pid)
            answered = 0
            for round_ in range(2):
                answered += await traffic(telegram, discord, content, 5000 + 100 * round_)
            await asyncio.sleep(1.0)  # what the replies left behind (context writes) settles
            warm = status(process.pid)
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 15)
                except TimeoutError:
                    process.kill()
                    await process.wait()
            await discord.close()
            await telegram.close()
    return {
        "languages": list(load_catalog(content).languages),
        "answered": answered,
        "rss_mb_connected": started["VmRSS"],
        "rss_mb_after_warmup": warm["VmRSS"],
        "peak_rss_mb": warm["VmHWM"],
    }


def main_figures() -> dict[str, object]:
    """The bot with the shipped content (en, es, ru) against English only, in one run."""
    with tempfile.TemporaryDirectory() as tmp:
        english = Path(tmp) / "content"
        shutil.copytree(bundled_content_dir(), english, ignore=shutil.ignore_patterns("locales"))
        alone = asyncio.run(measure(english))
        both = asyncio.run(measure(bundled_content_dir()))
    rss, base = both["rss_mb_after_warmup"], alone["rss_mb_after_warmup"]
    return {
        "with_es_ru": both,
        "english_only": alone,
        "rss_added_by_translations_mb": round(rss - base, 1),  # type: ignore[operator]
        "rss_ratio_to_english_only": round(rss / base, 3),  # type: ignore[operator]
        "target_rss_under_100mb": rss < 100.0,  # type: ignore[operator]
    }


def main() -> None:
    """Measure and print one JSON line."""
    print(json.dumps({"bench": "memory", **main_figures()}))


if __name__ == "__main__":
    main()
