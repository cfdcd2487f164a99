"""Languages: platform tags, Babel number/money/plural formatting, and the phrases.yaml of each language.

Fixture phrases come from tests/fixtures/catalog/locales; the last tests read the SHIPPED
content/locales/*/phrases.yaml only (every key, the English placeholders, the right plural forms).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.content.problems import Collector
from bot.errors import ContentError, ContentProblem
from bot.i18n.formatting import (
    language_name,
    money,
    number,
    plural,
    plural_categories,
    plural_category,
    region_name,
)
from bot.i18n.languages import base_language, discover, language_of
from bot.i18n.phrasebook import FIELDS, load_phrases, placeholders
from bot.phrases import EN, Plural
from tests.content import FIXTURE_CONTENT

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "content"
NBSP = "\xa0"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("es", "es"),
        ("es-ES", "es"),
        ("es-419", "es"),
        ("ES_es", "es"),
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("EN_us", "en"),
        ("en-GB", "en"),
        ("pt-BR", None),
        ("zh-Hans-CN", None),
        ("", None),
        (None, None),
        ("!!", None),
        ("e", None),
        ("español", None),
        ("es-" + "x" * 80, None),
        ("12-34", None),
    ],
)
def test_platform_tags_map_to_a_supported_base_language(tag: str | None, expected: str | None) -> None:
    """Telegram's language_code and Discord's locale reduce to a base language; unsupported or
    garbage tags give None (the caller falls back to English) and never raise."""
    assert language_of(tag, ("en", "es", "ru")) == expected


def test_a_new_language_is_supported_by_its_folder_alone(tmp_path: Path) -> None:
    """Supported languages are the folders of locales/: pt-BR maps to pt once locales/pt exists;
    an old code a platform may send (iw) finds its current one (he)."""
    (tmp_path / "locales" / "pt").mkdir(parents=True)
    (tmp_path / "locales" / "he").mkdir()
    supported = ("en", *discover(tmp_path))
    assert supported == ("en", "he", "pt")
    assert language_of("pt-BR", supported) == "pt"
    assert language_of("iw", supported) == "he"
    assert base_language("pt_br") == "pt"


@pytest.mark.parametrize(
    ("lang", "whole", "cents"),
    [
        ("en", "$120,000", "$1,234.50"),
        ("es", f"120.000{NBSP}US$", f"1.234,50{NBSP}US$"),
        ("ru", f"120{NBSP}000{NBSP}$", f"1{NBSP}234,50{NBSP}$"),
        ("xx", "$120,000", "$1,234.50"),
    ],
)
def test_money_is_written_the_way_each_language_writes_it(lang: str, whole: str, cents: str) -> None:
    """A whole salary has no decimals in any language; other amounts keep them exactly; the
    figures are never rounded; an unknown language writes English."""
    assert money(120000, "USD", lang) == whole
    assert money(1234.5, "USD", lang) == cents


def test_numbers_group_digits_per_language() -> None:
    """Digit grouping and the decimal sign follow CLDR for each language."""
    assert number(1234567, "en") == "1,234,567"
    assert number(1234567, "es") == "1.234.567"
    assert number(1234567, "ru") == f"1{NBSP}234{NBSP}567"
    assert number(2.5, "ru") == "2,5"


def test_plural_categories_come_from_cldr() -> None:
    """English has one/other, Spanish one/many/other, Russian one/few/many/other; Russian picks
    them by the last digits (21 is 'one', 22 'few', 25 and 11 'many', 1.5 'other')."""
    assert plural_categories("en") == {"one", "other"}
    assert plural_categories("es") == {"one", "many", "other"}
    assert plural_categories("ru") == {"one", "few", "many", "other"}
    found = [plural_category(n, "ru") for n in (1, 2, 5, 11, 21, 22, 25, 1.5)]
    assert found == ["one", "few", "many", "many", "one", "few", "many", "other"]
    assert plural_category(1_000_000, "es") == "many"


def test_plural_fills_the_right_form(catalog: Catalog) -> None:
    """plural() picks the form for the count and fills {count} as a localized number."""
    assert plural(EN.progress_skills, 1, "en") == "1 skill"
    assert plural(EN.progress_skills, 1200, "en") == "1,200 skills"
    ru = catalog.for_language("ru")
    assert [ru.plural(ru.phrases.progress_skills, n) for n in (1, 3, 5, 21)] == [
        "1 навыка",
        "3 навыков",
        "5 навыков",
        "21 навыка",
    ]
    es = catalog.for_language("es")
    assert es.plural(es.phrases.progress_skills, 2) == "2 habilidades"
    assert es.money(97000, "USD") == f"97.000{NBSP}US$"


def test_region_and_language_names() -> None:
    """English keeps the content's region as written; other languages name it from CLDR;
    a language is named in itself."""
    assert region_name("US", "en") == "US"
    assert region_name("US", "es") == "Estados Unidos"
    assert region_name("Remote", "ru") == "Remote"
    assert (language_name("es"), language_name("ru"), language_name("ru", "en")) == (
        "español",
        "русский",
        "Russian",
    )


def test_placeholders_are_the_format_fields() -> None:
    """Placeholders are the names of str.format fields, with attribute and format parts dropped."""
    assert placeholders("{a} and {b.c} at {d:>3}, {{literal}}") == {"a", "b", "d"}


def test_fixture_phrases_fall_back_to_english_key_by_key(catalog: Catalog) -> None:
    """A partial phrases.yaml gives its own phrases and English for every other key; plural phrases
    become Plural values with the language's forms; coverage counts the keys."""
    es = catalog.for_language("es")
    assert es.phrases.help_title == "Comandos"
    assert es.phrases.start_title == EN.start_title
    assert es.phrases.progress_skills == Plural(
        one="{count} habilidad", many="{count} de habilidades", other="{count} habilidades"
    )
    coverage = catalog.coverage["es"]
    assert coverage.phrases_total == len(dataclasses.fields(EN)) == len(FIELDS)
    assert coverage.phrases_done == 8
    assert "phrases.yaml: start_title" in coverage.gaps
    assert "phrases.yaml: help_title" not in coverage.gaps
    assert catalog.phrases is EN


def _broken_phrases(tmp_path: Path, lang: str, text: str) -> tuple[ContentProblem, ...]:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    (folder / "locales" / lang / "phrases.yaml").write_text(
        f"schema_version: 1\nphrases:\n  help_title: Fine\n{text}", encoding="utf-8"
    )
    with pytest.raises(ContentError) as info:
        load_catalog(folder)
    return info.value.problems


@pytest.mark.parametrize(
    ("lang", "text", "path", "message", "line"),
    [
        ("es", "  help_titel: Comandos\n", "phrases.help_titel", "unknown key", 4),
        ("es", '  salary_range: "{low} a {hihg} al año"\n', "phrases.salary_range", "unknown {hihg}", 4),
        ("es", '  salary_range: "hasta {high}"\n', "phrases.salary_range", "missing {low}", 4),
        ("es", '  btn_path: "   "\n', "phrases.btn_path", "empty text", 4),
        ("es", "  btn_path:\n", "phrases.btn_path", "empty text", 4),
        ("es", "  btn_path: 42\n", "phrases.btn_path", "text expected", 4),
        ("es", '  btn_path: "Ruta {name"\n', "phrases.btn_path", "not a valid template", 4),
        ("es", "  btn_start: " + "x" * 41 + "\n", "phrases.btn_start", "at most 40", 4),
        ("es", "  desc_help: " + "x" * 101 + "\n", "phrases.desc_help", "at most 100", 4),
        ("es", "  help_footer: " + "x" * 2001 + "\n", "phrases.help_footer", "at most 2000", 4),
        ("es", "  btn_start:\n    one: Uno\n    other: Otros\n", "phrases.btn_start", "not plural forms", 4),
        ("es", '  progress_skills: "{count} habilidades"\n', "phrases.progress_skills", "plural phrase", 4),
        (
            "es",
            '  progress_skills:\n    one: "{count} a"\n    few: "{count} b"\n    other: "{count} c"\n',
            "phrases.progress_skills",
            "missing many; not used in es: few",
            4,
        ),
        (
            "ru",
            '  progress_skills:\n    one: "{count} a"\n    other: "{count} b"\n',
            "phrases.progress_skills",
            "plural categories of ru are one, few, many, other (missing few, many)",
            4,
        ),
        (
            "es",
            '  progress_skills:\n    one: "{count} a"\n    plural: "{count} b"\n',
            "phrases.progress_skills.plural",
            "not a plural category",
            6,
        ),
        (
            "es",
            '  progress_skills:\n    one: "una"\n    many: "{count} b"\n    other: "{count} c"\n',
            "phrases.progress_skills.one",
            "missing {count}",
            5,
        ),
        ("es", "  help_title: Otra vez\n", "phrases.help_title", "duplicate key", 4),
    ],
)
def test_each_kind_of_broken_phrase_is_located(
    tmp_path: Path, lang: str, text: str, path: str, message: str, line: int
) -> None:
    """Unknown keys, placeholders unlike English, empty or non-text values, malformed templates,
    labels too long for the platforms, plain/plural mix-ups, plural categories the language does not
    have or lacks, and duplicate keys are each reported with file, line and key path."""
    found = _broken_phrases(tmp_path, lang, text)
    match = [p for p in found if p.path == path]
    assert match, [str(p) for p in found]
    assert match[0].file == f"locales/{lang}/phrases.yaml"
    assert match[0].line == line, str(match[0])
    assert message in match[0].message, str(match[0])
    assert str(match[0]).startswith(f"locales/{lang}/phrases.yaml:{line}: {path}: ")


def test_a_language_without_phrases_is_all_english(tmp_path: Path) -> None:
    """A translation folder without phrases.yaml is valid: every phrase is English, 0% covered."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    (folder / "locales" / "ru" / "phrases.yaml").unlink()
    catalog = load_catalog(folder)
    assert catalog.for_language("ru").phrases == EN
    assert catalog.coverage["ru"].phrases_percent == 0


SHIPPED_LANGUAGES = sorted(p.parent.name for p in (SHIPPED / "locales").glob("*/phrases.yaml"))


def test_spanish_and_russian_ship_phrases() -> None:
    """The shipped content has a phrases.yaml for Spanish and for Russian."""
    assert {"es", "ru"} <= set(SHIPPED_LANGUAGES)


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_shipped_phrases_are_complete(lang: str) -> None:
    """SHIPPED content/locales/<lang>/phrases.yaml (only that file is read): valid, every Phrases key
    translated, each with English's placeholders and, for plurals, exactly the language's CLDR forms."""
    col = Collector()
    loaded = load_phrases(col, SHIPPED, lang)
    assert [str(p) for p in col.problems] == []
    assert loaded.missing == ()
    for name, is_plural in FIELDS.items():
        value = getattr(loaded.phrases, name)
        english = getattr(EN, name)
        if is_plural:
            assert value.categories == plural_categories(lang), name
            for category in value.categories:
                assert placeholders(value.form(category)) == placeholders(english.other), name
        else:
            assert placeholders(value) == placeholders(english), name
            assert value.strip(), name
