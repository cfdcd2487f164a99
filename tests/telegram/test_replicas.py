"""Several ``careerbot run telegram`` replicas in webhook mode behind one URL share everything.

Real processes (tests/telegram/replicas.py): the fake Bot API delivers its webhook to the test
balancer, which passes each request to the next replica in turn; every replica registers the
balancer's URL with the same secret and keeps its state in one throwaway PostgreSQL (a schema of
the test's own).  A replica is killed with a real SIGKILL.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession

from bot.phrases import EN
from bot.store.postgres import PostgresStore
from tests.cli import careerbot
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_webhook import SECRET_HEADER
from tests.pg import postgres_server, postgres_url
from tests.quizdata import LANGUAGE_ANSWERS, question
from tests.telegram.replicas import SECRET, Fleet, Replica
from tests.waiting import eventually

__all__ = ["postgres_server", "postgres_url"]

QUIZ_TIMEOUT = 20.0
LEASE = 3
"""Seconds before a live replica takes over what a dead one held (TELEGRAM_LEASE_SECONDS)."""


@pytest.fixture
async def fleet(fake: FakeTelegram, postgres_url: str, tmp_path: Path) -> AsyncIterator[Fleet]:
    """Two replicas on PostgreSQL behind the balancer, the fake Bot API delivering to it."""
    store = {"STORE_URL": postgres_url}
    started = await Fleet(
        fake.base_url, store, tmp_path, size=2, extra_env={"TELEGRAM_LEASE_SECONDS": str(LEASE)}
    ).start()
    try:
        yield started
    finally:
        await started.close()


async def say(fake: FakeTelegram, text: str, chat_id: int, count: int = 1) -> list[dict[str, Any]]:
    """A user writes ``text``; wait for the bot's ``count`` messages (through the balancer and a replica)."""
    before = len(fake.sent)
    fake.message(text, chat_id)

    def answers() -> list[dict[str, Any]]:
        return [s for s in fake.sent[before:] if s["chat_id"] == chat_id]

    await eventually(lambda: len(answers()) >= count, QUIZ_TIMEOUT)
    return answers()


def data_of(fake: FakeTelegram, chat_id: int, message_id: int, label: str) -> str:
    """The callback_data of the button whose label starts with ``label``."""
    rows = fake.messages[(chat_id, message_id)].get("reply_markup", {}).get("inline_keyboard", [])
    for button in (b for row in rows for b in row):
        if button["text"].startswith(label):
            return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} on message {message_id} of chat {chat_id}")


def shown(message: dict[str, Any]) -> str:
    """What a message shows: its text, or a photo's caption (the quiz result comes with its chart)."""
    return str(message.get("text", message.get("caption", "")))


async def tap(fake: FakeTelegram, chat_id: int, message_id: int, label: str) -> dict[str, Any]:
    """Press a button; wait until the query is answered and the pressed message changed; return it."""
    before = shown(fake.messages[(chat_id, message_id)])
    query = fake.press(chat_id, message_id, data_of(fake, chat_id, message_id, label))["callback_query"]["id"]
    await eventually(
        lambda: fake.callback_queries[query] and shown(fake.messages[(chat_id, message_id)]) != before,
        QUIZ_TIMEOUT,
    )
    return fake.messages[(chat_id, message_id)]


async def quiz_result(fake: FakeTelegram, chat_id: int) -> str:
    """The quiz result's text: the last answer becomes the chart's photo, and the ranking, too long
    for its caption, follows as a text message."""

    def found() -> str | None:
        texts = [s["text"] for s in fake.sent if s["chat_id"] == chat_id and "photo" not in s]
        return next((t for t in reversed(texts) if t.startswith(EN.quiz_result_title)), None)

    await eventually(lambda: found() is not None, QUIZ_TIMEOUT)
    return found() or ""


def unqueued(fake: FakeTelegram, update: dict[str, Any]) -> dict[str, Any]:
    """Take ``update`` out of the fake's queue (before it is delivered), to post it by hand."""
    fake.updates[:] = [(u, t) for u, t in fake.updates if u is not update]
    return update


async def post(replica_url: str, update: dict[str, Any], secret: str | None = SECRET) -> int:
    """POST an update to a webhook URL as Telegram would (with ``secret`` as its token); the status."""
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with ClientSession() as session, session.post(replica_url, json=update, headers=headers) as answer:
        return answer.status


async def settled_on_each(fake: FakeTelegram, replicas: list[Replica], chat_id: int) -> None:
    """Post a /help marker of ``chat_id`` to each replica directly and wait for every answer: a
    replica handles one chat's updates in order, so each has then finished what it took before."""
    before = len(fake.sent)
    for replica in replicas:
        assert await post(replica.url, unqueued(fake, fake.message("/help", chat_id))) == 200
    await eventually(
        lambda: sum(s["text"].startswith(EN.help_title) for s in fake.sent[before:]) == len(replicas),
        QUIZ_TIMEOUT,
    )


async def quiz_answers(postgres_url: str, chat_id: int) -> tuple[str, ...]:
    """The answers stored for the private chat's user."""
    store = PostgresStore(postgres_url)
    try:
        record = await store.load_quiz(f"telegram:{chat_id}")
    finally:
        await store.close()
    return record.answers if record is not None else ()


async def test_a_quiz_started_on_one_replica_continues_on_another(fake: FakeTelegram, fleet: Fleet) -> None:
    """/quiz and six presses, delivered round robin (every step on the other replica than the step
    before), edit one message through the six questions into the ranked careers."""
    quiz = (await say(fake, "/quiz", 3001))[0]
    for number, answer in enumerate(LANGUAGE_ANSWERS, 1):
        assert question(number) in fake.messages[(3001, quiz["message_id"])]["text"]
        await tap(fake, 3001, quiz["message_id"], answer)
    result = await quiz_result(fake, 3001)
    assert "1. Language Engineer" in result
    served = [index for index, _, status in fleet.balancer.routed if status == 200]
    assert len(served) == 7
    assert all(a != b for a, b in itertools.pairwise(served))


async def test_a_double_press_on_two_replicas_advances_one_step(
    fake: FakeTelegram, fleet: Fleet, postgres_url: str
) -> None:
    """The same press delivered to both replicas at once is answered once (one edit, one stored
    answer); two presses of the same button, one on each replica, advance the quiz by one step:
    one shows question 2, the other says the step has changed."""
    mid = (await say(fake, "/quiz", 3101))[0]["message_id"]
    press = unqueued(fake, fake.press(3101, mid, data_of(fake, 3101, mid, "Documents")))
    edits_before = len(fake.sent)
    statuses = await asyncio.gather(*(post(r.url, press) for r in fleet.replicas))
    assert statuses == [200, 200]
    await eventually(lambda: question(2) in fake.messages[(3101, mid)]["text"], QUIZ_TIMEOUT)
    await settled_on_each(fake, fleet.replicas, 3101)
    answered = [s for s in fake.sent[edits_before:] if not s["text"].startswith(EN.help_title)]
    assert [(s["method"], s["message_id"]) for s in answered] == [("editMessageText", mid)]
    assert len(await quiz_answers(postgres_url, 3101)) == 1

    data = data_of(fake, 3101, mid, "I can follow")
    presses = [unqueued(fake, fake.press(3101, mid, data)) for _ in fleet.replicas]
    before = len(fake.sent)
    statuses = await asyncio.gather(*(post(r.url, p) for r, p in zip(fleet.replicas, presses, strict=True)))
    assert statuses == [200, 200]
    await settled_on_each(fake, fleet.replicas, 3101)
    seen = [s["text"] for s in fake.sent[before:] if not s["text"].startswith(EN.help_title)]
    assert len(await quiz_answers(postgres_url, 3101)) == 2
    assert sorted(t.startswith(EN.quiz_changed_title) for t in seen) == [False, True]
    assert all(question(3) in t for t in seen)


async def test_a_replica_killed_mid_quiz_loses_nothing(
    fake: FakeTelegram, fleet: Fleet, postgres_url: str
) -> None:
    """Eight users press an answer; both replicas took some of the presses (answered the webhook)
    and are waiting on the Bot API before saving the step, when one replica is SIGKILLed.  Every
    press is still applied and answered (by the live replica), and every quiz then goes on to the
    end through it, each with exactly its six answers stored."""
    chats = list(range(3201, 3209))
    mids = {chat: (await say(fake, "/quiz", chat))[0]["message_id"] for chat in chats}
    gate = asyncio.Event()
    fake.hold = lambda method, params: gate if method == "answerCallbackQuery" else None
    for chat in chats:
        fake.press(chat, mids[chat], data_of(fake, chat, mids[chat], LANGUAGE_ANSWERS[0]))
    await eventually(lambda: fake.in_flight.get("answerCallbackQuery", 0) == len(chats), QUIZ_TIMEOUT)
    served = {index for index, _, status in fleet.balancer.routed[-len(chats) :] if status == 200}
    assert served == {0, 1}  # both replicas are in the middle of presses
    fleet.replicas[0].kill()
    gate.set()
    await eventually(lambda: all(question(2) in fake.messages[(c, mids[c])]["text"] for c in chats), 60)
    fake.hold = None
    for number, answer in enumerate(LANGUAGE_ANSWERS[1:], 2):
        for chat in chats:
            assert question(number) in fake.messages[(chat, mids[chat])]["text"]
            await tap(fake, chat, mids[chat], answer)
    for chat in chats:
        assert (await quiz_result(fake, chat)).startswith(EN.quiz_result_title)
        assert len(await quiz_answers(postgres_url, chat)) == len(LANGUAGE_ANSWERS)


async def test_every_replica_refuses_a_missing_or_wrong_secret(fake: FakeTelegram, fleet: Fleet) -> None:
    """A webhook request without the secret token header, or with a wrong one, is refused (403)
    by every replica, directly and through the balancer, and nothing is answered for it."""
    targets = [r.url for r in fleet.replicas] + [fleet.hook_url] * len(fleet.replicas)
    for target in targets:
        for secret in (None, "wrong", SECRET[:-1]):
            update = unqueued(fake, fake.message("/about", 3301))
            assert await post(target, update, secret) == 403
    await settled_on_each(fake, fleet.replicas, 3301)
    assert all(s["text"].startswith(EN.help_title) for s in fake.sent)


async def test_checklists_and_gap_counts_are_shared(
    fake: FakeTelegram, fleet: Fleet, postgres_url: str, tmp_path: Path
) -> None:
    """A skill ticked through one replica shows in /progress from the other; questions the bot
    was unsure about are counted together, whichever replica got them (`careerbot report gaps`
    on the same STORE_URL)."""
    roadmap = await say(fake, "/path language engineer", 3401, count=2)  # the photo, then the text
    mid = roadmap[-1]["message_id"]
    await tap(fake, 3401, mid, EN.btn_not_yet.format(name="Python Scripting"))
    progress = [(await say(fake, "/progress", 3401))[0]["text"] for _ in fleet.replicas]
    have = "Language Engineer: 1 of 5 skills"
    assert all(have in text for text in progress)
    for chat in (3402, 3403, 3404, 3405):
        await say(fake, "what about quantum basket weaving", chat)
    assert set(fleet.balancer.counts()) != {0}
    assert min(fleet.balancer.counts()) >= 3
    report = careerbot(tmp_path, "report", "gaps", STORE_URL=postgres_url)
    assert report.returncode == 0, report.stderr
    assert "what about quantum basket weaving" in report.stdout
    assert "     4  " in report.stdout


async def test_a_replica_restarting_mid_burst_loses_and_doubles_nothing(
    fake: FakeTelegram, fleet: Fleet
) -> None:
    """While 60 messages of 30 chats are being delivered, a replica is stopped (SIGTERM) and
    started again, registering the webhook once more: each message is answered exactly once."""
    chats = range(3501, 3531)
    for round_ in range(2):
        for chat in chats:
            fake.message("/help" if round_ else "/about", chat)
    await eventually(lambda: len(fake.sent) >= 10, QUIZ_TIMEOUT)
    assert await fleet.replicas[1].stop() == 0
    await fleet.restart(1)
    await eventually(lambda: len(fake.sent) >= 60 and not fake.updates, 60)
    for chat in chats:
        await settled_on_each(fake, fleet.replicas, chat)
    answers = [s for s in fake.sent if s["chat_id"] in chats]
    assert len(answers) == 60 + 2 * len(chats)
    for chat in chats:
        texts = [s["text"].split("\n")[0] for s in answers if s["chat_id"] == chat]
        assert len(texts) == 4
