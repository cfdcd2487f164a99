"""The fake Bot API's photo methods, driven by python-telegram-bot's own Bot: what Telegram accepts
and what it rejects, in its words."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto
from telegram.constants import ParseMode
from telegram.error import BadRequest

from tests.fakes import telegram_updates as tu
from tests.fakes.images import make_png
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_photos import MAX_PHOTO_BYTES

from .conftest import TOKEN

CHAT = 4242


def said(description: str) -> re.Pattern[str]:
    """Telegram's description as PTB shows it ("Bad Request: " dropped, first letter capitalised)."""
    return re.compile(re.escape(description), re.IGNORECASE)


MARKUP = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="cb1|salary|")]])


@pytest.fixture
async def ptb(fake: FakeTelegram) -> AsyncIterator[Bot]:
    """PTB's Bot pointed at the fake, with one private chat known to it."""
    fake.chats[CHAT] = tu.chat(CHAT, "private")
    bot = Bot(TOKEN, base_url=f"{fake.base_url}/bot", base_file_url=f"{fake.base_url}/file/bot")
    async with bot:
        yield bot


async def test_send_photo_upload_and_file_id_reuse(fake: FakeTelegram, ptb: Bot) -> None:
    """sendPhoto takes a multipart upload (caption in HTML, buttons kept on the message) and answers
    PhotoSize objects largest last; re-sending by that file_id uploads nothing and shows the same bytes."""
    png = make_png(1200, 700)
    message = await ptb.send_photo(
        CHAT, png, caption="<b>Salaries</b> &amp; more", parse_mode=ParseMode.HTML, reply_markup=MARKUP
    )
    largest = message.photo[-1]
    assert (largest.width, largest.height, largest.file_size) == (1200, 700, len(png))
    assert [p.width for p in message.photo] == [90, 320, 800, 1200]
    assert message.caption == "Salaries & more"
    assert message.reply_markup == MARKUP
    record = fake.sent[-1]
    assert record["method"] == "sendPhoto"
    assert record["photo"]["uploaded"]
    assert fake.photo_bytes(record) == png
    again = await ptb.send_photo(CHAT, largest.file_id, caption="again")
    assert fake.sent[-1]["photo"]["uploaded"] is False
    assert fake.photo_bytes(fake.sent[-1]) == png
    assert again.photo[-1].file_id == largest.file_id
    assert fake.uploads == [png]


@pytest.mark.parametrize(
    ("photo", "error"),
    [
        (b"", "file must be non-empty"),
        (b"GIF89a not a png at all", "IMAGE_PROCESS_FAILED"),
        (make_png(40, 30, corrupt=True), "IMAGE_PROCESS_FAILED"),
        (make_png(6000, 4001), "PHOTO_INVALID_DIMENSIONS"),
        (make_png(2100, 100), "PHOTO_INVALID_DIMENSIONS"),
        ("AgACAgUnknownFileId", "wrong file identifier/HTTP URL specified"),
    ],
)
async def test_send_photo_rejects_what_telegram_rejects(ptb: Bot, photo: bytes | str, error: str) -> None:
    """Empty files, bytes that are not a decodable image, width + height over 10,000, a side ratio
    over 20 and unknown file_ids are refused with Telegram's description."""
    with pytest.raises(BadRequest, match=said(error)):
        await ptb.send_photo(CHAT, photo)


async def test_send_photo_rejects_over_ten_megabytes(ptb: Bot) -> None:
    """A photo over 10 MB is refused (PHOTO_SAVE_FILE_INVALID) even when it is a valid PNG."""
    big = make_png(100, 100) + b"\x00" * (MAX_PHOTO_BYTES + 1)
    with pytest.raises(BadRequest, match=said("PHOTO_SAVE_FILE_INVALID")):
        await ptb.send_photo(CHAT, big)


async def test_caption_limits_and_html(ptb: Bot) -> None:
    """A caption is at most 1,024 characters after entity parsing (markup does not count) and its
    HTML is checked like a message's text."""
    fits = "<b>" + "x" * 1024 + "</b>"
    await ptb.send_photo(CHAT, make_png(1000, 600), caption=fits, parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=said("message caption is too long")):
        await ptb.send_photo(CHAT, make_png(1000, 600), caption="x" * 1025)
    with pytest.raises(BadRequest, match=said("can't parse entities")):
        await ptb.send_photo(CHAT, make_png(1000, 600), caption="a < b", parse_mode=ParseMode.HTML)


async def test_edits_of_photo_and_text_messages(fake: FakeTelegram, ptb: Bot) -> None:
    """editMessageText on a photo fails ("there is no text in the message to edit") and
    editMessageCaption on a text message fails; editMessageCaption and editMessageMedia change a
    photo message (its buttons as given), and editMessageMedia turns a text message into a photo."""
    photo = await ptb.send_photo(CHAT, make_png(1000, 600), caption="first", reply_markup=MARKUP)
    with pytest.raises(BadRequest, match=said("there is no text in the message to edit")):
        await ptb.edit_message_text("new text", CHAT, photo.message_id)
    await ptb.edit_message_caption(CHAT, photo.message_id, caption="second", reply_markup=MARKUP)
    assert fake.messages[(CHAT, photo.message_id)]["caption"] == "second"
    other = make_png(1100, 600)
    await ptb.edit_message_media(InputMediaPhoto(other, caption="third"), CHAT, photo.message_id)
    stored = fake.messages[(CHAT, photo.message_id)]
    assert stored["caption"] == "third"
    assert "reply_markup" not in stored
    assert fake.photo_bytes(fake.sent[-1]) == other
    text = await ptb.send_message(CHAT, "plain text", reply_markup=MARKUP)
    with pytest.raises(BadRequest, match=said("there is no caption in the message to edit")):
        await ptb.edit_message_caption(CHAT, text.message_id, caption="x")
    await ptb.edit_message_media(
        InputMediaPhoto(other, caption="now a photo"), CHAT, text.message_id, reply_markup=MARKUP
    )
    turned = fake.messages[(CHAT, text.message_id)]
    assert "text" not in turned
    assert turned["caption"] == "now a photo"
    assert turned["reply_markup"]
