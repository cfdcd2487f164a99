"""Pictures on Telegram, end to end: the real PTB Application polling the fake Bot API, with a
:class:`~adapters.pictures.Pictures` drawing through the real drawing function (counted) or a
failing one, handed to the runner by constructor.

Replies with a chart go as sendPhoto (multipart upload first, the file_id afterwards) with the
reply as the caption and the buttons on the photo; a reply too long for a caption goes as the
photo with its alt text, then the text with the buttons; presses change photos in place
(editMessageMedia); a chart that cannot be drawn leaves the text answer alone, with one log line.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.pictures import Pictures
from adapters.telegram import links
from adapters.telegram.render import ALT_PREFIX, render, render_photo
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.phrases import EN
from bot.pictures import RoadmapChart, SalaryChart
from bot.replies import Reply
from tests.fakes import telegram_updates as tu
from tests.fakes.images import png_size
from tests.fakes.telegram_api import FakeTelegram
from tests.multilingual import CYRILLIC, in_language, write_multilingual
from tests.pictures import CountingDraw, assert_legible
from tests.talk import text_to
from tests.telegram.conftest import Bot, say, start_bot, telegram_settings

CHAT = 5001


@pytest.fixture
def draw() -> CountingDraw:
    """The real drawing function, counted."""
    return CountingDraw()


@pytest.fixture
async def bot(core: Core, fake: FakeTelegram, draw: CountingDraw) -> AsyncIterator[Bot]:
    """careerbot's Telegram runner with pictures drawn by ``draw``."""
    running = await start_bot(core, telegram_settings(fake), fake, pictures=Pictures(draw))
    try:
        yield running
    finally:
        if not running.task.done():
            await running.stop()


async def reply_of(core: Core, text: str, language: str = "") -> Reply:
    """The core's reply to ``text`` in a private chat, as the bot gets it."""
    reply = await text_to(
        core, text, platform="telegram", user_id=str(CHAT), conversation=str(CHAT), language=language
    )
    assert reply is not None
    return reply


def labels(sent: dict[str, Any]) -> list[str]:
    """The button labels on a sent message."""
    rows = (sent.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


def share(reply: Reply) -> str | None:
    return links.share_url(tu.BOT_USERNAME, reply)


async def test_salary_is_a_photo_with_the_reply_as_caption_and_buttons(
    bot: Bot, fake: FakeTelegram, core: Core, draw: CountingDraw
) -> None:
    """/salary is one photo: the uploaded chart (a legible PNG), the whole reply as its caption
    with the alt text saying what the chart shows, and the reply's buttons on the photo."""
    sent = await say(fake, "/salary", CHAT)
    assert len(sent) == 1
    photo = sent[0]
    assert photo["method"] == "sendPhoto"
    assert photo["photo"]["uploaded"]
    assert_legible(fake.photo_bytes(photo))
    reply = await reply_of(core, "/salary")
    assert isinstance(reply.picture, SalaryChart)
    expected = render_photo(reply, reply.picture.alt, share(reply))
    assert photo["html"] == expected.caption
    assert ALT_PREFIX + reply.picture.alt in photo["text"]
    assert photo["text"].startswith(reply.title)
    assert labels(photo) == labels({"reply_markup": render(reply, share(reply)).markup.to_dict()})  # type: ignore[union-attr]
    assert draw.calls == 1


async def test_second_salary_is_a_cache_hit(core: Core, fake: FakeTelegram, draw: CountingDraw) -> None:
    """The second /salary draws nothing: the photo is re-sent by its file_id; after a restart of
    the runner (file_ids forgotten) the same Pictures uploads its cached PNG, still without drawing."""
    pictures = Pictures(draw)
    running = await start_bot(core, telegram_settings(fake), fake, pictures=pictures)
    first = (await say(fake, "/salary", CHAT))[0]
    second = (await say(fake, "/salary", CHAT))[0]
    assert first["photo"]["uploaded"]
    assert not second["photo"]["uploaded"]
    assert fake.photo_bytes(second) == fake.photo_bytes(first)
    await running.stop()
    running = await start_bot(core, telegram_settings(fake), fake, pictures=pictures)
    try:
        third = (await say(fake, "/salary", CHAT))[0]
    finally:
        await running.stop()
    assert third["photo"]["uploaded"]
    assert fake.uploads == [fake.photo_bytes(first)] * 2
    assert draw.calls == 1


async def test_a_reply_too_long_for_a_caption_is_photo_then_text(
    bot: Bot, fake: FakeTelegram, core: Core
) -> None:
    """A comparison, too long for a 1,024-character caption, is the photo with the alt text as its
    caption and no buttons, then the reply as a text message carrying the buttons."""
    sent = await say(fake, "/compare language engineer vision engineer", CHAT, count=2)
    photo, text = sent
    reply = await reply_of(core, "/compare language engineer vision engineer")
    assert reply.picture is not None
    assert photo["method"] == "sendPhoto"
    assert photo["text"] == ALT_PREFIX + reply.picture.alt
    assert photo["reply_markup"] is None
    rendered = render(reply, share(reply))
    assert text["method"] == "sendMessage"
    assert text["html"] == rendered.messages[0]
    assert labels(text) == [b.text for row in rendered.markup.inline_keyboard for b in row]  # type: ignore[union-attr]


async def test_path_gives_the_roadmap_photo(bot: Bot, fake: FakeTelegram, core: Core) -> None:
    """/path <role> is the roadmap drawn as a photo, the roadmap's text and buttons with it."""
    sent = await say(fake, "/path language engineer", CHAT)
    reply = await reply_of(core, "/path language engineer")
    assert isinstance(reply.picture, RoadmapChart)
    assert sent[0]["method"] == "sendPhoto"
    assert sent[0]["text"].startswith(reply.title)
    assert ALT_PREFIX + reply.picture.alt in sent[0]["text"]
    assert "Python Scripting" in labels(sent[-1])
    assert_legible(fake.photo_bytes(sent[0]))


async def test_a_failed_drawing_sends_the_text_alone_with_one_log_line(
    core: Core, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    """When the chart cannot be drawn, /salary is exactly today's text message (with its buttons),
    no photo is sent, and one WARNING line says why."""
    failing = CountingDraw(fail=True)
    running = await start_bot(core, telegram_settings(fake), fake, pictures=Pictures(failing))
    try:
        with caplog.at_level(logging.WARNING):
            sent = await say(fake, "/salary", CHAT)
    finally:
        await running.stop()
    reply = await reply_of(core, "/salary")
    rendered = render(reply, share(reply))
    assert [s["method"] for s in sent] == ["sendMessage"]
    assert sent[0]["html"] == rendered.messages[0]
    assert labels(sent[0])
    assert not any(c["method"] == "sendPhoto" for c in fake.calls)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert failing.calls == 1


async def test_presses_change_the_photo_in_place(bot: Bot, fake: FakeTelegram) -> None:
    """A press producing a chart on a text message turns that message into the photo
    (editMessageMedia); a press on the photo producing text only sends a new text message and
    leaves the photo as it was; a press on it producing another chart changes its media."""
    about = (await say(fake, "/careers language engineer", CHAT))[0]
    key = (CHAT, about["message_id"])
    before = len(fake.sent)
    fake.press(CHAT, about["message_id"], label="Salary: Language Engineer")
    await fake.wait_for(lambda: "photo" in fake.messages[key])
    edit = fake.sent[before]
    assert edit["method"] == "editMessageMedia"
    assert edit["text"].startswith(EN.salary_role_title.format(name="Language Engineer"))
    assert "About: Language Engineer" in labels(fake.messages[key])
    one_role = fake.photo_bytes(edit)

    shown = dict(fake.messages[key])
    before = len(fake.sent)
    fake.press(CHAT, about["message_id"], label="About: Language Engineer")
    await fake.wait_for(lambda: len(fake.sent) > before)
    assert [s["method"] for s in fake.sent[before:]] == ["sendMessage"]
    assert fake.sent[before]["text"].startswith("Language Engineer")
    assert fake.messages[key] == shown

    before = len(fake.sent)
    fake.press(CHAT, about["message_id"], label="Salaries")
    await fake.wait_for(lambda: len(fake.sent) > before)
    assert fake.sent[before]["method"] == "editMessageMedia"
    every_role = fake.photo_bytes(fake.sent[before])
    assert every_role != one_role
    assert_legible(every_role)


async def test_a_press_on_the_text_under_a_photo_changes_both(bot: Bot, fake: FakeTelegram) -> None:
    """After a photo and its text (too long for a caption), a press on the text producing a chart
    changes the photo above it (its media, the alt text as caption) and edits the text in place."""
    photo, text = await say(fake, "/compare language engineer vision engineer", CHAT, count=2)
    compared = fake.photo_bytes(photo)
    before = len(fake.sent)
    fake.press(CHAT, text["message_id"], label="Roadmap: Language Engineer")
    await fake.wait_for(lambda: len(fake.sent) >= before + 2)
    media, edited = fake.sent[before : before + 2]
    assert (media["method"], media["message_id"]) == ("editMessageMedia", photo["message_id"])
    assert fake.photo_bytes(media) != compared
    assert media["text"].startswith(ALT_PREFIX)
    assert (edited["method"], edited["message_id"]) == ("editMessageText", text["message_id"])
    assert edited["text"].startswith("Roadmap")


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The fixture catalog with Spanish and Russian phrases (tests/multilingual.py)."""
    return load_catalog(write_multilingual(tmp_path_factory.mktemp("i18n") / "content"))


async def test_a_russian_user_gets_a_russian_caption(
    multilingual: Catalog, fake: FakeTelegram, draw: CountingDraw
) -> None:
    """A user whose app is in Russian (language_code ru) gets the chart drawn in Russian and the
    Russian reply, alt text included, as its caption."""
    core = Core(multilingual)
    running = await start_bot(core, telegram_settings(fake), fake, pictures=Pictures(draw))
    try:
        sent = await say(fake, "/salary", CHAT, language="ru")
    finally:
        await running.stop()
    reply = await reply_of(core, "/salary", language="ru")
    assert reply.picture is not None
    assert reply.picture.language == "ru"
    assert CYRILLIC.search(reply.picture.alt)
    ru = in_language(multilingual, "ru")
    assert sent[0]["method"] == "sendPhoto"
    assert sent[0]["html"] == render_photo(reply, reply.picture.alt, share(reply)).caption
    assert sent[0]["text"].startswith(ru.phrases.salary_title.split("{")[0])
    assert png_size(fake.photo_bytes(sent[0]))[0] >= 1000


async def test_a_forgotten_file_id_is_uploaded_again(
    bot: Bot, fake: FakeTelegram, draw: CountingDraw
) -> None:
    """When Telegram no longer takes a remembered file_id ("wrong file identifier"), the cached PNG
    is uploaded again, still without drawing."""
    first = (await say(fake, "/salary", CHAT))[0]
    fake.photos.clear()  # Telegram lost the file
    second = (await say(fake, "/salary", CHAT))[0]
    refused = [c for c in fake.calls if c["method"] == "sendPhoto" and c["status"] == 400]
    assert len(refused) == 1
    assert second["photo"]["uploaded"]
    assert fake.photo_bytes(second) == fake.uploads[0] == fake.uploads[1]
    assert first["message_id"] != second["message_id"]
    assert draw.calls == 1


async def test_a_refused_photo_leaves_the_text(bot: Bot, fake: FakeTelegram, core: Core) -> None:
    """When Telegram refuses the photo itself, the reply goes as the text message, buttons included."""
    fake.fail("sendPhoto", 400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
    sent = await say(fake, "/salary", CHAT)
    reply = await reply_of(core, "/salary")
    assert [s["method"] for s in sent] == ["sendMessage"]
    assert sent[0]["html"] == render(reply, share(reply)).messages[0]
    assert labels(sent[0])
