"""Content translations (tests/fixtures/catalog/locales): overlays by id, English fallback field by
field, coverage, one catalog per language with its own index, cues, speller and passages, reloads
and `content check`'s coverage.  Broken translations: tests/core/test_translation_errors.py."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from adapters.reload import snapshot
from bot.content.catalog import Catalog
from bot.content.cues import CueBook
from bot.content.live import LiveCatalog
from bot.content.loader import load_catalog
from bot.phrases import EN
from bot.text import key
from tests.content import FIXTURE_CONTENT


def test_every_language_of_the_folder_is_reachable(catalog: Catalog) -> None:
    """The English catalog lists its languages and returns the one a code or platform tag asks
    for; English, None and unsupported languages give English; each translation leads back."""
    assert catalog.languages == ("en", "es", "ru")
    assert catalog.language == "en"
    es = catalog.for_language("es")
    assert es.language == "es"
    assert catalog.for_language("es-419") is es
    assert catalog.for_language("ES") is es
    for other in ("en", "en-GB", "pt-BR", None, "", "garbage!"):
        assert catalog.for_language(other) is catalog
    assert es.for_language("en") is catalog
    assert es.for_language("ru") is catalog.for_language("ru")
    assert es.version == catalog.version


def test_translated_fields_replace_english_and_the_rest_is_english(catalog: Catalog) -> None:
    """A translated field replaces the English one; a field or entity left out stays English;
    ids, links, numbers and stages always come from English."""
    es = catalog.for_language("es")
    assert es.careers["data-analyst"].name == "Analista de datos"
    assert es.careers["data-analyst"].workplaces == ("Banca", "Seguros", "Sector público")
    assert es.careers["data-analyst"].salary == catalog.careers["data-analyst"].salary
    assert es.careers["data-analyst"].skills == catalog.careers["data-analyst"].skills
    python = es.skills["python-scripting"]
    assert python.name == "Programación en Python"
    assert python.why == catalog.skills["python-scripting"].why
    assert python.stage == "foundation"
    assert es.skills["matrix-methods"].summary == catalog.skills["matrix-methods"].summary
    assert es.skills["toolkits"] == catalog.skills["toolkits"]
    assert es.about.data_volume.period == "hora"
    assert es.quiz == catalog.quiz
    assert list(es.careers) == list(catalog.careers)
    assert es.name_of("career", "data-analyst") == "Analista de datos"
    assert es.refs("skill")[0].name == "Programación en Python"
    assert catalog.careers["data-analyst"].name == "Data Analyst"


def test_coverage_counts_fields_and_names_the_gaps(catalog: Catalog) -> None:
    """Coverage counts each English text field (or list) once; Spanish has all 6 careers x 5 fields,
    all 9 of about.yaml and 4 fields of two skills: 43 fields; the gaps are named by id."""
    es = catalog.coverage["es"]
    assert es.content_done == 6 * 5 + 9 + 4
    assert es.content_total == catalog.coverage["ru"].content_total
    assert "skills.yaml: skills[python-scripting].why" in es.gaps
    assert "quiz.yaml: quiz.questions[interest].answers[pictures].label" in es.gaps
    assert not [g for g in es.gaps if g.startswith(("careers.yaml", "about.yaml"))]
    assert es.summary() == (
        f"es: phrases {es.phrases_percent}%, content {es.content_percent}% "
        f"({es.content_done}/{es.content_total} fields)"
    )
    assert not es.complete


def test_a_language_finds_translated_english_and_accent_free_names(catalog: Catalog) -> None:
    """The Spanish index resolves Spanish names and aliases, the English ones too (mixed input), and
    spellings without accents; the English index does not know the Spanish names."""
    es = catalog.for_language("es")
    for text, expected in [
        ("analista de datos", "data-analyst"),
        ("Data Analyst", "data-analyst"),
        ("ingeniera de vision por computadora", "vision-engineer"),
        ("ingeniera de integracion de drones y robots autonomos", "autonomy-systems-integrator"),
        ("cv", "vision-engineer"),
    ]:
        found = es.index.resolve("career", text).match
        assert found is not None, text
        assert found.id == expected, text
    assert es.index.resolve("career", "analista de datos").match == es.ref("career", "data-analyst")
    assert es.ref("career", "data-analyst").name == "Analista de datos"
    assert catalog.index.resolve("career", "analista de datos").match is None
    assert es.index.resolve("skill", "programacion").match == es.ref("skill", "python-scripting")


def test_a_language_has_its_cues_and_a_speller_for_its_words(catalog: Catalog) -> None:
    """Spanish cues add to the English ones for Spanish requests only; Russian words with a typo
    are corrected towards the Russian cue words; passages search the translated text."""
    es, ru = catalog.for_language("es"), catalog.for_language("ru")
    assert ("intent", "skills") in es.cues.lookup(key("habilidades"))
    assert ("intent", "salary") in es.cues.lookup("salary")
    assert ("topic", "example:crop-monitoring") in es.cues.lookup("cosecha")
    assert catalog.cues.lookup(key("habilidades")) == ()
    assert catalog.cues.lookup("cosecha") == ()
    assert ru.speller.word("навыкии") == "навыки"
    assert catalog.speller.word("навыкии") == "навыкии"
    hits = es.passages.search(["inventan", "diseños"])
    assert hits
    assert hits[0].topic == "career:research-scientist"
    assert ru.phrases.help_title == "Команды"
    assert ru.phrases.btn_skills == EN.btn_skills


def test_a_languages_cue_book_keeps_every_english_table(catalog: Catalog) -> None:
    """A language's compiled cues hold everything English's do, the grammar groups the rules read
    word by word, the words never corrected and the job-title endings included, plus its own."""
    en, es = catalog.cues, catalog.for_language("es").cues
    for table in dataclasses.fields(CueBook):
        english, merged = getattr(en, table.name), getattr(es, table.name)
        if isinstance(english, int):
            assert merged >= english, table.name
        else:
            assert english, table.name  # the fixture's English cues fill every table
            assert set(english) <= set(merged), table.name
        if isinstance(english, Mapping) and table.name == "groups":
            assert all(english[g] <= merged[g] for g in english), table.name
    assert en.group("salary") | {key("cuánto gana")} <= es.group("salary")
    assert key("cuánto gana") not in en.group("salary")


def copy_fixture(tmp_path: Path) -> Path:
    """A copy of the fixture catalog, translations included, to edit."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    return folder


def test_a_reload_brings_the_new_translations(tmp_path: Path) -> None:
    """Editing a translation is seen by the reload watcher, and the swapped-in catalog serves it
    in that language (the old catalog keeps its own); a served catalog has every language built."""
    folder = copy_fixture(tmp_path)
    loaded = load_catalog(folder)
    assert loaded.locales is not None
    assert loaded.locales.built == ("en",)  # translations are built on first use...
    live = LiveCatalog(loaded)
    assert loaded.locales.built == ("en", "es", "ru")  # ...or before a LiveCatalog serves them
    before = snapshot(folder)
    old = live.for_language("es")
    phrases = folder / "locales" / "es" / "phrases.yaml"
    phrases.write_text(phrases.read_text(encoding="utf-8").replace("Comandos", "Órdenes"), encoding="utf-8")
    assert snapshot(folder) != before
    live.swap(load_catalog(folder))
    assert live.for_language("es").phrases.help_title == "Órdenes"
    assert old.phrases.help_title == "Comandos"
    assert live.current.version != old.version


def test_a_field_english_leaves_out_may_be_translated_without_counting(tmp_path: Path) -> None:
    """A translation may fill an optional field English leaves empty (details of an application):
    it is shown, but coverage counts only what English has."""
    folder = copy_fixture(tmp_path)
    total = load_catalog(folder).coverage["ru"].content_total
    (folder / "locales/ru/examples.yaml").write_text(
        "schema_version: 1\nexamples:\n  - id: crop-monitoring\n    details: Снимки полей с дронов.\n",
        encoding="utf-8",
    )
    catalog = load_catalog(folder)
    assert catalog.for_language("ru").examples["crop-monitoring"].details == "Снимки полей с дронов."
    assert catalog.examples["crop-monitoring"].details is None
    assert catalog.coverage["ru"].content_total == total
    assert catalog.coverage["ru"].content_done == 7


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``careerbot content check`` as an admin would."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "content", "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_content_check_reports_coverage_per_language(catalog: Catalog) -> None:
    """`content check` prints each language's coverage and where it still falls back to English."""
    result = run_check(FIXTURE_CONTENT)
    assert result.returncode == 0, result.stderr
    es = catalog.coverage["es"]
    assert "languages: en, es, ru" in result.stdout
    assert f"  {es.summary()}\n" in result.stdout
    assert "still English in skills.yaml (" in result.stdout
    assert "skills[python-scripting].why" in result.stdout
