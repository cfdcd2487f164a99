"""A fake Telegram Bot API server (aiohttp) that speaks the real wire format.

The bot calls ``{root}/bot<token>/<method>`` with query, form-encoded, multipart or JSON parameters
(objects such as ``reply_markup`` JSON-encoded, as python-telegram-bot sends them) and gets ``{"ok":
true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": "..."}``. Like Telegram it
rejects: unknown or malformed tokens (401/404), HTML it cannot parse ("Bad Request: can't parse
entities: ..."), text over 4096 characters after entity parsing, empty text, callback_data over 64
bytes, bad button URLs, invalid command names (``^[a-z0-9_]{1,32}$``) or descriptions (1..256) in
setMyCommands (and a ``language_code`` that is not two letters), unknown chat ids, edits of unknown
messages, unmodified edits, answers to unknown or already answered queries, and getUpdates while a
webhook is set (409). While a webhook is set, queued updates are POSTed to it as Telegram does
(:mod:`~tests.fakes.telegram_webhook`: up to ``max_connections`` at once, one chat's updates in
order, the secret token header, resent until answered 2xx).
Supported methods: getMe, getUpdates, setWebhook, deleteWebhook,
getWebhookInfo, setMyCommands, getMyCommands, deleteMyCommands, sendMessage,
editMessageText, answerCallbackQuery, answerInlineQuery, sendChatAction,
close, logOut; sendPhoto, editMessageCaption and editMessageMedia with real image checks
(:mod:`~tests.fakes.telegram_photos`: uploads as multipart/form-data, file_id re-use, the caption's
1,024 characters, PNG decoding and Telegram's size and dimension limits).

In tests, use :class:`FakeTelegram` directly (``await fake.start()``, inject
with :meth:`FakeTelegram.message`, :meth:`~FakeTelegram.press`,
:meth:`~FakeTelegram.inline_query`, inspect ``fake.sent``).  Standalone::

    python -m tests.fakes.telegram_api --port 8081 [--host 127.0.0.1] [--token T] [--latency 0.05]

prints ``fake-telegram ready on http://HOST:PORT`` once listening (any
well-formed token is accepted unless ``--token`` is given).  The methods are in
:mod:`~tests.fakes.telegram_methods` and :mod:`~tests.fakes.telegram_messages`, the
``/_test/`` endpoints and the standalone server in :mod:`~tests.fakes.telegram_control`.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes import telegram_updates as tu
from tests.fakes.images import Upload
from tests.fakes.telegram_control import ControlMixin, serve
from tests.fakes.telegram_methods import ApiError
from tests.fakes.telegram_photos import PhotoMethods
from tests.fakes.telegram_webhook import WebhookDelivery

MAX_UPLOAD = 50 * 1024 * 1024
"""Telegram's limit on a multipart upload by a bot (larger requests get 413 Request Entity Too Large)."""
DEFAULT_TOKEN = "7000000001:AAFakeTokenForCareerbotTests_0123456789"
TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")


@dataclass
class Fault:
    """The next ``times`` calls of ``method`` fail with this answer."""

    method: str
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1


class FakeTelegram(PhotoMethods, ControlMixin):
    """The fake server's state and its aiohttp application."""

    def __init__(self, token: str | None = DEFAULT_TOKEN, *, latency: float = 0.0) -> None:
        super().__init__()
        self.token = token
        self.latency = latency
        self.delay: Callable[[str, dict[str, Any]], float] | None = None
        """Optional extra delay per call, e.g. to make one chat slow."""
        self.hold: Callable[[str, dict[str, Any]], asyncio.Event | None] | None = None
        """Optional gate per call: a call it gives an event for is answered once the event is set,
        e.g. to keep one chat's sends in flight until the test lets them through."""
        self.in_flight: dict[str, int] = {}
        self.peak_in_flight: dict[str, int] = {}
        """Calls of each method being answered at once, now and at most (while delayed)."""
        self.faults: list[Fault] = []
        self.calls: list[dict[str, Any]] = []
        self._ids = itertools.count(int(time.time() * 1000))
        """Update (and query) ids: like Telegram's, large and never reused by a later fake, so a bot whose
        store remembers the updates it answered (its crash-safe intake) meets no old id again."""
        self._runner: web.AppRunner | None = None
        self.delivery = WebhookDelivery(self)
        """Sends queued updates to the webhook while one is set (see :mod:`~tests.fakes.telegram_webhook`)."""
        self.base_url = ""

    # -- life cycle -------------------------------------------------------------------------

    def application(self) -> web.Application:
        """The aiohttp application serving the Bot API and the test endpoints."""
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._file)
        self._control_routes(app)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on ``host:port`` (0: any free port); return the root URL."""
        self._runner = web.AppRunner(
            self.application(), access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1] if self._runner.addresses else port
        self.base_url = f"http://{host}:{bound}"
        return self.base_url

    async def close(self) -> None:
        """Stop listening and delivering; pending long polls return at once."""
        self.closing = True
        self._notify()
        await self.delivery.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- injecting updates (Python API) ----------------------------------------------------

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        """Queue an update (``body`` without ``update_id``); return it."""
        update = {"update_id": next(self._ids), **body}
        self.updates.append((update, time.monotonic()))
        self._notify()
        return update

    def message(
        self,
        text: str,
        chat_id: int = 1001,
        *,
        chat_type: str = "private",
        user_id: int | None = None,
        reply_to_message_id: int | None = None,
        thread_id: int | None = None,
        language: str | None = None,
    ) -> dict[str, Any]:
        """A user writes ``text`` in a chat (created on first use), from an app in ``language``
        (``from.language_code``; none by default)."""
        uid = user_id if user_id is not None else (chat_id if chat_id > 0 else 1001)
        sender = tu.user(uid, language=language)
        chat_obj = self.chats.setdefault(chat_id, tu.chat(chat_id, chat_type))
        reply_to = self.messages.get((chat_id, reply_to_message_id)) if reply_to_message_id else None
        msg_id = self._next_message_id(chat_id)
        msg = tu.message(msg_id, chat_obj, sender, text, reply_to=reply_to, thread_id=thread_id)
        self.messages[(chat_id, msg["message_id"])] = msg
        return self.push({"message": msg})

    def press(
        self,
        chat_id: int,
        message_id: int,
        data: str | None = None,
        *,
        label: str | None = None,
        user_id: int | None = None,
        language: str | None = None,
    ) -> dict[str, Any]:
        """A user presses a button of a bot message: by ``label`` (its real data) or with raw ``data``.

        The presser is ``user_id``, else the private chat's user (1001 in groups), whose app is in
        ``language`` (``from.language_code``; none by default).
        """
        msg = self.messages.get((chat_id, message_id))
        if msg is None:
            raise KeyError(f"no message {message_id} in chat {chat_id}")
        if label is not None:
            rows = msg.get("reply_markup", {}).get("inline_keyboard", [])
            data = next(b["callback_data"] for row in rows for b in row if b["text"] == label)
        query_id = str(next(self._ids) * 7919)
        self.callback_queries[query_id] = False
        sender = tu.user(
            user_id if user_id is not None else (chat_id if chat_id > 0 else 1001), language=language
        )
        query = {"id": query_id, "from": sender, "message": msg, "chat_instance": str(chat_id), "data": data}
        return self.push({"callback_query": query})

    def inline_query(self, query: str, user_id: int = 1001, *, language: str | None = None) -> dict[str, Any]:
        """A user types ``@bot query`` in some chat, from an app in ``language``."""
        query_id = str(next(self._ids) * 104729)
        self.inline_queries[query_id] = None
        body = {"id": query_id, "from": tu.user(user_id, language=language), "query": query, "offset": ""}
        return self.push({"inline_query": body})

    def fail(
        self, method: str, status: int, description: str, *, retry_after: int | None = None, times: int = 1
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail."""
        self.faults.append(Fault(method, status, description, retry_after, times))

    # -- inspecting -------------------------------------------------------------------------

    def texts(self, chat_id: int | None = None) -> list[str]:
        """Plain texts the bot sent (or edited to), optionally in one chat."""
        return [s["text"] for s in self.sent if chat_id is None or s["chat_id"] == chat_id]

    async def wait_for(self, predicate: Callable[[], bool], within: float = 5.0) -> None:
        """Wait until ``predicate()`` holds (checked after every change); fail after ``within`` s."""
        async with asyncio.timeout(within):
            await self.changed(predicate)

    async def wait_sent(self, count: int, within: float = 5.0) -> list[dict[str, Any]]:
        """Wait until the bot has sent or edited at least ``count`` messages; return them all."""
        await self.wait_for(lambda: len(self.sent) >= count, within)
        return self.sent

    # -- HTTP ------------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if not TOKEN_SHAPE.match(token):
            return _error(404, "Not Found")
        if self.token is not None and token != self.token:
            return _error(401, "Unauthorized")
        record: dict[str, Any] = {"method": method, "time": time.monotonic()}
        self.calls.append(record)
        self._notify()
        try:
            params = await _params(request)
            record["params"] = params
            delay = self.latency + (self.delay(method, params) if self.delay else 0.0)
            self.in_flight[method] = self.in_flight.get(method, 0) + 1
            self.peak_in_flight[method] = max(self.peak_in_flight.get(method, 0), self.in_flight[method])
            try:
                if delay > 0:
                    await asyncio.sleep(delay)
                gate = self.hold(method, params) if self.hold else None
                if gate is not None:
                    await gate.wait()
            finally:
                self.in_flight[method] -= 1
            fault = self._fault(method)
            if fault is not None:
                raise ApiError(fault.status, fault.description, fault.retry_after)
            handler = getattr(self, f"m_{method.casefold()}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params)
        except ApiError as exc:
            record["status"] = exc.status
            self._notify()
            return _error(exc.status, exc.description, exc.retry_after)
        record["status"] = 200
        self._notify()
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.Response:
        return _error(404, "Not Found")

    def _fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.method.casefold() == method.casefold() and fault.times > 0:
                fault.times -= 1
                return fault
        return None

    def _webhook_changed(self) -> None:
        self.delivery.changed()


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)


async def _params(request: web.Request) -> dict[str, Any]:
    """The call's parameters from the query string and the body, whatever its encoding."""
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: JSON object expected")
            params.update(body)
        elif request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, str):
                    params[key] = value
                else:  # an uploaded file part (aiohttp's FileField)
                    params[key] = Upload(value.filename, value.content_type, value.file.read())
        else:
            await request.read()
    return params


def main(argv: list[str] | None = None) -> None:
    """Run the fake server until SIGINT/SIGTERM (see :mod:`tests.fakes.telegram_control`)."""
    serve(FakeTelegram, argv)


if __name__ == "__main__":
    main()
