"""Mentions and DMs ask the core; replies never ping; a 429 on a message send is retried."""

from __future__ import annotations

from bot.phrases import EN
from tests.discord.conftest import Bot
from tests.fakes.discord_api import FakeDiscord


async def test_mention_in_a_server_asks(bot: Bot, pointed: FakeDiscord) -> None:
    """A message mentioning the bot is a question; the reply references it and pings nobody."""
    said = await pointed.say("<@1100000000000000001> how much does a language engineer earn? @everyone")
    reply = (await pointed.wait_replies(said))[0]
    assert str(reply["message_reference"]["message_id"]) == said.payload["id"]
    assert "Language Engineer" in reply["embeds"][0]["title"]
    assert reply["allowed_mentions"]["parse"] == []
    assert reply["allowed_mentions"]["replied_user"] is False


async def test_messages_without_a_mention_are_ignored(bot: Bot, pointed: FakeDiscord) -> None:
    """In a server, only messages that mention the bot are answered."""
    ignored = await pointed.say("what is deep learning?", mention=False)
    asked = await pointed.say("<@1100000000000000001> /about")
    replies = await pointed.wait_replies(ignored)
    assert len(replies) == 1
    assert str(replies[0]["message_reference"]["message_id"]) == asked.payload["id"]


async def test_direct_message_asks(bot: Bot, pointed: FakeDiscord) -> None:
    """Any message in a DM with the bot is a question (or a /command)."""
    said = await pointed.say("/start", dm=True)
    reply = (await pointed.wait_replies(said))[0]
    assert reply["embeds"][0]["title"] == EN.start_title
    assert reply["components"]


async def test_rate_limited_message_is_retried(bot: Bot, pointed: FakeDiscord) -> None:
    """A 429 with Retry-After and X-RateLimit headers is handled by discord.py: the reply arrives."""
    pointed.fail_next("channel_message", 429, retry_after=0.3)
    said = await pointed.say("<@1100000000000000001> what is deep learning?")
    reply = (await pointed.wait_replies(said, seconds=10))[0]
    assert reply["embeds"]
    assert pointed.rate_limited == ["channel_message"]
