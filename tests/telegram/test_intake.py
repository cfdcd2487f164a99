"""Crash-safe intake on Telegram, in process: duplicates answered once, recorded updates replayed,
nothing acknowledged before it is recorded, leases of dead processes taken over, owners shared.

The bot is the real runner with a core on a real SQLite store; the fake Bot API speaks the
wire format.  The SIGKILL tests (real processes) are in test_crash.py.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.phrases import EN
from bot.store import SqliteStore
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import BOT_ID
from tests.telegram.conftest import Bot, eventually, settled, start_bot, telegram_settings
from tests.telegram.test_config import free_port
from tests.telegram.test_quiz import tap

GROUP = -100777
ANN, BOB = 1001, 1002
SECRET = "intake-secret_1"
ABOUT = "Deep Learning (test catalog)"
"""How the fixture catalog's /about begins."""


def key(update_id: int) -> str:
    """The intake's key of one of the fake's updates."""
    return f"telegram:{BOT_ID}:{update_id}"


@asynccontextmanager
async def serving(
    catalog: Catalog, db_path: Path, fake: FakeTelegram, *, lock_wait: float = 5.0, **env: str
) -> AsyncIterator[Bot]:
    """The runner on a core with its own SQLite store on ``db_path`` (like one process), until the block
    ends; the store waits ``lock_wait`` seconds for another's write lock."""
    store = SqliteStore(db_path, timeout=lock_wait)
    await store.open()
    running = await start_bot(Core(catalog, state=StateService(store)), telegram_settings(fake, **env), fake)
    try:
        yield running
    finally:
        if not running.task.done():
            await running.stop()
        await store.close()


def webhook_env() -> dict[str, str]:
    """Settings of webhook mode on a free local port."""
    port = free_port()
    return {
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_LISTEN": "127.0.0.1",
        "TELEGRAM_PORT": str(port),
    }


async def post(url: str, update: dict[str, Any]) -> int:
    """Deliver ``update`` to the webhook as Telegram does; the status it answered."""
    async with (
        ClientSession() as session,
        session.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response,
    ):
        return response.status


@contextmanager
def locked(db_path: Path) -> Iterator[None]:
    """Another connection holds SQLite's write lock: every write of the bot's store fails meanwhile."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def quoted(fake: FakeTelegram, chat_id: int) -> list[int]:
    """The message ids the bot's messages in a group quote, in order (the bot quotes whom it answers)."""
    return [s["reply_to"] for s in fake.sent if s["chat_id"] == chat_id and s["method"] == "sendMessage"]


async def test_webhook_redelivery_is_answered_once(
    catalog: Catalog, db_path: Path, fake: FakeTelegram
) -> None:
    """The same update delivered twice to the webhook (Telegram's redelivery): 200 both times, one reply."""
    env = webhook_env()
    async with serving(catalog, db_path, fake, **env):
        update = fake.message("/about", 4242)
        fake.updates.clear()  # delivered by hand only
        assert await post(env["TELEGRAM_WEBHOOK_URL"], update) == 200
        assert await post(env["TELEGRAM_WEBHOOK_URL"], update) == 200
        marker = await settled(fake, 4242)
        assert len(fake.sent) == 2
        assert fake.sent[0]["text"].startswith(ABOUT)
        assert fake.sent[1] == marker


async def test_one_update_delivered_five_times_at_once_is_answered_once(
    catalog: Catalog, db_path: Path, fake: FakeTelegram
) -> None:
    """Five concurrent deliveries of one update to one webhook listener: all acknowledged, one reply."""
    env = webhook_env()
    async with serving(catalog, db_path, fake, **env):
        update = fake.message("/about", 4242)
        fake.updates.clear()
        statuses = await asyncio.gather(*(post(env["TELEGRAM_WEBHOOK_URL"], update) for _ in range(5)))
        assert statuses == [200] * 5
        marker = await settled(fake, 4242)
        assert [s["text"].startswith(ABOUT) for s in fake.sent] == [True, False]
        assert fake.sent[1] == marker


async def test_an_update_answered_before_a_crash_and_fetched_again_is_not_answered_again(
    catalog: Catalog, db_path: Path, store: SqliteStore, fake: FakeTelegram
) -> None:
    """Polling: an update Telegram hands out again (its acknowledgement was lost in a crash) that the store
    says was answered gets no second reply."""
    now = time.time()
    await store.record_updates([(key(900), "{}")], "dead", now, now + 60)
    await store.finish_updates([key(900)], now)
    async with serving(catalog, db_path, fake):
        fake.message("/about", GROUP, chat_type="supergroup")["update_id"] = 900
        marker = await settled(fake, GROUP)
        assert fake.sent == [marker]


async def test_records_older_than_a_day_are_forgotten_at_start(
    catalog: Catalog, db_path: Path, store: SqliteStore, fake: FakeTelegram
) -> None:
    """A record from two days ago is forgotten at start (Telegram may hand out an update id again after a
    week without updates): a new update with that id is answered."""
    old = time.time() - 2 * 86400
    await store.record_updates([(key(900), "{}")], "dead", old, old + 60)
    await store.finish_updates([key(900)], old)
    async with serving(catalog, db_path, fake):
        fake.message("/about", GROUP, chat_type="supergroup")["update_id"] = 900
        marker = await settled(fake, GROUP)
        assert fake.sent[0]["text"].startswith(ABOUT)
        assert fake.sent[1:] == [marker]


async def test_recorded_unanswered_updates_are_replayed_at_start_in_order(
    catalog: Catalog, db_path: Path, store: SqliteStore, fake: FakeTelegram
) -> None:
    """Updates recorded (so acknowledged) by a process that died before answering them, their lease over,
    are answered at the next start, in Telegram's order, before the updates that arrive afterwards."""
    texts = ["/about", "/skills", "/careers"]
    raws = [fake.message(text, GROUP, chat_type="supergroup") for text in texts]
    fake.updates.clear()  # Telegram no longer has them: they were acknowledged
    now = time.time()
    await store.record_updates(
        [(key(r["update_id"]), json.dumps(r)) for r in reversed(raws)], "dead", now, now
    )
    async with serving(catalog, db_path, fake):
        marker = await settled(fake, GROUP)
        assert quoted(fake, GROUP)[:3] == [r["message"]["message_id"] for r in raws]
        assert fake.sent[3] == marker
        assert len(fake.sent) == 4
    assert await store.claim_pending("later", time.time() + 60, time.time() + 70, 10) == []


async def test_an_update_held_by_a_dead_process_is_answered_once_its_lease_runs_out(
    catalog: Catalog, db_path: Path, store: SqliteStore, fake: FakeTelegram
) -> None:
    """An update another process holds under a running lease is left to it; once the lease runs out
    unrenewed (that process died), this one answers it, within about one lease."""
    raw = fake.message("/about", GROUP, chat_type="supergroup")
    fake.updates.clear()
    expires = time.time() + 1.5
    await store.record_updates([(key(raw["update_id"]), json.dumps(raw))], "dead", time.time(), expires)
    async with serving(catalog, db_path, fake, TELEGRAM_LEASE_SECONDS="1"):
        marker = await settled(fake, GROUP)
        assert fake.sent == [marker]  # not yet: the lease still runs
        await fake.wait_for(lambda: len(fake.sent) == 2, 5)
        assert time.time() >= expires
        assert quoted(fake, GROUP)[-1] == raw["message"]["message_id"]


async def test_webhook_answers_200_only_once_the_update_is_recorded(
    catalog: Catalog, db_path: Path, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    """While the store cannot record, the webhook answers 503 and answers nothing, so Telegram delivers the
    update again; once the store records, the redelivery gets 200 and one reply."""
    env = webhook_env()

    def refused() -> int:
        return sum("Telegram will deliver it again" in r.getMessage() for r in caplog.records)

    async with serving(catalog, db_path, fake, lock_wait=0.05, **env):
        update = fake.message("/about", 4242)
        fake.updates.clear()
        with locked(db_path):
            assert await post(env["TELEGRAM_WEBHOOK_URL"], update) == 503
            fake.message("/skills", 4243)  # the fake delivers this one itself, and again after each non-200
            await eventually(lambda: refused() >= 3)
            assert not fake.sent
            assert len(fake.updates) == 1  # still queued at Telegram's end
        assert await post(env["TELEGRAM_WEBHOOK_URL"], update) == 200
        await fake.wait_for(lambda: len(fake.sent) == 2, 5)
        assert sorted(s["chat_id"] for s in fake.sent) == [4242, 4243]
        await settled(fake, 4243)
        assert len(fake.sent) == 3


async def test_polling_acknowledges_nothing_it_could_not_record(
    catalog: Catalog, db_path: Path, fake: FakeTelegram
) -> None:
    """While the store cannot record, fetched updates are not acknowledged (getUpdates keeps its offset)
    and not answered; once it records again, each is answered once."""
    async with serving(catalog, db_path, fake, lock_wait=0.05):
        with locked(db_path):
            update = fake.message("/about", 4242)
            polls = len([c for c in fake.calls if c["method"] == "getUpdates"])
            await fake.wait_for(
                lambda: len([c for c in fake.calls if c["method"] == "getUpdates"]) >= polls + 2
            )
            assert not fake.sent
            assert fake.updates[0][0] == update  # still there: never acknowledged
        await fake.wait_for(lambda: len(fake.sent) == 1, 5)
        await settled(fake, 4242)
        assert fake.sent[0]["text"].startswith(ABOUT)
        assert len(fake.sent) == 2


async def test_a_clean_stop_gives_back_what_is_unanswered_for_the_next_start(
    catalog: Catalog, db_path: Path, fake: FakeTelegram
) -> None:
    """An update still being answered when the bot stops (its send hangs) is cancelled and given back:
    the next start answers it at once, without waiting out a lease (here 600 s)."""
    never = asyncio.Event()  # the first run's send hangs until the fake closes
    holding = {"on": True}
    fake.hold = lambda method, params: never if method == "sendMessage" and holding["on"] else None
    async with serving(catalog, db_path, fake, TELEGRAM_LEASE_SECONDS="600"):
        fake.message("/about", GROUP, chat_type="supergroup")
        await fake.wait_for(lambda: fake.in_flight.get("sendMessage") == 1)
    holding["on"] = False
    assert not fake.sent
    assert not fake.updates  # acknowledged: only the store has it now
    async with serving(catalog, db_path, fake, TELEGRAM_LEASE_SECONDS="600"):
        await fake.wait_for(lambda: any(s["text"].startswith(ABOUT) for s in fake.sent), 5)


async def test_message_owners_outlive_the_runner_that_sent_them(
    catalog: Catalog, db_path: Path, fake: FakeTelegram
) -> None:
    """Who a group message was sent for is in the store: after a restart (or on another replica) Bob's press
    on the message made for him still edits it in place, and Ann's press on it still does not."""
    async with serving(catalog, db_path, fake):
        ann_msg = (await tap_quiz(fake, ANN))["message_id"]
        bobs = await tap(fake, GROUP, ann_msg, "Pictures", user_id=BOB)
        assert bobs["method"] == "sendMessage"
    async with serving(catalog, db_path, fake):
        started = await tap(fake, GROUP, bobs["message_id"], EN.btn_quiz, user_id=BOB)
        assert (started["method"], started["message_id"]) == ("editMessageText", bobs["message_id"])
        anns = await tap(fake, GROUP, bobs["message_id"], "Pictures", user_id=ANN)
        assert anns["method"] == "sendMessage"


async def tap_quiz(fake: FakeTelegram, user: int) -> dict[str, Any]:
    """``user`` starts a quiz in the group; the bot's message."""
    before = len(fake.sent)
    fake.message("/quiz", GROUP, chat_type="supergroup", user_id=user)
    await fake.wait_for(lambda: len(fake.sent) > before)
    return fake.sent[-1]


async def test_two_runners_on_one_store_answer_each_update_once(
    catalog: Catalog, db_path: Path, fake: FakeTelegram
) -> None:
    """Two runners (each with its own store on one database, like two processes) both fetch every update:
    each is answered exactly once, and a press on a message one of them sent for Bob is shown in place."""
    groups = [GROUP - n for n in range(1, 11)]
    async with serving(catalog, db_path, fake), serving(catalog, db_path, fake):
        raws = [fake.message("/about", groups[n % 10], chat_type="supergroup") for n in range(20)]
        await fake.wait_for(lambda: len(fake.sent) >= 20, 10)
        ann_msg = (await tap_quiz(fake, ANN))["message_id"]
        bobs = await tap(fake, GROUP, ann_msg, "Pictures", user_id=BOB)
        for label in (EN.btn_quiz, "Pictures", "I can follow"):
            shown = await tap(fake, GROUP, bobs["message_id"], label, user_id=BOB)
            assert (shown["method"], shown["message_id"]) == ("editMessageText", bobs["message_id"])
    # both stopped: whatever either was still doing is done, so a second reply would be here by now
    answered = sorted((s["chat_id"], s["reply_to"]) for s in fake.sent if s["chat_id"] in groups)
    assert answered == sorted((r["message"]["chat"]["id"], r["message"]["message_id"]) for r in raws)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_without_a_store_updates_are_answered_as_before(
    core: Core, fake: FakeTelegram, mode: str
) -> None:
    """Without a store there is no intake (no ledger): updates are answered as they come, in both modes."""
    env = webhook_env() if mode == "webhook" else {}
    running = await start_bot(core, telegram_settings(fake, **env), fake)
    try:
        assert running.runner.ledger is None
        marker = await settled(fake, 4242)
        assert fake.sent == [marker]
    finally:
        await running.stop()
