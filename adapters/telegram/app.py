"""The PTB Application: handlers that translate updates for the core, and the one error hook."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any, TypeAlias

from telegram import (
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from adapters.apology import report
from adapters.telegram import incoming, inline, links
from adapters.telegram.incoming import PLATFORM
from adapters.telegram.ledger import PollingRequest, RecordingBot
from adapters.telegram.owners import Owners
from adapters.telegram.processor import ChatOrderedProcessor
from adapters.telegram.render import Rendered, render
from bot.core import Core
from bot.replies import Reply
from bot.request import Request

log = logging.getLogger("careerbot.telegram")

OFFICIAL_ROOT = "https://api.telegram.org"
RATE_LIMIT_RETRIES = 5
"""A 429 is retried this many times, each after Telegram's retry_after."""
GROUP_MESSAGES_PER_MINUTE = 20
"""Telegram's per-group limit, applied before sending rather than learnt from 429s."""
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Context = ContextTypes.DEFAULT_TYPE
Data: TypeAlias = dict[Any, Any]
TelegramApp: TypeAlias = Application[RecordingBot, Context, Data, Data, Data, None]
"""The PTB Application :func:`build_application` builds: a bot with AIORateLimiter (whose per-call
argument is an int), the default context and data types, and no job queue."""


class Handlers:
    """The update handlers; they hold the core and who recent group messages were sent for."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.owners = Owners(core.state.store if core.state is not None else None)

    def render(self, reply: Reply, username: str | None) -> Rendered:
        """Render with a share link when the reply has one (see :mod:`.links`), labelled in the
        reply's language."""
        phrases = self.core.catalog.for_language(reply.language).phrases
        return render(reply, links.share_url(username, reply), phrases)

    async def on_message(self, update: Update, context: Context) -> None:
        """A text message: answer it when it is for the bot (see :mod:`.incoming`)."""
        message = update.message
        if message is None or update.effective_user is None:
            return
        bot = context.bot
        request = incoming.request_of(message, update.effective_user, self.core.table, bot.username, bot.id)
        if request is None:
            return
        reply = await self.core.respond(request)
        quote = message.message_id if message.chat.type != message.chat.PRIVATE else None
        await self.send(context, message.chat_id, self.render(reply, bot.username), message, quote)

    async def on_callback(self, update: Update, context: Context) -> None:
        """A button press: answer the query, then show the reply in place of the pressed message.

        A reply from saved state for someone the message was not made for (a
        press on another person's quiz in a group) goes out as a new message
        instead (see :mod:`.owners`).
        """
        query = update.callback_query
        if query is None:
            return
        try:
            await query.answer()
        except BadRequest as exc:  # an old query: Telegram no longer accepts an answer
            log.debug("callback query not answered: %s", exc)
        presser = query.from_user.id
        message = query.message
        request = Request.from_button(
            query.data or "",
            platform=PLATFORM,
            user_id=str(presser),
            conversation=str(message.chat.id) if message is not None else f"inline:{presser}",
            language=query.from_user.language_code or "",
        )
        reply = await self.core.respond(request)
        rendered = self.render(reply, context.bot.username)
        first, rest = rendered.messages[0], rendered.messages[1:]
        markup = rendered.markup if not rest else None
        if query.inline_message_id is not None:
            await self._edit(query.edit_message_text(first, parse_mode=ParseMode.HTML, reply_markup=markup))
            return
        if not isinstance(message, Message):  # too old to touch: answer with a new message
            if message is not None:
                await self.send(context, message.chat.id, rendered, None, None)
            return
        if reply.personal and not await self.owners.made_for(message, presser):
            sent = await self.send(context, message.chat_id, rendered, message, None)
            await self.owners.remember(sent, presser)
            return
        edited = await self._edit(
            message.edit_text(
                first, parse_mode=ParseMode.HTML, reply_markup=markup, link_preview_options=NO_PREVIEW
            )
        )
        if not edited:
            await self.owners.remember(
                await self.send(context, message.chat_id, rendered, message, None), presser
            )
        elif rest:
            more = Rendered(rest, rendered.markup)
            await self.owners.remember(
                await self.send(context, message.chat_id, more, message, None), presser
            )

    @staticmethod
    async def _edit(edit: Awaitable[object]) -> bool:
        """Await an edit; ``False`` when the message can no longer be edited."""
        try:
            await edit
        except BadRequest as exc:
            if "not modified" in str(exc).casefold():
                return True
            log.info("could not edit a message (%s); sending a new one", exc)
            return False
        return True

    async def send(
        self,
        context: Context,
        chat_id: int,
        rendered: Rendered,
        source: Message | None,
        quote: int | None,
    ) -> list[Message]:
        """Send a rendered reply: its messages in order, the keyboard on the last; return them."""
        thread = source.message_thread_id if source is not None and source.is_topic_message else None
        sent = []
        for i, text in enumerate(rendered.messages):
            last = i == len(rendered.messages) - 1
            message = await context.bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=rendered.markup if last else None,
                link_preview_options=NO_PREVIEW,
                message_thread_id=thread,
                reply_parameters=(
                    ReplyParameters(quote, allow_sending_without_reply=True) if quote and i == 0 else None
                ),
            )
            sent.append(message)
        return sent

    async def on_inline(self, update: Update, context: Context) -> None:
        """Inline mode: matching careers, skills and examples as article results, in the asker's
        language (hence personal: not cached by Telegram for other users)."""
        query = update.inline_query
        if query is None:
            return
        user = query.from_user
        results = await inline.results(
            self.core, query.query, str(user.id), user.language_code or "", context.bot.username
        )
        await query.answer(results, cache_time=inline.CACHE_SECONDS, is_personal=True)

    async def on_error(self, update: object, context: Context) -> None:
        """The one error hook: the adapters' error path (:mod:`adapters.apology`) logs with a
        reference id and apologises to the chat; the bot keeps serving."""
        error = context.error
        if not isinstance(update, Update):
            # Polling errors: PTB retries them with backoff; one line is enough.
            log.warning("Telegram API error (retrying): %s: %s", type(error).__name__, error)
            return
        chat, source = update.effective_chat, update.effective_message

        async def apologise(reply: Reply) -> None:
            if chat is not None:  # an inline query or a press on an inline message: no chat to write to
                await self.send(context, chat.id, self.render(reply, None), source, None)

        what = f"telegram update {update.update_id}"
        user = update.effective_user
        catalog = self.core.catalog.for_language(user.language_code if user is not None else None)
        await report(
            error or RuntimeError("unknown error"), what, PLATFORM, apologise, TelegramError, catalog
        )


def build_application(
    core: Core,
    token: str,
    *,
    base_url: str | None,
    concurrency: int,
    request: BaseRequest | None = None,
    get_updates_request: PollingRequest | None = None,
    updater: bool = True,
) -> TelegramApp:
    """The PTB Application with careerbot's handlers, rate limiter and update processor.

    Its bot is a :class:`~adapters.telegram.ledger.RecordingBot` (polling records what it
    fetches once a ledger is set); ``updater=False`` (webhook mode) builds no Updater.
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
    handlers = Handlers(core)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.UpdateType.EDITED, handlers.on_message))
    app.add_handler(CallbackQueryHandler(handlers.on_callback))
    app.add_handler(InlineQueryHandler(handlers.on_inline))
    app.add_error_handler(handlers.on_error)
    return app
