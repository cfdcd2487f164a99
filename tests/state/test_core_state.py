"""The core's async entry points with a store: quiz, checklist, progress, forgetme, gaps, concurrency."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.checklist import mark_action
from bot.flows.service import StateService
from bot.phrases import EN
from bot.replies import Meaning, Reply
from bot.request import Request
from bot.store import MemoryStore, SqliteStore
from tests.quizdata import LONG_NAME
from tests.state.conftest import Clock, press
from tests.talk import press_on, text_to

TG = {"platform": "telegram", "user_id": "1001"}


async def quiz_to(core: Core, labels: list[str], **who: str) -> Reply:
    """Start a quiz as ``who`` and press the given answers."""
    reply = await text_to(core, "/quiz", **who)
    assert reply is not None
    for label in labels:
        reply = await press_on(core, press(reply, label), **who)
    return reply


async def test_every_way_in_serves_saved_state(core: Core) -> None:
    """With a store, typed commands and buttons reach saved state through the one entry point:
    a typed /quiz starts the quiz and a checklist button marks the skill."""
    salary = await text_to(core, "/salary language engineer", **TG)
    assert salary is not None
    assert "$93,000" in salary.text()
    quiz = await text_to(core, "/quiz", **TG)
    assert quiz is not None
    assert quiz.title.endswith(EN.quiz_question.format(number=1, total=len(core.catalog.quiz.questions)))
    assert quiz.personal
    marked = await press_on(core, mark_action("python-scripting", "language-engineer", True).pack(), **TG)
    assert not marked.is_error
    progress = await text_to(core, "/progress", **TG)
    assert progress is not None
    assert core.catalog.skills["python-scripting"].name in progress.text()


async def test_stateless_commands_answer_alike_with_and_without_a_store(core: Core, catalog: Catalog) -> None:
    """Commands and questions that need no saved state get the same reply whether or not a store
    is configured; a command for another bot gets none."""
    bare = Core(catalog)

    def seen(reply: Reply | None) -> Reply | None:  # what the user sees: the remembered meaning aside
        return replace(reply, meaning=Meaning()) if reply is not None else None

    for text in ("/careers", "/salary", "how much does a language engineer earn?", "/help quiz"):
        assert seen(await text_to(core, text, **TG)) == seen(await text_to(bare, text, **TG))
    assert await text_to(core, "/start@OtherBot", bot_username="CareerBot", **TG) is None


async def test_quiz_from_start_to_result(core: Core) -> None:
    """Six presses lead from /quiz to the ranked result with roadmap and details buttons."""
    reply = await quiz_to(
        core,
        [
            "Machines that move",
            "I enjoy the maths",
            "Code every day",
            "An engineering degree",
            "Shipping",
            "A factory",
        ],
        **TG,
    )
    assert reply.title == EN.quiz_result_title
    assert f"1. {LONG_NAME}" in reply.text()
    details = await press_on(core, press(reply, "About: Autonomous"), **TG)
    assert details.title == LONG_NAME


async def test_double_press_is_applied_once(core: Core, store: SqliteStore) -> None:
    """The same button pressed twice: the second press says 'this step has changed', nothing applied."""
    first = await quiz_to(core, [], **TG)
    button = press(first, "Documents and chat logs")
    await press_on(core, button, **TG)
    again = await press_on(core, button, **TG)
    assert again.title == EN.quiz_changed_title
    assert EN.quiz_question.format(number=2, total=6) in again.text()
    record = await store.load_quiz("telegram:1001")
    assert record is not None
    assert record.answers == ("text",)


async def test_concurrent_presses_apply_once(core: Core, store: SqliteStore) -> None:
    """Two different answers pressed at the same moment: exactly one is applied, the other is refused."""
    first = await quiz_to(core, [], **TG)
    replies = await asyncio.gather(
        press_on(core, press(first, "Documents"), **TG),
        press_on(core, press(first, "Audio"), **TG),
    )
    titles = sorted(r.title == EN.quiz_changed_title for r in replies)
    assert titles == [False, True]
    record = await store.load_quiz("telegram:1001")
    assert record is not None
    assert len(record.answers) == 1


async def test_two_users_interleaved(core: Core) -> None:
    """Two people answering at the same time each keep their own quiz."""
    a = {"platform": "telegram", "user_id": "1"}
    b = {"platform": "discord", "user_id": "1"}
    ra = await quiz_to(core, [], **a)
    rb = await quiz_to(core, [], **b)
    ra = await press_on(core, press(ra, "Spreadsheets"), **a)
    rb = await press_on(core, press(rb, "Papers"), **b)
    ra = await press_on(core, press(ra, "Rusty for now"), **a)
    assert EN.quiz_question.format(number=3, total=6) in ra.title
    assert EN.quiz_question.format(number=2, total=6) in rb.title
    stolen = await press_on(core, press(ra, "Notebooks"), **b)
    assert stolen.title == EN.quiz_changed_title


async def test_a_restart_mid_quiz_continues(catalog: Catalog, db_path: Path, clock: Clock) -> None:
    """A new core and store on the same file pick the quiz up where it was, old buttons included."""
    store = SqliteStore(db_path)
    reply = await quiz_to(
        Core(catalog, state=StateService(store, clock=clock)), ["Pictures", "I enjoy the maths"], **TG
    )
    await store.close()
    reborn = Core(catalog, state=StateService(SqliteStore(db_path), clock=clock))
    assert reborn.state is not None
    resumed = await text_to(reborn, "/quiz", **TG)
    assert resumed is not None
    assert EN.quiz_question.format(number=3, total=6) in resumed.title
    after = await press_on(reborn, press(reply, "Code every day"), **TG)
    assert EN.quiz_question.format(number=4, total=6) in after.title
    await reborn.state.store.close()


async def test_an_abandoned_quiz_expires(catalog: Catalog, store: SqliteStore, clock: Clock) -> None:
    """After the expiry time its buttons say it expired, /quiz starts afresh, and the row is purged."""
    core = Core(catalog, state=StateService(store, clock=clock, quiz_expiry=600))
    reply = await quiz_to(core, ["Pictures"], **TG)
    clock.now += 601
    late = await press_on(core, press(reply, "I enjoy the maths"), **TG)
    assert late.title == EN.quiz_expired_title
    fresh = await text_to(core, "/quiz", **TG)
    assert fresh is not None
    assert EN.quiz_question.format(number=1, total=6) in fresh.title
    other = await quiz_to(core, [], platform="telegram", user_id="77")
    assert other.title
    clock.now += 3600
    await text_to(core, "/quiz", platform="telegram", user_id="78")
    assert await store.load_quiz("telegram:77") is None


async def test_path_checklist_and_progress(core: Core) -> None:
    """/path shows a mark button per skill; marks show in /progress per role, in roadmap order."""
    roadmap = await text_to(core, "/path language engineer", **TG)
    assert roadmap is not None
    assert EN.checklist_title in roadmap.text()
    assert len(roadmap.buttons) <= 25
    skill = "Network Architectures"
    marked = await press_on(core, press(roadmap, EN.btn_not_yet.format(name=skill)), **TG)
    assert any(b.label == EN.btn_have.format(name=skill) for b in marked.buttons)
    twice = await press_on(core, press(roadmap, EN.btn_not_yet.format(name=skill)), **TG)
    assert twice == marked
    vision = await text_to(core, "/path vision engineer", **TG)
    assert vision is not None
    assert any(b.label == EN.btn_have.format(name=skill) for b in vision.buttons)
    progress = await text_to(core, "/progress", **TG)
    assert progress is not None
    text = progress.text()
    assert "Language Engineer: 1 of 5 skills" in text
    assert "Still to learn, in roadmap order: Python Scripting, Training Toolkits" in text
    undone = await press_on(core, press(marked, EN.btn_have.format(name=skill)), **TG)
    assert any(b.label == EN.btn_not_yet.format(name=skill) for b in undone.buttons)


async def test_progress_without_a_checklist(core: Core) -> None:
    """/progress before any mark explains how to start."""
    reply = await text_to(core, "/progress", **TG)
    assert reply is not None
    assert reply.title == EN.progress_empty_title


async def test_forged_mark_buttons(core: Core) -> None:
    """A mark button for an unknown skill, a wrong role or a bad flag is refused gracefully."""
    for argument in ("nope.000000.1", "python-scripting.zzzzzz.1", "python-scripting", "|||"):
        reply = await core.respond(Request.command_of("mark", argument, platform="telegram", user_id="1001"))
        assert reply.is_error
        assert reply.title == EN.stale_button_title


async def test_forgetme_deletes_everything(core: Core, store: SqliteStore, db_path: Path) -> None:
    """/forgetme deletes the quiz and the checklist of the user who asks, and says so."""
    await quiz_to(core, ["Pictures"], **TG)
    await press_on(core, mark_action("python-scripting", "language-engineer", True).pack(), **TG)
    await quiz_to(core, ["Pictures"], platform="telegram", user_id="2002")
    reply = await text_to(core, "/forgetme", **TG)
    assert reply is not None
    assert "1 skill mark and 1 checklist" in reply.text()
    again = await text_to(core, "/forgetme", **TG)
    assert again is not None
    assert EN.forget_nothing in again.text()
    with sqlite3.connect(db_path) as conn:
        rows = [
            row
            for table in ("quiz_sessions", "skill_marks", "checklists")
            for row in conn.execute(f"SELECT user_key FROM {table}")
        ]
    assert rows == [("telegram:2002",)]


async def test_unsure_questions_are_counted_without_user_ids(core: Core, store: SqliteStore) -> None:
    """Questions ask was unsure about are counted by normalised text; answered ones are not."""
    for text in ("What about QUANTUM basket weaving?", "what about quantum  basket weaving", "/salary"):
        await text_to(core, text, **TG)
    await core.respond(
        Request.command_of(
            "ask", "how much does a language engineer earn", platform="telegram", user_id="1001"
        )
    )
    gaps = await store.top_gaps(10)
    assert [(g.question, g.count) for g in gaps] == [("what about quantum basket weaving", 2)]


async def test_gap_counting_can_be_off(catalog: Catalog) -> None:
    """With record_gaps off (STORE_QUESTIONS=0) nothing is counted."""
    store = MemoryStore()
    core = Core(catalog, state=StateService(store, record_gaps=False))
    await text_to(core, "what about quantum basket weaving", **TG)
    assert store.gaps == {}


async def test_without_a_store_or_user_id(catalog: Catalog, core: Core) -> None:
    """No store, or no user id: stateful commands say saved state is unavailable; /path still works."""
    bare = Core(catalog)
    for text in ("/quiz", "/progress", "/forgetme"):
        reply = await text_to(bare, text, **TG)
        assert reply is not None
        assert reply.title == EN.state_unavailable_title
    plain = await text_to(bare, "/path language engineer", **TG)
    assert plain == await text_to(bare, "/path language engineer", **TG)
    anonymous = await text_to(core, "/quiz", platform="telegram", user_id="")
    assert anonymous is not None
    assert anonymous.title == EN.state_unavailable_title
    roadmap = await text_to(core, "/path language engineer", platform="telegram", user_id="")
    assert roadmap == await text_to(core, "/path language engineer")


async def test_store_failures_become_apologies(catalog: Catalog) -> None:
    """A broken store gives the apology with a reference, never an exception to the adapter."""

    class Broken(MemoryStore):
        async def load_quiz(self, user: str) -> None:
            raise RuntimeError("disk on fire")

    seen: list[str] = []
    core = Core(
        catalog, observers=[lambda req, rep, s: seen.append(req.command)], state=StateService(Broken())
    )
    reply = await text_to(core, "/quiz", **TG)
    assert reply is not None
    assert reply.is_error
    assert reply.title == EN.apology_title
    assert seen == ["quiz"]


async def test_stateful_buttons_are_unique_and_fit(core: Core, catalog: Catalog) -> None:
    """Every stateful reply's buttons pack to <= 64 bytes, with no action twice (Discord needs unique ids)."""
    full = ["Pictures", "I can", "Code every", "An engineering", "Shipping", "A software"]
    replies = [await quiz_to(core, full[:n], platform="telegram", user_id=str(n)) for n in (0, 3, 6)]
    for career in catalog.careers:
        reply = await core.respond(Request.command_of("path", career, platform="telegram", user_id="1001"))
        replies.append(await press_on(core, press(reply, "☐"), **TG))
    progress = await text_to(core, "/progress", **TG)
    assert progress is not None
    for reply in (*replies, progress):
        packed = [b.packed for b in reply.buttons]
        assert len(packed) == len(set(packed)) <= 25, reply.title
        assert all(len(p.encode()) <= 64 for p in packed)
