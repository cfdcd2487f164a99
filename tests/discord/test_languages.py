"""Languages on Discord, end to end: the real discord.py client against the fake Discord, a core
with the SQLite store serving the three-language test content (tests/multilingual.py).

An interaction carries the asker's ``locale`` (a message none: a Community server's locale
stands in); ``/language`` overrides it; Russian replies at 100 times the shipped content stay
within Discord's limits.  The localized slash commands themselves: test_localized_commands.py.
"""

from __future__ import annotations

import copy
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.config import Config
from adapters.discord.render import NO_MENTIONS, render
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.i18n.formatting import language_name
from bot.phrases import EN
from bot.replies import Reply
from bot.request import Request
from bot.store import SqliteStore
from tests.discord.conftest import Bot, running
from tests.fakes.discord_api import (
    BOT_ID,
    GUILD_ID,
    FakeDiscord,
    Interaction,
    message_problems,
    user,
)
from tests.multilingual import (
    CYRILLIC,
    in_language,
    largest_russian,
    longer_than_a_message,
    plain_text_of,
    russian_replies,
    russian_stateful_replies,
    write_multilingual,
)

ALICE = user(4242, "alice")
ENGINEER, VISION = "language-engineer", "vision-engineer"
SPANISH, RUSSIAN = ("es-ES", "es-419"), ("ru",)
WORD = re.compile(r"\w+")
CASES = {
    "es": {
        "role": "ingeniero de lenguaje",
        "other": "ingeniera de visión",
        "question": "¿cuánto gana un ingeniero de lenguaje?",
        "comparison": "ingeniero de lenguaje frente a ingeniera de visión",
    },
    "ru": {
        "role": "инженер nlp",
        "other": "инженер по зрению",
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
async def bot(pointed: FakeDiscord, core: Core, settings: Config) -> AsyncIterator[Bot]:
    """careerbot on the fake Discord, over that core."""
    async with running(pointed, core, settings) as started:
        yield started


def title(message: dict[str, Any]) -> str:
    """The first embed's title as Discord shows it (Markdown escapes undone)."""
    return re.sub(r"\\(.)", r"\1", message["embeds"][0].get("title") or "")


def text_of(message: dict[str, Any]) -> str:
    """Everything the message's embeds show (titles, descriptions, fields, footers)."""
    parts: list[str] = []
    for embed in message["embeds"]:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


def labels(message: dict[str, Any]) -> list[str]:
    """The labels of the message's buttons and select-menu options."""
    found = []
    for component in (c for row in message["components"] for c in row["components"]):
        if component["type"] == 3:
            found += [o["label"] for o in component["options"]]
        else:
            found.append(component["label"])
    return found


async def choose(fake: FakeDiscord, message: dict[str, Any], label: str, locale: str) -> Interaction:
    """Press the button, or pick the select-menu option, labelled ``label``, from ``locale``."""
    for component in (c for row in message["components"] for c in row["components"]):
        if component["type"] == 3:
            for option in component["options"]:
                if option["label"] == label:
                    values = [option["value"]]
                    return await fake.press(message, component["custom_id"], values=values, locale=locale)
        elif component["label"] == label:
            return await fake.press(message, component["custom_id"], locale=locale)
    raise AssertionError(f"no component {label!r} in {labels(message)}")


async def slash(fake: FakeDiscord, name: str, locale: str, **options: Any) -> dict[str, Any]:
    """Run ``/name`` from a Discord in ``locale``; return (a snapshot of) the bot's answer."""
    record = await fake.slash(name, options or None, who=ALICE, locale=locale)
    return copy.deepcopy((await fake.answered(record))[0])


@pytest.mark.parametrize("locale", [*SPANISH, *RUSSIAN])
async def test_a_user_gets_their_discords_language(
    bot: Bot, pointed: FakeDiscord, core: Core, locale: str
) -> None:
    """A user whose Discord is in Spanish (es-ES, es-419) or Russian gets that language for /salary,
    /careers (its select menu's placeholder too), a salary question and a comparison (/ask), a
    button press and the quiz's first step;
    autocomplete matches and names roles in it."""
    lang = "ru" if locale in RUSSIAN else "es"
    local = in_language(core.catalog, lang)
    p, case = local.phrases, CASES[lang]
    engineer, vision = local.careers[ENGINEER].name, local.careers[VISION].name
    salary_title = p.salary_role_title.format(name=engineer)

    answer = await slash(pointed, "salary", locale, role=case["role"])
    assert title(answer) == salary_title
    salary = local.careers[ENGINEER].salary
    assert local.money(salary.low, salary.currency) in text_of(answer)
    assert title(await slash(pointed, "ask", locale, question=case["question"])) == salary_title
    compared = await slash(pointed, "ask", locale, question=case["comparison"])
    assert title(compared) == p.compare_title.format(a=engineer, b=vision)
    both = await slash(pointed, "compare", locale, first=case["role"], second=case["other"])
    assert title(both) == title(compared)

    menu = await slash(pointed, "careers", locale)
    assert title(menu) == p.list_careers_title
    menus = [c for row in menu["components"] for c in row["components"] if c["type"] == 3]
    assert [m["placeholder"] for m in menus] == [p.menu_placeholder]
    pressed = (await pointed.answered(await choose(pointed, menu, engineer, locale)))[0]
    assert title(pressed) == engineer

    quiz = await slash(pointed, "quiz", locale)
    assert title(quiz) == f"{local.quiz.title} · {p.quiz_question.format(number=1, total=6)}"
    assert labels(quiz)[0] == local.quiz.questions[0].answers[0].label
    assert labels(quiz)[0] != core.catalog.quiz.questions[0].answers[0].label

    record = await pointed.autocomplete("careers", "role", case["role"][:6], locale=locale)
    assert engineer in [c["name"] for c in await pointed.suggested(record)]
    assert pointed.rejections == []


async def test_an_unsupported_locale_falls_back_to_english(bot: Bot, pointed: FakeDiscord) -> None:
    """A user whose Discord is in Japanese (which careerbot does not speak) gets English, without
    an error, for commands, questions and autocomplete."""
    answer = await slash(pointed, "salary", "ja", role="language engineer")
    assert title(answer) == EN.salary_role_title.format(name="Language Engineer")
    asked = await slash(pointed, "ask", "ja", question="how much does a vision engineer earn?")
    assert title(asked) == EN.salary_role_title.format(name="Vision Engineer")
    assert title(await slash(pointed, "careers", "ja")) == EN.list_careers_title
    record = await pointed.autocomplete("careers", "role", "langu", locale="ja")
    assert "Language Engineer" in [c["name"] for c in await pointed.suggested(record)]
    assert pointed.rejections == []


async def test_language_command_overrides_the_discord_locale(
    bot: Bot, pointed: FakeDiscord, core: Core
) -> None:
    """A user whose Discord is in Spanish picks Russian with /language ru: later commands, a button
    of a Spanish message pressed after switching, and messages in a DM (which carry no locale) are
    Russian."""
    es, ru = in_language(core.catalog, "es"), in_language(core.catalog, "ru")
    spanish = await slash(pointed, "careers", "es-ES")
    assert title(spanish) == es.phrases.list_careers_title
    chosen = await slash(pointed, "language", "es-ES", language="ru")
    assert ru.phrases.language_set.format(language=language_name("ru")) in text_of(chosen)

    answer = await slash(pointed, "salary", "es-ES", role="инженер nlp")
    assert title(answer) == ru.phrases.salary_role_title.format(name=ru.careers[ENGINEER].name)
    pressed = (await pointed.answered(await choose(pointed, spanish, es.careers[ENGINEER].name, "es-ES")))[0]
    assert title(pressed) == ru.careers[ENGINEER].name
    said = await pointed.say("сколько зарабатывает инженер по зрению?", dm=True, who=ALICE)
    reply = (await pointed.wait_replies(said))[0]
    assert title(reply) == ru.phrases.salary_role_title.format(name=ru.careers[VISION].name)
    assert pointed.rejections == []


async def test_mentions_follow_a_community_servers_locale(
    pointed: FakeDiscord, core: Core, settings: Config
) -> None:
    """A message carries no locale: in a Community server whose preferred locale is es-419 a mention
    is answered in Spanish; in a DM (no server) in DEFAULT_LANGUAGE, English."""
    pointed.guild_locales[GUILD_ID] = "es-419"
    es = in_language(core.catalog, "es")
    async with running(pointed, core, settings):
        said = await pointed.say(f"<@{BOT_ID}> ¿cuánto gana un ingeniero de lenguaje?")
        reply = (await pointed.wait_replies(said))[0]
        assert title(reply) == es.phrases.salary_role_title.format(name=es.careers[ENGINEER].name)
        said = await pointed.say("how much does a language engineer earn?", dm=True, who=user(4343, "bob"))
        reply = (await pointed.wait_replies(said))[0]
        assert title(reply) == EN.salary_role_title.format(name="Language Engineer")
    assert pointed.rejections == []


class ExplodingCore(Core):
    """A core that raises: stands for any bug between Discord and the reply."""

    async def respond(self, request: Request) -> Reply:
        raise RuntimeError("kaboom in the adapter path")


async def test_an_adapter_side_failure_is_apologised_in_the_users_language(
    pointed: FakeDiscord, multilingual: Catalog, settings: Config
) -> None:
    """An exception between Discord and the reply is apologised for in the language of the
    interaction's locale (Russian), with the reference id."""
    async with running(pointed, ExplodingCore(multilingual), settings):
        answer = (await pointed.answered(await pointed.slash("about", who=ALICE, locale="ru")))[0]
    ru = in_language(multilingual, "ru").phrases
    assert title(answer) == ru.apology_title != EN.apology_title
    assert len(answer["embeds"][0]["footer"]["text"].split()[-1].strip(".()")) == 8


@pytest.fixture(scope="module")
def big_russian(tmp_path_factory: pytest.TempPathFactory) -> Core:
    """The shipped content, whose Russian is complete, replicated 100 times with its Russian."""
    return largest_russian(Path(tmp_path_factory.mktemp("big-ru")))


def payloads(rendered: list[Any]) -> list[dict[str, Any]]:
    """The rendered messages as the JSON Discord would get."""
    out = []
    for message in rendered:
        view = message.view
        out.append(
            {
                "embeds": [e.to_dict() for e in message.embeds],
                "components": view.to_components() if view else [],
                "allowed_mentions": NO_MENTIONS.to_dict(),
            }
        )
    return out


async def test_russian_replies_at_the_largest_content_fit_discord(big_russian: Core) -> None:
    """At 100 times the shipped content, Russian replies (list pages, the longest details,
    roadmaps, comparisons, the quiz to its result, a checklist, progress over many roles; split
    fields named in Russian) render within every embed and component limit; a Russian reply longer
    than a message is split into several valid messages and loses no word."""
    replies = await russian_replies(big_russian, "discord")
    replies += await russian_stateful_replies(big_russian, "discord")
    huge = longer_than_a_message(replies)
    phrases = in_language(big_russian.catalog, "ru").phrases
    for reply in [*replies, huge]:
        for payload in payloads(render(reply, phrases)):
            assert message_problems(payload) == [], reply.title
    sent = payloads(render(huge, phrases))
    assert len(sent) >= 2
    embeds = [e for p in sent for e in p["embeds"]]
    parts = [str(e.get("title") or "") + " " + str(e.get("description") or "") for e in embeds]
    parts += [f"{f['name']} {f['value']}" for e in embeds for f in e.get("fields", [])]
    parts += [str((e.get("footer") or {}).get("text") or "") for e in embeds]
    words = [w for w in WORD.findall(plain_text_of(huge)) if CYRILLIC.search(w)]
    assert len(words) > 1000
    assert set(words) <= set(WORD.findall(" ".join(parts)))
