"""Content validation: every kind of broken file is reported with file, line and key path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.content.loader import load_catalog
from bot.errors import ContentError, ContentProblem
from tests.content import FIXTURE_CONTENT

MINIMAL = Path(__file__).resolve().parent.parent / "fixtures" / "content_min"


def broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the minimal valid fixture with one text replacement in ``file``."""
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {file}"
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def problems(folder: Path) -> tuple[ContentProblem, ...]:
    """The problems loading ``folder`` reports (it must fail)."""
    with pytest.raises(ContentError) as info:
        load_catalog(folder)
    return info.value.problems


def test_minimal_fixture_is_valid() -> None:
    """The fixture the broken variants start from loads cleanly."""
    catalog = load_catalog(MINIMAL)
    assert list(catalog.careers) == ["nlp-engineer"]


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "path", "message"),
    [
        ("careers.yaml", "    work:", "    wrok: oops\n    work:", 8, "careers[0].wrok", "unknown key"),
        ("careers.yaml", "    summary: Builds language systems.\n", "", 3, "careers[0].summary", "missing"),
        ("careers.yaml", "low: 120000", "low: lots", 18, "careers[0].salary.low", "integer"),
        ("careers.yaml", "low: 120000", "low: '120000'", 18, "careers[0].salary.low", "integer"),
        ("careers.yaml", "low: 120000", "low: 190000", 15, "careers[0].salary", "greater than high"),
        (
            "careers.yaml",
            "summary: Builds language systems.",
            "summary: '   '",
            7,
            "careers[0].summary",
            "at least 1",
        ),
        (
            "careers.yaml",
            "      - programming",
            "      - programing",
            12,
            "careers[0].skills[0]",
            "unknown skill id",
        ),
        (
            "careers.yaml",
            "      - language engineer",
            "      - python",
            6,
            "careers[0].aliases[0]",
            "already used",
        ),
        (
            "skills.yaml",
            "      - python",
            "      - python\n      - Python",
            7,
            "skills[0].aliases[1]",
            "duplicate alias",
        ),
        ("skills.yaml", "stage: foundation", "stage: expert", 7, "skills[0].stage", "foundation"),
        ("skills.yaml", "id: programming", "id: Programming!", 3, "skills[0].id", "pattern"),
        (
            "examples.yaml",
            "      - nlp-engineer",
            "      - data-scientist",
            11,
            "examples[0].careers[0]",
            "unknown career",
        ),
        ("about.yaml", "schema_version: 1", "schema_version: 2", 1, "schema_version", "must be 1"),
        (
            "about.yaml",
            "  name: Deep learning",
            "  name: Deep learning\n  name: Again",
            4,
            "about.name",
            "duplicate key",
        ),
        (
            "guidance.yaml",
            "    maths:\n      - Linear algebra\n",
            "    maths: []\n",
            5,
            "guidance.education.maths",
            "at least 1",
        ),
    ],
)
def test_each_kind_of_error_is_located(
    tmp_path: Path, file: str, old: str, new: str, line: int, path: str, message: str
) -> None:
    """A single defect yields a problem naming its file, line, key path and what is wrong."""
    found = problems(broken(tmp_path, file, old, new))
    match = [p for p in found if p.file == file and p.path == path]
    assert match, f"no problem at {path}: {[str(p) for p in found]}"
    assert match[0].line == line, str(match[0])
    assert message in match[0].message, str(match[0])


def test_missing_back_link_is_reported(tmp_path: Path) -> None:
    """A career naming a skill that does not list the career back is an error that says how to fix it."""
    folder = broken(tmp_path, "skills.yaml", "    careers:\n      - nlp-engineer\n", "")
    found = problems(folder)
    assert any("does not link back" in p.message and p.file == "careers.yaml" for p in found)


def test_duplicate_ids(tmp_path: Path) -> None:
    """Two skills with the same id are reported at the second one's id line."""
    folder = broken(
        tmp_path,
        "skills.yaml",
        "skills:\n",
        "skills:\n  - id: programming\n    name: Coding\n    stage: core\n"
        "    summary: S.\n    why: W.\n    start: [x]\n",
    )
    found = problems(folder)
    assert any(p.path == "skills[0].id" or "duplicate skill id" in p.message for p in found)
    assert any("duplicate skill id 'programming'" in p.message for p in found)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    """A YAML syntax error is reported with its line, not as a traceback."""
    folder = broken(
        tmp_path, "examples.yaml", "    summary: Turning speech into text.", "    summary: [unclosed"
    )
    found = problems(folder)
    assert found[0].file == "examples.yaml"
    assert found[0].line is not None
    assert "invalid YAML" in found[0].message


def test_missing_and_unknown_files(tmp_path: Path) -> None:
    """A missing file and a stray YAML file are both reported."""
    folder = broken(tmp_path, "about.yaml", "", "")
    (folder / "guidance.yaml").unlink()
    (folder / "carrers.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    messages = {(p.file, p.message.split(" (")[0]) for p in problems(folder)}
    assert ("guidance.yaml", "file is missing") in messages
    assert ("carrers.yaml", "unknown content file") in messages


def test_top_level_wrong_type(tmp_path: Path) -> None:
    """A file whose top level is a list, not a mapping, is reported clearly."""
    folder = broken(tmp_path, "about.yaml", "schema_version: 1\n", "- schema_version: 1\n")
    folder.joinpath("about.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    assert any("must be a mapping" in p.message for p in problems(folder))


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    """Errors in several files come back together, not one per run."""
    folder = broken(tmp_path, "careers.yaml", "low: 120000", "low: -5")
    text = (folder / "skills.yaml").read_text(encoding="utf-8").replace("why: Models are code.", "wy: typo")
    (folder / "skills.yaml").write_text(text, encoding="utf-8")
    files = {p.file for p in problems(folder)}
    assert {"careers.yaml", "skills.yaml"} <= files


def test_not_a_folder(tmp_path: Path) -> None:
    """Pointing at a folder that does not exist is a content error, not a crash."""
    assert "does not exist" in problems(tmp_path / "nope")[0].message


def test_binary_file_is_reported(tmp_path: Path) -> None:
    """A file that is not UTF-8 text is reported, not decoded into garbage."""
    folder = broken(tmp_path, "about.yaml", "", "")
    (folder / "about.yaml").write_bytes(b"\xff\xfe\x00garbage")
    assert "not UTF-8" in problems(folder)[0].message


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``careerbot content check`` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "content", "check", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("folder", [MINIMAL, FIXTURE_CONTENT], ids=["content_min", "fixture_catalog"])
def test_cli_check_valid_exits_0(folder: Path) -> None:
    """`careerbot content check` on valid content (both test folders) exits 0 and says so."""
    result = run_check(str(folder))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_cli_check_invalid_exits_1_with_all_errors(tmp_path: Path) -> None:
    """On broken content it exits 1 and prints every problem with file:line."""
    folder = broken(tmp_path, "careers.yaml", "low: 120000", "low: 190000")
    (folder / "skills.yaml").write_text(
        (folder / "skills.yaml").read_text(encoding="utf-8").replace("stage: foundation", "stage: x"),
        encoding="utf-8",
    )
    result = run_check(str(folder))
    assert result.returncode == 1
    assert "careers.yaml:15: careers[0].salary:" in result.stderr
    assert "skills.yaml:7: skills[0].stage:" in result.stderr
    assert "Traceback" not in result.stderr
