"""Slash commands in every language, on the fake Discord with the real discord.py client: the
registered commands carry ``description_localizations`` and choices' ``name_localizations`` for
es-ES, es-419 and ru from the phrases (names stay English), the fake refuses what Discord refuses,
and the sync-only-when-changed hash covers the localizations."""

from __future__ import annotations

import copy
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.config import Config
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.phrases import EN
from tests.discord.conftest import Bot, running
from tests.fakes.discord_api import FakeDiscord, command_problems
from tests.multilingual import in_language, write_multilingual


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The fixture catalog with complete Spanish and Russian UI phrases (tests/multilingual.py)."""
    return load_catalog(write_multilingual(tmp_path_factory.mktemp("i18n") / "content"))


@pytest.fixture
def core(multilingual: Catalog) -> Core:
    """A core serving the three-language content."""
    return Core(multilingual)


@pytest.fixture
async def bot(pointed: FakeDiscord, core: Core, settings: Config) -> AsyncIterator[Bot]:
    """careerbot on the fake Discord, over that core."""
    async with running(pointed, core, settings) as started:
        yield started


def by_name(fake: FakeDiscord) -> dict[str, dict[str, Any]]:
    """The commands of the last sync, by name."""
    return {c["name"]: c for c in fake.command_puts[-1][1]}


async def test_commands_are_registered_with_their_localizations(
    bot: Bot, pointed: FakeDiscord, core: Core
) -> None:
    """Every slash command's description, every option's description and /help's choices carry
    es-ES and es-419 (Spanish) and ru (Russian) localizations from the phrases, and no others;
    names stay English (no name localizations); the fake checked locales and lengths."""
    es, ru = in_language(core.catalog, "es").phrases, in_language(core.catalog, "ru").phrases
    commands = by_name(pointed)
    assert list(commands) == [spec.name for spec in core.table]
    for spec in core.table:
        cmd = commands[spec.name]
        assert cmd["description"] == spec.describe(EN)
        expected = {"es-ES": spec.describe(es), "es-419": spec.describe(es), "ru": spec.describe(ru)}
        assert cmd["description_localizations"] == expected, spec.name
        assert not cmd.get("name_localizations")
        options = {o["name"]: o for o in cmd["options"]}
        assert options["private"]["description_localizations"] == {
            "es-ES": es.arg_private,
            "es-419": es.arg_private,
            "ru": ru.arg_private,
        }
        for arg in (spec.argument, spec.second):
            if arg is not None:
                localized = options[arg.name]["description_localizations"]
                assert localized == {
                    "es-ES": arg.describe(es),
                    "es-419": arg.describe(es),
                    "ru": arg.describe(ru),
                }
                assert not options[arg.name].get("name_localizations")
    choices = {c["value"]: c for c in commands["help"]["options"][0]["choices"]}
    salary = core.table.get("salary")
    assert salary is not None
    assert choices["salary"]["name"] == f"/salary: {salary.describe(EN)}"
    assert choices["salary"]["name_localizations"]["ru"] == f"/salary: {salary.describe(ru)}"
    assert choices["salary"]["name_localizations"]["es-419"] == f"/salary: {salary.describe(es)}"
    assert pointed.rejections == []


def test_the_fake_refuses_localizations_discord_refuses() -> None:
    """Localizations in an unknown locale, localized names outside Discord's name rule, and
    localized descriptions or choice names outside 1-100 characters are rejected, as by Discord."""
    good = {
        "name": "salary",
        "description": "Salaries",
        "name_localizations": {"ru": "зарплата"},
        "description_localizations": {"es-ES": "Salarios", "es-419": "Salarios"},
        "options": [
            {
                "name": "role",
                "description": "A role",
                "type": 3,
                "description_localizations": {"ru": "Профессия"},
                "choices": [{"name": "NLP", "value": "nlp", "name_localizations": {"ru": "Инженер NLP"}}],
            }
        ],
    }
    assert command_problems(good) == []
    bad = copy.deepcopy(good)
    bad["name_localizations"] = {"es": "salario", "ru": "Зарплата в США"}
    bad["description_localizations"] = {"ru": "", "pt-BR": "x" * 101}
    bad["options"][0]["description_localizations"] = {"ja": "x" * 101}
    bad["options"][0]["choices"][0]["name_localizations"] = {"ru": "x" * 101, "xx": "y"}
    problems = command_problems(bad)
    assert len(problems) == 7, problems


async def test_a_changed_phrase_means_a_new_sync(
    pointed: FakeDiscord, settings: Config, tmp_path: Path
) -> None:
    """The sync-only-when-changed hash covers the localizations: the same tree is not synced twice,
    a Russian description reworded in phrases.yaml is synced, with the new wording."""
    folder = write_multilingual(tmp_path / "content")
    async with running(pointed, Core(load_catalog(folder)), settings):
        pass
    async with running(pointed, Core(load_catalog(folder)), settings):
        pass
    assert len(pointed.command_puts) == 1
    phrases = folder / "locales" / "ru" / "phrases.yaml"
    text = phrases.read_text(encoding="utf-8")
    reworded = "Сколько платят в США за профессии глубокого обучения"
    changed = re.sub(r'^  desc_salary: ".*"$', f'  desc_salary: "{reworded}"', text, count=1, flags=re.M)
    assert changed != text
    phrases.write_text(changed, encoding="utf-8")
    async with running(pointed, Core(load_catalog(folder)), settings):
        pass
    assert len(pointed.command_puts) == 2
    assert by_name(pointed)["salary"]["description_localizations"]["ru"] == reworded
    assert pointed.rejections == []


async def test_the_base_texts_follow_default_language(
    pointed: FakeDiscord, multilingual: Catalog, settings: Config
) -> None:
    """With DEFAULT_LANGUAGE=es the texts Discord shows by default are Spanish, English Discords
    (en-US, en-GB) get English localizations, and Spanish ones need none."""
    core = Core(multilingual, default_language="es")
    es = in_language(core.catalog, "es").phrases
    async with running(pointed, core, settings):
        pass
    salary = core.table.get("salary")
    assert salary is not None
    cmd = by_name(pointed)["salary"]
    assert cmd["description"] == salary.describe(es)
    localized = cmd["description_localizations"]
    assert localized["en-US"] == localized["en-GB"] == salary.describe(EN)
    assert "es-ES" not in localized
    assert "es-419" not in localized
    assert pointed.rejections == []
