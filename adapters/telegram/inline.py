"""Inline mode: ``@<bot> nlp salary`` in any chat offers matching answers as article results.

The first result answers the text as a question (the core's ``ask``); the
others are the careers, skills and examples whose names match, each opening
its full detail.  Every result carries an "open in chat" deep link.
"""

from __future__ import annotations

import hashlib

from telegram import InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions
from telegram.constants import ParseMode

from adapters.telegram import links
from adapters.telegram.incoming import PLATFORM
from adapters.telegram.render import open_markup, render
from bot.core import Core
from bot.replies import Action, Paragraph, Reply, plain_text
from bot.request import Request
from bot.text import tokens

MAX_RESULTS = 50
"""Telegram's limit on results per inline answer."""
PER_KIND = 8
"""Matches offered per kind (careers, skills, examples)."""
CACHE_SECONDS = 60
MAX_QUERY = 256
MAX_WORDS = 4
DESCRIPTION_CHARS = 100


def _description(reply: Reply) -> str:
    for block in reply.blocks:
        if isinstance(block, Paragraph):
            text = " ".join(plain_text(block.spans).split())
            return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1] + "…"
    return ""


def _result_id(text: str) -> str:
    """A result id within Telegram's 64 bytes."""
    if len(text.encode()) <= 64:
        return text
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _article(
    core: Core, result_id: str, title: str, reply: Reply, username: str | None
) -> InlineQueryResultArticle:
    url = links.share_url(username, reply)
    message = render(reply).messages[0]
    return InlineQueryResultArticle(
        id=_result_id(result_id),
        title=title,
        description=_description(reply) or None,
        input_message_content=InputTextMessageContent(
            message, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
        reply_markup=open_markup(url) if url else None,
    )


def _matches(core: Core, command: str, text: str, user_id: str) -> list[tuple[str, Reply]]:
    """Entities ``command`` shows for ``text``: what the core resolves the text (or one of its
    words) to, then completions sharing a word prefix with it.  Empty text lists them all."""
    out: list[tuple[str, Reply]] = []
    words = [w for w in tokens(text) if len(w) >= 2][:MAX_WORDS]
    phrases = [text, *words] if text else []
    for phrase in phrases:
        reply = core.handle(Request(command, phrase, PLATFORM, user_id))
        action = reply.link
        if action is not None and action.command == command and not reply.is_error:
            out.append((action.argument, reply))
    for choice in core.complete(command, text, limit=PER_KIND):
        if text and not any(lw.startswith(w) for w in words for lw in tokens(choice.label)):
            continue
        reply = core.handle(Request(command, choice.value, PLATFORM, user_id))
        if not reply.is_error:
            out.append((choice.value, reply))
    return out


def results(core: Core, query: str, user_id: str, username: str | None) -> list[InlineQueryResultArticle]:
    """The inline results for ``query``: the answer to it, then matching entities."""
    text = " ".join(query.split())[:MAX_QUERY]
    found: list[InlineQueryResultArticle] = []
    seen: set[str] = set()
    if text:
        answer = core.handle(Request("ask", text, PLATFORM, user_id))
        if not answer.is_error and not answer.unsure:
            found.append(_article(core, "ask-" + text, answer.title, answer, username))
            seen.add(answer.title)
    kinds: set[str] = set()
    for spec in core.registry:
        argument = spec.argument
        if argument is None or argument.completes is None or argument.completes in kinds:
            continue
        kinds.add(argument.completes)
        for value, reply in _matches(core, spec.name, text, user_id):
            if reply.title in seen or len(found) >= MAX_RESULTS:
                continue
            seen.add(reply.title)
            payload = links.encode(Action(spec.name, value)) or f"{spec.name}-{value}"
            found.append(_article(core, payload, reply.title, reply, username))
    return found
