"""The fake Discord's gateway websocket: HELLO, IDENTIFY/RESUME, READY and GUILD_CREATE, dispatches."""

from __future__ import annotations

import json
from typing import Any

import orjson
from aiohttp import WSMsgType, web

from tests.fakes.discord_state import DiscordState
from tests.fakes.discord_wire import (
    APP_ID,
    BOT_USER,
    CHANNEL_ID,
    GUILD_ID,
    PRIVILEGED_INTENTS,
    _now,
    snowflake,
)


class GatewayMixin(DiscordState):
    """The gateway half of :class:`tests.fakes.discord_api.FakeDiscord` (routes are added in ``start``)."""

    async def _send(self, ws: web.WebSocketResponse, op: int, data: Any, event: str | None = None) -> None:
        seq = None
        if op == 0:
            self._seq += 1
            seq = self._seq
        await ws.send_str(orjson.dumps({"op": op, "d": data, "s": seq, "t": event}).decode())

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.add(ws)
        try:
            await self._send(ws, 10, {"heartbeat_interval": 41250})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                op, data = payload.get("op"), payload.get("d")
                if op == 1:
                    await self._send(ws, 11, None)
                elif op == 2:
                    await self._identify(ws, data)
                elif op == 6:
                    await self._resume(ws, data)
        finally:
            self._sockets.discard(ws)
            if self._ws is ws:
                self._ws = None
            await self._touch()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        if int(data.get("intents", 0)) & PRIVILEGED_INTENTS:
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        self.identifies.append({k: v for k, v in data.items() if k != "token"})
        self.session_id = f"session-{snowflake()}"
        self._seq = 0
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": self.session_id,
            "resume_gateway_url": f"ws://{self.host}:{self.port}/resume-gateway",
            "shard": [0, 1],
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self._send(ws, 0, ready, "READY")
        await self._send(ws, 0, self._guild(), "GUILD_CREATE")
        self._ws = ws
        await self._touch()

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self.token or data.get("session_id") != self.session_id:
            await self._send(ws, 9, False)
            return
        self.resumes.append({k: v for k, v in data.items() if k != "token"})
        await self._send(ws, 0, {}, "RESUMED")
        self._ws = ws
        await self._touch()

    def _guild(self) -> dict[str, Any]:
        everyone = {
            "id": str(GUILD_ID),
            "name": "@everyone",
            "permissions": "2248473465835073",
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        return {
            "id": str(GUILD_ID),
            "name": "Deep Learning Club",
            "icon": None,
            "owner_id": "900",
            "features": [],
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "channels": [self._text_channel()],
            "threads": [],
            "members": [self._member(BOT_USER)],
            "member_count": 3,
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "large": False,
            "unavailable": False,
            "joined_at": _now(),
            "mfa_level": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "afk_timeout": 300,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "system_channel_flags": 0,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
        }

    @staticmethod
    def _text_channel() -> dict[str, Any]:
        return {
            "id": str(CHANNEL_ID),
            "type": 0,
            "guild_id": str(GUILD_ID),
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    @staticmethod
    def _member(who: dict[str, Any]) -> dict[str, Any]:
        return {
            "user": who,
            "roles": [],
            "joined_at": _now(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "pending": False,
            "permissions": "2248473465835073",
        }

    @property
    def online(self) -> bool:
        """A bot is identified (or resumed) on the gateway."""
        return self._ws is not None and not self._ws.closed

    async def wait_online(self, seconds: float = 5.0) -> None:
        """Wait until a bot has identified or resumed."""
        await self.wait_for(lambda: self.online, seconds)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a dispatch event (op 0) to the connected bot."""
        await self.wait_online()
        assert self._ws is not None
        await self._send(self._ws, 0, data, event)

    async def reconnect(self) -> None:
        """Send op 7 RECONNECT: the bot must reconnect and RESUME."""
        await self.wait_online()
        assert self._ws is not None
        ws, self._ws = self._ws, None
        await self._send(ws, 7, None)
