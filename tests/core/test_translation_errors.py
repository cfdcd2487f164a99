"""Broken translations: every kind of problem located by file, line and key path (on copies of
tests/fixtures/catalog with one defect each), `content check`'s exit 1, and the one-pass YAML
reader that keeps loading three languages fast."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.loader import load_catalog
from bot.content.yamlfile import MAX_NODES, YamlReadError, read_yaml
from bot.errors import ContentError, ContentProblem
from tests.core.test_translations import copy_fixture, run_check


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
            69,
            "cues.topics.example:crop-monitor",
            "unknown example id",
        ),
        (
            "locales/es/cues.yaml",
            "[cultivos, cosecha]",
            "[cultivos, robots]",
            69,
            "cues.topics.example:crop-monitoring[1]",
            "already points to example:warehouse-robots",
        ),
        (
            "locales/ru/careers.yaml",
            "      - машинное зрение",
            "      - машинное зрение\n      - машинное зрение",
            30,
            "careers[1].aliases[5]",
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
    folder = copy_fixture(tmp_path)
    _edit(folder, file, old, new)
    found = _problems(folder)
    match = [p for p in found if p.file == file and p.path == path]
    assert match, [str(p) for p in found]
    assert match[0].line == line, str(match[0])
    assert message in match[0].message, str(match[0])


def test_a_translated_quiz_answer_needs_a_known_id(tmp_path: Path) -> None:
    """Quiz questions and their answers are matched by id: an unknown answer id is located."""
    folder = copy_fixture(tmp_path)
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
    folder = copy_fixture(tmp_path)
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
    folder = copy_fixture(tmp_path)
    _edit(folder, "careers.yaml", "low: 97000", "low: -1")
    _edit(folder, "locales/ru/phrases.yaml", "  help_title: Команды", "  help_titel: Команды")
    files = {p.file for p in _problems(folder)}
    assert {"careers.yaml", "locales/ru/phrases.yaml"} <= files


def test_content_check_lists_translation_problems(tmp_path: Path) -> None:
    """On a broken translation `content check` exits 1 naming file:line: key.path."""
    folder = copy_fixture(tmp_path)
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
