"""Conversation contexts are written behind the reply, and never lost or read stale in-process."""

from __future__ import annotations

import asyncio

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.replies import Reply
from bot.request import Request
from bot.store import MemoryStore
from bot.store.base import Context


class SlowContextStore(MemoryStore):
    """An in-memory store whose context writes wait until the test opens ``gate``."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.writing = 0

    async def save_context(self, user: str, conversation: str, context: Context) -> None:
        self.writing += 1
        await self.gate.wait()
        await super().save_context(user, conversation, context)
        self.writing -= 1


async def say(core: Core, text: str, user: str = "7") -> Reply:
    request = Request.from_text(text, platform="telegram", user_id=user, conversation="-100")
    assert request is not None
    return await core.respond(request)


async def test_the_reply_does_not_wait_for_the_context_write(catalog: Catalog) -> None:
    """respond() returns while the context write is still blocked; flush() completes it."""
    store = SlowContextStore()
    core = Core(catalog, state=StateService(store))
    reply = await say(core, "/careers vision engineer")
    assert reply.meaning.topics == ("career:vision-engineer",)
    await asyncio.sleep(0)
    assert store.writing == 1
    assert await store.load_context("telegram:7", "-100") is None
    store.gate.set()
    await core.flush()
    stored = await store.load_context("telegram:7", "-100")
    assert stored is not None
    assert "career:vision-engineer" in stored.topics


async def test_a_follow_up_reads_the_write_still_in_flight(catalog: Catalog) -> None:
    """The next message of the conversation waits for the write in flight, so "is that well
    paid?" is about the role just shown, however slow the store."""
    store = SlowContextStore()
    core = Core(catalog, state=StateService(store))
    await say(core, "/careers vision engineer")
    follow_up = asyncio.create_task(say(core, "is that well paid?"))
    await asyncio.sleep(0.01)
    assert not follow_up.done()  # waiting for the first write
    store.gate.set()
    paid = await follow_up
    assert (paid.meaning.intent, paid.meaning.topics) == ("salary", ("career:vision-engineer",))
    await core.flush()


async def test_forgetme_deletes_a_context_still_being_written(catalog: Catalog) -> None:
    """/forgetme waits for the user's writes in flight, so no context comes back after it."""
    store = SlowContextStore()
    core = Core(catalog, state=StateService(store))
    await say(core, "/careers vision engineer")
    forget = asyncio.create_task(say(core, "/forgetme"))
    await asyncio.sleep(0.01)
    store.gate.set()
    await forget
    await core.flush()
    assert await store.load_context("telegram:7", "-100") is None


class SlowReadsStore(MemoryStore):
    """An in-memory store whose language and context reads each take ``delay`` seconds, and which
    counts the reads made (by method) and how many of them run at the same time."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.running = 0
        self.most = 0
        self.reads: list[str] = []

    async def _slow(self, what: str) -> None:
        self.reads.append(what)
        self.running += 1
        self.most = max(self.most, self.running)
        await asyncio.sleep(self.delay)
        self.running -= 1

    async def load_language(self, user: str) -> str | None:
        await self._slow("language")
        return await super().load_language(user)

    async def load_context(self, user: str, conversation: str) -> Context | None:
        await self._slow("context")
        return await super().load_context(user, conversation)

    async def load_language_and_context(
        self, user: str, conversation: str
    ) -> tuple[str | None, Context | None]:
        await self._slow("language and context")
        return await super().load_language_and_context(user, conversation)


async def test_a_questions_language_and_context_are_read_in_one_store_call(catalog: Catalog) -> None:
    """A free-text question's two reads (the /language choice and the context) are one store call,
    the follow-up is still read against the context, and nothing is left pending afterwards."""
    store = SlowReadsStore(0.05)
    core = Core(catalog, state=StateService(store))
    await say(core, "tell me about training toolkits")
    await core.flush()
    store.reads.clear()
    follow = await say(core, "why do i need them if i already know python")
    assert follow.meaning.topics == ("skill:toolkits",)
    assert store.reads == ["language and context"]
    assert core.state is not None
    assert not core.state.memory._early


async def test_a_questions_language_choice_comes_from_the_same_read(catalog: Catalog) -> None:
    """A user who chose Spanish with /language gets a free-text question answered in Spanish, from
    the one read that also brings the context; a command is answered after one language read."""
    store = SlowReadsStore(0.0)
    core = Core(catalog, state=StateService(store))
    await say(core, "/language es")
    store.reads.clear()
    asked = await say(core, "tell me about training toolkits")
    assert asked.language == "es"
    assert store.reads == ["language and context"]
    store.reads.clear()
    helped = await say(core, "/help")
    assert helped.language == "es"
    assert store.reads == ["language"]
