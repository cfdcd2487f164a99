"""The quiz as a pure state machine: answers, back, restart, stale versions and the ranked result."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.flows import quiz
from bot.flows.quiz import QuizState, from_base36, rank, step, to_base36
from bot.phrases import EN
from bot.replies import ACTION_MAX_BYTES, Reply
from bot.request import Request
from tests.state.conftest import press

START = QuizState(100)


def go(catalog: Catalog, state: QuizState, packed: str) -> tuple[Reply, QuizState]:
    """Apply the packed button ``packed`` to ``state``."""
    _, command, argument = packed.split("|", 2)
    assert command == "quiz"
    return step(Request("quiz", argument), catalog, state)


def answer_all(catalog: Catalog, labels: list[str]) -> tuple[Reply, QuizState]:
    """Start a quiz and press one answer per question, by label."""
    reply, state = step(Request("quiz"), catalog, START)
    for label in labels:
        reply, state = go(catalog, state, press(reply, label))
    return reply, state


VISION = [
    "Pictures and camera",
    "I can follow it",
    "Code every day",
    "An engineering",
    "Shipping",
    "A software",
]
ANALYST = ["Spreadsheets", "Rusty for now", "Notebooks", "Online courses", "Writing reports", "A bank"]


def test_base36_round_trip() -> None:
    """Versions are written compactly and read back; junk is not a version."""
    for n in (0, 1, 35, 36, 1_679_616, 2**40):
        assert from_base36(to_base36(n)) == n
    for junk in ("", "-1", "ABC", "1.2", "z" * 13):
        assert from_base36(junk) is None


def test_start_shows_question_one_with_restart_but_no_back(catalog: Catalog) -> None:
    """/quiz starts a session at question 1: the intro, the answers, Restart (nothing to go back to)."""
    reply, state = step(Request("quiz"), catalog, START)
    assert state == QuizState(101, (), live=True)
    assert EN.quiz_question.format(number=1, total=len(catalog.quiz.questions)) in reply.title
    assert catalog.quiz.intro in reply.text()
    labels = [b.label for b in reply.buttons]
    assert labels[:-1] == [a.label for a in catalog.quiz.questions[0].answers]
    assert labels[-1] == EN.btn_restart


def test_every_button_fits_64_bytes_and_carries_the_version(catalog: Catalog) -> None:
    """Packed actions stay within Telegram's 64 bytes and name the session version."""
    reply, state = step(Request("quiz"), catalog, QuizState(36**7 - 2))
    for labels in ([], VISION[:3]):
        reply, state = step(Request("quiz"), catalog, QuizState(36**7 - 2))
        for label in labels:
            reply, state = go(catalog, state, press(reply, label))
        for button in reply.buttons:
            packed = button.packed
            assert len(packed.encode()) <= ACTION_MAX_BYTES
            assert f".{to_base36(state.version)}" in packed


def test_answers_back_and_restart(catalog: Catalog) -> None:
    """Each answer moves one question on; Back drops the last answer; Restart clears them all."""
    reply, state = step(Request("quiz"), catalog, START)
    reply, state = go(catalog, state, press(reply, "Documents and chat logs"))
    assert state.answers == ("text",)
    assert EN.quiz_question.format(number=2, total=6) in reply.title
    reply, state = go(catalog, state, press(reply, "I enjoy the maths"))
    assert state.answers == ("text", "fluent")
    reply, state = go(catalog, state, press(reply, EN.btn_back))
    assert state.answers == ("text",)
    assert EN.quiz_question.format(number=2, total=6) in reply.title
    reply, state = go(catalog, state, press(reply, EN.btn_restart))
    assert state.answers == ()
    assert state.version == START.version + 5


def test_a_stale_version_is_not_applied(catalog: Catalog) -> None:
    """Pressing a button of an earlier step answers 'this step has changed' and keeps the state as is."""
    first, state = step(Request("quiz"), catalog, START)
    old_button = press(first, "Pictures and camera feeds")
    _, state = go(catalog, state, old_button)
    again, after = go(catalog, state, old_button)
    assert after is state
    assert again.title == EN.quiz_changed_title
    assert EN.quiz_question.format(number=2, total=6) in again.text()


def test_an_answer_from_another_question_is_refused(catalog: Catalog) -> None:
    """A forged answer id with the right version does not skip or corrupt a question."""
    _, state = step(Request("quiz"), catalog, START)
    reply, after = step(Request("quiz", f"a.{to_base36(state.version)}.reports"), catalog, state)
    assert after is state
    assert reply.title == EN.quiz_changed_title


def test_buttons_of_an_expired_quiz(catalog: Catalog) -> None:
    """With no live session, a quiz button says the quiz expired and offers a new one."""
    reply, after = step(Request("quiz", "a.2s.pictures"), catalog, QuizState(100))
    assert after == QuizState(100)
    assert reply.title == EN.quiz_expired_title
    assert [b.action.command for b in reply.buttons] == ["quiz"]


def test_typing_quiz_resumes_an_unfinished_quiz(catalog: Catalog) -> None:
    """/quiz in the middle of a quiz shows the current question again and changes nothing."""
    _, state = answer_all(catalog, VISION[:2])
    again, after = step(Request("quiz"), catalog, state)
    assert after is state
    assert EN.quiz_question.format(number=3, total=6) in again.title


def test_result_ranks_by_the_content_weights(catalog: Catalog) -> None:
    """Vision answers put the Vision Engineer first; analyst answers the Data Analyst."""
    reply, state = answer_all(catalog, VISION)
    assert reply.title == EN.quiz_result_title
    assert rank(catalog, state.answers)[0].career.id == "vision-engineer"
    assert "1. Vision Engineer" in reply.text()
    _, analyst = answer_all(catalog, ANALYST)
    assert rank(catalog, analyst.answers)[0].career.id == "data-analyst"


def test_result_gives_reasons_salary_and_buttons(catalog: Catalog) -> None:
    """Each match shows the reasons from your answers, its salary range, roadmap and details buttons."""
    reply, _ = answer_all(catalog, VISION)
    text = reply.text()
    assert "you enjoy pictures and camera feeds" in text
    assert "$111,000 to $155,000 a year" in text
    actions = [(b.action.command, b.action.argument) for b in reply.buttons]
    assert ("path", "vision-engineer") in actions
    assert ("careers", "vision-engineer") in actions
    assert [b.label for b in reply.buttons][-2:] == [EN.btn_back, EN.btn_restart]


def test_back_from_the_result(catalog: Catalog) -> None:
    """Back on the result page reopens the last question."""
    reply, state = answer_all(catalog, VISION)
    reply, state = go(catalog, state, press(reply, EN.btn_back))
    assert len(state.answers) == 5
    assert EN.quiz_question.format(number=6, total=6) in reply.title


def test_answers_that_no_longer_fit_the_content_are_dropped(catalog: Catalog) -> None:
    """After a content reload, answers are kept up to the first that no longer exists."""
    state = QuizState(7, ("pictures", "gone", "fluent"), live=True)
    reply, after = step(Request("quiz"), catalog, state)
    assert after.answers == ("pictures",)
    assert EN.quiz_question.format(number=2, total=6) in reply.title


def test_changed_without_a_live_quiz_is_expired(catalog: Catalog) -> None:
    """The 'changed' reply of a quiz that no longer exists is the expired reply."""
    assert quiz.changed(catalog, QuizState(3)).title == EN.quiz_expired_title
