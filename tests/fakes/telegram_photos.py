"""The fake server's photo methods: sendPhoto, editMessageCaption and editMessageMedia.

As in the Bot API (https://core.telegram.org/bots/api#sendphoto): a new photo is
uploaded as a multipart/form-data file part (``photo``; for editMessageMedia the
``media`` JSON names its part as ``attach://<name>``), an old one is re-sent by its
``file_id``.  The photo must be a real image (here: a PNG that decodes, see
:mod:`tests.fakes.images`) of at most 10 MB whose width and height add up to at most
10,000 with a ratio of at most 20; the caption is at most 1,024 characters after
entity parsing.  The answer's ``photo`` is a list of PhotoSize (``file_id``,
``file_unique_id``, ``width``, ``height``, ``file_size``), the thumbnails first.
Rejections use Telegram's descriptions: ``PHOTO_INVALID_DIMENSIONS``,
``IMAGE_PROCESS_FAILED`` (not an image), ``PHOTO_SAVE_FILE_INVALID`` (over 10 MB),
``file must be non-empty``, ``wrong file identifier/HTTP URL specified``, ``message
caption is too long``.  editMessageText on a photo message fails with "there is no
text in the message to edit", editMessageCaption on a text message with "there is no
caption in the message to edit"; editMessageMedia turns a text message into a photo
message, as bots report the Bot API doing (python-telegram-bot issue 2406,
rubenlagus/TelegramBots issue 1509).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

from tests.fakes import telegram_updates as tu
from tests.fakes.images import NotAnImage, Upload, png_size
from tests.fakes.telegram_html import EntityError, parse_html, utf16_len
from tests.fakes.telegram_messages import NOT_MODIFIED, MessageMethods, check_markup
from tests.fakes.telegram_methods import ApiError, _bad, _int, _json

MAX_CAPTION = 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SIDES = 10_000
MAX_RATIO = 20
THUMBNAILS = (90, 320, 800)
"""The longer side of the smaller sizes Telegram makes of a photo (the original comes last)."""


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo the fake stores: its bytes and dimensions, under every file_id of its sizes."""

    data: bytes
    width: int
    height: int
    sizes: tuple[dict[str, Any], ...]


def check_caption(caption: Any, parse_mode: Any) -> str:
    """The caption's plain text (``""`` for none); errors as Telegram words them."""
    if caption is None or caption == "":
        return ""
    text = str(caption)
    plain = text
    if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        try:
            plain = parse_html(text)
        except EntityError as exc:
            raise ApiError(400, str(exc)) from None
    if utf16_len(plain) > MAX_CAPTION:
        raise _bad("message caption is too long")
    return plain


class PhotoMethods(MessageMethods):
    """The photo methods (``m_<method>``) over the fake's state; photos are kept by file_id."""

    def __init__(self) -> None:
        super().__init__()
        self.photos: dict[str, Photo] = {}
        """Every stored photo, by the file_id of each of its sizes."""
        self.uploads: list[bytes] = []
        """The bytes of every photo uploaded (not re-sent by file_id), in order."""
        self._file_numbers = itertools.count(1)

    def photo_bytes(self, record: dict[str, Any]) -> bytes:
        """The bytes of the photo a ``sent`` record shows."""
        return self.photos[record["photo"]["file_id"]].data

    def _store(self, data: bytes) -> Photo:
        if not data:
            raise _bad("file must be non-empty")
        if len(data) > MAX_PHOTO_BYTES:
            raise _bad("PHOTO_SAVE_FILE_INVALID")
        try:
            width, height = png_size(data)
        except NotAnImage:
            raise _bad("IMAGE_PROCESS_FAILED") from None
        if width + height > MAX_SIDES or max(width, height) > MAX_RATIO * min(width, height):
            raise _bad("PHOTO_INVALID_DIMENSIONS")
        number = next(self._file_numbers)
        longest = max(width, height)
        sizes = []
        for i, side in enumerate([s for s in THUMBNAILS if s < longest] + [longest]):
            scale = side / longest
            sizes.append(
                {
                    "file_id": f"AgACAgFake{number:06d}x{i}",
                    "file_unique_id": f"AQADFake{number:06d}{i}",
                    "width": max(1, round(width * scale)),
                    "height": max(1, round(height * scale)),
                    "file_size": len(data) if side == longest else max(1, round(len(data) * scale * scale)),
                }
            )
        photo = Photo(data, width, height, tuple(sizes))
        for size in sizes:
            self.photos[size["file_id"]] = photo
        self.uploads.append(data)
        return photo

    def _photo_of(self, value: Any, params: dict[str, Any]) -> tuple[Photo, bool]:
        """The photo a ``photo`` (or InputMediaPhoto ``media``) value names, and whether it was uploaded."""
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
            if not isinstance(value, Upload):
                raise _bad("can't find the attached file")
        if isinstance(value, Upload):
            return self._store(value.data), True
        if isinstance(value, str) and value in self.photos:
            return self.photos[value], False
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            raise _bad("the fake does not fetch photos by URL")
        raise _bad("wrong file identifier/HTTP URL specified")

    def _record_photo(
        self, method: str, msg: dict[str, Any], caption_html: str, uploaded: bool, params: dict[str, Any]
    ) -> None:
        photo = self.photos[msg["photo"][-1]["file_id"]]
        self.sent.append(
            {
                "method": method,
                "chat_id": msg["chat"]["id"],
                "message_id": msg["message_id"],
                "text": msg.get("caption", ""),
                "html": caption_html,
                "parse_mode": params.get("parse_mode"),
                "reply_markup": msg.get("reply_markup"),
                "reply_to": (msg.get("reply_to_message") or {}).get("message_id"),
                "thread_id": msg.get("message_thread_id"),
                "photo": {
                    "file_id": msg["photo"][-1]["file_id"],
                    "width": photo.width,
                    "height": photo.height,
                    "size": len(photo.data),
                    "uploaded": uploaded,
                },
                "time": time.monotonic(),
            }
        )

    @staticmethod
    def _set_caption(msg: dict[str, Any], plain: str) -> None:
        if plain:
            msg["caption"] = plain
        else:
            msg.pop("caption", None)

    async def m_sendphoto(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        caption_html = str(params.get("caption") or "")
        plain = check_caption(params.get("caption"), params.get("parse_mode"))
        markup = check_markup(_json(params, "reply_markup"))
        photo, uploaded = self._photo_of(params.get("photo"), params)
        reply_parameters = _json(params, "reply_parameters") or {}
        reply_to = None
        if reply_parameters:
            reply_to = self.messages.get((chat["id"], int(reply_parameters.get("message_id", 0))))
            if reply_to is None and not reply_parameters.get("allow_sending_without_reply"):
                raise _bad("message to be replied not found")
        msg = tu.message(
            self._next_message_id(chat["id"]),
            chat,
            tu.BOT_USER,
            "",
            reply_to=reply_to,
            thread_id=_int(params, "message_thread_id"),
            markup=markup,
            with_entities=False,
        )
        del msg["text"]
        msg["photo"] = [dict(size) for size in photo.sizes]
        self._set_caption(msg, plain)
        self.messages[(chat["id"], msg["message_id"])] = msg
        self._record_photo("sendPhoto", msg, caption_html, uploaded, params)
        return msg

    @staticmethod
    def _set_markup(msg: dict[str, Any], markup: dict[str, Any] | None) -> None:
        if markup:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)

    async def m_editmessagecaption(self, params: dict[str, Any]) -> Any:
        msg = self._editable(params)
        if "photo" not in msg:
            raise _bad("there is no caption in the message to edit")
        caption_html = str(params.get("caption") or "")
        plain = check_caption(params.get("caption"), params.get("parse_mode"))
        markup = check_markup(_json(params, "reply_markup"))
        if plain == msg.get("caption", "") and markup == msg.get("reply_markup"):
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        self._set_caption(msg, plain)
        self._set_markup(msg, markup)
        msg["edit_date"] = int(time.time())
        self._record_photo("editMessageCaption", msg, caption_html, False, params)
        return msg

    async def m_editmessagemedia(self, params: dict[str, Any]) -> Any:
        msg = self._editable(params)
        media = _json(params, "media")
        if not isinstance(media, dict) or media.get("type") != "photo":
            raise _bad("the fake supports InputMediaPhoto only")
        caption_html = str(media.get("caption") or "")
        plain = check_caption(media.get("caption"), media.get("parse_mode"))
        markup = check_markup(_json(params, "reply_markup"))
        photo, uploaded = self._photo_of(media.get("media"), params)
        msg.pop("text", None)
        msg.pop("entities", None)
        msg["photo"] = [dict(size) for size in photo.sizes]
        self._set_caption(msg, plain)
        self._set_markup(msg, markup)
        msg["edit_date"] = int(time.time())
        mode = {"parse_mode": media.get("parse_mode")}
        self._record_photo("editMessageMedia", msg, caption_html, uploaded, mode)
        return msg


def caption_fits(plain: str) -> bool:
    """Whether ``plain`` (a caption's text after entity parsing) is within Telegram's 1,024 characters."""
    return utf16_len(plain) <= MAX_CAPTION
