"""Nothing is lost: 429 retries, polling outages, failing updates, bad input, bounded concurrency, stop."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import pytest

from bot.core import Core
from bot.phrases import EN
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import BOT_USERNAME
from tests.telegram.conftest import Bot, eventually, say, start_bot, telegram_settings

HOSTILE = (
    "<b>",
    "</b><script>alert(1)</script>",
    "*_`[x](tg://user?id=1)",
    "@everyone",
    "a & b &amp; &#0; &lt",
    "👩‍💻 مرحبا بالعالم \u202eevil\u202c שלום",
    "x" * 10_000,
    "/careers <b>&amp;",
    "/help <i>",
    "/salary " + "<" * 5000,
    "/start " + "&" * 64,
)


async def test_429_on_send_is_retried_after_retry_after(bot: Bot, fake: FakeTelegram) -> None:
    """A 429 with retry_after on sendMessage is retried after that delay and the reply arrives."""
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    sent = await say(fake, "/skills")
    assert sent[0]["text"].startswith("Skills")
    attempts = [c for c in fake.calls if c["method"] == "sendMessage"]
    assert [c["status"] for c in attempts] == [429, 200]
    # a lower bound the bot itself must respect: the retry reached the server no sooner than asked
    assert attempts[1]["time"] - attempts[0]["time"] >= 1.0


async def test_502_while_polling_is_retried(
    bot: Bot, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    """A 502 from getUpdates is logged as a warning and polling resumes; later messages are answered."""
    fake.fail("getUpdates", 502, "Bad Gateway")
    await say(fake, "/help")  # answered by the poll in flight; the next poll gets the 502
    await eventually(lambda: any(c.get("status") == 502 for c in fake.calls))
    sent = await say(fake, "/about", count=1)
    assert sent
    assert bot.runner.connected
    assert any("Bad Gateway" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


async def test_failing_update_gets_an_apology_and_the_bot_goes_on(
    bot: Bot, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    """An error answering one update: apology with a reference id, traceback logged, bot keeps serving."""
    fake.fail("sendMessage", 400, "Bad Request: something unexpected")
    sent = await say(fake, "/skills")
    ref = re.search(r"\b([0-9a-f]{8})\b", sent[0]["text"])
    assert sent[0]["text"].startswith(EN.apology_title)
    assert ref is not None
    failed = [r for r in caplog.records if ref.group(1) in r.getMessage()]
    assert failed
    assert failed[0].exc_info is not None
    assert failed[0].levelno == logging.ERROR
    after = await say(fake, "/skills")
    assert after[0]["text"].startswith("Skills")


@pytest.mark.parametrize("chat_type", ["private", "supergroup"])
async def test_hostile_input_is_answered_with_valid_html(
    bot: Bot, fake: FakeTelegram, chat_type: str
) -> None:
    """Markup, Markdown, @everyone, RTL/emoji and 10,000 characters never crash or leak unescaped markup."""
    chat = 1001 if chat_type == "private" else -100999
    for text in HOSTILE:
        if chat_type != "private" and not text.startswith("/"):
            text = f"@{BOT_USERNAME} {text}"
        sent = await say(fake, text, chat, chat_type=chat_type, user_id=1001)
        assert sent[0]["parse_mode"] == "HTML"  # the fake parsed it: every '<' and '&' was escaped
        assert not sent[0]["text"].startswith(EN.apology_title)
    assert not [c for c in fake.calls if c.get("status", 200) != 200]


async def test_slow_chat_does_not_hold_up_others(core: Core, fake: FakeTelegram) -> None:
    """While sending to one chat is stuck (the fake holds it), the other chats are all answered;
    the stuck chat's answer arrives once the send goes through."""
    release = asyncio.Event()
    fake.hold = lambda method, params: (
        release if (method, params.get("chat_id")) == ("sendMessage", "1") else None
    )
    running = await start_bot(core, telegram_settings(fake, TELEGRAM_CONCURRENCY="8"), fake)
    try:
        fake.message("/start", 1)
        await fake.wait_for(lambda: fake.in_flight.get("sendMessage") == 1)  # chat 1's send is held
        for chat in range(2, 8):
            fake.message("/help", chat)
        await fake.wait_for(lambda: {s["chat_id"] for s in fake.sent} >= set(range(2, 8)))
        assert 1 not in {s["chat_id"] for s in fake.sent}
        assert fake.in_flight["sendMessage"] == 1
        release.set()
        await fake.wait_for(lambda: 1 in {s["chat_id"] for s in fake.sent})
    finally:
        release.set()
        await running.stop()


async def test_one_chats_updates_keep_their_order(core: Core, fake: FakeTelegram) -> None:
    """Replies in one chat come in the order of its messages even when earlier ones are slower to send."""
    ids = [c.value for c in core.complete("careers", "", 100)]
    titles = [core.catalog.careers[i].name for i in ids]

    def delay(method: str, params: dict[str, Any]) -> float:
        text = str(params.get("text", ""))
        return next(
            (0.05 * (len(titles) - n) for n, t in enumerate(titles) if text.startswith(f"<b>{t}</b>")), 0
        )

    fake.delay = delay
    running = await start_bot(core, telegram_settings(fake, TELEGRAM_CONCURRENCY="16"), fake)
    try:
        for chat in (1001, 1002):
            for career in ids:
                fake.message(f"/careers {career}", chat)
        await fake.wait_for(lambda: len(fake.sent) == 2 * len(ids), 5)
        for chat in (1001, 1002):
            shown = [t.split("\n", 1)[0] for t in fake.texts(chat)]
            assert shown == titles
    finally:
        await running.stop()


async def test_concurrency_is_bounded(core: Core, fake: FakeTelegram) -> None:
    """TELEGRAM_CONCURRENCY caps the updates processed at once (and is actually used)."""
    fake.delay = lambda method, params: 0.2 if method == "sendMessage" else 0.0
    running = await start_bot(core, telegram_settings(fake, TELEGRAM_CONCURRENCY="3"), fake)
    try:
        for chat in range(1, 11):
            fake.message("/about", chat)
        await fake.wait_for(lambda: len(fake.sent) == 10, 5)
        assert fake.peak_in_flight["sendMessage"] == 3
    finally:
        await running.stop()


async def test_stop_is_fast_when_idle_and_during_a_long_backoff(core: Core, fake: FakeTelegram) -> None:
    """Stop returns within 5 s while a long poll is open and while polling waits out a 30 s retry_after."""
    running = await start_bot(core, telegram_settings(fake), fake)
    await running.stop(within=1.0)
    assert not running.runner.connected
    fake.fail("getUpdates", 429, "Too Many Requests: retry after 30", retry_after=30, times=5)
    running = await start_bot(core, telegram_settings(fake), fake)
    await eventually(lambda: any(c.get("status") == 429 for c in fake.calls))
    await running.stop(within=5.0)


async def test_stop_during_a_stuck_update_is_bounded(core: Core, fake: FakeTelegram) -> None:
    """An update stuck behind a long retry_after is cancelled at shutdown, which stays within 5 s."""
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 30", retry_after=30)
    running = await start_bot(core, telegram_settings(fake), fake)
    fake.message("/start")
    await eventually(lambda: any(c.get("status") == 429 for c in fake.calls))
    await running.stop(within=5.0)
    await asyncio.sleep(0)
