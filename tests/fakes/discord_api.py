"""A fake Discord: REST API v10 and gateway websocket on 127.0.0.1 (aiohttp).

It speaks the real wire format to the real discord.py client and rejects
what Discord rejects: invalid command definitions (names, descriptions,
option order, choices, autocomplete), messages over the embed and component
limits, a second callback for one interaction (40060), a first callback
after 3 seconds (10062), follow-ups before the acknowledgement.  On top of
Discord's own rules it enforces careerbot's policy: every message must carry
``allowed_mentions`` with an empty ``parse`` list.  Every rejection is also
recorded in :attr:`FakeDiscord.rejections`, so a test can assert there were none.

Tests drive it like Discord would: :meth:`FakeDiscord.slash`,
:meth:`FakeDiscord.autocomplete`, :meth:`FakeDiscord.press` and
:meth:`FakeDiscord.say` dispatch gateway events, and the returned records
collect what the bot sent back.  :func:`point_discord_py_at` points the
library at the fake (test-only: Route.BASE and the default gateway address).
Standalone, for a bot in another process (the Docker smoke test), it is driven over HTTP:
``python -m tests.fakes.discord_api --port 8082 [--host H] [--token T]`` (see discord_control).

The parts: :mod:`tests.fakes.discord_wire` (ids, constants, users, messages),
:mod:`tests.fakes.discord_checks` (what Discord rejects),
:mod:`tests.fakes.discord_records` (:class:`Interaction`, :class:`Said`),
:mod:`tests.fakes.discord_state` (the shared state), :mod:`tests.fakes.discord_rest`
and :mod:`tests.fakes.discord_gateway` (the two halves :class:`FakeDiscord` composes),
:mod:`tests.fakes.discord_control` (the test endpoints and the standalone server).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import discord
import yarl
from aiohttp import web

from tests.fakes.discord_checks import command_problems, message_problems
from tests.fakes.discord_control import ControlMixin, serve
from tests.fakes.discord_gateway import GatewayMixin
from tests.fakes.discord_records import Interaction, Said
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
    public,
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
    "command_problems",
    "json_response",
    "message_problems",
    "message_resource",
    "point_discord_py_at",
    "snowflake",
    "u16",
    "user",
]


class FakeDiscord(RestMixin, GatewayMixin, ControlMixin):
    """Discord's REST API and gateway, for one bot application."""

    # Lifecycle ---------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeDiscord:
        """Listen on ``host:port`` (an IPv4 address; port 0, the default, picks a free one)."""
        app = web.Application()
        self._control_routes(app)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/resume-gateway", self._gateway)
        api = "/api/v10"
        app.router.add_get(f"{api}/gateway", self._get_gateway)
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

    # Driving the bot ---------------------------------------------------------------------------

    def _base_interaction(self, kind: int, who: dict[str, Any], dm: bool) -> dict[str, Any]:
        iid = snowflake()
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"interaction-token-{iid}",
            "version": 1,
            "locale": "en-US",
            "app_permissions": "2248473465835073",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 26214400,
        }
        if dm:
            channel = {"id": str(int(who["id"]) + 1), "type": 1, "recipients": [who], "flags": 0}
            payload.update(user=who, channel=channel, channel_id=channel["id"], context=1)
            payload["authorizing_integration_owners"] = {"0": "0"}
        else:
            channel = self._text_channel()
            payload.update(
                guild_id=str(GUILD_ID),
                guild={"id": str(GUILD_ID), "locale": "en-US", "features": []},
                guild_locale="en-US",
                channel=channel,
                channel_id=channel["id"],
                member=self._member(who),
                context=0,
            )
            payload["authorizing_integration_owners"] = {"0": str(GUILD_ID)}
        return payload

    def _command(self, name: str, guild: bool) -> dict[str, Any]:
        scopes = [GUILD_ID, None] if guild else [None]
        for scope in scopes:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name:
                    return cmd
        raise AssertionError(f"/{name} was never synced")

    async def _start(self, payload: dict[str, Any]) -> Interaction:
        record = Interaction(int(payload["id"]), payload["token"], payload["type"], payload)
        self.interactions[record.id] = record
        await self.dispatch("INTERACTION_CREATE", payload)
        return record

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        who: dict[str, Any] | None = None,
        dm: bool = False,
    ) -> Interaction:
        """A user runs ``/name`` with ``options``; returns the record of the interaction."""
        who = who or user(4242, "alice")
        cmd = self._command(name, guild=not dm)
        payload = self._base_interaction(2, who, dm)
        data: dict[str, Any] = {"id": cmd["id"], "name": name, "type": 1}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        types = {o["name"]: o["type"] for o in cmd.get("options", [])}
        if options:
            data["options"] = [{"name": k, "type": types[k], "value": v} for k, v in options.items()]
        payload["data"] = data
        return await self._start(payload)

    async def autocomplete(
        self, name: str, option: str, partial: str, *, who: dict[str, Any] | None = None
    ) -> Interaction:
        """A user types ``partial`` into ``option`` of ``/name``."""
        cmd = self._command(name, guild=True)
        payload = self._base_interaction(4, who or user(4242, "alice"), False)
        opt = {"name": option, "type": 3, "value": partial, "focused": True}
        payload["data"] = {"id": cmd["id"], "name": name, "type": 1, "options": [opt]}
        if cmd.get("guild_id"):
            payload["data"]["guild_id"] = cmd["guild_id"]
        return await self._start(payload)

    async def press(
        self,
        message: dict[str, Any],
        custom_id: str,
        *,
        values: list[str] | None = None,
        who: dict[str, Any] | None = None,
    ) -> Interaction:
        """A user presses a button (or picks ``values`` in a select menu) of a message the bot sent."""
        found = [
            c for row in message["components"] for c in row["components"] if c.get("custom_id") == custom_id
        ]
        if not found:
            raise AssertionError(f"no component {custom_id!r} in that message")
        self.messages.setdefault(message["id"], message)  # a message with buttons exists on Discord
        dm = message["channel_id"] != str(CHANNEL_ID)
        payload = self._base_interaction(3, who or user(4242, "alice"), dm)
        payload["message"] = {k: v for k, v in public(message).items() if k != "allowed_mentions"}
        payload["data"] = {"custom_id": custom_id, "component_type": found[0]["type"]}
        if values is not None:
            payload["data"]["values"] = values
        return await self._start(payload)

    async def say(
        self, content: str, *, mention: bool = True, dm: bool = False, who: dict[str, Any] | None = None
    ) -> Said:
        """A user writes a message in the server channel (mentioning the bot) or in a DM."""
        who = who or user(4242, "alice")
        payload = message_resource(who, content)
        if dm:
            payload["channel_id"] = str(int(who["id"]) + 1)
        else:
            payload.update(channel_id=str(CHANNEL_ID), guild_id=str(GUILD_ID), member=self._member(who))
            payload["member"].pop("user")
            if mention:
                payload["mentions"] = [{**BOT_USER, "member": self._member(BOT_USER) | {"user": None}}]
        said = Said(payload)
        self.user_messages[payload["id"]] = payload
        await self.dispatch("MESSAGE_CREATE", payload)
        return said

    async def wait_replies(self, said: Said, count: int = 1, seconds: float = 5.0) -> list[dict[str, Any]]:
        """Wait for ``count`` bot messages in the channel of ``said`` since it was sent."""
        said.replies = await self.wait_for(
            lambda: len(self.replies_to(said)) >= count and self.replies_to(said), seconds
        )
        return said.replies

    async def answered(
        self, record: Interaction, count: int = 1, seconds: float = 5.0
    ) -> list[dict[str, Any]]:
        """Wait until the bot has answered ``record`` with ``count`` messages; return them."""
        messages: list[dict[str, Any]] = await self.wait_for(
            lambda: len(record.messages) >= count and record.messages, seconds
        )
        return messages

    async def suggested(self, record: Interaction, seconds: float = 5.0) -> list[dict[str, Any]]:
        """Wait for the autocomplete answer to ``record``; return its choices."""
        await self.wait_for(lambda: record.callbacks, seconds)
        return record.choices

    def replies_to(self, said: Said) -> list[dict[str, Any]]:
        """The bot's messages in the channel of ``said`` since it was sent."""
        channel = said.payload["channel_id"]
        start = next(
            (i for i, m in enumerate(self.channel_messages) if int(m["id"]) > int(said.payload["id"])), None
        )
        if start is None:
            return []
        return [m for m in self.channel_messages[start:] if m["channel_id"] == channel]


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
