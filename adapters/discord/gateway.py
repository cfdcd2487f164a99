"""The gateway side of the Discord client: intents, no voice, shards and the pacing of their IDENTIFYs.

careerbot always connects with discord.py's ``AutoShardedClient``: one process
runs the shards ``DISCORD_SHARD_IDS`` of ``DISCORD_SHARD_COUNT`` (every shard
of the count Discord recommends when neither is set, one shard for a small
bot).  Discord sends each server's events to shard ``(guild_id >> 22) %
count`` and DMs to shard 0, so processes running different shards of one
count split the servers between them and need no coordination.

Discord lets a bot start ``max_concurrency`` sessions per 5 seconds: a shard
may IDENTIFY 5 s after the last IDENTIFY of its bucket (``shard_id %
max_concurrency``), else the gateway answers "invalid session" (op 9) and
the shard must try again.  :class:`IdentifyPacer` keeps to that within the
process (discord.py's own hook waits 5 s before every IDENTIFY but the
first, whatever the bot's ``max_concurrency``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import aiohttp
import discord

log = logging.getLogger("careerbot.discord")

IDENTIFY_WINDOW = 5.0
"""Seconds between two IDENTIFYs of one bucket (Discord's session start rate limit)."""


def text_only() -> None:
    """Tell discord.py the bot never uses voice, so it does not warn that voice is unsupported.

    Without PyNaCl and davey (discord.py's ``voice`` extra, which careerbot
    does not install) the first client of a process logs two warnings,
    "PyNaCl is not installed" and "davey is not installed".  discord.py
    warns only while ``VoiceClient.warn_nacl`` / ``warn_dave`` are true and
    clears them itself after warning; clearing them first marks the warning
    as not needed.  Every other ``discord.client`` record still gets through.
    """
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


def intents() -> discord.Intents:
    """Only non-privileged intents: servers, and messages in servers and DMs (no content intent)."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    return wanted


class IdentifyPacer:
    """Waits before an IDENTIFY until its bucket may start a session again.

    ``concurrency`` asks Discord for ``max_concurrency`` (``GET /gateway/bot``);
    it is asked once, and only when a second shard identifies, so a process
    with one shard makes no request for it.  If asking fails, 1 is assumed
    (every shard in one bucket, Discord's default).
    """

    def __init__(
        self,
        concurrency: Callable[[], Awaitable[int]],
        *,
        window: float = IDENTIFY_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._concurrency = concurrency
        self._max: int | None = None
        self.window = window
        self._clock = clock
        self._started: dict[int, float] = {}
        """When each shard last identified (or was let through to)."""
        self._lock = asyncio.Lock()

    async def max_concurrency(self) -> int:
        """The sessions Discord lets this bot start per window (asked once)."""
        if self._max is None:
            try:
                self._max = max(1, int(await self._concurrency()))
            except (
                discord.DiscordException,
                aiohttp.ClientError,
                OSError,
                TimeoutError,
                KeyError,
                ValueError,
            ) as exc:
                log.warning("discord: session start limits unknown (%s); one IDENTIFY per 5 s", exc)
                self._max = 1
        return self._max

    async def wait(self, shard_id: int | None, *, initial: bool) -> None:
        """Return when shard ``shard_id`` may IDENTIFY; the first IDENTIFY of the process never waits."""
        shard = shard_id or 0
        async with self._lock:
            if not initial and self._started:
                buckets = await self.max_concurrency()
                mates = [at for other, at in self._started.items() if other % buckets == shard % buckets]
                delay = max(mates, default=float("-inf")) + self.window - self._clock()
                if delay > 0:
                    log.info("discord: shard %d waits %.1f s to identify (session start limit)", shard, delay)
                    await asyncio.sleep(delay)
            self._started[shard] = self._clock()


def shard_states(client: discord.AutoShardedClient | None) -> dict[int, bool]:
    """Whether each shard this process runs has its gateway connection open (empty before the
    shard count is known)."""
    if client is None or client.shard_count is None:
        return {}
    wanted = client.shard_ids if client.shard_ids else range(client.shard_count)
    closed = client.is_closed()
    states: dict[int, bool] = {}
    for shard_id in wanted:
        shard = client.get_shard(shard_id)
        states[shard_id] = not closed and shard is not None and not shard.is_closed()
    return states
