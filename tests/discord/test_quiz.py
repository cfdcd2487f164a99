"""The quiz, skill checklists and saved state on Discord, end to end: the real discord.py client
against the fake Discord, a core with the SQLite store.  A press on your own message updates it in
place, a press on someone else's is answered privately; components keep working after a restart.

The helpers return snapshots (copies) of messages: what a user's screen showed at that moment, so a
test can press a button that has since been replaced, as a second device or a slow client would."""

from __future__ import annotations

import asyncio
import copy
import re
from pathlib import Path
from typing import Any

import pytest

from adapters.config import Config
from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.phrases import EN
from bot.store import SqliteStore
from tests.discord.conftest import Bot, running
from tests.fakes.discord_api import EPHEMERAL, FakeDiscord, Interaction, user
from tests.quizdata import LANGUAGE_ANSWERS, LONG_NAME, ROBOTICS_ANSWERS, question

ALICE, BOB = user(4242, "alice"), user(4343, "bob")


@pytest.fixture
def core(catalog: Catalog, store: SqliteStore) -> Core:
    """A core with saved state (the ``bot`` fixture serves this one)."""
    return Core(catalog, state=StateService(store))


def text_of(message: dict[str, Any]) -> str:
    """Everything the message's embeds show, as plain lines (Markdown emphasis and escapes dropped)."""
    parts: list[str] = []
    for embed in message["embeds"]:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return re.sub(r"[*_`\\]", "", "\n".join(p for p in parts if p))


def labels(message: dict[str, Any]) -> list[str]:
    """The labels of the message's buttons and select-menu options."""
    found = []
    for component in (c for row in message["components"] for c in row["components"]):
        if component["type"] == 3:
            found += [o["label"] for o in component["options"]]
        else:
            found.append(component["label"])
    return found


async def choose(fake: FakeDiscord, message: dict[str, Any], label: str, who: dict[str, Any]) -> Interaction:
    """Press the button, or pick the select-menu option, whose label starts with ``label``."""
    for component in (c for row in message["components"] for c in row["components"]):
        if component["type"] == 3:
            for option in component["options"]:
                if option["label"].startswith(label):
                    values = [option["value"]]
                    return await fake.press(message, component["custom_id"], values=values, who=who)
        elif component["label"].startswith(label):
            return await fake.press(message, component["custom_id"], who=who)
    raise AssertionError(f"no component {label!r} in {labels(message)}")


async def step(
    fake: FakeDiscord, message: dict[str, Any], label: str, who: dict[str, Any] = ALICE
) -> dict[str, Any]:
    """Choose ``label`` on ``message``; return (a snapshot of) the bot's answer."""
    return copy.deepcopy((await fake.answered(await choose(fake, message, label, who)))[0])


async def slash(fake: FakeDiscord, name: str, who: dict[str, Any] = ALICE, **options: Any) -> dict[str, Any]:
    """Run ``/name``; return (a snapshot of) the bot's answer."""
    return copy.deepcopy((await fake.answered(await fake.slash(name, options or None, who=who)))[0])


async def answer_all(
    fake: FakeDiscord, message: dict[str, Any], answers: tuple[str, ...], who: dict[str, Any] = ALICE
) -> dict[str, Any]:
    """Answer every question, each on the newest message; return the last answer (the result)."""
    for number, answer in enumerate(answers, 1):
        assert question(number) in text_of(message)
        message = await step(fake, message, answer, who)
    return message


async def test_full_quiz_by_components_ends_in_ranked_careers(bot: Bot, pointed: FakeDiscord) -> None:
    """/quiz and six choices end in the ranked careers with reasons and salary ranges; the result's
    roadmap and details buttons open the career's checklist and detail view."""
    result = await answer_all(pointed, await slash(pointed, "quiz"), LANGUAGE_ANSWERS)
    text = text_of(result)
    assert text.startswith(EN.quiz_result_title)
    assert "1. Language Engineer" in text
    assert text.count("Salary (") >= 3
    assert f"{EN.quiz_why}:" in text
    wanted = {"Roadmap: Language Engineer", "About: Language Engineer", EN.btn_back, EN.btn_restart}
    assert wanted <= set(labels(result))
    assert EN.checklist_title in text_of(await step(pointed, result, "Roadmap: Language Engineer"))
    assert text_of(await step(pointed, result, "About: Language Engineer")).startswith("Language Engineer")
    assert pointed.rejections == []


async def test_back_and_restart_at_any_step(bot: Bot, pointed: FakeDiscord) -> None:
    """Back returns to the previous question and Restart to the first, also from the result; the
    buttons of a result that was left behind (by Back) are answered "this step has changed"."""
    second = await step(pointed, await slash(pointed, "quiz"), "Pictures")
    third = await step(pointed, second, "I enjoy the maths")
    back = await step(pointed, third, EN.btn_back)
    assert question(2) in text_of(back)
    restarted = await step(pointed, back, EN.btn_restart)
    assert question(1) in text_of(restarted)
    result = await answer_all(pointed, restarted, LANGUAGE_ANSWERS)
    sixth = await step(pointed, result, EN.btn_back)
    assert question(6) in text_of(sixth)
    again = await step(pointed, sixth, "A software")
    assert text_of(again).startswith(EN.quiz_result_title)
    assert question(1) in text_of(await step(pointed, again, EN.btn_restart))
    assert text_of(await step(pointed, result, EN.btn_restart)).startswith(EN.quiz_changed_title)


async def test_restart_mid_quiz_components_survive(
    pointed: FakeDiscord, catalog: Catalog, settings: Config, db_path: Path
) -> None:
    """Stop the client after two answers and start a new one (new core, new store on the same file):
    the old message's components still work, its next answer goes on to question 4, and a button
    from an older step is answered "this step has changed"."""
    first_store = SqliteStore(db_path)
    async with running(pointed, Core(catalog, state=StateService(first_store)), settings):
        first = await slash(pointed, "quiz")
        third = await step(pointed, await step(pointed, first, "Documents"), "I can follow")
    await first_store.close()
    assert not pointed.online
    second_store = SqliteStore(db_path)
    try:
        async with running(pointed, Core(catalog, state=StateService(second_store)), settings):
            assert question(4) in text_of(await step(pointed, third, "Code every day"))
            stale = text_of(await step(pointed, first, "Pictures"))
            assert stale.startswith(EN.quiz_changed_title)
            assert question(4) in stale
    finally:
        await second_store.close()
    assert len(pointed.identifies) == 2
    assert pointed.rejections == []


async def test_two_users_interleaved_never_mix_answers(bot: Bot, pointed: FakeDiscord) -> None:
    """Alice and Bob answer at the same time, press for press, and each end with their own match."""
    alice, bob = await slash(pointed, "quiz", ALICE), await slash(pointed, "quiz", BOB)
    for mine, theirs in zip(LANGUAGE_ANSWERS, ROBOTICS_ANSWERS, strict=True):
        alice = await step(pointed, alice, mine, ALICE)
        bob = await step(pointed, bob, theirs, BOB)
    assert "1. Language Engineer" in text_of(alice)
    assert f"1. {LONG_NAME}" in text_of(bob)


async def test_double_press_is_applied_once(bot: Bot, pointed: FakeDiscord) -> None:
    """The same answer chosen twice at once: applied once; the other press is answered "this step
    has changed" with the step the quiz is really at (question 2)."""
    first = await slash(pointed, "quiz")
    presses = await asyncio.gather(*(choose(pointed, first, "Pictures", ALICE) for _ in range(2)))
    answers = [text_of((await pointed.answered(p))[0]) for p in presses]
    assert sorted(a.startswith(EN.quiz_changed_title) for a in answers) == [False, True]
    assert all(question(2) in a for a in answers)
    assert question(2) in text_of(await slash(pointed, "quiz"))


async def test_checklist_marks_and_progress(bot: Bot, pointed: FakeDiscord) -> None:
    """/path <role> shows a checklist; marking a skill answers with it marked; the old mark button
    pressed again changes nothing; /progress lists what you have and what is left."""
    roadmap = await slash(pointed, "path", role="language-engineer")
    unmarked = EN.btn_not_yet.format(name="Python Scripting")
    assert unmarked in labels(roadmap)
    marked = await step(pointed, roadmap, unmarked)
    assert EN.btn_have.format(name="Python Scripting") in labels(marked)
    assert EN.btn_have.format(name="Python Scripting") in labels(await step(pointed, roadmap, unmarked))
    progress = text_of(await step(pointed, marked, EN.btn_progress))
    assert "Language Engineer: 1 of 5 skills" in progress
    assert f"{EN.progress_have}: Python Scripting" in progress
    assert text_of(await slash(pointed, "progress")) == progress


async def test_forgetme_deletes_quiz_and_checklists(bot: Bot, pointed: FakeDiscord) -> None:
    """/forgetme says what it deleted; afterwards /progress is empty and /quiz starts over."""
    await step(pointed, await slash(pointed, "quiz"), "Pictures")
    checklist = await slash(pointed, "path", role="data-analyst")
    await step(pointed, checklist, EN.btn_not_yet.format(name="Python"))
    deleted = text_of(await slash(pointed, "forgetme"))
    assert deleted.startswith(EN.forget_title)
    assert "1 skill mark and 1 checklist" in deleted
    assert text_of(await slash(pointed, "progress")).startswith(EN.progress_empty_title)
    assert question(1) in text_of(await slash(pointed, "quiz"))


async def test_press_on_someone_elses_quiz_answers_privately(bot: Bot, pointed: FakeDiscord) -> None:
    """Bob choosing an answer on Alice's quiz gets his own state back privately (ephemeral); Alice's
    quiz is untouched and her answers update her message in place, publicly.  A menu button Bob
    presses on Alice's answer opens privately for him too, and her answer stays as it was."""
    alice_quiz = await slash(pointed, "quiz", ALICE)
    bobs = await step(pointed, alice_quiz, "Pictures", BOB)
    assert bobs["flags"] & EPHEMERAL
    assert bobs["id"] != alice_quiz["id"]
    assert text_of(bobs).startswith(EN.quiz_expired_title)
    assert pointed.messages[alice_quiz["id"]]["embeds"] == alice_quiz["embeds"]
    alices = await step(pointed, alice_quiz, "Pictures", ALICE)
    assert alices["id"] == alice_quiz["id"]
    assert not alices["flags"] & EPHEMERAL
    assert question(2) in text_of(alices)
    start = await slash(pointed, "start", ALICE)
    menu = await step(pointed, start, EN.btn_careers, BOB)
    assert menu["flags"] & EPHEMERAL
    assert menu["embeds"][0]["title"] == EN.list_careers_title
    assert pointed.messages[start["id"]]["embeds"] == start["embeds"]
    assert pointed.rejections == []


async def test_quiz_started_by_a_mention_belongs_to_its_author(bot: Bot, pointed: FakeDiscord) -> None:
    """A quiz asked for by mentioning the bot answers its author's presses by updating it in place
    (the bot's message replies to theirs) and anyone else's privately."""
    said = await pointed.say("<@1100000000000000001> /quiz", who=ALICE)
    quiz = copy.deepcopy((await pointed.wait_replies(said))[0])
    assert question(1) in text_of(quiz)
    alices = await step(pointed, quiz, "Papers", ALICE)
    assert alices["id"] == quiz["id"]
    assert not alices["flags"] & EPHEMERAL
    assert question(2) in text_of(alices)
    assert (await step(pointed, quiz, "Papers", BOB))["flags"] & EPHEMERAL
