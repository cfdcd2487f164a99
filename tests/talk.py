"""Talking to the core as an adapter does: build the request with its pure constructor, await respond.

The sync forms (``reply_to``, ``press_sync``, ``answer``) are for plain test
functions; async tests await :func:`text_to`, :func:`press_on` or
``core.respond`` directly.
"""

from __future__ import annotations

import asyncio

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.payloads import ChecklistMark
from bot.replies import Reply
from bot.request import Request
from bot.store import MemoryStore


async def text_to(
    core: Core,
    text: str,
    *,
    platform: str = "console",
    user_id: str = "",
    conversation: str = "",
    language: str = "",
    bot_username: str | None = None,
) -> Reply | None:
    """The core's reply to a chat message; ``None`` for a command addressed to another bot."""
    request = Request.from_text(
        text,
        platform=platform,
        user_id=user_id,
        conversation=conversation or user_id,
        language=language,
        bot_username=bot_username,
    )
    return None if request is None else await core.respond(request)


async def press_on(
    core: Core, packed: str, *, platform: str = "console", user_id: str = "", conversation: str = ""
) -> Reply:
    """The core's reply to a pressed button carrying ``packed``."""
    request = Request.from_button(
        packed, platform=platform, user_id=user_id, conversation=conversation or user_id
    )
    return await core.respond(request)


def reply_to(core: Core, text: str, **who: str) -> Reply | None:
    """:func:`text_to`, from a plain (not async) test."""
    return asyncio.run(text_to(core, text, **who))  # type: ignore[arg-type]


def press_sync(core: Core, packed: str, **who: str) -> Reply:
    """:func:`press_on`, from a plain (not async) test."""
    return asyncio.run(press_on(core, packed, **who))


def answer(core: Core, request: Request) -> Reply:
    """``core.respond(request)``, from a plain (not async) test."""
    return asyncio.run(core.respond(request))


async def say(core: Core, text: str) -> Reply:
    """The core's reply to ``text`` from Telegram user 7 in chat -100 (a free-text question)."""
    request = Request.from_text(text, platform="telegram", user_id="7", conversation="-100")
    assert request is not None
    return await core.respond(request)


def meaning(reply: Reply) -> tuple[str, tuple[str, ...]]:
    """What a reply was about: its intent and topics."""
    return reply.meaning.intent, reply.meaning.topics


async def chat(catalog: Catalog, *texts: str) -> list[Reply]:
    """The replies to ``texts`` sent in order in one conversation (with an in-memory store)."""
    core = Core(catalog, state=StateService(MemoryStore()))
    replies = []
    for text in texts:
        request = Request.from_text(text, platform="telegram", user_id="7", conversation="-100")
        assert request is not None
        replies.append(await core.respond(request))
    return replies


async def chat_in(catalog: Catalog, lang: str, *texts: str) -> list[Reply]:
    """The replies to ``texts`` sent in order in one conversation, from a ``lang`` app."""
    core = Core(catalog, state=StateService(MemoryStore()))
    replies = []
    for text in texts:
        request = Request.from_text(
            text, platform="telegram", user_id="7", conversation="-100", language=lang
        )
        assert request is not None
        replies.append(await core.respond(request))
    assert all(r.language == lang for r in replies)
    return replies


def covered(reply: Reply) -> set[str]:
    """The skills a personal reply offers to tick as already had."""
    marks = (ChecklistMark.unpack(b.action.argument) for b in reply.buttons if b.action.command == "mark")
    return {m.skill for m in marks if m is not None}
