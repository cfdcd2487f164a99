"""Groups, buttons (edited in place) and inline mode, end to end against the fake Bot API."""

from __future__ import annotations

from bot.core import Core
from bot.phrases import EN
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import BOT_USERNAME
from tests.telegram.conftest import Bot, eventually, say, settled, silent

GROUP = -100777


async def test_group_chatter_is_ignored(bot: Bot, fake: FakeTelegram) -> None:
    """Plain messages and unknown bare commands in a group get no answer."""
    await silent(fake, "anyone know a good data analyst?", GROUP, chat_type="supergroup", user_id=5)
    await silent(fake, "/kick someone", GROUP, chat_type="supergroup", user_id=5)


async def test_group_answers_known_commands_mentions_and_replies(bot: Bot, fake: FakeTelegram) -> None:
    """A bare known command, a message mentioning the bot and a reply to the bot are all answered."""
    sent = await say(fake, "/careers", GROUP, chat_type="supergroup", user_id=5)
    assert sent[0]["text"].startswith("Careers")
    bot_message = sent[0]["message_id"]
    sent = await say(
        fake, f"@{BOT_USERNAME} what does a language engineer earn", GROUP, chat_type="group", user_id=6
    )
    assert sent[0]["text"].startswith("Salary: Language Engineer")
    sent = await say(fake, "and a data analyst?", GROUP, user_id=5, reply_to_message_id=bot_message)
    assert "Data Analyst" in sent[0]["text"]
    sent = await say(fake, f"@{BOT_USERNAME}", GROUP, user_id=5)
    assert sent[0]["text"].startswith("Welcome to careerbot")


async def test_group_reply_to_someone_else_is_ignored(bot: Bot, fake: FakeTelegram) -> None:
    """A reply to another person's message in a group is their conversation: no answer."""
    fake.message("hello all", GROUP, chat_type="supergroup", user_id=5)
    human = max(mid for (chat, mid) in fake.messages if chat == GROUP)
    await silent(fake, "what does a language engineer earn", GROUP, user_id=6, reply_to_message_id=human)


async def test_button_press_edits_the_message_in_place(bot: Bot, fake: FakeTelegram) -> None:
    """Pressing a button answers the callback query and edits the same message with the new reply."""
    menu = (await say(fake, "/start"))[0]
    update = fake.press(1001, menu["message_id"], label="Careers")
    await fake.wait_for(lambda: fake.sent[-1]["method"] == "editMessageText")
    edited = fake.sent[-1]
    assert edited["message_id"] == menu["message_id"]
    assert edited["text"].startswith("Careers")
    assert fake.callback_queries[update["callback_query"]["id"]] is True
    # drill down: the career's detail replaces the list, still the same message
    fake.press(1001, menu["message_id"], label="Language Engineer")
    await fake.wait_for(lambda: fake.sent[-1]["text"].startswith("Language Engineer"))
    assert fake.sent[-1]["message_id"] == menu["message_id"]
    assert [s["method"] for s in fake.sent].count("sendMessage") == 1


async def test_pressing_the_same_button_twice_is_harmless(bot: Bot, fake: FakeTelegram) -> None:
    """A second press that would not change the message ("not modified") is answered quietly."""
    menu = (await say(fake, "/careers"))[0]
    first = fake.press(1001, menu["message_id"], label="Data Analyst")
    await fake.wait_for(lambda: fake.sent[-1]["text"].startswith("Data Analyst"))
    rows = fake.messages[(1001, menu["message_id"])]["reply_markup"]["inline_keyboard"]
    assert rows  # the detail view's keyboard replaced the list's
    second = fake.press(1001, menu["message_id"], first["callback_query"]["data"])
    await eventually(lambda: fake.callback_queries[second["callback_query"]["id"]])
    marker = await settled(fake, 1001)  # the second press has been handled completely
    assert fake.sent[2:] == [marker]
    assert len(fake.sent) == 3


async def test_stale_or_forged_button_is_answered_gracefully(bot: Bot, fake: FakeTelegram) -> None:
    """callback_data from an old version or forged by a client is answered and shows the start menu."""
    menu = (await say(fake, "/start"))[0]
    for data in ("v0:careers:7", "cb1|nosuch|x", "", "é" * 40):
        update = fake.press(1001, menu["message_id"], data)
        await eventually(lambda u=update: fake.callback_queries[u["callback_query"]["id"]])
        await fake.wait_for(
            lambda: fake.messages[(1001, menu["message_id"])]["text"].startswith(EN.stale_button_title)
        )
    unknown = fake.press(1001, menu["message_id"], "cb1|careers|" + "x" * 40)
    await eventually(lambda: fake.callback_queries[unknown["callback_query"]["id"]])
    await fake.wait_for(lambda: "x" * 40 in fake.messages[(1001, menu["message_id"])]["text"])
    assert all(s["message_id"] == menu["message_id"] for s in fake.sent)


async def test_inline_mode_offers_matching_articles(bot: Bot, fake: FakeTelegram) -> None:
    """'@bot language salary' gets article results (the fake validated their HTML) opening the bot by
    deep link."""
    update = fake.inline_query("language salary")
    query_id = update["inline_query"]["id"]
    await eventually(lambda: fake.inline_queries[query_id] is not None)
    results = fake.inline_queries[query_id]
    assert results is not None
    titles = [r["title"] for r in results]
    assert "Language Engineer" in titles
    assert all(r["type"] == "article" and r["input_message_content"]["parse_mode"] == "HTML" for r in results)
    career = next(r for r in results if r["title"] == "Language Engineer")
    assert career["reply_markup"]["inline_keyboard"][0][0]["url"].endswith("?start=careers-language-engineer")


async def test_inline_mode_with_empty_or_hostile_query(bot: Bot, fake: FakeTelegram, core: Core) -> None:
    """An empty query lists entities; markup or 300 characters in the query never break the answer."""
    for query in ("", "<b>&", "x" * 300):
        update = fake.inline_query(query)
        query_id = update["inline_query"]["id"]
        await eventually(lambda q=query_id: fake.inline_queries[q] is not None)
    assert len(fake.inline_answers[0]["results"]) > 10
