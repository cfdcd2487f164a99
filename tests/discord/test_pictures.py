"""Pictures on Discord, end to end: discord.py against the fake Discord, with a
:class:`~adapters.pictures.Pictures` drawing through the real drawing function (counted) or a
failing one, handed to the runner by constructor.

A reply with a chart carries the PNG as an attachment (multipart ``files[0]``) shown as the first
embed's image (``attachment://salary.png``), the alt text opening its description; a press that
updates the message replaces the attachment (or removes it); a chart that cannot be drawn leaves
the embeds alone, with one log line.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from adapters.config import Config
from adapters.discord.render import render
from adapters.pictures import Pictures
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.phrases import EN
from bot.pictures import SalaryChart, file_name
from bot.replies import Reply
from tests.discord.conftest import running
from tests.fakes.discord_api import FakeDiscord, Interaction, user
from tests.multilingual import CYRILLIC, write_multilingual
from tests.pictures import CountingDraw, assert_legible
from tests.talk import text_to


def components(message: dict[str, Any]) -> dict[str, str]:
    """The buttons of a message: custom_id by label."""
    return {
        c["label"]: c["custom_id"] for row in message["components"] for c in row["components"] if "label" in c
    }


async def choose(fake: FakeDiscord, message: dict[str, Any], packed: str) -> Interaction:
    """Pick the option carrying ``packed`` in the message's select menu."""
    items = [c for row in message["components"] for c in row["components"] if c["type"] == 3]
    menu = next(c for c in items if packed in [o["value"] for o in c["options"]])
    return await fake.press(message, menu["custom_id"], values=[packed])


def shown_image(fake: FakeDiscord, message: dict[str, Any]) -> bytes:
    """The PNG the message shows as its first embed's image (it must show one)."""
    assert fake.uploads.broken_images == []
    png = fake.uploads.image_of(message)
    assert png is not None, message["embeds"][0].get("image")
    return png


async def reply_of(core: Core, text: str) -> Reply:
    reply = await text_to(core, text, platform="discord", user_id="4242")
    assert reply is not None
    return reply


@pytest.mark.parametrize("defer_after", [1.5, 0.0])
async def test_salary_shows_the_chart_as_the_embed_image(
    pointed: FakeDiscord, core: Core, settings: Config, defer_after: float
) -> None:
    """/salary answers with salary.png attached and shown as the embed's image, the alt text
    first in the embed's description and the buttons under it; the chart is a legible PNG.  Also
    when the answer is deferred while the chart is drawn (the deferral's edit carries the file)."""
    draw = CountingDraw()
    async with running(pointed, core, settings, pictures=Pictures(draw), defer_after=defer_after):
        record = await pointed.slash("salary")
        message = (await pointed.answered(record))[0]
    assert record.deferred is (defer_after == 0.0)
    reply = await reply_of(core, "/salary")
    assert isinstance(reply.picture, SalaryChart)
    assert [a["filename"] for a in message["attachments"]] == [file_name(reply.picture)] == ["salary.png"]
    embed = message["embeds"][0]
    assert embed["image"]["url"] == message["attachments"][0]["url"]
    assert " ".join(reply.picture.alt.split()) in embed["description"].split("\n\n")[0]
    assert message["components"]
    png = shown_image(pointed, message)
    assert_legible(png)
    assert png == render(reply, png)[0].image[1]  # type: ignore[index]
    assert pointed.rejections == []
    assert draw.calls == 1


async def test_a_failed_drawing_sends_the_embed_alone(
    pointed: FakeDiscord, core: Core, settings: Config, caplog: pytest.LogCaptureFixture
) -> None:
    """When the chart cannot be drawn, /salary is the embeds it was before pictures (no file, no
    image), and one WARNING line says why."""
    failing = CountingDraw(fail=True)
    async with running(pointed, core, settings, pictures=Pictures(failing)):
        with caplog.at_level(logging.WARNING):
            message = (await pointed.answered(await pointed.slash("salary")))[0]
    reply = await reply_of(core, "/salary")
    assert message["attachments"] == []
    assert "image" not in message["embeds"][0]
    assert message["embeds"] == [e.to_dict() for e in render(reply)[0].embeds]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert failing.calls == 1
    assert pointed.rejections == []


async def test_second_salary_is_a_cache_hit(pointed: FakeDiscord, core: Core, settings: Config) -> None:
    """A second /salary (another user, a mention too) draws nothing: the cached PNG is attached again."""
    draw = CountingDraw()
    async with running(pointed, core, settings, pictures=Pictures(draw)):
        first = (await pointed.answered(await pointed.slash("salary")))[0]
        second = (await pointed.answered(await pointed.slash("salary", who=user(77, "bob"))))[0]
        said = await pointed.say("<@1100000000000000001> /salary")
        third = (await pointed.wait_replies(said))[0]
    assert shown_image(pointed, first) == shown_image(pointed, second) == shown_image(pointed, third)
    assert first["attachments"][0]["id"] != second["attachments"][0]["id"]
    assert draw.calls == 1


@pytest.mark.parametrize("defer_after", [1.5, 0.0])
async def test_presses_replace_the_attachment(
    pointed: FakeDiscord, core: Core, settings: Config, defer_after: float
) -> None:
    """A press updating the message in place attaches its chart (a text answer becoming a chart);
    a press producing another chart replaces the attachment (one file, the new one); a press
    producing text only removes the old file.  Also when every answer is deferred first."""
    async with running(pointed, core, settings, pictures=Pictures(CountingDraw()), defer_after=defer_after):
        about = (await pointed.answered(await pointed.slash("careers", {"role": "language engineer"})))[0]
        assert about["attachments"] == []
        pressed = await pointed.press(about, components(about)["Salary: Language Engineer"])
        one = (await pointed.answered(pressed))[0]
        assert pressed.deferred is (defer_after == 0.0)  # drawing in a thread: the deferral goes out
        assert one["id"] == about["id"]
        assert one["embeds"][0]["title"].startswith(EN.salary_role_title.format(name="Language Engineer"))
        one_role = shown_image(pointed, one)
        assert len(one["attachments"]) == 1

        pressed = await pointed.press(one, components(one)["Salaries"])
        every = (await pointed.answered(pressed))[0]
        assert every["id"] == about["id"]
        assert len(every["attachments"]) == 1
        assert shown_image(pointed, every) != one_role

        pressed = await choose(pointed, every, "cb1|salary|language-engineer")
        back = (await pointed.answered(pressed))[0]
        pressed = await pointed.press(back, components(back)["About: Language Engineer"])
        text = (await pointed.answered(pressed))[0]
    assert text["id"] == about["id"]
    assert text["attachments"] == []
    assert "image" not in text["embeds"][0]
    assert pointed.rejections == []
    assert pointed.uploads.broken_images == []


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The fixture catalog with Spanish and Russian phrases (tests/multilingual.py)."""
    return load_catalog(write_multilingual(tmp_path_factory.mktemp("i18n") / "content"))


async def test_a_russian_user_gets_the_chart_in_russian(
    pointed: FakeDiscord, multilingual: Catalog, settings: Config
) -> None:
    """A user whose Discord is in Russian gets the chart drawn in Russian and the Russian alt text
    opening the embed's description."""
    core = Core(multilingual)
    async with running(pointed, core, settings, pictures=Pictures(CountingDraw())):
        message = (await pointed.answered(await pointed.slash("salary", locale="ru")))[0]
    reply = await text_to(core, "/salary", platform="discord", user_id="4242", language="ru")
    assert reply is not None
    assert reply.picture is not None
    assert reply.picture.language == "ru"
    assert CYRILLIC.search(reply.picture.alt)
    assert " ".join(reply.picture.alt.split()) in message["embeds"][0]["description"].split("\n\n")[0]
    assert message["embeds"][0]["title"] == reply.title
    assert_legible(shown_image(pointed, message))
