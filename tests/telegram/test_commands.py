"""Commands end to end: the real PTB Application polling the fake Bot API over HTTP."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.core import Core
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import BOT_USERNAME
from tests.talk import text_to
from tests.telegram.conftest import Bot, say, silent

SAMPLE_ARGUMENTS = {
    "help": "salary",
    "examples": "crop monitoring",
    "skills": "python",
    "careers": "language engineer",
    "salary": "data analyst",
    "path": "mlops engineer",
    "ask": "how much does a language engineer earn?",
}


async def test_commands_registered_at_start(bot: Bot, fake: FakeTelegram, core: Core) -> None:
    """setMyCommands lists every registry command with its description (the fake validated them)."""
    assert [(c["command"], c["description"]) for c in fake.commands] == [
        (spec.name, spec.description) for spec in core.table
    ]


async def test_every_command_answers_in_private(bot: Bot, fake: FakeTelegram, core: Core) -> None:
    """Each command, bare and with an argument, gets the core's reply as escaped HTML with a keyboard."""
    for spec in core.table:
        for text in (f"/{spec.name}", f"/{spec.name} {SAMPLE_ARGUMENTS.get(spec.name, '')}".strip()):
            expected = await text_to(core, text, platform="telegram", user_id="1001")
            assert expected is not None
            sent = await say(fake, text)
            assert sent[0]["parse_mode"] == "HTML"
            assert sent[0]["text"].startswith(expected.title)
            if expected.buttons:
                data = [
                    b.get("callback_data") for row in sent[-1]["reply_markup"]["inline_keyboard"] for b in row
                ]
                assert expected.buttons[0].packed in data


async def test_command_addressed_to_this_bot_in_a_group(bot: Bot, fake: FakeTelegram) -> None:
    """/cmd@ThisBot is answered in a group, as a reply to the command; /cmd@OtherBot is not."""
    sent = await say(fake, f"/salary@{BOT_USERNAME} language engineer", -100500, chat_type="supergroup")
    assert sent[0]["text"].startswith("Salary: Language Engineer")
    assert sent[0]["reply_to"] is not None
    await silent(fake, "/salary@SomeOtherBot language engineer", -100500, chat_type="supergroup")


async def test_deep_link_opens_the_entity(bot: Bot, fake: FakeTelegram) -> None:
    """/start careers-language-engineer (a t.me deep link) opens that career; a bad payload gets the menu."""
    sent = await say(fake, "/start careers-language-engineer")
    assert sent[0]["text"].startswith("Language Engineer")
    sent = await say(fake, "/start examples-crop-monitoring")
    assert sent[0]["text"].startswith("Crop Monitoring")
    sent = await say(fake, "/start <script>")
    assert sent[0]["text"].startswith("Welcome to careerbot")


async def test_detail_replies_offer_a_share_link(bot: Bot, fake: FakeTelegram) -> None:
    """A detail reply carries a Share button whose t.me link deep-links back to the same reply."""
    sent = await say(fake, "/skills python")
    urls = [b["url"] for row in sent[-1]["reply_markup"]["inline_keyboard"] for b in row if "url" in b]
    assert len(urls) == 1
    link = urlsplit(urls[0])
    assert (link.scheme, link.netloc, link.path) == ("https", "t.me", f"/{BOT_USERNAME}")
    payload = parse_qs(link.query)["start"][0]
    again = await say(fake, f"/start {payload}")
    assert again[0]["text"] == sent[0]["text"]
    menu = await say(fake, "/careers")
    assert not [b for row in menu[-1]["reply_markup"]["inline_keyboard"] for b in row if "url" in b]


async def test_free_text_in_private_is_a_question(bot: Bot, fake: FakeTelegram, core: Core) -> None:
    """Plain text in a private chat goes to the core's ask."""
    question = "what does a language engineer earn"
    expected = await text_to(core, question)
    assert expected is not None
    sent = await say(fake, question)
    assert sent[0]["text"].startswith(expected.title)


async def test_unknown_command_in_private_gets_help(bot: Bot, fake: FakeTelegram) -> None:
    """An unknown command in a private chat is answered with the list of commands."""
    sent = await say(fake, "/frobnicate")
    assert "/salary" in sent[0]["text"]
