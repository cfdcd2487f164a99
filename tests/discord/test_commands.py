"""Slash commands end to end: every command, choices, autocomplete, /ask, privacy, DMs."""

from __future__ import annotations

import pytest

from adapters.config import Config
from adapters.discord.text import escape
from bot.core import Core
from bot.replies import Reply
from bot.request import Request
from tests.discord.conftest import Bot, running, with_settings
from tests.fakes.discord_api import EPHEMERAL, FakeDiscord

ARGUMENTS = {
    "help": "salary",
    "examples": "banking",
    "skills": "python",
    "careers": "language engineer",
    "salary": "data analyst",
    "path": "language engineer",
    "ask": "how do I become a research scientist?",
    "compare": ("language engineer", "vision engineer"),
}


def _no_pings(message: dict) -> bool:
    mentions = message["allowed_mentions"]
    return mentions["parse"] == [] and not mentions.get("users") and not mentions.get("roles")


async def test_every_command_answers_with_its_core_reply(bot: Bot, pointed: FakeDiscord, core: Core) -> None:
    """Each registry command, run as a slash command, answers with the core's reply as an embed."""
    for spec in core.table:
        values = ARGUMENTS.get(spec.name, "")
        pair = values if isinstance(values, tuple) else (values,)
        names = [a.name for a in (spec.argument, spec.second) if a is not None]
        options = dict(zip(names, pair, strict=True)) if names else None
        record = await pointed.slash(spec.name, options)
        messages = await pointed.answered(record)
        argument = " vs ".join(pair)
        expected = await core.respond(
            Request.command_of(spec.name, argument, platform="discord", user_id="4242")
        )
        assert messages[0]["embeds"][0]["title"] == escape(expected.title), spec.name
        assert not expected.is_error, spec.name
        assert all(_no_pings(m) for m in messages)
        assert record.callbacks[0]["type"] == 4
    assert pointed.rejections == []


async def test_help_uses_fixed_choices(bot: Bot, pointed: FakeDiscord, core: Core) -> None:
    """/help's argument is a choice list of the command names; picking one explains it."""
    help_cmd = next(c for c in pointed.commands[next(iter(pointed.commands))] if c["name"] == "help")
    option = help_cmd["options"][0]
    assert option["name"] == "command"
    assert "autocomplete" not in option
    assert {c["value"] for c in option["choices"]} == {spec.name for spec in core.table}
    record = await pointed.slash("help", {"command": "path"})
    messages = await pointed.answered(record)
    assert messages[0]["embeds"][0]["title"] == "/path"


@pytest.mark.parametrize(
    ("command", "option", "typed", "expected"),
    [
        ("careers", "role", "lang", "language-engineer"),
        ("salary", "role", "data an", "data-analyst"),
        ("path", "role", "vision", "vision-engineer"),
        ("skills", "skill", "pyth", "python-scripting"),
        ("examples", "topic", "crop", "crop-monitoring"),
    ],
)
async def test_autocomplete_suggests_from_the_core(
    bot: Bot, pointed: FakeDiscord, command: str, option: str, typed: str, expected: str
) -> None:
    """Open sets autocomplete from the core's completion source (at most 25 suggestions)."""
    record = await pointed.autocomplete(command, option, typed)
    choices = await pointed.suggested(record)
    assert expected in [c["value"] for c in choices]
    assert 1 <= len(choices) <= 25
    assert record.callbacks[0]["type"] == 8


async def test_ask_never_pings_anyone(bot: Bot, pointed: FakeDiscord) -> None:
    """/ask text with @everyone and <@id> is answered with allowed_mentions none."""
    record = await pointed.slash(
        "ask", {"question": "@everyone <@123> <@&456> how much does a language engineer earn?"}
    )
    messages = await pointed.answered(record)
    assert messages
    assert all(_no_pings(m) for m in messages)
    assert pointed.rejections == []


async def test_private_flag_makes_the_answer_ephemeral(bot: Bot, pointed: FakeDiscord) -> None:
    """Answers are public in servers unless the caller sets private: true."""
    public = await pointed.slash("about")
    private = await pointed.slash("about", {"private": True})
    assert not (await pointed.answered(public))[0]["flags"] & EPHEMERAL
    assert (await pointed.answered(private))[0]["flags"] & EPHEMERAL


async def test_ephemeral_setting_is_the_default(pointed: FakeDiscord, core: Core, settings: Config) -> None:
    """DISCORD_EPHEMERAL makes answers private unless a command says private: false."""
    async with running(pointed, core, with_settings(settings, ephemeral=True)):
        hidden = await pointed.slash("start")
        shown = await pointed.slash("start", {"private": False})
        assert (await pointed.answered(hidden))[0]["flags"] & EPHEMERAL
        assert not (await pointed.answered(shown))[0]["flags"] & EPHEMERAL


async def test_commands_work_in_dms(pointed: FakeDiscord, core: Core, settings: Config) -> None:
    """Globally synced commands can be used in a DM with the bot."""
    async with running(pointed, core, with_settings(settings, guild_ids=())):
        assert None in pointed.commands
        assert all(set(c["contexts"]) == {0, 1, 2} for c in pointed.commands[None])
        record = await pointed.slash("salary", {"role": "language engineer"}, dm=True)
        messages = await pointed.answered(record)
        assert "Language Engineer" in messages[0]["embeds"][0]["title"]


async def test_long_fixed_lists_fall_back_to_autocomplete(core: Core) -> None:
    """A fixed list longer than Discord's 25 choices is offered through autocomplete instead."""
    import discord

    from adapters.discord.commands import make_command
    from bot.commands import ArgumentSpec, Choice, CommandSpec

    many = tuple(Choice(f"v{i}", f"Value {i}") for i in range(30))
    spec = CommandSpec(
        "pick",
        "Pick one",
        lambda r, c: Reply(f"picked {r.argument}"),
        ArgumentSpec("value", "A value", choices=many),
    )

    class Sink:
        async def on_command(self, *args: object) -> None:
            """Never called here."""

    client = discord.Client(intents=discord.Intents.none())
    tree = discord.app_commands.CommandTree(client)
    option = make_command(spec, core, Sink()).to_dict(tree)["options"][0]
    assert option["autocomplete"] is True
    assert not option.get("choices")
    await client.close()
