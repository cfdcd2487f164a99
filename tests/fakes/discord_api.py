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
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import discord
import orjson
import yarl
from aiohttp import WSMsgType, web

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GfAkEt.fake-token-for-tests-only-0123456789ab"
APP_ID = 1100000000000000001
BOT_ID = APP_ID
GUILD_ID = 1200000000000000001
CHANNEL_ID = 1300000000000000001
DISCORD_EPOCH = 1420070400000
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)
EPHEMERAL = 64
NAME_RE = re.compile(r"^[-_\w]{1,32}$")
JSON = {"Content-Type": "application/json"}

_ids = itertools.count(1)


def snowflake() -> int:
    """A fresh snowflake with the current time."""
    return ((int(time.time() * 1000) - DISCORD_EPOCH) << 22) | (next(_ids) & 0x3FFFFF)


def user(uid: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {
        "id": str(uid),
        "username": name,
        "discriminator": "0",
        "global_name": name.title(),
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
        "verified": True,
        "mfa_enabled": False,
        "locale": "en-US",
    }


BOT_USER = user(BOT_ID, "careerbot", bot=True)


def u16(text: str) -> int:
    """Length as Discord counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


def message_resource(author: dict[str, Any], content: str, **fields: Any) -> dict[str, Any]:
    """A Discord message object with every field discord.py reads; ``fields`` add or override."""
    return {
        "id": str(snowflake()),
        "author": author,
        "content": content,
        "timestamp": _now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        **fields,
    }


def _flag(value: str | None) -> bool:
    """A boolean query parameter as Discord reads it."""
    return (value or "").lower() in ("1", "true")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A response with exactly ``Content-Type: application/json``, as Discord sends."""
    return web.Response(body=orjson.dumps(data), status=status, headers={**JSON, **(headers or {})})


# Validation ------------------------------------------------------------------------------------


def command_problems(cmd: dict[str, Any]) -> list[str]:
    """What Discord would reject in one slash-command definition."""
    problems: list[str] = []
    name = str(cmd.get("name", ""))
    if not NAME_RE.fullmatch(name) or name != name.lower():
        problems.append(f"command name {name!r} is invalid")
    description = str(cmd.get("description", ""))
    if not 1 <= len(description) <= 100:
        problems.append(f"/{name}: description must be 1-100 characters")
    options = cmd.get("options") or []
    if len(options) > 25:
        problems.append(f"/{name}: more than 25 options")
    seen_optional = False
    names: set[str] = set()
    for opt in options:
        oname = str(opt.get("name", ""))
        if not NAME_RE.fullmatch(oname) or oname != oname.lower():
            problems.append(f"/{name}: option name {oname!r} is invalid")
        if oname in names:
            problems.append(f"/{name}: duplicate option {oname!r}")
        names.add(oname)
        if not 1 <= len(str(opt.get("description", ""))) <= 100:
            problems.append(f"/{name} {oname}: description must be 1-100 characters")
        if opt.get("required"):
            if seen_optional:
                problems.append(f"/{name}: required option {oname!r} after an optional one")
        else:
            seen_optional = True
        choices = opt.get("choices") or []
        if len(choices) > 25:
            problems.append(f"/{name} {oname}: more than 25 choices")
        if choices and opt.get("autocomplete"):
            problems.append(f"/{name} {oname}: choices and autocomplete are exclusive")
        if opt.get("autocomplete") and opt.get("type") not in (3, 4, 10):
            problems.append(f"/{name} {oname}: autocomplete needs a string or number option")
        for choice in choices:
            if not 1 <= len(str(choice.get("name", ""))) <= 100 or len(str(choice.get("value", ""))) > 100:
                problems.append(f"/{name} {oname}: invalid choice {choice!r}")
    return problems


def _embed_problems(embed: dict[str, Any], where: str) -> tuple[list[str], int]:
    problems: list[str] = []
    title = embed.get("title") or ""
    description = embed.get("description") or ""
    footer = (embed.get("footer") or {}).get("text") or ""
    fields = embed.get("fields") or []
    total = u16(title) + u16(description) + u16(footer)
    if u16(title) > 256:
        problems.append(f"{where}.title longer than 256")
    if u16(description) > 4096:
        problems.append(f"{where}.description longer than 4096")
    if u16(footer) > 2048:
        problems.append(f"{where}.footer longer than 2048")
    if len(fields) > 25:
        problems.append(f"{where}: more than 25 fields")
    for i, f in enumerate(fields):
        name, value = str(f.get("name") or ""), str(f.get("value") or "")
        total += u16(name) + u16(value)
        if not 1 <= u16(name) <= 256:
            problems.append(f"{where}.fields[{i}].name must be 1-256")
        if not 1 <= u16(value) <= 1024:
            problems.append(f"{where}.fields[{i}].value must be 1-1024")
    if not (title or description or fields):
        problems.append(f"{where} is empty")
    return problems, total


def _component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append("more than 5 component rows")
    ids: set[str] = set()
    for r, row in enumerate(rows):
        items = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(items) <= 5:
            problems.append(f"components[{r}] must be an action row of 1-5 items")
        if any(i.get("type") == 3 for i in items) and len(items) != 1:
            problems.append(f"components[{r}]: a select menu fills its row")
        for item in items:
            cid = item.get("custom_id")
            if item.get("type") in (2, 3) and item.get("style") != 5:
                if not isinstance(cid, str) or not 1 <= len(cid) <= 100:
                    problems.append(f"custom_id {cid!r} must be 1-100 characters")
                elif cid in ids:
                    problems.append(f"duplicate custom_id {cid!r}")
                ids.add(str(cid))
            if item.get("type") == 2 and len(str(item.get("label") or "")) > 80:
                problems.append("button label longer than 80")
            if item.get("type") == 3:
                options = item.get("options") or []
                if not 1 <= len(options) <= 25:
                    problems.append("a select menu needs 1-25 options")
                values = [o.get("value") for o in options]
                if len(set(values)) != len(values):
                    problems.append("duplicate select option values")
                for o in options:
                    if (
                        not 1 <= len(str(o.get("label", ""))) <= 100
                        or not 1 <= len(str(o.get("value", ""))) <= 100
                    ):
                        problems.append(f"invalid select option {o!r}")
                if len(str(item.get("placeholder") or "")) > 150:
                    problems.append("placeholder longer than 150")
    return problems


def message_problems(data: dict[str, Any], *, edit: bool = False) -> list[str]:
    """What Discord (and careerbot's no-ping policy) would reject in a message payload."""
    problems: list[str] = []
    content = data.get("content") or ""
    if u16(content) > 2000:
        problems.append("content longer than 2000")
    embeds = data.get("embeds") or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    total = 0
    for i, embed in enumerate(embeds):
        found, size = _embed_problems(embed, f"embeds[{i}]")
        problems.extend(found)
        total += size
    if total > 6000:
        problems.append(f"embeds total {total} characters, more than 6000")
    problems.extend(_component_problems(data.get("components") or []))
    if not edit and not content and not embeds:
        problems.append("Cannot send an empty message")
    mentions = data.get("allowed_mentions")
    if (
        not isinstance(mentions, dict)
        or mentions.get("parse") != []
        or mentions.get("users")
        or mentions.get("roles")
    ):
        problems.append(f"allowed_mentions must be none (parse: []), got {mentions!r}")
    return problems


# Records ---------------------------------------------------------------------------------------


def _interaction_metadata(record: Interaction) -> dict[str, Any]:
    """What Discord attaches to a message sent in answer to an interaction: who triggered it."""
    payload = record.payload
    who = payload["member"]["user"] if "member" in payload else payload["user"]
    metadata: dict[str, Any] = {
        "id": str(record.id),
        "type": record.type,
        "user": who,
        "authorizing_integration_owners": payload.get("authorizing_integration_owners", {}),
    }
    if record.type == 3 and "message" in payload:
        metadata["interacted_message_id"] = payload["message"]["id"]
    return metadata


@dataclass
class Interaction:
    """One dispatched interaction and everything the bot answered to it."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    dispatched: float = field(default_factory=time.monotonic)
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    original: dict[str, Any] | None = None
    followups: list[dict[str, Any]] = field(default_factory=list)
    echo_asked: bool = False
    """The first callback asked for the message back (``with_response``)."""

    @property
    def deferred(self) -> bool:
        """The first callback was a deferral (type 5, or 6 for a deferred update of the pressed message)."""
        return bool(self.callbacks) and self.callbacks[0]["type"] in (5, 6)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The messages answered, in order (a deferral counts once its original is edited)."""
        first = [self.original] if self.original is not None and not self.original.get("_loading") else []
        return first + self.followups

    @property
    def choices(self) -> list[dict[str, Any]]:
        """The autocomplete suggestions answered (callback type 8)."""
        return [c for cb in self.callbacks if cb["type"] == 8 for c in cb["data"]["choices"]]


@dataclass
class Said:
    """A message a user sent, and the bot's messages in that channel afterwards."""

    payload: dict[str, Any]
    replies: list[dict[str, Any]] = field(default_factory=list)


class FakeDiscord:
    """Discord's REST API and gateway, for one bot application."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.validate = True
        """Check messages against Discord's limits (the benchmark turns it off after its warm-up)."""
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._ws: web.WebSocketResponse | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._seq = 0
        self._changed = asyncio.Condition()
        self._faults: list[tuple[str, int, float]] = []
        self.session_id = ""
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
        self.rate_limited: list[str] = []
        self.requests: list[tuple[str, str]] = []

    # Lifecycle ---------------------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """The gateway address to connect (and to resume) to."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application()
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
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        """Close every socket and stop listening."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _touch(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], Any], seconds: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy; return its value."""
        async with asyncio.timeout(seconds):
            async with self._changed:
                await self._changed.wait_for(predicate)
        return predicate()

    def fail_next(self, kind: str, status: int = 429, retry_after: float = 0.25) -> None:
        """Make the next request of ``kind`` ("followup", "channel_message", "callback") fail once."""
        self._faults.append((kind, status, retry_after))

    def _fault(self, kind: str) -> web.Response | None:
        for index, (k, status, retry_after) in enumerate(self._faults):
            if k != kind:
                continue
            del self._faults[index]
            self.rate_limited.append(kind)
            if status == 429:
                body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
                headers = {
                    "Retry-After": str(retry_after),
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                    "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                    "X-RateLimit-Bucket": f"fake-{kind}",
                    "X-RateLimit-Scope": "user",
                    "Via": "1.1 google",
                }
                return json_response(body, 429, headers)
            return json_response({"message": "Internal Server Error", "code": 0}, status)
        return None

    def _reject(self, problems: list[str], status: int = 400, code: int = 50035) -> web.Response:
        self.rejections.extend(problems)
        errors = {"_errors": [{"code": "INVALID", "message": p} for p in problems]}
        body = {"message": "Invalid Form Body", "code": code, "errors": {"payload": errors}}
        return json_response(body, status)

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.token}"

    @staticmethod
    def _unauthorized() -> web.Response:
        return json_response({"message": "401: Unauthorized", "code": 0}, 401)

    # REST --------------------------------------------------------------------------------------

    async def _get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.gateway_url})

    async def _users_me(self, request: web.Request) -> web.Response:
        self.requests.append(("GET", "/users/@me"))
        return json_response(BOT_USER) if self._authorized(request) else self._unauthorized()

    async def _application(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        return json_response(
            {
                "id": str(APP_ID),
                "name": "careerbot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": user(900, "owner"),
                "verify_key": "00" * 32,
                "flags": 0,
                "team": None,
                "summary": "",
            }
        )

    async def _put_commands(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        if request.match_info["app"] != str(APP_ID):
            return json_response({"message": "Unknown Application", "code": 10002}, 404)
        body = orjson.loads(await request.read())
        guild = int(request.match_info["guild"]) if "guild" in request.match_info else None
        problems: list[str] = []
        if not isinstance(body, list) or len(body) > 100:
            problems.append("a list of at most 100 commands is required")
            body = []
        for cmd in body:
            problems.extend(command_problems(cmd))
        if len({c.get("name") for c in body}) != len(body):
            problems.append("duplicate command names")
        if problems:
            return self._reject(problems)
        stored = []
        for cmd in body:
            full = {"id": str(snowflake()), "application_id": str(APP_ID), "version": str(snowflake()), **cmd}
            if guild is not None:
                full["guild_id"] = str(guild)
            stored.append(full)
        self.commands[guild] = stored
        self.command_puts.append((guild, stored))
        await self._touch()
        return json_response(stored)

    def _message(self, data: dict[str, Any], channel_id: int, **extra: Any) -> dict[str, Any]:
        """A new message of the bot, kept by id (buttons on it can be pressed, and it can be edited)."""
        message = message_resource(
            BOT_USER,
            data.get("content") or "",
            channel_id=str(channel_id),
            embeds=data.get("embeds") or [],
            components=data.get("components") or [],
            flags=int(data.get("flags") or 0),
            allowed_mentions=data.get("allowed_mentions"),
            **extra,
        )
        self.messages[message["id"]] = message
        return message

    @staticmethod
    def _update(message: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
        """Edit a message in place (the dict a test holds sees the edit); return it."""
        message.update({k: data[k] for k in ("content", "embeds", "components") if k in data})
        message["allowed_mentions"] = data.get("allowed_mentions")
        message["edited_timestamp"] = _now()
        message.pop("_loading", None)
        return message

    def _find(self, token: str) -> Interaction | None:
        return next((i for i in self.interactions.values() if i.token == token), None)

    async def _callback(self, request: web.Request) -> web.Response:
        record = self.interactions.get(int(request.match_info["iid"]))
        if record is None or record.token != request.match_info["token"]:
            return json_response({"message": "Unknown interaction", "code": 10062}, 404)
        fault = self._fault("callback")
        if fault is not None:
            return fault
        if record.callbacks:
            self.rejections.append("second callback")
            return json_response(
                {"message": "Interaction has already been acknowledged.", "code": 40060}, 400
            )
        if time.monotonic() - record.dispatched > 3.0:
            self.rejections.append("callback after 3 s")
            return json_response({"message": "Unknown interaction", "code": 10062}, 404)
        body = orjson.loads(await request.read())
        kind, data = body.get("type"), body.get("data") or {}
        problems: list[str] = []
        pressed: dict[str, Any] = {}
        if (record.type == 4) != (kind == 8):
            problems.append(f"callback type {kind} does not fit interaction type {record.type}")
        if kind in (6, 7):
            if record.type != 3:
                problems.append(f"callback type {kind} is only for component interactions")
            else:
                pressed = self.messages.get(record.payload["message"]["id"], {})
                if not pressed:
                    return json_response({"message": "Unknown Message", "code": 10008}, 404)
        if kind in (4, 7):
            problems += message_problems(data, edit=kind == 7) if self.validate else []
        elif kind == 8:
            choices = data.get("choices")
            if record.type != 4 or not isinstance(choices, list) or len(choices) > 25:
                problems.append("autocomplete result must be a list of at most 25 choices")
            for c in choices or []:
                if not 1 <= len(str(c.get("name", ""))) <= 100 or len(str(c.get("value", ""))) > 100:
                    problems.append(f"invalid autocomplete choice {c!r}")
        elif kind not in (5, 6):
            problems.append(f"unknown callback type {kind}")
        if problems:
            return self._reject(problems)
        record.callbacks.append(body)
        record.echo_asked = _flag(request.query.get("with_response"))
        channel = int(record.payload["channel"]["id"])
        message = None
        if kind in (4, 5):
            loading = {"_loading": True} if kind == 5 else {}
            message = self._message(data if kind == 4 else {"flags": data.get("flags")}, channel, **loading)
            message.update(interaction_id=str(record.id), webhook_id=str(APP_ID), application_id=str(APP_ID))
            message["interaction_metadata"] = _interaction_metadata(record)
            record.original = message
        elif kind == 7:
            message = self._update(pressed, data)
            record.original = message
        await self._touch()
        if not record.echo_asked:
            return web.Response(status=204)  # Discord returns the message only when asked to
        answer: dict[str, Any] = {
            "interaction": {
                "id": str(record.id),
                "type": record.type,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(int((message or data).get("flags") or 0) & EPHEMERAL),
            }
        }
        if message is not None:
            answer["resource"] = {"type": kind, "message": {k: v for k, v in message.items() if k[0] != "_"}}
        return json_response(answer)

    async def _followup(self, request: web.Request) -> web.Response:
        record = self._find(request.match_info["token"])
        if record is None or request.match_info["app"] != str(APP_ID):
            return json_response({"message": "Unknown Webhook", "code": 10015}, 404)
        if not record.callbacks:
            return json_response({"message": "Unknown Webhook", "code": 10015}, 404)
        fault = self._fault("followup")
        if fault is not None:
            return fault
        body = orjson.loads(await request.read())
        problems = message_problems(body) if self.validate else []
        if problems:
            return self._reject(problems)
        message = self._message(body, int(record.payload["channel"]["id"]), webhook_id=str(APP_ID))
        message["interaction_metadata"] = _interaction_metadata(record)
        record.followups.append(message)
        await self._touch()
        return json_response({k: v for k, v in message.items() if k[0] != "_"})

    async def _edit_original(self, request: web.Request) -> web.Response:
        record = self._find(request.match_info["token"])
        updating = record is not None and bool(record.callbacks) and record.callbacks[0]["type"] in (6, 7)
        if updating:  # after a (deferred) update, "@original" is the message whose component was used
            assert record is not None
            record.original = self.messages.get(record.payload["message"]["id"])
        if record is None or record.original is None:
            return json_response({"message": "Unknown Message", "code": 10008}, 404)
        body = orjson.loads(await request.read())
        problems = message_problems(body, edit=True)
        if problems:
            return self._reject(problems)
        original = self._update(record.original, body)
        await self._touch()
        return json_response({k: v for k, v in original.items() if k[0] != "_"})

    async def _get_original(self, request: web.Request) -> web.Response:
        record = self._find(request.match_info["token"])
        if record is None or record.original is None:
            return json_response({"message": "Unknown Message", "code": 10008}, 404)
        return json_response({k: v for k, v in record.original.items() if k[0] != "_"})

    async def _channel_message(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        fault = self._fault("channel_message")
        if fault is not None:
            return fault
        body = orjson.loads(await request.read())
        problems = message_problems(body)
        if problems:
            return self._reject(problems)
        message = self._message(body, int(request.match_info["channel"]))
        if body.get("message_reference"):
            message["type"] = 19
            message["message_reference"] = body["message_reference"]
            referenced = self.user_messages.get(str(body["message_reference"].get("message_id")))
            message["referenced_message"] = referenced
        self.channel_messages.append(message)
        await self._touch()
        return json_response(message)

    async def _dm_channel(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        body = orjson.loads(await request.read())
        recipient = str(body.get("recipient_id"))
        return json_response(
            {"id": str(int(recipient) + 1), "type": 1, "recipients": [user(int(recipient), "someone")]}
        )

    # Gateway -----------------------------------------------------------------------------------

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
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/resume-gateway",
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
        payload["message"] = {k: v for k, v in message.items() if k[0] != "_" and k != "allowed_mentions"}
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
