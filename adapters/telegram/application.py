"""The PTB Application: careerbot's handlers (:mod:`.app`), rate limiter and update processor."""

from __future__ import annotations

from typing import Any, TypeAlias

from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from adapters.pictures import Pictures
from adapters.telegram.app import Context, Handlers
from adapters.telegram.ledger import PollingRequest, RecordingBot
from adapters.telegram.processor import ChatOrderedProcessor
from bot.core import Core

OFFICIAL_ROOT = "https://api.telegram.org"
RATE_LIMIT_RETRIES = 5
"""A 429 is retried this many times, each after Telegram's retry_after."""
GROUP_MESSAGES_PER_MINUTE = 20
"""Telegram's per-group limit, applied before sending rather than learnt from 429s."""

Data: TypeAlias = dict[Any, Any]
TelegramApp: TypeAlias = Application[RecordingBot, Context, Data, Data, Data, None]
"""The PTB Application :func:`build_application` builds: a bot with AIORateLimiter (whose per-call
argument is an int), the default context and data types, and no job queue."""


def build_application(
    core: Core,
    token: str,
    *,
    base_url: str | None,
    concurrency: int,
    request: BaseRequest | None = None,
    get_updates_request: PollingRequest | None = None,
    updater: bool = True,
    pictures: Pictures | None = None,
) -> TelegramApp:
    """The PTB Application with careerbot's handlers, rate limiter and update processor.

    Its bot is a :class:`~adapters.telegram.ledger.RecordingBot` (polling records what it
    fetches once a ledger is set); ``updater=False`` (webhook mode) builds no Updater.
    ``pictures`` draws the replies' pictures (``None``: text only).
    """
    root = (base_url or OFFICIAL_ROOT).rstrip("/")
    bot = RecordingBot(
        token,
        base_url=f"{root}/bot",
        base_file_url=f"{root}/file/bot",
        request=request,
        get_updates_request=get_updates_request,
        rate_limiter=AIORateLimiter(
            overall_max_rate=0,
            group_max_rate=GROUP_MESSAGES_PER_MINUTE,
            max_retries=RATE_LIMIT_RETRIES,
        ),
        fetched_by=get_updates_request,
    )
    builder = (
        ApplicationBuilder().bot(bot).concurrent_updates(ChatOrderedProcessor(concurrency)).job_queue(None)
    )
    if not updater:
        builder = builder.updater(None)
    app: TelegramApp = builder.build()
    handlers = Handlers(core, pictures)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.UpdateType.EDITED, handlers.on_message))
    app.add_handler(CallbackQueryHandler(handlers.on_callback))
    app.add_handler(InlineQueryHandler(handlers.on_inline))
    app.add_error_handler(handlers.on_error)
    return app
