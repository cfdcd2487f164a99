"""Driving the bot like Discord's users would: slash commands, autocomplete, presses, messages.

Each action builds the gateway event Discord would send, in the server
``guild`` (default :data:`GUILD_ID`; it must be one of the fake's
:attr:`~tests.fakes.discord_state.DiscordState.guilds`) or in a DM, and
dispatches it on the shard Discord routes it to (see
:mod:`tests.fakes.discord_gateway`); the returned record notes that shard and
collects what the bot sent back.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.discord_gateway import GatewayMixin
from tests.fakes.discord_guilds import channel_of, guild_of_channel, member, text_channel
from tests.fakes.discord_records import Interaction, Said
from tests.fakes.discord_wire import (
    APP_ID,
    BOT_USER,
    GUILD_ID,
    LOCALES,
    message_resource,
    public,
    snowflake,
    user,
)


class DrivingMixin(GatewayMixin):
    """The user side of :class:`tests.fakes.discord_api.FakeDiscord`."""

    def _server(self, guild: int | None) -> int:
        guild = GUILD_ID if guild is None else guild
        if guild not in self.guilds:
            raise AssertionError(f"the bot is not in server {guild} (the fake's guilds: {self.guilds})")
        return guild

    def _base_interaction(
        self, kind: int, who: dict[str, Any], guild: int | None, locale: str = "en-US"
    ) -> dict[str, Any]:
        """An interaction payload of ``kind`` by ``who``, whose Discord is in ``locale``, in server
        ``guild`` (``None``: in a DM)."""
        if locale not in LOCALES:
            raise AssertionError(f"Discord has no locale {locale!r}")
        iid = snowflake()
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"interaction-token-{iid}",
            "version": 1,
            "locale": locale,
            "app_permissions": "2248473465835073",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 26214400,
        }
        if guild is None:
            channel = {"id": str(int(who["id"]) + 1), "type": 1, "recipients": [who], "flags": 0}
            payload.update(user=who, channel=channel, channel_id=channel["id"], context=1)
            payload["authorizing_integration_owners"] = {"0": "0"}
        else:
            channel = text_channel(guild)
            server_locale = self.guild_locales.get(guild)
            payload.update(
                guild_id=str(guild),
                guild={
                    "id": str(guild),
                    "locale": server_locale or "en-US",
                    "features": ["COMMUNITY"] if server_locale else [],
                },
                guild_locale=server_locale or "en-US",
                channel=channel,
                channel_id=channel["id"],
                member=member(who),
                context=0,
            )
            payload["authorizing_integration_owners"] = {"0": str(guild)}
        return payload

    def _command(self, name: str, guild: int | None) -> dict[str, Any]:
        """The synced command ``name`` seen in ``guild`` (``None``: a DM): the server's, else global."""
        for scope in [guild, None] if guild is not None else [None]:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name:
                    return cmd
        raise AssertionError(f"/{name} was never synced")

    async def _start(self, payload: dict[str, Any]) -> Interaction:
        record = Interaction(int(payload["id"]), payload["token"], payload["type"], payload)
        self.interactions[record.id] = record
        record.shard = await self.dispatch("INTERACTION_CREATE", payload)
        return record

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        who: dict[str, Any] | None = None,
        dm: bool = False,
        guild: int | None = None,
        locale: str = "en-US",
    ) -> Interaction:
        """A user whose Discord is in ``locale`` runs ``/name`` with ``options`` (in ``guild``, or in
        a DM); returns the record."""
        who = who or user(4242, "alice")
        server = None if dm else self._server(guild)
        cmd = self._command(name, server)
        payload = self._base_interaction(2, who, server, locale)
        data: dict[str, Any] = {"id": cmd["id"], "name": name, "type": 1}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        types = {o["name"]: o["type"] for o in cmd.get("options", [])}
        if options:
            data["options"] = [{"name": k, "type": types[k], "value": v} for k, v in options.items()]
        payload["data"] = data
        return await self._start(payload)

    async def autocomplete(
        self,
        name: str,
        option: str,
        partial: str,
        *,
        who: dict[str, Any] | None = None,
        guild: int | None = None,
        locale: str = "en-US",
    ) -> Interaction:
        """A user whose Discord is in ``locale`` types ``partial`` into ``option`` of ``/name``."""
        server = self._server(guild)
        cmd = self._command(name, server)
        payload = self._base_interaction(4, who or user(4242, "alice"), server, locale)
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
        locale: str = "en-US",
    ) -> Interaction:
        """A user whose Discord is in ``locale`` presses a button (or picks ``values`` in a select
        menu) of a message the bot sent (in the server whose channel the message is in, or in the DM)."""
        found = [
            c for row in message["components"] for c in row["components"] if c.get("custom_id") == custom_id
        ]
        if not found:
            raise AssertionError(f"no component {custom_id!r} in that message")
        self.messages.setdefault(message["id"], message)  # a message with buttons exists on Discord
        server = guild_of_channel(int(message["channel_id"]), self.guilds)
        payload = self._base_interaction(3, who or user(4242, "alice"), server, locale)
        payload["message"] = {k: v for k, v in public(message).items() if k != "allowed_mentions"}
        payload["data"] = {"custom_id": custom_id, "component_type": found[0]["type"]}
        if values is not None:
            payload["data"]["values"] = values
        return await self._start(payload)

    async def say(
        self,
        content: str,
        *,
        mention: bool = True,
        dm: bool = False,
        who: dict[str, Any] | None = None,
        guild: int | None = None,
    ) -> Said:
        """A user writes a message in a server's channel (mentioning the bot) or in a DM."""
        who = who or user(4242, "alice")
        payload = message_resource(who, content)
        if dm:
            payload["channel_id"] = str(int(who["id"]) + 1)
        else:
            server = self._server(guild)
            payload.update(channel_id=str(channel_of(server)), guild_id=str(server), member=member(who))
            payload["member"].pop("user")
            if mention:
                payload["mentions"] = [{**BOT_USER, "member": member(BOT_USER) | {"user": None}}]
        said = Said(payload)
        self.user_messages[payload["id"]] = payload
        said.shard = await self.dispatch("MESSAGE_CREATE", payload)
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
