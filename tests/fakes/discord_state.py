"""The state of the fake Discord (commands, messages, interactions, sockets) and waiting on it.

:class:`DiscordState` is the base of the REST and gateway mixins, so that both
see the same typed attributes; :class:`tests.fakes.discord_api.FakeDiscord`
composes them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes.discord_files import FileStore
from tests.fakes.discord_records import Interaction, Session
from tests.fakes.discord_wire import GUILD_ID, TOKEN


class DiscordState:
    """What the fake Discord knows about one bot application, and the condition to wait on it."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.validate = True
        """Check messages against Discord's limits (the benchmark turns it off after its warm-up)."""
        self.host = "127.0.0.1"
        """The address the bot connects to (where :meth:`FakeDiscord.start` listens)."""
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._changed = asyncio.Condition()
        self._faults: list[tuple[str, int, float]] = []
        self.guilds: list[int] = [GUILD_ID]
        """The servers the bot is in; each shard gets the ones Discord routes to it."""
        self.guild_locales: dict[int, str] = {}
        """Community servers and their preferred locale (the others are plain servers in en-US)."""
        self.recommended_shards = 1
        """The ``shards`` GET /gateway/bot recommends (at least :attr:`min_shards`)."""
        self.min_shards = 1
        """Fewer shards than this (no ``shard`` in IDENTIFY counts as one) is closed with 4011."""
        self.max_concurrency = 1
        """The ``session_start_limit.max_concurrency`` of GET /gateway/bot."""
        self.limit_identifies = False
        """Answer op 9 (invalid session) to an IDENTIFY within 5 s of another in its bucket
        (``shard_id % max_concurrency``), as Discord does; off by default so tests may restart fast."""
        self.sessions: list[Session] = []
        """Every gateway session, in the order identified (see :class:`Session`)."""
        self.closes: list[tuple[int, str]] = []
        """The close codes (and reasons) the gateway ended an IDENTIFY with."""
        self.invalid_sessions: list[list[int]] = []
        """The ``[shard_id, num_shards]`` of each IDENTIFY answered with op 9 (too soon)."""
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.command_puts: list[tuple[int | None, list[dict[str, Any]]]] = []
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.interactions: dict[int, Interaction] = {}
        self.channel_messages: list[dict[str, Any]] = []
        self.messages: dict[str, dict[str, Any]] = {}
        """Every message the bot sent, by id (edits change these dicts in place)."""
        self.user_messages: dict[str, dict[str, Any]] = {}
        """Messages users wrote (:meth:`say`), by id: replies carry them as ``referenced_message``."""
        self.rejections: list[str] = []
        self.uploads = FileStore()
        """The files attached to the bot's messages (their bytes by attachment id) and broken embed images."""
        self.rate_limited: list[str] = []
        self.requests: list[tuple[str, str]] = []

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be."""
        return f"http://{self.host}:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """The gateway address to connect (and to resume) to."""
        return f"ws://{self.host}:{self.port}/gateway"

    async def _touch(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], Any], seconds: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy; return its value."""
        async with asyncio.timeout(seconds):
            async with self._changed:
                await self._changed.wait_for(predicate)
        return predicate()
