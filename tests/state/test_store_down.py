"""The core with a PostgreSQL store whose server goes away: stateless answers go on, stateful ones
say "try again in a moment", and everything works again once the server is back.

No mocks: a real :class:`PostgresStore` on a throwaway cluster that the test stops and starts
(``own_postgres``), or on a port where nothing listens.  The store watch gets a hand-moved clock,
so when a call is let through to find out whether the server is back is decided by the test, not
by timing.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time

import pytest

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.checklist import mark_action
from bot.flows.service import StateService, store_down
from bot.phrases import EN
from bot.replies import Reply
from bot.request import Request
from bot.store.postgres import PostgresStore
from bot.store.watch import StoreWatch
from tests.pg import Cluster
from tests.state.conftest import Clock, press
from tests.talk import press_on, text_to

TG = {"platform": "telegram", "user_id": "1001", "conversation": "telegram:1001"}
STATELESS = ("/help", "/careers", "/salary language engineer", "how much does a language engineer earn?")
UNSURE = "what do zebras think of quantum knitting"
"""A question the fixture catalog cannot answer: counted as a gap when the store is up."""


def short_timeouts(url: str) -> PostgresStore:
    """A store that gives up on an absent server within about a second."""
    return PostgresStore(url, timeout=1.0, connect_timeout=1.0, health_timeout=1.0)


def is_store_down(reply: Reply) -> bool:
    """The "try again in a moment" reply (not the apology, not a normal answer)."""
    return reply.title == EN.store_down_title and "try again in a moment" in reply.text()


async def answered(core: Core, text: str) -> Reply:
    reply = await text_to(core, text, **TG)
    assert reply is not None
    return reply


async def test_stateless_answers_go_on_and_stateful_ones_say_try_again(
    own_postgres: Cluster, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    """Server stopped mid-run: /help, /careers, /salary and free-text questions are answered as
    usual (no apology, no try-again, without waiting on the store once it is known down); the quiz
    step, a checklist mark, /progress, /forgetme and /path <role> say "try again in a moment" with a
    button repeating the request; one WARNING for the whole outage, no ERROR.  Server back: the same
    button continues the quiz, the mark made before is there, gaps are counted again."""
    caplog.set_level(logging.INFO)
    store = short_timeouts(own_postgres.url)
    await store.open()
    moments = Clock(0.0)
    watch = StoreWatch(store, retry_every=5.0, clock=moments)
    core = Core(catalog, state=StateService(store, watch=watch))
    try:
        first = await answered(core, "/quiz")
        second = await press_on(core, press(first, "Pictures"), **TG)
        assert second.title.endswith(EN.quiz_question.format(number=2, total=6))
        mark = mark_action("python-scripting", "language-engineer", True).pack()
        assert not (await press_on(core, mark, **TG)).is_error
        before = {text: (await answered(core, text)).text() for text in STATELESS}
        assert watch.up is True

        await asyncio.to_thread(own_postgres.down)
        caplog.clear()
        step = press(second, "I can")
        stuck = await press_on(core, step, **TG)  # the first call finds out (within the store's timeout)
        assert is_store_down(stuck)
        assert stuck.personal
        assert [b.packed for b in stuck.buttons] == [step]
        assert watch.up is False

        started = time.monotonic()
        for text in STATELESS:
            reply = await answered(core, text)
            assert not reply.is_error
            assert reply.text() == before[text], text
        unsure = await answered(core, UNSURE)
        assert unsure.unsure
        assert not unsure.is_error
        stateful = {
            "/quiz": await answered(core, "/quiz"),
            "/progress": await answered(core, "/progress"),
            "/forgetme": await answered(core, "/forgetme"),
            "/path language engineer": await answered(core, "/path language engineer"),
            "mark": await press_on(core, mark, **TG),
        }
        assert time.monotonic() - started < 1.0, "calls waited on a store known to be down"
        for what, reply in stateful.items():
            assert is_store_down(reply), what
            assert EN.apology_title not in reply.text()
        assert [b.packed for b in stateful["mark"].buttons] == [mark]
        assert [b.label for b in stateful["/path language engineer"].buttons] == [EN.btn_try_again]
        ours = [r for r in caplog.records if r.name.startswith("careerbot")]  # not the driver's own
        warnings = [r for r in ours if r.levelno == logging.WARNING]
        assert len(warnings) == 1, [r.getMessage() for r in warnings]
        assert "saved state unavailable" in warnings[0].getMessage()
        assert "STORE_URL" in warnings[0].getMessage()
        assert not [r for r in ours if r.levelno >= logging.ERROR]

        await asyncio.to_thread(own_postgres.up)
        again = await press_on(core, step, **TG)
        assert is_store_down(again), "no call is let through before retry_every has passed"
        moments.now += 5.0
        third = await press_on(core, step, **TG)  # the same "Try again" button
        assert third.title.endswith(EN.quiz_question.format(number=3, total=6))
        assert watch.up is True
        assert any("answers again" in r.getMessage() for r in caplog.records)
        progress = await answered(core, "/progress")
        assert catalog.skills["python-scripting"].name in progress.text()
        late = await text_to(core, UNSURE, platform="telegram", user_id="2002")  # no context to follow
        assert late is not None
        assert late.unsure
        assert [g.count for g in await store.top_gaps(5)] == [1]  # only the one asked while up
    finally:
        await store.close()
    assert own_postgres.password not in caplog.text


def free_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_server_that_never_answered_gives_try_again_not_an_apology(catalog: Catalog) -> None:
    """A store that could not be opened at all (nothing listens on its port): the core still never
    raises, answers stateless requests, and stateful ones say "try again in a moment"."""
    store = short_timeouts(f"postgresql://careerbot:s3cret-pw@127.0.0.1:{free_port()}/careerbot")
    core = Core(catalog, state=StateService(store, watch=StoreWatch(store, clock=Clock(0.0))))
    try:
        assert is_store_down(await answered(core, "/quiz"))
        assert is_store_down(await answered(core, "/progress"))
        salary = await answered(core, "/salary language engineer")
        assert "$93,000" in salary.text()
        question = await answered(core, "how much does a language engineer earn?")
        assert "$93,000" in question.text()
    finally:
        await store.close()


def test_the_try_again_reply_repeats_what_fits_a_button() -> None:
    """The retry button carries the request itself; a request too long for a button gets none."""
    short = store_down(Request.command_of("path", "language engineer"))
    assert [(b.label, b.action.command, b.action.argument) for b in short.buttons] == [
        (EN.btn_try_again, "path", "language engineer")
    ]
    assert short.is_error
    assert store_down(Request.command_of("path", "x" * 100)).buttons == ()
