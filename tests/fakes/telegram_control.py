"""The fake Telegram driven over HTTP: ``/_test/`` endpoints and the standalone server.

A bot in another process (the benchmark, the Docker smoke test) cannot be driven
by calling :meth:`FakeTelegram.message` in-process, so :class:`ControlMixin` gives
:class:`tests.fakes.telegram_api.FakeTelegram` these test endpoints, next to the
Bot API, and :func:`serve` runs it as ``python -m tests.fakes.telegram_api``
(JSON in, JSON out):

* ``POST /_test/updates``: inject one update or a JSON list of them and get
  ``{"ok": true, "result": [{"update_id": N, "time": T}, ...]}``.  Forms:
  ``{"text": "/start", "chat_id": 42, "chat_type": "private"|"group"|"supergroup",
  "user_id": 42, "reply_to_message_id": 7}``; ``{"callback_data": "...",
  "chat_id": 42, "message_id": 3}``; ``{"inline_query": "nlp", "user_id": 42}``;
  ``{"update": {...raw Update without update_id...}}``.
* ``GET /_test/sent[?chat_id=42]``: messages the bot sent or edited, in order:
  ``{"method", "chat_id", "message_id", "text" (plain), "html", "parse_mode",
  "reply_markup", "time"}``.
* ``GET /_test/calls``: every Bot API call (``method``, ``status``, ``time``).
* ``GET /_test/state``: registered commands (the default list, and every list by language), webhook,
  answered queries.
* ``GET /_test/stats``: counts only (``sent``, ``calls``, ``pending_updates``), cheap to poll.
* ``POST /_test/fail``: ``{"method": "sendMessage", "status": 429, "description":
  "...", "retry_after": 1, "times": 1}`` makes the next calls fail.
* ``POST /_test/latency``: ``{"seconds": 0.05}`` delays every Bot API call.
* ``POST /_test/reset``: forget updates, messages, calls, faults and the webhook.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from aiohttp import web

from tests.fakes.serving import until_signalled
from tests.fakes.telegram_methods import Methods

if TYPE_CHECKING:
    from tests.fakes.telegram_api import FakeTelegram, Fault


class ControlMixin(Methods):
    """The ``/_test/`` endpoints of :class:`tests.fakes.telegram_api.FakeTelegram`."""

    # Set by FakeTelegram.__init__.
    latency: float
    calls: list[dict[str, Any]]
    faults: list[Fault]

    def _control_routes(self, app: web.Application) -> None:
        app.router.add_post("/_test/updates", self._t_updates)
        app.router.add_get("/_test/sent", self._t_sent)
        app.router.add_get("/_test/calls", self._t_calls)
        app.router.add_get("/_test/state", self._t_state)
        app.router.add_get("/_test/stats", self._t_stats)
        app.router.add_post("/_test/fail", self._t_fail)
        app.router.add_post("/_test/latency", self._t_latency)
        app.router.add_post("/_test/reset", self._t_reset)

    async def _t_updates(self, request: web.Request) -> web.Response:
        body = await request.json()
        made = [self._inject(item) for item in (body if isinstance(body, list) else [body])]
        times = {u["update_id"]: t for u, t in self.updates}
        result = [{"update_id": u["update_id"], "time": times.get(u["update_id"])} for u in made]
        return web.json_response({"ok": True, "result": result})

    def _inject(self, item: dict[str, Any]) -> dict[str, Any]:
        fake = cast("FakeTelegram", self)
        if "update" in item:
            return fake.push(item["update"])
        if "callback_data" in item:
            return fake.press(int(item["chat_id"]), int(item["message_id"]), item["callback_data"])
        if "inline_query" in item:
            return fake.inline_query(str(item["inline_query"]), int(item.get("user_id", 1001)))
        return fake.message(
            str(item["text"]),
            int(item.get("chat_id", 1001)),
            chat_type=str(item.get("chat_type", "private")),
            user_id=item.get("user_id"),
            reply_to_message_id=item.get("reply_to_message_id"),
        )

    async def _t_sent(self, request: web.Request) -> web.Response:
        chat_id = request.query.get("chat_id")
        sent = [s for s in self.sent if chat_id is None or str(s["chat_id"]) == chat_id]
        return web.json_response({"ok": True, "result": sent})

    async def _t_calls(self, request: web.Request) -> web.Response:
        calls = [{k: v for k, v in c.items() if k != "params"} for c in self.calls]
        return web.json_response({"ok": True, "result": calls})

    async def _t_state(self, request: web.Request) -> web.Response:
        state = {
            "commands": self.commands,
            "menus": self.menus,
            "webhook": self.webhook,
            "inline_answers": self.inline_answers,
        }
        return web.json_response({"ok": True, "result": state})

    async def _t_stats(self, request: web.Request) -> web.Response:
        stats = {"sent": len(self.sent), "calls": len(self.calls), "pending_updates": len(self.updates)}
        return web.json_response({"ok": True, "result": stats})

    async def _t_fail(self, request: web.Request) -> web.Response:
        body = await request.json()
        cast("FakeTelegram", self).fail(
            body["method"],
            int(body["status"]),
            str(body.get("description", "Internal Server Error")),
            retry_after=body.get("retry_after"),
            times=int(body.get("times", 1)),
        )
        return web.json_response({"ok": True, "result": True})

    async def _t_latency(self, request: web.Request) -> web.Response:
        self.latency = float((await request.json())["seconds"])
        return web.json_response({"ok": True, "result": True})

    async def _t_reset(self, request: web.Request) -> web.Response:
        self.reset()
        self.calls.clear()
        self.faults.clear()
        self._webhook_changed()
        return web.json_response({"ok": True, "result": True})


async def _serve(
    factory: Callable[..., FakeTelegram], host: str, port: int, token: str | None, latency: float
) -> None:
    fake = factory(token, latency=latency)
    url = await fake.start(host, port)
    await until_signalled(fake, f"fake-telegram ready on {url}")


def serve(factory: Callable[..., FakeTelegram], argv: list[str] | None = None) -> None:
    """Parse the command line and serve ``factory(token, latency=...)`` until SIGINT/SIGTERM."""
    parser = argparse.ArgumentParser(description="Fake Telegram Bot API server for tests")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=None, help="accept only this token (default: any well-formed one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every Bot API call")
    args = parser.parse_args(argv)
    asyncio.run(_serve(factory, args.host, args.port, args.token, args.latency))
