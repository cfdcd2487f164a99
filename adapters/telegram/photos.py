"""Pictures as Telegram photos: sent with ``sendPhoto``, changed in place with ``editMessageMedia``.

A reply's picture is drawn by :class:`adapters.pictures.Pictures` (off the event loop,
cached); here it is uploaded once, and Telegram's ``file_id`` for it is remembered (a
bounded LRU per picture) so the next reply with the same picture re-sends that
``file_id`` instead of the bytes, as Telegram recommends.  A ``file_id`` Telegram no
longer takes is forgotten and the PNG uploaded again.  When Telegram refuses the photo
altogether (or the picture could not be drawn), the caller sends the text answer alone.

A reply too long for a caption goes as a photo and then the text with the buttons;
the photo is remembered as that text message's *companion* (in memory, bounded), so a
press on the text can change both in place: the companion's media, and the text.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

from telegram import Bot, InputMediaPhoto, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest

from adapters.pictures import Pictures
from adapters.telegram.render import PhotoRendered, alt_caption, render_photo
from bot.phrases import EN, Phrases
from bot.pictures import Picture, file_name
from bot.replies import Reply

log = logging.getLogger("careerbot.telegram")

FILE_IDS = 256
"""Pictures whose Telegram file_id is remembered."""
COMPANIONS = 4096
"""Text messages whose photo above them is remembered."""


@dataclass(frozen=True, slots=True)
class Photo:
    """A reply's picture ready to send: its PNG (``None`` when a file_id is known) and its captions."""

    picture: Picture
    png: bytes | None
    rendered: PhotoRendered


class Photos:
    """Sends and edits pictures as photos (``pictures`` ``None``: no photos at all, text only)."""

    def __init__(self, pictures: Pictures | None, *, size: int = FILE_IDS) -> None:
        self.pictures = pictures
        self.size = size
        self._file_ids: OrderedDict[Picture, str] = OrderedDict()
        self._companions: OrderedDict[tuple[int, int], int] = OrderedDict()

    def pair(self, text: Message, photo: Message) -> None:
        """Remember that ``photo`` shows the picture of the reply whose text (and buttons) is ``text``."""
        self._companions[(text.chat_id, text.message_id)] = photo.message_id
        while len(self._companions) > COMPANIONS:
            self._companions.popitem(last=False)

    def companion(self, text: Message) -> int | None:
        """The id of the photo sent above ``text`` for the same reply, if this process sent both."""
        return self._companions.get((text.chat_id, text.message_id))

    def file_id(self, picture: Picture) -> str | None:
        """The file_id Telegram gave ``picture``'s photo, if it was sent before."""
        found = self._file_ids.get(picture)
        if found is not None:
            self._file_ids.move_to_end(picture)
        return found

    def _remember(self, picture: Picture, message: Message | bool) -> None:
        if isinstance(message, Message) and message.photo:
            self._file_ids[picture] = message.photo[-1].file_id
            self._file_ids.move_to_end(picture)
            while len(self._file_ids) > self.size:
                self._file_ids.popitem(last=False)

    async def prepare(self, reply: Reply, share_url: str | None, phrases: Phrases = EN) -> Photo | None:
        """The photo of ``reply``: ``None`` without a picture or when it could not be drawn (then
        :class:`~adapters.pictures.Pictures` logged why and the text goes alone); ``phrases`` are
        those of the reply's language (the share button's label)."""
        picture = reply.picture
        if picture is None or self.pictures is None:
            return None
        png = None
        if self.file_id(picture) is None:
            png = await self.pictures.png(picture)
            if png is None:
                return None
        return Photo(picture, png, render_photo(reply, picture.alt, share_url, phrases))

    async def _media(self, photo: Photo, refused: str | bytes | None) -> str | bytes | None:
        """What to send as the photo: the remembered file_id first, the PNG itself after Telegram
        refused the file_id (``refused``), nothing more after it refused the PNG."""
        if isinstance(refused, bytes):
            return None
        known = self.file_id(photo.picture)
        if known is not None and refused is None:
            return known
        self._file_ids.pop(photo.picture, None)  # refused: upload again
        if photo.png is not None:
            return photo.png
        return await self.pictures.png(photo.picture) if self.pictures is not None else None

    async def send(
        self,
        bot: Bot,
        chat_id: int,
        photo: Photo,
        *,
        thread: int | None,
        reply_parameters: ReplyParameters | None,
    ) -> Message | None:
        """Send ``photo`` with its caption (and keyboard when the caption holds the whole reply);
        ``None`` when Telegram refused it."""
        media = await self._media(photo, None)
        while media is not None:
            try:
                message = await bot.send_photo(
                    chat_id,
                    media,
                    caption=photo.rendered.caption,
                    parse_mode=ParseMode.HTML,
                    reply_markup=photo.rendered.markup,
                    message_thread_id=thread,
                    reply_parameters=reply_parameters,
                    filename=file_name(photo.picture),
                )
            except BadRequest as exc:
                log.warning("telegram refused a photo: %s", exc)
                media = await self._media(photo, media)
                continue
            self._remember(photo.picture, message)
            return message
        return None

    async def edit(self, bot: Bot, chat_id: int, message_id: int, photo: Photo, *, alone: bool) -> bool:
        """Show ``photo`` in place of the message ``message_id`` (a photo, or a text message that
        becomes one): with the whole reply as its caption and the buttons, or with the alt text
        alone (``alone``: the text shows elsewhere).  ``False`` when Telegram would not."""
        caption = alt_caption(photo.picture.alt) if alone else photo.rendered.caption
        markup = None if alone else photo.rendered.markup
        media = await self._media(photo, None)
        while media is not None:
            item = InputMediaPhoto(
                media, caption=caption, parse_mode=ParseMode.HTML, filename=file_name(photo.picture)
            )
            try:
                edited = await bot.edit_message_media(item, chat_id, message_id, reply_markup=markup)
            except BadRequest as exc:
                if "not modified" in str(exc).casefold():
                    return True
                log.info("could not put a photo in place of a message (%s)", exc)
                media = await self._media(photo, media)
                continue
            self._remember(photo.picture, edited)
            return True
        return False
