"""The fake Discord's REST API v10: commands, interaction callbacks, webhooks and channel messages.

Message bodies are JSON, or multipart/form-data with files (:mod:`tests.fakes.discord_files`).

Handlers answer like Discord (status, error code, JSON body) and record every
rejection; :meth:`RestMixin.fail_next` injects a rate limit or server error.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from aiohttp import web

from tests.fakes.discord_checks import command_problems, message_problems
from tests.fakes.discord_files import TooLarge, read_body, too_large
from tests.fakes.discord_records import Interaction, _interaction_metadata
from tests.fakes.discord_state import DiscordState
from tests.fakes.discord_wire import (
    APP_ID,
    BOT_USER,
    EPHEMERAL,
    _flag,
    _now,
    json_response,
    message_resource,
    public,
    snowflake,
    user,
)


class RestMixin(DiscordState):
    """The REST half of :class:`tests.fakes.discord_api.FakeDiscord` (routes are added in ``start``)."""

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
        try:
            body, files = await read_body(request)
        except TooLarge:
            return too_large()
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
        if files and kind not in (4, 7):
            return self._reject([f"callback type {kind} cannot carry files"])
        record.callbacks.append(body)
        record.echo_asked = _flag(request.query.get("with_response"))
        channel = int(record.payload["channel"]["id"])
        message = None
        if kind in (4, 5):
            loading = {"_loading": True} if kind == 5 else {}
            message = self._message(data if kind == 4 else {"flags": data.get("flags")}, channel, **loading)
            problems = self.uploads.attach(message, data, files, edit=False) if kind == 4 else []
            message.update(interaction_id=str(record.id), webhook_id=str(APP_ID), application_id=str(APP_ID))
            message["interaction_metadata"] = _interaction_metadata(record)
            record.original = message
        elif kind == 7:
            message = self._update(pressed, data)
            problems = self.uploads.attach(message, data, files, edit=True)
            record.original = message
        if problems:
            return self._reject(problems)
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
            answer["resource"] = {"type": kind, "message": public(message)}
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
        try:
            body, files = await read_body(request)
        except TooLarge:
            return too_large()
        problems = message_problems(body) if self.validate else []
        if problems:
            return self._reject(problems)
        message = self._message(body, int(record.payload["channel"]["id"]), webhook_id=str(APP_ID))
        problems = self.uploads.attach(message, body, files, edit=False)
        if problems:
            return self._reject(problems)
        message["interaction_metadata"] = _interaction_metadata(record)
        record.followups.append(message)
        await self._touch()
        return json_response(public(message))

    async def _edit_original(self, request: web.Request) -> web.Response:
        record = self._find(request.match_info["token"])
        updating = record is not None and bool(record.callbacks) and record.callbacks[0]["type"] in (6, 7)
        if updating:  # after a (deferred) update, "@original" is the message whose component was used
            assert record is not None
            record.original = self.messages.get(record.payload["message"]["id"])
        if record is None or record.original is None:
            return json_response({"message": "Unknown Message", "code": 10008}, 404)
        try:
            body, files = await read_body(request)
        except TooLarge:
            return too_large()
        problems = message_problems(body, edit=True)
        if problems:
            return self._reject(problems)
        original = self._update(record.original, body)
        problems = self.uploads.attach(original, body, files, edit=True)
        if problems:
            return self._reject(problems)
        await self._touch()
        return json_response(public(original))

    async def _get_original(self, request: web.Request) -> web.Response:
        record = self._find(request.match_info["token"])
        if record is None or record.original is None:
            return json_response({"message": "Unknown Message", "code": 10008}, 404)
        return json_response(public(record.original))

    async def _channel_message(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        fault = self._fault("channel_message")
        if fault is not None:
            return fault
        try:
            body, files = await read_body(request)
        except TooLarge:
            return too_large()
        problems = message_problems(body)
        if problems:
            return self._reject(problems)
        message = self._message(body, int(request.match_info["channel"]))
        problems = self.uploads.attach(message, body, files, edit=False)
        if problems:
            return self._reject(problems)
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
