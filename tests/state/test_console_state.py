"""Saved state in console chat, end to end: numbers press buttons, state survives restarts."""

from __future__ import annotations

from pathlib import Path

from adapters.console import ConsoleSession
from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.phrases import EN
from bot.store import SqliteStore
from tests.cli import careerbot
from tests.quizdata import LANGUAGE_ANSWERS
from tests.state.conftest import Clock


def number_of(session: ConsoleSession, label: str) -> str:
    """The number to type to press the button whose label starts with ``label``."""
    assert session.last is not None
    for i, button in enumerate(session.last.buttons, 1):
        if button.label.startswith(label):
            return str(i)
    raise AssertionError(f"no button {label!r}")


async def test_quiz_checklist_progress_and_forgetme_in_chat(core: Core) -> None:
    """The whole journey works by typing commands and button numbers."""
    chat = ConsoleSession(core)
    out = await chat.respond("/quiz")
    assert out is not None
    assert EN.quiz_question.format(number=1, total=6) in out
    for label in LANGUAGE_ANSWERS:
        out = await chat.respond(number_of(chat, label))
    assert out is not None
    assert out.startswith(EN.quiz_result_title)
    assert "Language Engineer" in out
    out = await chat.respond(number_of(chat, "Roadmap: Language Engineer"))
    assert out is not None
    assert EN.checklist_title in out
    await chat.respond(number_of(chat, EN.btn_not_yet.format(name="Python")))
    out = await chat.respond("/progress")
    assert out is not None
    assert "Language Engineer: 1 of 5 skills" in out
    out = await chat.respond("/forgetme")
    assert out is not None
    assert out.startswith(EN.forget_title)


async def test_restart_mid_quiz_two_users_and_a_stale_press(
    catalog: Catalog, db_path: Path, clock: Clock
) -> None:
    """Two console users interleave; after a restart both continue; an old button is refused."""
    store = SqliteStore(db_path)
    core = Core(catalog, state=StateService(store, clock=clock))
    ann, bob = ConsoleSession(core, "ann"), ConsoleSession(core, "bob")
    await ann.respond("/quiz")
    await bob.respond("/quiz")
    await ann.respond(number_of(ann, "Pictures"))
    await bob.respond(number_of(bob, "Papers"))
    await ann.respond(number_of(ann, "I enjoy the maths"))
    old = ann.last
    await store.close()

    restarted = Core(catalog, state=StateService(SqliteStore(db_path), clock=clock))
    ann2, bob2 = ConsoleSession(restarted, "ann"), ConsoleSession(restarted, "bob")
    out_ann = await ann2.respond("/quiz")
    out_bob = await bob2.respond("/quiz")
    assert out_ann is not None
    assert out_bob is not None
    assert EN.quiz_question.format(number=3, total=6) in out_ann
    assert EN.quiz_question.format(number=2, total=6) in out_bob
    ann2.last = old
    await ann2.respond(number_of(ann2, "Code every day"))
    ann2.last = old
    again = await ann2.respond(number_of(ann2, "Code every day"))
    assert again is not None
    assert again.startswith(EN.quiz_changed_title)
    assert EN.quiz_question.format(number=4, total=6) in again
    assert restarted.state is not None
    await restarted.state.store.close()


def test_chat_process_restart_continues_the_quiz_and_reports_gaps(tmp_path: Path) -> None:
    """`careerbot chat` saves the quiz in DATA_DIR; a second run continues; `report gaps` lists questions."""
    first = careerbot(tmp_path, "chat", stdin="/quiz\n1\n1\nwhat about quantum basket weaving\n/quit\n")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "careerbot.sqlite3").is_file()
    second = careerbot(tmp_path, "chat", stdin="/quiz\nwhat about quantum basket weaving?\n")
    assert second.returncode == 0, second.stderr
    assert EN.quiz_question.format(number=3, total=6) in second.stdout
    report = careerbot(tmp_path, "report", "gaps", "--limit", "5")
    assert report.returncode == 0, report.stderr
    assert "what about quantum basket weaving" in report.stdout
    assert "     2  " in report.stdout


def test_report_gaps_without_a_store_and_bad_limits(tmp_path: Path) -> None:
    """No store yet is not an error; a bad --limit is a usage error (exit 2)."""
    empty = careerbot(tmp_path, "report", "gaps")
    assert empty.returncode == 0
    assert "no store" in empty.stdout
    assert not (tmp_path / "careerbot.sqlite3").exists()
    assert careerbot(tmp_path, "report", "gaps", "--limit", "0").returncode == 2


def test_store_questions_off_and_store_path(tmp_path: Path) -> None:
    """STORE_PATH moves the file; with STORE_QUESTIONS=0 nothing is counted."""
    path = tmp_path / "elsewhere" / "state.db"
    env = {"STORE_PATH": str(path), "STORE_QUESTIONS": "0"}
    ran = careerbot(tmp_path, "chat", stdin="what about quantum basket weaving\n", **env)
    assert ran.returncode == 0, ran.stderr
    assert path.is_file()
    report = careerbot(tmp_path, "report", "gaps", **env)
    assert "Counting is off" in report.stdout
    assert "No unanswered questions" in report.stdout
