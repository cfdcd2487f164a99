"""A fake Discord: REST API v10 and gateway websocket on 127.0.0.1 (aiohttp).

It speaks the real wire format to the real discord.py client and rejects
what Discord rejects: invalid command definitions (names, descriptions,
option order, choices, autocomplete), messages over the embed and component
limits, a second callback for one interaction (40060), a first callback
after 3 seconds (10062), follow-ups before the acknowledgement.  On top of
Discord's own rules it enforces careerbot's policy: every message must carry
``allowed_mentions`` with an empty ``parse`` list.  Every rejection is also
recorded in :attr:`FakeDiscord.rejections`, so a test can assert there were none.
Messages may carry files (multipart ``payload_json`` + ``files[n]``, at most 10 MiB each,
shown as an embed's image through ``attachment://name``): :attr:`FakeDiscord.uploads` keeps
their bytes and the embed images that named no attachment (:mod:`tests.fakes.discord_files`).

Tests drive it like Discord would: :meth:`FakeDiscord.slash`,
:meth:`FakeDiscord.autocomplete`, :meth:`FakeDiscord.press` and
:meth:`FakeDiscord.say` dispatch gateway events, on the shard Discord routes
each server's events to (DMs to shard 0), and the returned records collect
what the bot sent back.  It speaks Discord's sharding: ``GET /gateway/bot``
recommends :attr:`~FakeDiscord.recommended_shards`, IDENTIFY takes ``shard``,
each shard's READY lists only its servers (:attr:`~FakeDiscord.guilds`).
:func:`point_discord_py_at` points the library at the fake (test-only: Route.BASE and
the default gateway address).
Standalone, for a bot in another process (the Docker smoke test), it is driven over HTTP:
``python -m tests.fakes.discord_api --port 8082 [--host H] [--token T]`` (see discord_control).

The parts: :mod:`tests.fakes.discord_wire` (ids, constants, users, messages),
:mod:`tests.fakes.discord_checks` (what Discord rejects),
:mod:`tests.fakes.discord_records` (:class:`Session`, :class:`Interaction`, :class:`Said`),
:mod:`tests.fakes.discord_state` (the shared state), :mod:`tests.fakes.discord_rest`
and :mod:`tests.fakes.discord_gateway` (the two halves :class:`FakeDiscord` composes),
:mod:`tests.fakes.discord_guilds` (servers, channels, which shard gets a server),
:mod:`tests.fakes.discord_driving` (the users' side: slash, press, say),
:mod:`tests.fakes.discord_control` (the test endpoints and the standalone server).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import discord
import yarl
from aiohttp import web

from tests.fakes.discord_checks import command_problems, message_problems
from tests.fakes.discord_control import ControlMixin, serve
from tests.fakes.discord_driving import DrivingMixin
from tests.fakes.discord_files import MAX_REQUEST
from tests.fakes.discord_guilds import channel_of, guild_on_shard, shard_of
from tests.fakes.discord_records import Interaction, Said, Session
from tests.fakes.discord_rest import RestMixin
from tests.fakes.discord_wire import (
    APP_ID,
    BOT_ID,
    BOT_USER,
    CHANNEL_ID,
    DISCORD_EPOCH,
    EPHEMERAL,
    GUILD_ID,
    JSON,
    NAME_RE,
    PRIVILEGED_INTENTS,
    TOKEN,
    json_response,
    message_resource,
    snowflake,
    u16,
    user,
)

__all__ = [
    "APP_ID",
    "BOT_ID",
    "BOT_USER",
    "CHANNEL_ID",
    "DISCORD_EPOCH",
    "EPHEMERAL",
    "GUILD_ID",
    "JSON",
    "NAME_RE",
    "PRIVILEGED_INTENTS",
    "TOKEN",
    "FakeDiscord",
    "Interaction",
    "Said",
    "Session",
    "channel_of",
    "command_problems",
    "guild_on_shard",
    "json_response",
    "message_problems",
    "message_resource",
    "point_discord_py_at",
    "shard_of",
    "snowflake",
    "u16",
    "user",
]


class FakeDiscord(RestMixin, DrivingMixin, ControlMixin):
    """Discord's REST API and gateway, for one bot application."""

    # Lifecycle ---------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeDiscord:
        """Listen on ``host:port`` (an IPv4 address; port 0, the default, picks a free one)."""
        app = web.Application(client_max_size=MAX_REQUEST)
        self._control_routes(app)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/resume-gateway", self._gateway)
        api = "/api/v10"
        app.router.add_get(f"{api}/gateway", self._get_gateway)
        app.router.add_get(f"{api}/gateway/bot", self._get_gateway_bot)
        app.router.add_get(f"{api}/users/@me", self._users_me)
        app.router.add_get(f"{api}/oauth2/applications/@me", self._application)
        app.router.add_put(f"{api}/applications/{{app}}/commands", self._put_commands)
        app.router.add_put(f"{api}/applications/{{app}}/guilds/{{guild}}/commands", self._put_commands)
        app.router.add_post(f"{api}/interactions/{{iid}}/{{token}}/callback", self._callback)
        app.router.add_post(f"{api}/webhooks/{{app}}/{{token}}", self._followup)
        app.router.add_patch(f"{api}/webhooks/{{app}}/{{token}}/messages/@original", self._edit_original)
        app.router.add_get(f"{api}/webhooks/{{app}}/{{token}}/messages/@original", self._get_original)
        app.router.add_post(f"{api}/channels/{{channel}}/messages", self._channel_message)
        app.router.add_post(f"{api}/users/@me/channels", self._dm_channel)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.host = "127.0.0.1" if host in ("", "0.0.0.0") else host
        return self

    async def close(self) -> None:
        """Close every socket and stop listening."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()


@contextmanager
def point_discord_py_at(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at the fake (test-only), then restore them."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


def main(argv: list[str] | None = None) -> None:
    """Serve a fake Discord until SIGINT/SIGTERM (see :mod:`tests.fakes.discord_control`)."""
    serve(FakeDiscord, argv)


if __name__ == "__main__":
    main()
