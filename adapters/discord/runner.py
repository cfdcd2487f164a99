"""Running the Discord client: token checks, start, stop within 5 s, forced command sync, shard states."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any

import discord

from adapters.discord.client import DEFER_AFTER, CareerClient
from adapters.discord.gateway import shard_states
from adapters.discord.settings import DiscordSettings
from adapters.pictures import Pictures
from bot.core import Core
from bot.errors import ConfigError

log = logging.getLogger("careerbot.discord")

CLOSE_TIMEOUT = 4.0
REJECTED = "Discord rejected DISCORD_TOKEN (401 Unauthorized): check the bot token in the Developer Portal"
MISSING = "DISCORD_TOKEN is not set (set DISCORD_TOKEN or DISCORD_TOKEN_FILE)"
MALFORMED = "DISCORD_TOKEN is malformed (a bot token has no spaces or line breaks)"
INTENTS = "Discord refused the gateway intents (close code 4014)"
INVALID_SHARD = (
    "Discord refused the shard (close code 4010 Invalid shard): "
    "check DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS"
)
SHARDING_REQUIRED = (
    "Discord requires more shards for this bot (close code 4011 Sharding required): "
    "raise DISCORD_SHARD_COUNT, or leave it unset for Discord's recommended count"
)


def token_of(settings: DiscordSettings) -> str:
    """The bot token, or a :class:`ConfigError` naming the setting (never the value)."""
    if settings.token is None or not settings.token.reveal().strip():
        raise ConfigError(MISSING)
    token = settings.token.reveal().strip()
    if any(ch.isspace() for ch in token) or not token.isprintable():
        raise ConfigError(MALFORMED)
    return token


def describe_shards(settings: DiscordSettings) -> str:
    """Which shards a process with ``settings`` runs, in words (for the start-up log line)."""
    if settings.shard_count is None:
        return "every shard of the count Discord recommends"
    ids = settings.shard_ids if settings.shard_ids is not None else range(settings.shard_count)
    return f"{', '.join(map(str, ids))} of {settings.shard_count}"


def _config_error(exc: BaseException) -> ConfigError | None:
    if isinstance(exc, discord.LoginFailure):
        return ConfigError(REJECTED)
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return ConfigError(INTENTS)
    if isinstance(exc, discord.ConnectionClosed) and exc.code == 4004:
        return ConfigError(REJECTED)
    if isinstance(exc, discord.ConnectionClosed) and exc.code in (4013, 4014):
        return ConfigError(INTENTS)
    if isinstance(exc, discord.ConnectionClosed) and exc.code == 4010:
        return ConfigError(INVALID_SHARD)
    if isinstance(exc, discord.ConnectionClosed) and exc.code == 4011:
        return ConfigError(SHARDING_REQUIRED)
    return None


async def _login(client: CareerClient, token: str) -> None:
    try:
        await client.login(token)
    except BaseException as exc:
        await client.close()
        error = _config_error(exc)
        if error is not None:
            raise error from None
        raise


class DiscordRunner:
    """The Discord platform: see :class:`adapters.base.PlatformRunner`."""

    name = "discord"

    def __init__(
        self,
        core: Core,
        settings: DiscordSettings,
        data_dir: Path,
        *,
        defer_after: float = DEFER_AFTER,
        pictures: Pictures | None = None,
        **options: Any,
    ) -> None:
        self.core = core
        self.settings = settings
        self.data_dir = data_dir
        self.defer_after = defer_after
        self.pictures = pictures
        """Draws the replies' pictures, sent as attachments (``None``: embeds only)."""
        self.options = options
        self.client: CareerClient | None = None

    @property
    def shards(self) -> dict[int, bool]:
        """Whether each shard this process runs is connected, by shard id (for /healthz and /metrics);
        empty until the shard count is known."""
        return shard_states(self.client)

    @property
    def connected(self) -> bool:
        """True while the gateway connection of every shard this process runs is open."""
        states = self.shards
        return bool(states) and all(states.values())

    async def run(self, stop: asyncio.Event) -> None:
        """Log in (syncing commands if changed), serve until ``stop``, close within 5 s."""
        token = token_of(self.settings)
        client = CareerClient(
            self.core,
            self.settings,
            self.data_dir,
            defer_after=self.defer_after,
            pictures=self.pictures,
            **self.options,
        )
        self.client = client
        await _login(client, token)
        log.info("discord shards: %s", describe_shards(self.settings))
        gateway = asyncio.create_task(client.connect(reconnect=True), name="discord-gateway")
        stopping = asyncio.create_task(stop.wait(), name="discord-stop")
        try:
            await asyncio.wait({gateway, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(client.close(), CLOSE_TIMEOUT)
            if not gateway.done():
                await asyncio.wait({gateway}, timeout=0.5)
            if not gateway.done():
                gateway.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await gateway
        if gateway.cancelled():
            return
        exc = gateway.exception()
        if exc is not None:
            error = _config_error(exc)
            if error is not None:
                raise error from None
            raise exc
        if not stop.is_set():
            raise ConnectionError("the Discord gateway connection ended")


async def force_sync(core: Core, settings: DiscordSettings, data_dir: Path, **options: Any) -> str:
    """Log in over HTTP only and sync the slash commands now, even if unchanged; describe what was done."""
    token = token_of(settings)
    client = CareerClient(core, settings, data_dir, force_sync=True, **options)
    try:
        await _login(client, token)
    finally:
        await client.close()
    return client.sync_outcome.describe() if client.sync_outcome else "nothing synced"
