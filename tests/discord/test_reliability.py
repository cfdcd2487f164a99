"""Nothing is lost: long answers split, slow answers deferred, errors apologised, 429s retried,
gateway reconnects resumed, shutdown within 5 s."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from pathlib import Path

import pytest

from adapters.bootstrap import bootstrap
from adapters.config import Config
from adapters.runtime import run_platforms
from bot.commands import CommandSpec, CommandTable
from bot.content.catalog import Catalog
from bot.core import Core
from bot.replies import Action, BulletList, Button, FieldItem, Fields, Paragraph, Reply, line
from bot.request import Request
from tests.discord.conftest import running
from tests.fakes.discord_api import FakeDiscord
from tests.waiting import finishes


def _huge(request: Request, catalog: Catalog) -> Reply:
    words = " ".join(f"word{i}" for i in range(2500))
    fields = tuple(FieldItem(f"Field {i}", line("x" * 1500)) for i in range(40))
    return Reply(
        "A very long answer " + "T" * 300,
        (
            Paragraph(line(words)),
            BulletList(tuple(line(f"item {i} " * 20) for i in range(60))),
            Fields(fields),
        ),
        tuple(Button(f"Button {i}", Action("about")) for i in range(3)),
        "footer " * 400,
    )


class SlowCore(Core):
    """A core whose answers wait 0.6 s on I/O (a slow store)."""

    async def respond(self, request: Request) -> Reply:
        await asyncio.sleep(0.6)
        return await super().respond(request)


def _core_with(catalog: Catalog, *extra: CommandSpec) -> Core:
    base = Core(catalog).table
    return Core(catalog, CommandTable((*base.commands, *extra)))


async def test_long_answer_is_split_over_follow_ups_within_limits(
    pointed: FakeDiscord, catalog: Catalog, settings: Config
) -> None:
    """An answer far over Discord's limits arrives whole, as a response plus follow-ups, none rejected."""
    core = _core_with(catalog, CommandSpec("huge", "A huge answer", _huge))
    async with running(pointed, core, settings):
        pointed.fail_next("followup", 429, retry_after=0.2)
        record = await pointed.slash("huge")
        await pointed.wait_for(lambda: any(m["components"] for m in record.messages), seconds=15)
    messages = record.messages
    assert len(messages) >= 3
    assert pointed.rejections == []
    assert pointed.rate_limited == ["followup"]
    text = "".join(e.get("description", "") for m in messages for e in m["embeds"])
    assert "word0 " in text
    assert "word2499" in text
    names = [f["name"] for m in messages for e in m["embeds"] for f in e.get("fields", [])]
    assert "Field 39" in names
    assert messages[-1]["components"]
    assert not any(m["components"] for m in messages[:-1])
    assert messages[-1]["embeds"][-1]["footer"]["text"].startswith("footer")


async def test_slow_answer_is_deferred_first(
    pointed: FakeDiscord, catalog: Catalog, settings: Config
) -> None:
    """When the core takes longer than the defer threshold, the interaction is deferred, then edited."""
    async with running(pointed, SlowCore(catalog), settings, defer_after=0.2):
        record = await pointed.slash("about")
        messages = await pointed.answered(record)
    assert record.deferred
    about = await Core(catalog).respond(Request.command_of("about"))
    assert messages[0]["embeds"][0]["title"] == about.title


class ExplodingCore(Core):
    """A core that raises: stands for any bug between Discord and the reply."""

    async def respond(self, request: Request) -> Reply:
        raise RuntimeError("kaboom in the adapter path")


@pytest.mark.parametrize("via", ["slash", "button", "mention"])
async def test_errors_are_apologised_with_a_reference_and_logged(
    pointed: FakeDiscord, catalog: Catalog, settings: Config, caplog: pytest.LogCaptureFixture, via: str
) -> None:
    """An exception while answering gets an apology with a reference id; the log has the traceback."""
    caplog.set_level(logging.ERROR, logger="careerbot.discord")
    async with running(pointed, Core(catalog), settings):
        start = (await pointed.answered(await pointed.slash("start")))[0]
    async with running(pointed, ExplodingCore(catalog), settings):
        if via == "mention":
            said = await pointed.say("<@1100000000000000001> hello?")
            answer = (await pointed.wait_replies(said))[0]
        else:
            record = await (pointed.slash("about") if via == "slash" else pointed.press(start, "cb1|about|"))
            answer = (await pointed.answered(record))[0]
    footer = answer["embeds"][0]["footer"]["text"]
    ref = footer.split()[-1].strip(".()")
    assert len(ref) == 8
    assert ref in caplog.text
    assert "Traceback" in caplog.text
    assert "kaboom" in caplog.text


async def test_reconnect_op7_resumes_and_keeps_answering(
    pointed: FakeDiscord, core: Core, settings: Config
) -> None:
    """After op 7 RECONNECT the client reconnects to resume_gateway_url, RESUMEs and still answers."""
    async with running(pointed, core, settings):
        session = pointed.session_id
        await pointed.reconnect()
        await pointed.wait_for(lambda: pointed.resumes and pointed.online, seconds=10)
        assert pointed.resumes[0]["session_id"] == session
        assert len(pointed.identifies) == 1
        record = await pointed.slash("about")
        assert await pointed.answered(record)


async def test_stop_closes_within_five_seconds(pointed: FakeDiscord, core: Core, settings: Config) -> None:
    """Setting the stop event makes run() return within 5 s and disconnect from the gateway."""
    async with running(pointed, core, settings) as bot:
        await bot.shutdown(seconds=5)  # fails the test if run() has not returned after 5 s
        assert bot.task.exception() is None
    await pointed.wait_for(lambda: not pointed.online)


async def test_sigterm_stops_the_runtime(pointed: FakeDiscord, core: Core, settings: Config) -> None:
    """Under the runtime (careerbot run discord), SIGTERM ends the process's serving within 5 s."""
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(
        run_platforms(
            bootstrap(settings, content_dir=Path(core.catalog.source), platforms=("discord",)), ("discord",)
        )
    )
    try:
        await pointed.wait_online()
        os.kill(os.getpid(), signal.SIGTERM)
        assert await finishes(task, 5, "run_platforms after SIGTERM") is None
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
