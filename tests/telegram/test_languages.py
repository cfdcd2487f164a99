"""Languages on Telegram, end to end: the real PTB Application polling the fake Bot API, a core with
the SQLite store serving the three-language test content (tests/multilingual.py).

The user's app language arrives as ``from.language_code``; the "/" menu is registered once per
language; ``/language`` overrides the app's language; inline mode answers in the asker's
language; Russian replies at 100 times the shipped content stay within Telegram's limits.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.telegram import links
from adapters.telegram.render import MAX_MESSAGE, render
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.i18n.formatting import language_name
from bot.phrases import EN
from bot.store import SqliteStore
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_html import parse_html, utf16_len
from tests.fakes.telegram_methods import ApiError, Methods
from tests.multilingual import (
    CYRILLIC,
    first_line,
    in_language,
    largest_russian,
    longer_than_a_message,
    plain_text_of,
    russian_replies,
    russian_stateful_replies,
    write_multilingual,
)
from tests.telegram.conftest import Bot, eventually, say, start_bot, telegram_settings

WORD = re.compile(r"\w+")
ENGINEER = "language-engineer"
VISION = "vision-engineer"
CASES = {
    "es": {
        "salary": "/salary ingeniero de lenguaje",
        "question": "¿cuánto gana un ingeniero de lenguaje?",
        "comparison": "ingeniero de lenguaje frente a ingeniera de visión",
    },
    "ru": {
        "salary": "/salary инженер nlp",
        "question": "сколько зарабатывает инженер nlp?",
        "comparison": "инженер nlp против инженера по зрению",
    },
}


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The fixture catalog with complete Spanish and Russian UI phrases (tests/multilingual.py)."""
    return load_catalog(write_multilingual(tmp_path_factory.mktemp("i18n") / "content"))


@pytest.fixture
def core(multilingual: Catalog, store: SqliteStore) -> Core:
    """A core with saved state (for /language and the quiz) serving the three-language content."""
    return Core(multilingual, state=StateService(store))


@pytest.fixture
async def bot(core: Core, fake: FakeTelegram) -> AsyncIterator[Bot]:
    """careerbot's Telegram runner over that core."""
    running = await start_bot(core, telegram_settings(fake), fake)
    try:
        yield running
    finally:
        if not running.task.done():
            await running.stop()


def labels(sent: dict[str, Any]) -> list[str]:
    """The button labels of a sent message."""
    rows = (sent.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


def menu_of(core: Core, code: str) -> list[dict[str, str]]:
    """The "/" menu as it should be registered for ``code``."""
    phrases = core.catalog.for_language(code).phrases
    return [{"command": s.name, "description": " ".join(s.describe(phrases).split())} for s in core.table]


async def test_the_menu_is_registered_in_every_language(bot: Bot, fake: FakeTelegram, core: Core) -> None:
    """setMyCommands is called for en, es and ru with their language_code and each language's
    descriptions, plus the default list without one in English; an app in a language careerbot
    does not speak (pt) sees the default list."""
    assert set(fake.menus) == {"", "en", "es", "ru"}
    for code in ("en", "es", "ru"):
        assert fake.menus[code] == menu_of(core, code)
    assert fake.menus[""] == fake.menus["en"] == fake.commands
    english = {c["command"]: c["description"] for c in fake.menus["en"]}
    for code in ("es", "ru"):
        assert [c["command"] for c in fake.menus[code]] == list(english)
        assert all(c["description"] != english[c["command"]] for c in fake.menus[code])
    assert all(CYRILLIC.search(c["description"]) for c in fake.menus["ru"])
    assert fake.menu_for("pt") == fake.menus[""]


async def test_the_default_menu_follows_default_language(multilingual: Catalog, fake: FakeTelegram) -> None:
    """With DEFAULT_LANGUAGE=es the list without language_code is Spanish, and English apps keep
    their own English list."""
    core = Core(multilingual, default_language="es")
    running = await start_bot(core, telegram_settings(fake), fake)
    try:
        assert fake.menus[""] == menu_of(core, "es")
        assert fake.menus["en"] == menu_of(core, "en") != fake.menus[""]
    finally:
        await running.stop()


async def test_the_fake_refuses_a_language_code_telegram_refuses() -> None:
    """setMyCommands' language_code must be two lowercase letters (or absent), as on Telegram."""
    methods = Methods()
    commands = '[{"command": "start", "description": "Start"}]'
    for code in ("fil", "pt-BR", "EN"):
        with pytest.raises(ApiError, match="invalid language code"):
            await methods.m_setmycommands({"commands": commands, "language_code": code})
    assert methods.menus == {}
    assert await methods.m_setmycommands({"commands": commands, "language_code": "es"}) is True
    assert await methods.m_getmycommands({"language_code": "es"}) == [
        {"command": "start", "description": "Start"}
    ]
    assert await methods.m_getmycommands({}) == []


@pytest.mark.parametrize("lang", ["es", "ru"])
async def test_a_user_gets_their_apps_language(bot: Bot, fake: FakeTelegram, core: Core, lang: str) -> None:
    """A user whose app is in Spanish (Russian) gets Spanish (Russian) for /salary (its share
    button too), /careers, a salary question, a comparison, a button press and the quiz's first step."""
    chat = 2001 if lang == "es" else 2002
    local = in_language(core.catalog, lang)
    p, case = local.phrases, CASES[lang]
    engineer, vision = local.careers[ENGINEER].name, local.careers[VISION].name
    salary_title = p.salary_role_title.format(name=engineer)
    assert salary_title != EN.salary_role_title.format(name=core.catalog.careers[ENGINEER].name)

    sent = await say(fake, case["salary"], chat, language=lang)
    assert first_line(sent[0]["text"]) == salary_title
    salary = local.careers[ENGINEER].salary
    assert local.money(salary.low, salary.currency) in sent[0]["text"]
    assert labels(sent[-1])[0] == p.btn_path.format(name=engineer)
    assert labels(sent[-1])[-1] == p.btn_share != EN.btn_share

    sent = await say(fake, case["question"], chat, language=lang)
    assert first_line(sent[0]["text"]) == salary_title

    sent = await say(fake, case["comparison"], chat, language=lang)
    assert first_line(sent[0]["text"]) == p.compare_title.format(a=engineer, b=vision)

    menu = (await say(fake, "/careers", chat, language=lang))[0]
    assert first_line(menu["text"]) == p.list_careers_title
    assert engineer in labels(menu)
    fake.press(chat, menu["message_id"], label=engineer, language=lang)
    await fake.wait_for(lambda: first_line(fake.messages[(chat, menu["message_id"])]["text"]) == engineer)

    quiz = (await say(fake, "/quiz", chat, language=lang))[0]
    assert first_line(quiz["text"]) == f"{local.quiz.title} · {p.quiz_question.format(number=1, total=6)}"
    assert labels(quiz)[0] == local.quiz.questions[0].answers[0].label
    assert labels(quiz)[0] != core.catalog.quiz.questions[0].answers[0].label


async def test_an_unsupported_language_falls_back_to_english(
    bot: Bot, fake: FakeTelegram, core: Core
) -> None:
    """An app in Brazilian Portuguese (pt-br, which careerbot does not speak) gets English, without
    an error."""
    sent = await say(fake, "/salary language engineer", 2003, language="pt-br")
    assert first_line(sent[0]["text"]) == EN.salary_role_title.format(name="Language Engineer")
    sent = await say(fake, "how much does a vision engineer earn?", 2003, language="pt-br")
    assert first_line(sent[0]["text"]) == EN.salary_role_title.format(name="Vision Engineer")


async def test_language_command_overrides_the_apps_language(bot: Bot, fake: FakeTelegram, core: Core) -> None:
    """A user whose app is in Spanish picks Russian with /language ru: the reply and every later
    message are Russian, and a button of a Spanish message pressed after switching answers in
    Russian; /language auto follows the app again."""
    chat = 2004
    es, ru = in_language(core.catalog, "es"), in_language(core.catalog, "ru")
    spanish = (await say(fake, "/careers", chat, language="es"))[0]
    assert first_line(spanish["text"]) == es.phrases.list_careers_title

    sent = await say(fake, "/language ru", chat, language="es")
    assert ru.phrases.language_set.format(language=language_name("ru")) in sent[0]["text"]

    sent = await say(fake, "/salary инженер nlp", chat, language="es")
    assert first_line(sent[0]["text"]) == ru.phrases.salary_role_title.format(name=ru.careers[ENGINEER].name)
    sent = await say(fake, "сколько зарабатывает инженер по зрению?", chat, language="es")
    assert first_line(sent[0]["text"]) == ru.phrases.salary_role_title.format(name=ru.careers[VISION].name)

    fake.press(chat, spanish["message_id"], label=es.careers[ENGINEER].name, language="es")
    await fake.wait_for(
        lambda: first_line(fake.messages[(chat, spanish["message_id"])]["text"]) == ru.careers[ENGINEER].name
    )

    await say(fake, "/language auto", chat, language="es")
    sent = await say(fake, "/careers", chat, language="es")
    assert first_line(sent[0]["text"]) == es.phrases.list_careers_title


async def test_inline_mode_answers_in_the_askers_language(bot: Bot, fake: FakeTelegram, core: Core) -> None:
    """An inline query from a Russian app gets Russian articles, from a Spanish app Spanish ones,
    each with its "open in chat" button in that language, and the answer is personal (Telegram
    must not hand one user's language to another)."""
    found, opens = {}, {}
    for lang, query in (("ru", "инженер nlp"), ("es", "ingeniero de lenguaje"), (None, "language engineer")):
        update = fake.inline_query(query, 3001, language=lang)
        query_id = update["inline_query"]["id"]
        await eventually(lambda q=query_id: fake.inline_queries[q] is not None)
        results = fake.inline_queries[query_id]
        assert results
        found[lang] = [r["title"] for r in results]
        opens[lang] = {
            b["text"] for r in results for row in r["reply_markup"]["inline_keyboard"] for b in row
        }
    assert core.catalog.for_language("ru").careers[ENGINEER].name in found["ru"]
    assert core.catalog.for_language("es").careers[ENGINEER].name in found["es"]
    assert "Language Engineer" in found[None]
    assert opens == {
        "ru": {core.catalog.for_language("ru").phrases.btn_open_chat},
        "es": {core.catalog.for_language("es").phrases.btn_open_chat},
        None: {EN.btn_open_chat},
    }
    assert all(answer["is_personal"] for answer in fake.inline_answers)


async def test_an_adapter_side_failure_is_apologised_in_the_users_language(
    bot: Bot, fake: FakeTelegram, core: Core
) -> None:
    """A send that fails on Telegram's side is apologised for in the language of the user's app
    (Russian), with the reference id."""
    fake.fail("sendMessage", 400, "Bad Request: something unexpected")
    sent = await say(fake, "/skills", 2005, language="ru")
    ru = in_language(core.catalog, "ru").phrases
    assert first_line(sent[0]["text"]) == ru.apology_title != EN.apology_title
    assert re.search(r"\b[0-9a-f]{8}\b", sent[0]["text"])


@pytest.fixture(scope="module")
def big_russian(tmp_path_factory: pytest.TempPathFactory) -> Core:
    """The shipped content, whose Russian is complete, replicated 100 times with its Russian."""
    return largest_russian(Path(tmp_path_factory.mktemp("big-ru")))


async def test_russian_replies_at_the_largest_content_fit_telegram(big_russian: Core) -> None:
    """At 100 times the shipped content, Russian replies (list pages, the longest details,
    roadmaps, comparisons, the quiz to its result, a checklist, progress over many roles) render
    as messages of at most 4,096 characters (UTF-16, after entity parsing) with callback_data of
    at most 64 bytes and a Russian share button; a Russian reply longer than a message is split
    into several such messages and loses no word."""
    replies = await russian_replies(big_russian, "telegram")
    replies += await russian_stateful_replies(big_russian, "telegram")
    huge = longer_than_a_message(replies)
    phrases = in_language(big_russian.catalog, "ru").phrases
    for reply in [*replies, huge]:
        rendered = render(reply, links.share_url("CareerTestBot", reply), phrases)
        for message in rendered.messages:
            assert utf16_len(parse_html(message)) <= MAX_MESSAGE, reply.title
        for row in rendered.markup.inline_keyboard if rendered.markup else ():
            for button in row:
                assert button.url or 1 <= len(str(button.callback_data).encode()) <= 64, reply.title
                assert not button.url or button.text == phrases.btn_share, reply.title
    messages = render(huge).messages
    assert len(messages) >= 3
    shown = WORD.findall(" ".join(parse_html(m) for m in messages))
    words = [w for w in WORD.findall(plain_text_of(huge)) if CYRILLIC.search(w)]
    assert len(words) > 1000
    assert set(words) <= set(shown)
