"""Content translations (tests/fixtures/catalog/locales): overlays by id, English fallback field by
field, coverage, one catalog per language with its own index, cues, speller and passages, reloads,
`content check`, and every kind of broken translation located by file, line and key path; last,
the one-pass YAML reader that keeps loading three languages fast."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from adapters.reload import snapshot
from bot.content.catalog import Catalog
from bot.content.live import LiveCatalog
from bot.content.loader import load_catalog
from bot.content.yamlfile import MAX_NODES, YamlReadError, read_yaml
from bot.errors import ContentError, ContentProblem
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


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    return folder


def test_a_reload_brings_the_new_translations(tmp_path: Path) -> None:
    """Editing a translation is seen by the reload watcher, and the swapped-in catalog serves it
    in that language (the old catalog keeps its own); a served catalog has every language built."""
    folder = _copy(tmp_path)
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


def _problems(folder: Path) -> tuple[ContentProblem, ...]:
    with pytest.raises(ContentError) as info:
        load_catalog(folder)
    return info.value.problems


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CAREERS = "locales/es/careers.yaml"


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "path", "message"),
    [
        (CAREERS, "  - id: data-analyst", "  - id: data-analist", 19, "careers[1].id", "unknown career id"),
        (
            CAREERS,
            "  - id: data-analyst",
            "  - id: research-scientist",
            19,
            "careers[1].id",
            "duplicate career id",
        ),
        (CAREERS, "    name: Analista de datos", "    nmae: Analista", 20, "careers[1].nmae", "unknown key"),
        (CAREERS, "    name: Analista de datos", "    name: '  '", 20, "careers[1].name", "at least 1"),
        (CAREERS, "    name: Analista de datos", "    name: 5", 20, "careers[1].name", "valid string"),
        (
            CAREERS,
            "    name: Analista de datos",
            "    name: Analista de datos\n    salary:\n      low: 1",
            21,
            "careers[1].salary",
            "not translated",
        ),
        (
            CAREERS,
            "    name: Analista de datos",
            "    name: Analista de datos\n    skills: [toolkits]",
            21,
            "careers[1].skills",
            "not translated",
        ),
        (
            CAREERS,
            "    name: Analista de datos",
            "    name: Data Analyst\n    name: X",
            21,
            "careers[1].name",
            "duplicate key",
        ),
        (
            CAREERS,
            "      - especialista en analítica",
            "      - mlops",
            22,
            "careers[1].aliases[0]",
            "already used by career 'mlops-engineer'",
        ),
        (
            CAREERS,
            "      - especialista en analítica",
            "      - programación",
            22,
            "careers[1].aliases[0]",
            "already used by skill",
        ),
        (CAREERS, "schema_version: 1", "schema_version: 2", 2, "schema_version", "must be 1"),
        (
            "locales/es/skills.yaml",
            "    name: Métodos matriciales",
            "    stage: core",
            14,
            "skills[1].stage",
            "not translated",
        ),
        (
            "locales/es/skills.yaml",
            "    name: Métodos matriciales",
            "    name: Métodos matriciales\n    careers: [data-analyst]",
            15,
            "skills[1].careers",
            "not translated",
        ),
        (
            "locales/es/cues.yaml",
            "    example:crop-monitoring:",
            "    example:crop-monitor:",
            8,
            "cues.topics.example:crop-monitor",
            "unknown example id",
        ),
        (
            "locales/es/cues.yaml",
            "[cultivos, cosecha]",
            "[cultivos, robots]",
            8,
            "cues.topics.example:crop-monitoring[1]",
            "already points to example:warehouse-robots",
        ),
        (
            "locales/ru/careers.yaml",
            "      - машинное зрение",
            "      - машинное зрение\n      - машинное зрение",
            24,
            "careers[1].aliases[2]",
            "duplicate alias",
        ),
    ],
)
def test_each_kind_of_broken_translation_is_located(
    tmp_path: Path, file: str, old: str, new: str, line: int, path: str, message: str
) -> None:
    """Unknown and duplicate ids, unknown keys, empty or non-text values, untranslatable keys (salary,
    links, stage, an id outside a list), duplicate YAML keys, names clashing with another entity's,
    a wrong schema version and bad cue words each give a problem with file, line and key path."""
    folder = _copy(tmp_path)
    _edit(folder, file, old, new)
    found = _problems(folder)
    match = [p for p in found if p.file == file and p.path == path]
    assert match, [str(p) for p in found]
    assert match[0].line == line, str(match[0])
    assert message in match[0].message, str(match[0])


def test_a_field_english_leaves_out_may_be_translated_without_counting(tmp_path: Path) -> None:
    """A translation may fill an optional field English leaves empty (details of an application):
    it is shown, but coverage counts only what English has."""
    folder = _copy(tmp_path)
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


def test_a_translated_quiz_answer_needs_a_known_id(tmp_path: Path) -> None:
    """Quiz questions and their answers are matched by id: an unknown answer id is located."""
    folder = _copy(tmp_path)
    (folder / "locales/es/quiz.yaml").write_text(
        "schema_version: 1\nquiz:\n  title: Test\n  questions:\n    - id: interest\n      answers:\n"
        "        - id: pictures\n          label: Fotos\n        - id: films\n          label: Cine\n",
        encoding="utf-8",
    )
    found = _problems(folder)
    assert [str(p) for p in found] == [
        "locales/es/quiz.yaml:9: quiz.questions[0].answers[1].id: unknown answer id 'films': "
        "the English file has no such answer"
    ]


def test_badly_named_folders_and_files_are_reported(tmp_path: Path) -> None:
    """A folder that is not a base language code, an 'en' folder, a language CLDR does not know, a
    stray file in a language folder and a file outside one are each reported, all at once."""
    folder = _copy(tmp_path)
    for name in ("Spanish", "en", "qq"):
        (folder / "locales" / name).mkdir()
    (folder / "locales/es/carreras.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    (folder / "locales/fr.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    found = {(p.file, p.message.split(":")[0].split(" (")[0]) for p in _problems(folder)}
    assert (
        "locales/Spanish",
        "a translation folder is named by a base language code such as es, ru or pt",
    ) in found
    assert ("locales/en", "English is the source language") in found
    assert ("locales/qq", "'qq' is not a language code that CLDR knows") in found
    assert ("locales/es/carreras.yaml", "unknown translation file") in found
    assert ("locales/fr.yaml", "translation files go in a folder per language") in found


def test_broken_english_and_translation_are_reported_together(tmp_path: Path) -> None:
    """A problem in English content does not hide one in a translation's phrases."""
    folder = _copy(tmp_path)
    _edit(folder, "careers.yaml", "low: 97000", "low: -1")
    _edit(folder, "locales/ru/phrases.yaml", "  help_title: Команды", "  help_titel: Команды")
    files = {p.file for p in _problems(folder)}
    assert {"careers.yaml", "locales/ru/phrases.yaml"} <= files


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


def test_content_check_lists_translation_problems(tmp_path: Path) -> None:
    """On a broken translation `content check` exits 1 naming file:line: key.path."""
    folder = _copy(tmp_path)
    _edit(folder, CAREERS, "    name: Analista de datos", "    name: Analista de datos\n    salary: 1")
    result = run_check(folder)
    assert result.returncode == 1
    assert "locales/es/careers.yaml:21: careers[1].salary: 'salary' is not translated" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {k: 1, l: [2, 3]}\nb: *x\nc: [&y hi, *y]\n",
        "base: &b {k: 1}\nd:\n  <<: *b\n  m: 2\n",
        "1: one\nyes: true\nnull: ~\n3.5: [1, 2.5, no, '007', 0x1f]\n",
        "a: !!str 123\nb: !!int '5'\nd: 2024-01-02\nlong: >-\n  folded\n  text\n",
        "- 1\n- a\n",
    ],
)
def test_yaml_reader_builds_what_safe_load_builds(tmp_path: Path, text: str) -> None:
    """The one-pass reader (faster, for the translations' load time) gives yaml.safe_load's data:
    anchors, merge keys, non-string keys, numbers, booleans, explicit tags, dates."""
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_yaml(path).data == yaml.safe_load(text)


def test_yaml_reader_refuses_self_containing_and_exploding_aliases(tmp_path: Path) -> None:
    """An alias inside itself, or aliases that expand a small file past MAX_NODES values, are a
    clear error, not a crash or a hang."""
    path = tmp_path / "x.yaml"
    path.write_text("a: &a [*a]\n", encoding="utf-8")
    with pytest.raises(YamlReadError, match="alias that contains itself"):
        read_yaml(path)
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 7)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(YamlReadError, match=f"more than {MAX_NODES} values"):
        read_yaml(path)
