"""Presses update the pressed message in place (or answer privately), through the lean response
path and through discord.py's public methods alike."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import pytest

from adapters.config import Config
from adapters.discord.respond import LEAN
from bot.content.catalog import Catalog
from bot.core import Core
from bot.phrases import EN
from bot.replies import Reply
from bot.request import Request
from tests.discord.conftest import Bot, running
from tests.fakes.discord_api import EPHEMERAL, FakeDiscord, user

BOB = user(4343, "bob")


async def _start(fake: FakeDiscord, **options: Any) -> dict[str, Any]:
    """A snapshot of the answer to /start (what its asker sees)."""
    return copy.deepcopy((await fake.answered(await fake.slash("start", options or None)))[0])


def test_the_lean_path_is_available_with_the_installed_discord_py() -> None:
    """The discord.py internals the lean path needs are there (else every test below would only
    exercise the fallback)."""
    assert LEAN


async def test_press_on_own_answer_updates_it_in_place(bot: Bot, pointed: FakeDiscord) -> None:
    """A press on the presser's own answer is answered with an update (callback type 7) of that
    message: same id, new embeds, new buttons; no new message; Discord is not asked for an echo."""
    start = await _start(pointed)
    before = len(pointed.messages)
    record = await pointed.press(start, "cb1|careers|")
    answer = (await pointed.answered(record))[0]
    assert [c["type"] for c in record.callbacks] == [7]
    assert not record.echo_asked
    assert answer["id"] == start["id"]
    assert pointed.messages[start["id"]]["embeds"][0]["title"] == EN.list_careers_title
    assert answer["components"] != start["components"]
    assert answer["edited_timestamp"]
    assert len(pointed.messages) == before
    assert pointed.rejections == []


async def test_update_without_buttons_removes_the_old_ones(bot: Bot, pointed: FakeDiscord) -> None:
    """An answer without buttons replaces the pressed message's buttons with none (an update that
    left the old buttons would keep offering actions of the old content)."""
    start = await _start(pointed)
    start["components"][0]["components"][0]["custom_id"] = "cb1|progress|"
    record = await pointed.press(start, "cb1|progress|")
    answer = (await pointed.answered(record))[0]
    assert answer["id"] == start["id"]
    assert answer["components"] == []


async def test_press_on_someone_elses_answer_opens_privately(bot: Bot, pointed: FakeDiscord) -> None:
    """Bob pressing a button of Alice's public answer gets a new ephemeral message; Alice's answer
    is left exactly as it was."""
    start = await _start(pointed)
    record = await pointed.press(start, "cb1|careers|", who=BOB)
    answer = (await pointed.answered(record))[0]
    assert [c["type"] for c in record.callbacks] == [4]
    assert answer["id"] != start["id"]
    assert answer["flags"] & EPHEMERAL
    assert answer["embeds"][0]["title"] == EN.list_careers_title
    assert pointed.messages[start["id"]]["embeds"] == start["embeds"]
    assert pointed.messages[start["id"]]["components"] == start["components"]


async def test_press_in_a_dm_updates_in_place(bot: Bot, pointed: FakeDiscord) -> None:
    """In a DM every message is the user's own: a press on the bot's reply there updates it."""
    said = await pointed.say("/start", dm=True)
    start = copy.deepcopy((await pointed.wait_replies(said))[0])
    record = await pointed.press(start, "cb1|skills|")
    answer = (await pointed.answered(record))[0]
    assert answer["id"] == start["id"]
    assert answer["embeds"][0]["title"] == EN.list_skills_title


class SlowCore(Core):
    """A core whose answers wait 0.6 s on I/O (a slow store)."""

    async def respond(self, request: Request) -> Reply:
        await asyncio.sleep(0.6)
        return await super().respond(request)


@pytest.mark.parametrize("presser", ["asker", "someone else"])
async def test_slow_press_is_deferred_then_answered(
    pointed: FakeDiscord, catalog: Catalog, settings: Config, presser: str
) -> None:
    """A slow answer to a press is deferred first: an own message with a deferred update (type 6,
    no "thinking" message) and then its edit; someone else's with a private deferral (type 5)."""
    async with running(pointed, Core(catalog), settings):
        start = await _start(pointed)
    async with running(pointed, SlowCore(catalog), settings, defer_after=0.2):
        who = BOB if presser == "someone else" else None
        record = await pointed.press(start, "cb1|about|", who=who)
        answer = (await pointed.answered(record, seconds=10))[0]
    assert record.deferred
    assert answer["embeds"][0]["title"] == (await Core(catalog).respond(Request.command_of("about"))).title
    if presser == "asker":
        assert [c["type"] for c in record.callbacks] == [6]
        assert answer["id"] == start["id"]
    else:
        assert [c["type"] for c in record.callbacks] == [5]
        assert answer["id"] != start["id"]
        assert answer["flags"] & EPHEMERAL
    assert pointed.rejections == []


async def test_public_api_fallback_answers_the_same(bot: Bot, pointed: FakeDiscord) -> None:
    """With the lean path off (a discord.py without the internals it needs), answers go through
    discord.py's public send_message / edit_message: same messages, Discord asked for its echo."""
    client = bot.runner.client
    assert client is not None
    client.lean = False
    slash = await pointed.slash("start", {"private": True})
    start = copy.deepcopy((await pointed.answered(slash))[0])
    assert slash.echo_asked
    assert start["flags"] & EPHEMERAL
    assert start["allowed_mentions"] == {"parse": []}
    record = await pointed.press(start, "cb1|careers|")
    answer = (await pointed.answered(record))[0]
    assert [c["type"] for c in record.callbacks] == [7]
    assert record.echo_asked
    assert answer["id"] == start["id"]
    assert answer["embeds"][0]["title"] == EN.list_careers_title
    select = next(c for row in answer["components"] for c in row["components"] if c["type"] == 3)
    values = ["cb1|careers|language-engineer"]
    foreign = await pointed.press(copy.deepcopy(answer), select["custom_id"], values=values, who=BOB)
    assert (await pointed.answered(foreign))[0]["flags"] & EPHEMERAL
    assert [c["type"] for c in foreign.callbacks] == [4]
    assert pointed.rejections == []


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "public"])
@pytest.mark.parametrize("status", [429, 503])
async def test_callback_429_and_5xx_are_retried_by_discord_py(
    bot: Bot, pointed: FakeDiscord, lean: bool, status: int
) -> None:
    """A 429 (with retry_after) or a 503 on the interaction callback is retried by discord.py's own
    webhook rate-limit handling, on either response path: the answer arrives once, in time."""
    client = bot.runner.client
    assert client is not None
    client.lean = lean
    pointed.fail_next("callback", status, retry_after=0.3)
    record = await pointed.slash("about")
    answer = (await pointed.answered(record, seconds=5))[0]
    assert pointed.rate_limited == ["callback"]
    assert len(record.callbacks) == 1
    assert answer["embeds"][0]["title"] == (await bot.runner.core.respond(Request.command_of("about"))).title
    assert pointed.rejections == []
