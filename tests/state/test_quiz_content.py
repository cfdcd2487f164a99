"""quiz.yaml is validated like the rest: schema, weights naming real careers, file/line/key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from tests.core.test_validation import MINIMAL, broken, problems


def test_every_career_can_win(catalog: Catalog) -> None:
    """Each career of the fixture catalog has positive weight somewhere, so some set of answers
    recommends it (the shipped quiz is checked in tests/core/test_shipped_content.py)."""
    weighted = {c for q in catalog.quiz.questions for a in q.answers for c, w in a.weights.items() if w > 0}
    assert weighted == set(catalog.careers)


def test_minimal_fixture_has_a_quiz() -> None:
    """The minimal fixture carries a tiny valid quiz."""
    assert [q.id for q in load_catalog(MINIMAL).quiz.questions] == ["draws", "style"]


@pytest.mark.parametrize(
    ("old", "new", "line", "path", "message"),
    [
        (
            "nlp-engineer: 3",
            "nlp-enginer: 3",
            13,
            "quiz.questions[0].answers[0].weights.nlp-enginer",
            "unknown career id",
        ),
        (
            "nlp-engineer: 3",
            "nlp-engineer: 9",
            13,
            "quiz.questions[0].answers[0].weights.nlp-engineer",
            "less than or equal to 5",
        ),
        (
            "nlp-engineer: 3",
            "nlp-engineer: '3'",
            13,
            "quiz.questions[0].answers[0].weights.nlp-engineer",
            "integer",
        ),
        ("          reason: you like language\n", "", 9, "quiz.questions[0].answers[0].reason", "missing"),
        (
            "          label: Language",
            "          label: Language\n          colour: red",
            11,
            "quiz.questions[0].answers[0].colour",
            "unknown key",
        ),
        (
            "        - id: other",
            "        - id: language",
            14,
            "quiz.questions[0].answers[1].id",
            "duplicate answer id",
        ),
        ("    - id: style", "    - id: draws", 19, "quiz.questions[1].id", "duplicate question id"),
        (
            "  intro: Two questions.",
            "  intro: Two questions.\n  intro: Again.",
            5,
            "quiz.intro",
            "duplicate key",
        ),
        (
            "          label: Language",
            "          label: " + "x" * 41,
            10,
            "quiz.questions[0].answers[0].label",
            "at most 40",
        ),
    ],
)
def test_each_quiz_error_is_located(
    tmp_path: Path, old: str, new: str, line: int, path: str, message: str
) -> None:
    """A single defect in quiz.yaml yields a problem naming the file, line, key path and what is wrong."""
    found = problems(broken(tmp_path, "quiz.yaml", old, new))
    match = [p for p in found if p.file == "quiz.yaml" and p.path == path]
    assert match, f"no problem at {path}: {[str(p) for p in found]}"
    assert match[0].line == line, str(match[0])
    assert message in match[0].message, str(match[0])


def test_a_question_needs_two_answers(tmp_path: Path) -> None:
    """A question with a single answer is not a question."""
    folder = broken(
        tmp_path,
        "quiz.yaml",
        "        - id: research\n          label: Research\n          reason: you like research\n",
        "",
    )
    found = problems(folder)
    assert any(p.path == "quiz.questions[1].answers" and "at least 2" in p.message for p in found)


def test_missing_quiz_file_is_reported(tmp_path: Path) -> None:
    """quiz.yaml is required like every other content file."""
    folder = broken(tmp_path, "about.yaml", "", "")
    (folder / "quiz.yaml").unlink()
    assert ("quiz.yaml", "file is missing") in {(p.file, p.message) for p in problems(folder)}
