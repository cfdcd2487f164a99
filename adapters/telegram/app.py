"""The update handlers: they translate updates for the core, send its replies (with their pictures
as photos, :mod:`.photos`), and hold the one error hook.  :mod:`.application` builds the PTB
Application around them."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from telegram import (
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    ContextTypes,
)

from adapters.apology import report
from adapters.pictures import Pictures
from adapters.telegram import incoming, inline, links
from adapters.telegram.incoming import PLATFORM
from adapters.telegram.owners import Owners
from adapters.telegram.photos import Photo, Photos
from adapters.telegram.render import Rendered, render
from bot.core import Core
from bot.phrases import Phrases
from bot.replies import Reply
from bot.request import Request

log = logging.getLogger("careerbot.telegram")

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Context = ContextTypes.DEFAULT_TYPE


class Handlers:
    """The update handlers; they hold the core, who recent group messages were sent for and the
    pictures (``None``: replies go as text only, see :mod:`.photos`)."""

    def __init__(self, core: Core, pictures: Pictures | None = None) -> None:
        self.core = core
        self.owners = Owners(core.state.store if core.state is not None else None)
        self.photos = Photos(pictures)

    def render(self, reply: Reply, username: str | None) -> Rendered:
        """Render with a share link when the reply has one (see :mod:`.links`), labelled in the
        reply's language."""
        return render(reply, links.share_url(username, reply), self._phrases(reply))

    def _phrases(self, reply: Reply) -> Phrases:
        return self.core.catalog.for_language(reply.language).phrases

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
        photo = await self.photos.prepare(reply, links.share_url(bot.username, reply), self._phrases(reply))
        await self.send(context, message.chat_id, self.render(reply, bot.username), message, quote, photo)

    async def on_callback(self, update: Update, context: Context) -> None:
        """A button press: answer the query, then show the reply in place of the pressed message.

        A reply from saved state for someone the message was not made for (a
        press on another person's quiz in a group) goes out as a new message
        instead (see :mod:`.owners`).  A reply with a picture changes the photo in
        place (editMessageMedia; see :meth:`_press_with_photo`), a reply without one
        after a press on a photo goes out as a new message (a photo cannot become
        text).  Presses on inline messages get text only.
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
        photo = await self.photos.prepare(
            reply, links.share_url(context.bot.username, reply), self._phrases(reply)
        )
        if not isinstance(message, Message):  # too old to touch: answer with a new message
            if message is not None:
                await self.send(context, message.chat.id, rendered, None, None, photo)
            return
        if reply.personal and not await self.owners.made_for(message, presser):
            sent = await self.send(context, message.chat_id, rendered, message, None, photo)
            await self.owners.remember(sent, presser)
            return
        if (photo is not None or message.photo) and await self._press_with_photo(
            context, message, rendered, photo, presser
        ):
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

    async def _press_with_photo(
        self, context: Context, message: Message, rendered: Rendered, photo: Photo | None, presser: int
    ) -> bool:
        """A press whose reply has a photo, or a press on a photo; ``False`` when what is left is
        to edit the pressed text message in place, as for any press.

        On a photo: the new photo (or the text as a new message: a photo cannot become text).
        On a text message: with the photo this process sent above it, that photo's media is
        changed too; else a reply that fits a caption turns the message into the photo.
        """
        bot, chat_id = context.bot, message.chat_id
        if message.photo:
            if photo is not None and await self.photos.edit(
                bot, chat_id, message.message_id, photo, alone=False
            ):
                if photo.rendered.rest is not None:
                    more = await self.send(context, chat_id, photo.rendered.rest, message, None)
                    self.photos.pair(more[-1], message)
                    await self.owners.remember(more, presser)
                return True
            await self.owners.remember(
                await self.send(context, chat_id, rendered, message, None, photo), presser
            )
            return True
        if photo is None:
            return False
        companion = self.photos.companion(message)
        if companion is not None:
            await self.photos.edit(bot, chat_id, companion, photo, alone=True)
            return False
        return photo.rendered.rest is None and await self.photos.edit(
            bot, chat_id, message.message_id, photo, alone=False
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
        photo: Photo | None = None,
    ) -> list[Message]:
        """Send a rendered reply: its messages in order, the keyboard on the last; return them.

        With a ``photo`` the photo goes first, with the whole reply as its caption when that
        fits (then nothing else is sent) or with the alt text, followed by the text messages;
        if Telegram refuses the photo, the text goes alone.
        """
        thread = source.message_thread_id if source is not None and source.is_topic_message else None
        sent = []
        if photo is not None:
            first = await self.photos.send(
                context.bot,
                chat_id,
                photo,
                thread=thread,
                reply_parameters=ReplyParameters(quote, allow_sending_without_reply=True) if quote else None,
            )
            if first is not None:
                if photo.rendered.rest is None:
                    return [first]
                sent.append(first)
                rendered, quote = photo.rendered.rest, None
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
        if photo is not None and len(sent) > 1 and sent[0].photo:
            self.photos.pair(sent[-1], sent[0])
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
