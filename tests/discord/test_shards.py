"""Sharding in one process: the real discord.py AutoShardedClient against the fake Discord's shards.

Two servers, one on each shard of two (``(guild_id >> 22) % 2``); the fake
routes each server's events to its shard's session and DMs to shard 0, as
Discord does, and (``limit_identifies``) answers op 9 to an IDENTIFY that
breaks the session start limit.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest

from adapters.bootstrap import bootstrap
from adapters.config import Config
from adapters.discord.runner import SHARDING_REQUIRED
from adapters.runtime import run_platforms
from bot.core import Core
from bot.errors import ConfigError
from bot.phrases import EN
from tests.discord.conftest import Bot, running, with_settings
from tests.fakes.discord_api import FakeDiscord, guild_on_shard, user
from tests.selfhost.conftest import free_port

SERVER_0 = guild_on_shard(0, 2)
SERVER_1 = guild_on_shard(1, 2)


@pytest.fixture
def two_servers(pointed: FakeDiscord) -> FakeDiscord:
    """The fake with the bot in two servers, one per shard of two; two sessions may start at once."""
    pointed.guilds = [SERVER_0, SERVER_1]
    pointed.max_concurrency = 2
    pointed.limit_identifies = True
    return pointed


@pytest.fixture
def sharded(settings: Config) -> Config:
    """Settings for two shards in this process, global commands (servers and DMs)."""
    return with_settings(settings, shard_count=2, guild_ids=())


@pytest.fixture
async def bot2(two_servers: FakeDiscord, core: Core, sharded: Config) -> AsyncIterator[Bot]:
    """careerbot running both shards of two."""
    async with running(two_servers, core, sharded) as started:
        yield started


def title(messages: list[dict[str, object]]) -> object:
    """The title of the first embed of the first message."""
    first = messages[0]["embeds"]
    assert isinstance(first, list)
    return first[0]["title"]


async def test_two_shards_answer_both_servers_and_a_dm(bot2: Bot, two_servers: FakeDiscord) -> None:
    """With DISCORD_SHARD_COUNT=2 one process identifies as [0, 2] and [1, 2], each READY lists only
    its shard's server, and slash commands from both servers and from a DM are answered."""
    fake = two_servers
    assert sorted(i["shard"] for i in fake.identifies) == [[0, 2], [1, 2]]
    assert {tuple(s.shard): s.guilds for s in fake.sessions} == {(0, 2): [SERVER_0], (1, 2): [SERVER_1]}
    in_0 = await fake.slash("start", guild=SERVER_0, who=user(11, "ann"))
    in_1 = await fake.slash("start", guild=SERVER_1, who=user(12, "bob"))
    in_dm = await fake.slash("start", dm=True, who=user(13, "cyd"))
    for record in (in_0, in_1, in_dm):
        assert title(await fake.answered(record)) == EN.start_title
    said = await fake.say("<@1100000000000000001> what is deep learning?", guild=SERVER_1)
    assert await fake.wait_replies(said)
    assert fake.rejections == []
    assert fake.invalid_sessions == []
    client = bot2.runner.client
    assert client is not None
    cached = {g.id: g.shard_id for g in client.guilds}
    assert cached == {SERVER_0: 0, SERVER_1: 1}
    assert bot2.runner.shards == {0: True, 1: True}
    assert bot2.runner.connected


async def test_each_servers_events_arrive_only_on_its_shard(bot2: Bot, two_servers: FakeDiscord) -> None:
    """An interaction or message of a server is dispatched on that server's shard only; DMs on shard 0."""
    fake = two_servers
    records = [
        await fake.slash("about", guild=SERVER_1),
        await fake.slash("about", guild=SERVER_0),
        await fake.slash("about", dm=True),
    ]
    said = await fake.say("<@1100000000000000001> hello", guild=SERVER_1)
    for record in records:
        await fake.answered(record)
    await fake.wait_replies(said)
    assert [r.shard for r in records] == [1, 0, 0]
    assert said.shard == 1
    by_shard = {s.shard_id: s.events for s in fake.sessions}
    assert by_shard[0] == [("INTERACTION_CREATE", SERVER_0), ("INTERACTION_CREATE", None)]
    assert by_shard[1] == [("INTERACTION_CREATE", SERVER_1), ("MESSAGE_CREATE", SERVER_1)]


async def test_no_shard_settings_is_the_recommended_count(
    two_servers: FakeDiscord, core: Core, settings: Config
) -> None:
    """Without DISCORD_SHARD_COUNT the client asks GET /gateway/bot and runs the count Discord
    recommends: one shard ([0, 1], every server on it) by default, two when two are recommended."""
    fake = two_servers
    async with running(fake, core, settings):
        assert [i["shard"] for i in fake.identifies] == [[0, 1]]
        assert fake.sessions[0].guilds == [SERVER_0, SERVER_1]
        assert ("GET", "/gateway/bot") in fake.requests
    fake.recommended_shards = 2
    fake.limit_identifies = False  # a restart within 5 s; the start limit is another test's
    async with running(fake, core, settings) as bot:
        assert sorted(i["shard"] for i in fake.identifies[1:]) == [[0, 2], [1, 2]]
        assert bot.runner.shards == {0: True, 1: True}


async def test_a_process_runs_only_its_shard_ids(
    two_servers: FakeDiscord, core: Core, sharded: Config
) -> None:
    """DISCORD_SHARD_IDS=1 of 2: only shard 1 identifies and answers its server; the process counts
    itself connected with shard 1 alone, and nothing reaches shard 0's server or DMs through it."""
    fake = two_servers
    one = with_settings(sharded, shard_ids=(1,))
    async with running(fake, core, one, online=lambda: fake.shard_online(1)) as bot:
        record = await fake.slash("about", guild=SERVER_1)
        assert await fake.answered(record)
        assert [i["shard"] for i in fake.identifies] == [[1, 2]]
        assert bot.runner.shards == {1: True}
        assert bot.runner.connected
        assert not fake.online  # shard 0 is nobody's
        assert fake.session_for(SERVER_0) is None
        assert fake.session_for(None) is None


async def test_second_shard_waits_for_the_start_limit_and_healthz_shows_each_shard(
    two_servers: FakeDiscord, core: Core, sharded: Config
) -> None:
    """With max_concurrency 1 both shards share one bucket: shard 1 identifies 5 s after shard 0
    (no op 9 from Discord).  Meanwhile /healthz is 503 with shard 0 up and shard 1 down, and
    /metrics has a gauge per shard; once shard 1 is in, /healthz is 200."""
    fake = two_servers
    fake.max_concurrency = 1
    port = free_port()
    config = replace(sharded, core=replace(sharded.core, health_host="127.0.0.1", health_port=port))
    content = Path(core.catalog.source)
    stop = asyncio.Event()
    task = asyncio.create_task(run_platforms(bootstrap(config, content_dir=content), ("discord",), stop=stop))
    base = f"http://127.0.0.1:{port}"
    try:
        await fake.wait_for(lambda: fake.shard_online(0), 10)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as response:
                early = (response.status, json.loads(await response.text()))
            async with http.get(f"{base}/metrics") as response:
                metrics = await response.text()
            await fake.wait_online(seconds=10)
            async with http.get(f"{base}/healthz") as response:
                later = (response.status, json.loads(await response.text()))
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
    assert early[0] == 503
    assert early[1]["platforms"]["discord"] == {"connected": False}
    assert early[1]["shards"] == {"discord": {"0": True, "1": False}}
    assert 'careerbot_shard_connected{platform="discord",shard="0"} 1.0' in metrics
    assert 'careerbot_shard_connected{platform="discord",shard="1"} 0.0' in metrics
    assert later[0] == 200
    assert later[1]["platforms"]["discord"] == {"connected": True}
    assert later[1]["shards"] == {"discord": {"0": True, "1": True}}
    first, second = fake.sessions
    assert second.identified - first.identified >= 4.9
    assert fake.invalid_sessions == []


async def test_sharding_required_is_a_config_error(
    two_servers: FakeDiscord, core: Core, sharded: Config
) -> None:
    """Discord closing with 4011 (the bot needs more shards than DISCORD_SHARD_COUNT) stops the runner
    with one line saying to raise the count, and no retry."""
    fake = two_servers
    fake.min_shards = 4
    with pytest.raises(ConfigError) as caught:
        async with running(fake, core, sharded, seconds=10):
            pass
    assert str(caught.value) == SHARDING_REQUIRED
    assert (4011, "Sharding required.") in fake.closes
