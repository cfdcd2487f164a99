"""The quiz, skill checklists and saved state on Telegram, end to end: the real PTB Application
polling the fake Bot API, a core with the SQLite store.  Presses edit the pressed message in place."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.phrases import EN
from bot.store import SqliteStore
from tests.content import FIXTURE_CONTENT
from tests.fakes.telegram_api import FakeTelegram
from tests.quizdata import LANGUAGE_ANSWERS, LONG_NAME, ROBOTICS_ANSWERS, question
from tests.telegram.conftest import TOKEN, Bot, eventually, say, start_bot, telegram_settings

GROUP = -100888
ANN, BOB = 1001, 1002


@contextlib.asynccontextmanager
async def serving(catalog: Catalog, db_path: Path, fake: FakeTelegram) -> AsyncIterator[Bot]:
    """careerbot's Telegram runner with a fresh core and SQLite store on ``db_path``, until the block ends."""
    store = SqliteStore(db_path)
    await store.open()
    running = await start_bot(Core(catalog, state=StateService(store)), telegram_settings(fake), fake)
    try:
        yield running
    finally:
        if not running.task.done():
            await running.stop()
        await store.close()


@pytest.fixture
async def bot(catalog: Catalog, db_path: Path, fake: FakeTelegram) -> AsyncIterator[Bot]:
    """careerbot on Telegram with saved state."""
    async with serving(catalog, db_path, fake) as running:
        yield running


def labels(fake: FakeTelegram, chat_id: int, message_id: int) -> list[str]:
    """The button labels of a message as the chat shows it now."""
    rows = fake.messages[(chat_id, message_id)].get("reply_markup", {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


def data_of(fake: FakeTelegram, chat_id: int, message_id: int, label: str) -> str:
    """The callback_data of the button whose label starts with ``label``."""
    rows = fake.messages[(chat_id, message_id)].get("reply_markup", {}).get("inline_keyboard", [])
    for button in (b for row in rows for b in row):
        if button["text"].startswith(label):
            return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {labels(fake, chat_id, message_id)}")


async def tap(
    fake: FakeTelegram, chat_id: int, message_id: int, label: str, *, user_id: int | None = None
) -> dict[str, Any]:
    """Press the button starting with ``label``; wait until the query is answered and the bot
    sent or edited a message; return that message."""
    before = len(fake.sent)
    update = fake.press(chat_id, message_id, data_of(fake, chat_id, message_id, label), user_id=user_id)
    query = update["callback_query"]["id"]
    await fake.wait_for(lambda: fake.callback_queries[query] and len(fake.sent) > before)
    return fake.sent[-1]


async def answer_all(fake: FakeTelegram, chat_id: int, message_id: int, answers: tuple[str, ...]) -> str:
    """Answer every question on one message; return the text it shows at the end."""
    for number, answer in enumerate(answers, 1):
        assert question(number) in fake.messages[(chat_id, message_id)]["text"]
        shown = await tap(fake, chat_id, message_id, answer)
        assert (shown["method"], shown["message_id"]) == ("editMessageText", message_id)
    return str(fake.messages[(chat_id, message_id)]["text"])


async def test_full_quiz_by_buttons_edits_one_message_into_ranked_careers(
    bot: Bot, fake: FakeTelegram
) -> None:
    """/quiz and six presses edit one message in place into the ranked careers with reasons,
    salary ranges, and roadmap and details buttons that open the chosen career's views."""
    quiz = (await say(fake, "/quiz"))[0]
    assert question(1) in quiz["text"]
    result = await answer_all(fake, ANN, quiz["message_id"], LANGUAGE_ANSWERS)
    assert result.startswith(EN.quiz_result_title)
    assert "1. Language Engineer" in result
    assert result.count(EN.quiz_salary.format(region="US").split(" (")[0]) >= 3
    assert EN.quiz_why in result
    shown = labels(fake, ANN, quiz["message_id"])
    assert {"Roadmap: Language Engineer", "About: Language Engineer", EN.btn_back, EN.btn_restart} <= set(
        shown
    )
    roadmap = await tap(fake, ANN, quiz["message_id"], "Roadmap: Language Engineer")
    assert roadmap["message_id"] == quiz["message_id"]
    assert EN.checklist_title in roadmap["text"]
    [only_send] = [s for s in fake.sent if s["method"] == "sendMessage"]
    assert only_send["message_id"] == quiz["message_id"]


async def test_back_and_restart_at_any_step(bot: Bot, fake: FakeTelegram) -> None:
    """Back returns to the previous question and Restart to the first, also from the result."""
    mid = (await say(fake, "/quiz"))[0]["message_id"]
    await tap(fake, ANN, mid, "Pictures")
    await tap(fake, ANN, mid, "I enjoy the maths")
    assert question(2) in (await tap(fake, ANN, mid, EN.btn_back))["text"]
    assert question(1) in (await tap(fake, ANN, mid, EN.btn_restart))["text"]
    assert (await answer_all(fake, ANN, mid, LANGUAGE_ANSWERS)).startswith(EN.quiz_result_title)
    assert question(6) in (await tap(fake, ANN, mid, EN.btn_back))["text"]
    assert (await tap(fake, ANN, mid, "A software"))["text"].startswith(EN.quiz_result_title)
    assert question(1) in (await tap(fake, ANN, mid, EN.btn_restart))["text"]
    assert {s["message_id"] for s in fake.sent} == {mid}


async def test_bot_restart_mid_quiz_continues_from_the_old_message(
    catalog: Catalog, db_path: Path, fake: FakeTelegram
) -> None:
    """Stop the bot after two answers, start a new one (new core, new store on the same file):
    the old message's next button is applied and the quiz goes on to question 4, in place."""
    async with serving(catalog, db_path, fake):
        mid = (await say(fake, "/quiz"))[0]["message_id"]
        await tap(fake, ANN, mid, "Documents")
        await tap(fake, ANN, mid, "I can follow")
    async with serving(catalog, db_path, fake):
        shown = await tap(fake, ANN, mid, "Code every day")
        assert (shown["method"], shown["message_id"]) == ("editMessageText", mid)
        assert question(4) in shown["text"]
        assert (await say(fake, "/quiz"))[0]["text"].count(question(4)) == 1


async def test_two_users_interleaved_never_mix_answers(bot: Bot, fake: FakeTelegram) -> None:
    """Two people answering at the same time, press for press, each end with their own match."""
    ann = (await say(fake, "/quiz", ANN))[0]["message_id"]
    bob = (await say(fake, "/quiz", BOB))[0]["message_id"]
    for mine, theirs in zip(LANGUAGE_ANSWERS, ROBOTICS_ANSWERS, strict=True):
        await tap(fake, ANN, ann, mine)
        await tap(fake, BOB, bob, theirs)
    assert "1. Language Engineer" in fake.messages[(ANN, ann)]["text"]
    assert f"1. {LONG_NAME}" in fake.messages[(BOB, bob)]["text"]


async def test_double_press_is_applied_once(bot: Bot, fake: FakeTelegram) -> None:
    """The same answer pressed twice before the bot answers: applied once; the second press is
    answered "this step has changed" with the step the quiz is really at (question 2)."""
    mid = (await say(fake, "/quiz"))[0]["message_id"]
    data = data_of(fake, ANN, mid, "Pictures")
    queries = [fake.press(ANN, mid, data)["callback_query"]["id"] for _ in range(2)]
    await fake.wait_for(lambda: all(fake.callback_queries[q] for q in queries) and len(fake.sent) >= 3)
    first, second = fake.sent[1:3]
    assert question(2) in first["text"]
    assert second["text"].startswith(EN.quiz_changed_title)
    assert question(2) in second["text"]
    assert (await say(fake, "/quiz"))[0]["text"].count(question(2)) == 1


async def test_checklist_marks_progress_and_deep_link(bot: Bot, fake: FakeTelegram) -> None:
    """/path <role> shows a checklist; marking a skill edits it in place; a second press of the old
    button changes nothing; /progress lists what you have and what is left; the role's deep link
    shows the same checklist."""
    mid = (await say(fake, "/path language engineer"))[0]["message_id"]
    unmarked = EN.btn_not_yet.format(name="Python Scripting")
    assert unmarked in labels(fake, ANN, mid)
    old_data = data_of(fake, ANN, mid, unmarked)
    marked = await tap(fake, ANN, mid, unmarked)
    assert marked["message_id"] == mid
    assert EN.btn_have.format(name="Python Scripting") in labels(fake, ANN, mid)
    again = fake.press(ANN, mid, old_data)["callback_query"]["id"]
    await eventually(lambda: fake.callback_queries[again])
    progress = (await say(fake, "/progress"))[0]
    assert "Language Engineer: 1 of 5 skills" in progress["text"]
    assert "Python Scripting" in progress["text"].split(EN.progress_left)[0]
    linked = (await say(fake, "/start path-language-engineer"))[0]
    assert EN.checklist_title in linked["text"]
    assert EN.btn_have.format(name="Python Scripting") in labels(fake, ANN, linked["message_id"])


async def test_forgetme_deletes_quiz_and_checklists(bot: Bot, fake: FakeTelegram) -> None:
    """/forgetme says what it deleted; afterwards /progress is empty, /quiz starts over, and a
    /forgetme with nothing stored says so."""
    mid = (await say(fake, "/quiz"))[0]["message_id"]
    await tap(fake, ANN, mid, "Pictures")
    checklist = (await say(fake, "/path data analyst"))[0]["message_id"]
    await tap(fake, ANN, checklist, EN.btn_not_yet.format(name="Python"))
    deleted = (await say(fake, "/forgetme"))[0]["text"]
    assert deleted.startswith(EN.forget_title)
    assert "1 skill mark and 1 checklist" in deleted
    assert (await say(fake, "/progress"))[0]["text"].startswith(EN.progress_empty_title)
    assert question(1) in (await say(fake, "/quiz"))[0]["text"]
    await say(fake, "/forgetme")
    assert (await say(fake, "/forgetme"))[0]["text"].endswith(EN.forget_nothing)


async def test_group_press_on_someone_elses_quiz_never_overwrites_it(bot: Bot, fake: FakeTelegram) -> None:
    """In a group, Bob pressing Ann's quiz button gets his own answer as a new message; Ann's message
    keeps her quiz, and her next press still edits it.  Bob's own quiz then edits his message."""
    ann_msg = (await say(fake, "/quiz", GROUP, chat_type="supergroup", user_id=ANN))[0]["message_id"]
    await tap(fake, GROUP, ann_msg, "Pictures", user_id=ANN)
    ann_text = fake.messages[(GROUP, ann_msg)]["text"]
    assert question(2) in ann_text
    bobs = await tap(fake, GROUP, ann_msg, "I enjoy the maths", user_id=BOB)
    assert bobs["method"] == "sendMessage"
    assert bobs["text"].startswith(EN.quiz_expired_title)
    assert fake.messages[(GROUP, ann_msg)]["text"] == ann_text
    started = await tap(fake, GROUP, bobs["message_id"], EN.btn_quiz, user_id=BOB)
    assert (started["method"], started["message_id"]) == ("editMessageText", bobs["message_id"])
    assert question(1) in started["text"]
    stale = await tap(fake, GROUP, ann_msg, "I enjoy the maths", user_id=BOB)
    assert stale["method"] == "sendMessage"
    assert stale["text"].startswith(EN.quiz_changed_title)
    assert fake.messages[(GROUP, ann_msg)]["text"] == ann_text
    mine = await tap(fake, GROUP, ann_msg, "I enjoy the maths", user_id=ANN)
    assert (mine["method"], mine["message_id"]) == ("editMessageText", ann_msg)
    assert question(3) in mine["text"]
    assert question(1) in fake.messages[(GROUP, bobs["message_id"])]["text"]


async def test_cli_run_telegram_keeps_quiz_state_in_data_dir(
    catalog: Catalog, fake: FakeTelegram, tmp_path: Path
) -> None:
    """`python -m bot run telegram` serves /quiz with the SQLite store in DATA_DIR: a press is
    saved there, so a bot started on the same folder continues the quiz."""
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "HEALTH_"))}
    env.update({"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_BASE_URL": fake.base_url, "DATA_DIR": str(data_dir)})
    env["CAREERBOT_CONTENT_DIR"] = str(FIXTURE_CONTENT)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--env-file", str(tmp_path / "none.env"), "run", "telegram",
        env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        await eventually(lambda: any(c["method"] == "getUpdates" for c in fake.calls), 20)
        mid = (await say(fake, "/quiz"))[0]["message_id"]
        assert question(2) in (await tap(fake, ANN, mid, "Audio"))["text"]
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 10) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    async with serving(catalog, data_dir / "careerbot.sqlite3", fake):
        assert question(3) in (await tap(fake, ANN, mid, "Rusty"))["text"]
