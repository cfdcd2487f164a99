"""The fake Discord's gateway websocket: HELLO, IDENTIFY/RESUME, READY and GUILD_CREATE per shard, dispatches;
and the REST endpoints about it, GET /gateway and GET /gateway/bot (shard count, session start limit).

Sharding as Discord does it (docs: Gateway, Sharding): IDENTIFY may carry
``shard: [shard_id, num_shards]`` (none means ``[0, 1]``); an invalid one is
closed with 4010 "Invalid shard", too few shards for the bot (fewer than
:attr:`~tests.fakes.discord_state.DiscordState.min_shards`) with 4011
"Sharding required".  READY carries the ``shard`` and lists only the servers
of that shard, then GUILD_CREATE comes for each of them.  A server's events go
to the shard ``(guild_id >> 22) % num_shards``, events without a server (DMs)
to shard 0; when several sessions fit, the latest identified one gets them.
With :attr:`~tests.fakes.discord_state.DiscordState.limit_identifies`, an
IDENTIFY within 5 s of the previous one of its bucket (``shard_id %
max_concurrency``) gets op 9 "invalid session", Discord's answer to it.
"""

from __future__ import annotations

import json
import time
from typing import Any

import orjson
from aiohttp import WSMsgType, web

from tests.fakes.discord_guilds import guild_object, shard_of
from tests.fakes.discord_records import Session
from tests.fakes.discord_state import DiscordState
from tests.fakes.discord_wire import APP_ID, BOT_USER, PRIVILEGED_INTENTS, json_response, snowflake

IDENTIFY_WINDOW = 5.0
"""Seconds between two IDENTIFYs of one bucket (Discord's session start limit)."""


def parse_shard(value: Any) -> tuple[int, int] | None:
    """``(shard_id, num_shards)`` of IDENTIFY's ``shard`` (absent: ``(0, 1)``); ``None`` when invalid."""
    if value is None:
        return 0, 1
    ok = isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)
    if not ok or not 0 <= value[0] < value[1]:
        return None
    return value[0], value[1]


class GatewayMixin(DiscordState):
    """The gateway half of :class:`tests.fakes.discord_api.FakeDiscord` (routes are added in ``start``)."""

    @staticmethod
    async def _send(
        ws: web.WebSocketResponse, op: int, data: Any, seq: int | None = None, event: str | None = None
    ) -> None:
        await ws.send_str(orjson.dumps({"op": op, "d": data, "s": seq, "t": event}).decode())

    async def _event(
        self, session: Session, event: str, data: dict[str, Any], ws: web.WebSocketResponse | None = None
    ) -> None:
        """Send a dispatch (op 0) on ``session`` (or ``ws``, its connection to be), with its next
        sequence number."""
        ws = ws or session.ws
        assert ws is not None
        session.seq += 1
        await self._send(ws, 0, data, session.seq, event)

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
            for session in self.sessions:
                if session.ws is ws:
                    session.ws = None
            await self._touch()
        return ws

    async def _close(self, ws: web.WebSocketResponse, code: int, reason: str) -> None:
        self.closes.append((code, reason))
        await ws.close(code=code, message=reason.encode())

    def _too_soon(self, shard_id: int) -> bool:
        """An IDENTIFY of this shard's bucket came less than 5 s ago (only with ``limit_identifies``)."""
        bucket = shard_id % self.max_concurrency
        now = time.monotonic()
        last = [s.identified for s in self.sessions if s.shard_id % self.max_concurrency == bucket]
        return self.limit_identifies and bool(last) and now - max(last) < IDENTIFY_WINDOW

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await self._close(ws, 4004, "Authentication failed.")
            return
        if int(data.get("intents", 0)) & PRIVILEGED_INTENTS:
            await self._close(ws, 4014, "Disallowed intent(s).")
            return
        shard = parse_shard(data.get("shard"))
        if shard is None:
            await self._close(ws, 4010, "Invalid shard.")
            return
        shard_id, count = shard
        if count < self.min_shards:
            await self._close(ws, 4011, "Sharding required.")
            return
        if self._too_soon(shard_id):
            self.invalid_sessions.append([shard_id, count])
            await self._send(ws, 9, False)
            return
        self.identifies.append({k: v for k, v in data.items() if k != "token"})
        guilds = [g for g in self.guilds if shard_of(g, count) == shard_id]
        session = Session(shard_id, count, f"session-{snowflake()}", guilds)
        self.sessions.append(session)
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(g), "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "resume_gateway_url": f"ws://{self.host}:{self.port}/resume-gateway",
            "shard": [shard_id, count],
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self._event(session, "READY", ready, ws)
        for guild in guilds:
            await self._event(
                session, "GUILD_CREATE", guild_object(guild, BOT_USER, self.guild_locales.get(guild)), ws
            )
        session.ws = ws  # online, and events routed to it, once its servers are created
        await self._touch()

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        wanted = data.get("session_id")
        session = next((s for s in self.sessions if s.session_id == wanted), None)
        if data.get("token") != self.token or session is None:
            await self._send(ws, 9, False)
            return
        self.resumes.append({k: v for k, v in data.items() if k != "token"})
        await self._event(session, "RESUMED", {}, ws)
        session.ws = ws
        await self._touch()

    async def _get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, request: web.Request) -> web.Response:
        """GET /gateway/bot: the gateway address, the recommended shard count, the session start limit."""
        self.requests.append(("GET", "/gateway/bot"))
        if request.headers.get("Authorization") != f"Bot {self.token}":
            return json_response({"message": "401: Unauthorized", "code": 0}, 401)
        limit = {"total": 1000, "remaining": 1000 - len(self.identifies), "reset_after": 86_400_000}
        return json_response(
            {
                "url": self.gateway_url,
                "shards": max(self.recommended_shards, self.min_shards),
                "session_start_limit": {**limit, "max_concurrency": self.max_concurrency},
            }
        )

    # What tests look at and do -----------------------------------------------------------------

    @property
    def session_id(self) -> str:
        """The id of the latest session identified ("" before any)."""
        return self.sessions[-1].session_id if self.sessions else ""

    def session_for(self, guild_id: int | None) -> Session | None:
        """The connected session Discord would send this server's events to (DMs: shard 0)."""
        fitting = [s for s in self.sessions if s.live and shard_of(guild_id, s.num_shards) == s.shard_id]
        return fitting[-1] if fitting else None

    def shard_online(self, shard_id: int) -> bool:
        """A session of shard ``shard_id`` (of any count) is connected."""
        return any(s.live and s.shard_id == shard_id for s in self.sessions)

    @property
    def online(self) -> bool:
        """A bot is connected on every shard of the count its latest session identified with."""
        live = [s for s in self.sessions if s.live]
        if not live:
            return False
        count = live[-1].num_shards
        return {s.shard_id for s in live if s.num_shards == count} == set(range(count))

    async def wait_online(self, seconds: float = 5.0) -> None:
        """Wait until a bot is connected on every shard (see :attr:`online`)."""
        await self.wait_for(lambda: self.online, seconds)

    async def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send a dispatch event (op 0) on the session of its server's shard (waiting up to 5 s
        for one to be connected; with no bot connected at all, for :meth:`wait_online`); return
        that shard's id."""
        guild = int(data["guild_id"]) if data.get("guild_id") else None
        if not any(s.live for s in self.sessions):
            await self.wait_online()
        session: Session = await self.wait_for(lambda: self.session_for(guild))
        session.events.append((event, guild))
        await self._event(session, event, data)
        return session.shard_id

    async def reconnect(self, shard_id: int = 0) -> None:
        """Send op 7 RECONNECT on shard ``shard_id``'s session: the bot must reconnect and RESUME."""
        session: Session = await self.wait_for(
            lambda: next((s for s in reversed(self.sessions) if s.live and s.shard_id == shard_id), None)
        )
        ws, session.ws = session.ws, None
        assert ws is not None
        await self._send(ws, 7, None)
