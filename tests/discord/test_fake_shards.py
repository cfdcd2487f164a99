"""The fake Discord's sharding on the wire, checked with a raw websocket (no discord.py in between).

What Discord documents (Gateway: Sharding, Rate limiting; close codes): IDENTIFY's
``shard`` is ``[shard_id, num_shards]``, an invalid one closes with 4010, too
few shards with 4011; READY carries ``shard`` and only that shard's servers;
GET /gateway/bot recommends a shard count and the session start limit; an
IDENTIFY over the start limit is answered with op 9 (invalid session, ``d``
false).
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.fakes.discord_api import TOKEN, FakeDiscord, guild_on_shard

SERVER_0 = guild_on_shard(0, 2)
SERVER_1 = guild_on_shard(1, 2)


async def identify(
    fake: FakeDiscord, shard: Any, *, receive: int = 1
) -> tuple[list[dict[str, Any]], int | None]:
    """Connect, IDENTIFY with ``shard`` (``None``: no shard field); the next ``receive`` payloads
    after HELLO (fewer if the gateway closes) and the close code (``None`` if still open)."""
    payload: dict[str, Any] = {"token": TOKEN, "intents": 1, "properties": {}}
    if shard is not None:
        payload["shard"] = shard
    got: list[dict[str, Any]] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(fake.gateway_url) as ws:
        hello = await ws.receive_json()
        assert hello["op"] == 10
        await ws.send_json({"op": 2, "d": payload})
        for _ in range(receive):
            message = await ws.receive()
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            got.append(message.json())
        return got, ws.close_code


@pytest.mark.parametrize("shard", [[2, 2], [0, 0], [-1, 2], ["0", "2"], [0], "0,2", [True, 2]])
async def test_an_invalid_shard_is_closed_with_4010(fake: FakeDiscord, shard: Any) -> None:
    """A shard id outside 0..num_shards-1, a count below 1 or anything but two integers: 4010."""
    got, code = await identify(fake, shard)
    assert (got, code) == ([], 4010)
    assert fake.closes == [(4010, "Invalid shard.")]
    assert fake.sessions == []


@pytest.mark.parametrize("shard", [None, [0, 1], [1, 3]])
async def test_too_few_shards_is_closed_with_4011(fake: FakeDiscord, shard: Any) -> None:
    """When the bot must run 4 shards, no shard field (one shard) or a smaller count gets 4011."""
    fake.min_shards = 4
    got, code = await identify(fake, shard)
    assert (got, code) == ([], 4011)
    assert fake.closes == [(4011, "Sharding required.")]


async def test_ready_lists_only_the_shards_servers(fake: FakeDiscord) -> None:
    """[1, 2]'s READY carries ``shard: [1, 2]`` and lists SERVER_1 only; GUILD_CREATE follows for it."""
    fake.guilds = [SERVER_0, SERVER_1]
    (ready, created), code = await identify(fake, [1, 2], receive=2)
    assert code is None
    assert ready["t"] == "READY"
    assert ready["s"] == 1
    assert ready["d"]["shard"] == [1, 2]
    assert ready["d"]["guilds"] == [{"id": str(SERVER_1), "unavailable": True}]
    assert (created["t"], created["s"], created["d"]["id"]) == ("GUILD_CREATE", 2, str(SERVER_1))


async def test_gateway_bot_recommends_shards_and_the_start_limit(fake: FakeDiscord) -> None:
    """GET /gateway/bot (bot token required) answers the gateway URL, the recommended shard count
    (never below the required one) and the session start limit with its max_concurrency."""
    fake.recommended_shards, fake.min_shards, fake.max_concurrency = 2, 3, 16
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{fake.api_base}/gateway/bot", headers={"Authorization": f"Bot {TOKEN}"}) as r:
            body = await r.json()
        async with http.get(f"{fake.api_base}/gateway/bot") as r:
            assert r.status == 401
    assert body["url"] == fake.gateway_url
    assert body["shards"] == 3
    assert body["session_start_limit"]["max_concurrency"] == 16
    assert set(body["session_start_limit"]) == {"total", "remaining", "reset_after", "max_concurrency"}


async def test_identify_over_the_start_limit_gets_op_9(fake: FakeDiscord) -> None:
    """With the start limit enforced and max_concurrency 2, shards 0 and 1 (two buckets) start at
    once, but shard 2 (bucket 0 again) within 5 s of shard 0 gets op 9 with ``d`` false."""
    fake.limit_identifies, fake.max_concurrency = True, 2
    first, _ = await identify(fake, [0, 3])
    second, _ = await identify(fake, [1, 3])
    third, code = await identify(fake, [2, 3])
    assert first[0]["t"] == second[0]["t"] == "READY"
    assert third == [{"op": 9, "d": False, "s": None, "t": None}]
    assert code is None
    assert fake.invalid_sessions == [[2, 3]]
