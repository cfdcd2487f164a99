"""The webhook listener (aiohttp): an update is acknowledged with 200 only once it is recorded.

Telegram POSTs each update to the webhook URL (through your reverse proxy, to
``TELEGRAM_LISTEN:TELEGRAM_PORT`` and the URL's path) with the secret token in
``X-Telegram-Bot-Api-Secret-Token``; until it gets a 200 it delivers the update
again.  So the listener answers:

* 403 to a request without the right secret (compared in constant time);
* 400 to a body that is not an update;
* 503 when the store could not record the update (Telegram delivers it again);
* 200 once it is recorded and queued for answering, or when it is a duplicate
  another process (or this one) holds or already answered.

Without a store (no ledger) an update is queued and acknowledged at once, as
PTB's own webhook server does.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable

from aiohttp import web
from telegram import Update

from adapters.telegram.application import TelegramApp
from adapters.telegram.ledger import Ledger, recorded_kind
from bot.errors import StoreUnavailable

log = logging.getLogger("careerbot.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024
"""Bytes a webhook request may carry (an update is a few kilobytes at most)."""


class WebhookListener:
    """Serves ``POST path`` on ``listen:port`` for ``app``; ``ledger()`` is the ledger, if any."""

    def __init__(
        self,
        app: TelegramApp,
        secret: str,
        path: str,
        ledger: Callable[[], Ledger | None],
    ) -> None:
        self.app = app
        self.secret = secret.encode()
        self.path = "/" + path.lstrip("/")
        self.ledger = ledger
        self._runner: web.AppRunner | None = None

    async def start(self, listen: str, port: int) -> None:
        """Listen (raises :class:`OSError` when the port cannot be bound)."""
        web_app = web.Application(client_max_size=MAX_BODY)
        web_app.router.add_post(self.path, self._post)
        runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=1.0, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, listen, port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner

    async def stop(self) -> None:
        """Stop listening; requests being answered get a moment to finish."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _post(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return web.Response(status=403)
        try:
            raw = json.loads(await request.read())
            if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
                raise ValueError("no update_id")
            update = Update.de_json(raw, self.app.bot)
        except Exception as exc:  # not JSON, or not an update: Telegram never sends such a thing
            log.warning("telegram: webhook request is not an update (%s)", type(exc).__name__)
            return web.Response(status=400)
        ledger = self.ledger()
        if ledger is not None and recorded_kind(raw):
            try:
                held = await ledger.record([raw])
            except StoreUnavailable as exc:
                log.warning("telegram: could not record an update; Telegram will deliver it again: %s", exc)
                return web.Response(status=503)
            if update.update_id not in held:
                return web.Response()
        await self.app.update_queue.put(update)
        return web.Response()
