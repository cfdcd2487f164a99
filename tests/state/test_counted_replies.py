"""Replies that count things use CLDR plural forms in the user's language (Russian one, few, many).

The catalog is the three-language test content (tests/multilingual.py: the fixture catalog with the
shipped Spanish and Russian phrases).  Expected words are read from the loaded Russian phrases, form
by form, so the tests pin which form each count takes, not a translator's wording.
"""

from __future__ import annotations

import pytest

from bot.admin import ReloadResult, reload_reply
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.flows.checklist import mark_action
from bot.flows.service import StateService
from bot.phrases import Plural
from bot.replies import Reply
from bot.store import MemoryStore
from bot.text import MAX_INPUT_CHARS
from tests.multilingual import in_language, plain_text_of, write_multilingual
from tests.talk import press_on, text_to

RU_FORMS = {1: "one", 3: "few", 5: "many", 21: "one", 22: "few", 1000: "many"}
"""Counts and their Russian plural category (CLDR)."""


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The three-language test catalog, loaded once."""
    return load_catalog(write_multilingual(tmp_path_factory.mktemp("content") / "c"))


def form(phrase: Plural, category: str, count: object) -> str:
    """The ``category`` form of ``phrase`` filled with ``count`` (checked to exist in the phrase)."""
    assert category in phrase.categories, f"no {category} form in {phrase}"
    return phrase.form(category).format(count=count)


async def russian_user(core: Core, user: str) -> None:
    """Make ``user`` a Russian speaker through /language."""
    chosen = await text_to(core, "/language ru", platform="telegram", user_id=user)
    assert chosen is not None
    assert not chosen.is_error


async def mark(core: Core, user: str, role: str, skills: list[str]) -> None:
    """Tick ``skills`` on ``role``'s checklist for ``user``."""
    for skill in skills:
        reply = await press_on(core, mark_action(skill, role, True).pack(), platform="telegram", user_id=user)
        assert not reply.is_error, reply.title


@pytest.mark.parametrize("count", [1, 3, 5])
async def test_forgetme_counts_skill_marks_and_checklists_in_russian(
    multilingual: Catalog, count: int
) -> None:
    """/forgetme in Russian says "1 отметку", "3 отметки", "5 отметок" (one, few, many), and counts
    the checklists with their own forms (1 чек-лист, 3 чек-листа, 5 чек-листов)."""
    core = Core(multilingual, state=StateService(MemoryStore()))
    ru = in_language(multilingual, "ru")
    await russian_user(core, "9")
    picked: list[str] = []
    for role in list(multilingual.careers)[:count]:  # one new skill on each of `count` checklists
        skill = next(s for s in multilingual.careers[role].skills if s not in picked)
        picked.append(skill)
        await mark(core, "9", role, [skill])
    reply = await text_to(core, "/forgetme", platform="telegram", user_id="9")
    assert reply is not None
    text = plain_text_of(reply)
    assert form(ru.phrases.forget_skills, RU_FORMS[count], count) in text, text
    assert form(ru.phrases.forget_checklists, RU_FORMS[count], count) in text, text
    assert "(s)" not in text
    assert "{" not in text


async def test_progress_counts_each_roles_skills_in_russian(multilingual: Catalog) -> None:
    """/progress in Russian names each role's total with the right form: data-analyst's 4 skills
    take the few form, language-engineer's 5 the many form ("из 4 навыков" / "из 5 навыков")."""
    core = Core(multilingual, state=StateService(MemoryStore()))
    ru = in_language(multilingual, "ru")
    await russian_user(core, "8")
    marked = {
        multilingual.careers["data-analyst"].skills[0],
        multilingual.careers["language-engineer"].skills[0],
    }
    await mark(core, "8", "data-analyst", [multilingual.careers["data-analyst"].skills[0]])
    await mark(core, "8", "language-engineer", [multilingual.careers["language-engineer"].skills[0]])
    reply = await text_to(core, "/progress", platform="telegram", user_id="8")
    assert reply is not None
    text = plain_text_of(reply)
    for role, total, category in (("data-analyst", 4, "few"), ("language-engineer", 5, "many")):
        skills = form(ru.phrases.progress_skills, category, total)
        have = len(marked & set(multilingual.careers[role].skills))
        heading = ru.phrases.progress_role_counted.format(
            name=ru.careers[role].name, have=have, skills=skills
        )
        assert heading in text, (heading, text)


def test_progress_counts_in_english_and_spanish_too(multilingual: Catalog) -> None:
    """The same counted heading in English and Spanish picks their forms (5 skills, 5 habilidades)."""
    for lang, words in (("en", "1 of 5 skills"), ("es", "1 de 5 habilidades")):
        catalog = multilingual.for_language(lang)
        skills = catalog.plural(catalog.phrases.progress_skills, 5)
        assert catalog.phrases.progress_role_counted.format(name="X", have=1, skills=skills) == f"X: {words}"


@pytest.mark.parametrize("count", [1, 3, 5, 21, 22])
def test_a_failed_reload_counts_its_problems_in_russian(multilingual: Catalog, count: int) -> None:
    """The admin's failed-reload reply says "1 проблема", "3 проблемы", "5 проблем", "21 проблема"."""
    ru = in_language(multilingual, "ru")
    reply = reload_reply(ReloadResult(False, "v7", tuple(f"p{i}" for i in range(count))), ru)
    text = plain_text_of(reply)
    assert form(ru.phrases.reload_problems, RU_FORMS[count], count) in text
    assert "v7" in text
    assert reply.is_error


async def test_a_long_message_footer_counts_characters_in_each_language(multilingual: Catalog) -> None:
    """A message cut to MAX_INPUT_CHARS says so with the counted figure in the language's digits:
    "1,000 characters", Spanish "1.000" with its other form, Russian "1 000" with its many form."""
    core = Core(multilingual)
    assert RU_FORMS[MAX_INPUT_CHARS] == "many"
    for lang, category, figure in (
        ("en", "other", "1,000"),
        ("es", "other", "1.000"),
        ("ru", "many", "1\xa0000"),
    ):
        phrase = multilingual.for_language(lang).phrases.ask_characters
        reply: Reply | None = await text_to(core, "what is " + "x" * 2000, language=lang)
        assert reply is not None
        assert reply.footer is not None
        assert form(phrase, category, figure) in reply.footer, (lang, reply.footer)
