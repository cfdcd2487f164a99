"""The adapter toolkit: UTF-16 sizes and cuts, the stop-aware wait, the one error path."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from pathlib import Path

import pytest

from adapters.apology import report
from adapters.utf16 import fitting, units
from adapters.waiting import wait_or_stop
from bot.errors import UserError
from bot.phrases import EN
from bot.replies import Reply

ADAPTERS = Path(__file__).resolve().parents[2] / "adapters"


def test_units_count_utf16_code_units() -> None:
    """ASCII counts one per character, BMP characters one, emoji (surrogate pairs) two."""
    assert units("") == 0
    assert units("abc") == 3
    assert units("é…") == 2
    assert units("😀") == 2
    assert units("a😀b") == 4


def test_fitting_never_splits_a_surrogate_pair() -> None:
    """The longest prefix within the limit, a character that would straddle it left out whole."""
    assert fitting("abcdef", 4) == 4
    assert fitting("abc", 10) == 3
    assert fitting("a😀b", 2) == 1
    assert fitting("a😀b", 3) == 2
    assert fitting("😀😀", 3) == 1
    assert fitting("abc", 0) == 0
    assert fitting("abc", -1) == 0
    for limit in range(12):
        text = "x😀é😀😀yz"
        assert units(text[: fitting(text, limit)]) <= limit


async def test_wait_or_stop_times_out_or_wakes_on_stop() -> None:
    """``False`` after the full wait when nobody stops; ``True`` as soon as stop is set."""
    stop = asyncio.Event()
    assert await wait_or_stop(stop, 0.01) is False
    asyncio.get_running_loop().call_later(0.05, stop.set)
    started = time.monotonic()
    assert await wait_or_stop(stop, 30) is True
    assert time.monotonic() - started < 5
    assert await wait_or_stop(stop, 30) is True  # already set: no wait at all


async def test_report_apologises_with_the_cores_reference(caplog: pytest.LogCaptureFixture) -> None:
    """The reply sent is the core's apology; its reference id is the one in the core's error log."""
    sent: list[Reply] = []

    async def send(reply: Reply) -> None:
        sent.append(reply)

    with caplog.at_level(logging.ERROR):
        reply = await report(RuntimeError("boom"), "test request", "telegram", send, OSError)
    assert sent == [reply]
    assert reply.title == EN.apology_title
    ref = re.search(r"ref ([0-9a-f]+)", caplog.text)
    assert ref is not None
    assert reply.footer == EN.footer_ref.format(ref=ref[1])


async def test_report_shows_a_user_error_and_survives_a_failed_send(caplog: pytest.LogCaptureFixture) -> None:
    """A UserError shows its own message; a send failing with the platform's error is logged, not raised."""

    async def broken(reply: Reply) -> None:
        raise OSError("platform down")

    with caplog.at_level(logging.WARNING, logger="careerbot.discord"):
        reply = await report(UserError("Try /help."), "test request", "discord", broken, OSError)
    assert reply.title == "Try /help."
    assert "could not send the apology" in caplog.text


def test_no_adapter_mints_reference_ids() -> None:
    """Reference ids come only from the core's failure hook: no adapter makes its own."""
    for path in ADAPTERS.rglob("*.py"):
        assert "token_hex" not in path.read_text(encoding="utf-8"), path
