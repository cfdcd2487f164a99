"""Inline mode: ``@<bot> nlp salary`` in any chat offers matching answers as article results.

The results are the core's :func:`bot.search.search`: the answer to the text
as a question, then the careers, skills and examples whose names match,
each opening its full detail.  Every result carries an "open in chat" deep link.
They are in the asker's language (the query's ``from.language_code``, or their
/language choice, through :meth:`bot.core.Core.respond`), so the answer is sent
as personal: Telegram must not cache one user's results for another.
"""

from __future__ import annotations

import hashlib

from telegram import InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions
from telegram.constants import ParseMode

from adapters.telegram import links
from adapters.telegram.incoming import PLATFORM
from adapters.telegram.render import open_markup, render
from bot.core import Core
from bot.phrases import Phrases
from bot.replies import Paragraph, Reply, plain_text
from bot.request import Request
from bot.search import search

CACHE_SECONDS = 60
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
    result_id: str, title: str, reply: Reply, username: str | None, phrases: Phrases
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
        reply_markup=open_markup(url, phrases) if url else None,
    )


async def results(
    core: Core, query: str, user_id: str, language: str, username: str | None
) -> list[InlineQueryResultArticle]:
    """The inline results for ``query``: the core's search, as articles with "open in chat" links."""
    request = Request.command_of(
        "search", query, platform=PLATFORM, user_id=user_id, language=language, origin="inline"
    )
    articles = []
    for found in await search(core, request):
        if found.action is None:
            result_id = "ask-" + request.argument
        else:
            action = found.action
            result_id = links.encode(action) or f"{action.command}-{action.argument}"
        phrases = core.catalog.for_language(found.reply.language).phrases
        articles.append(_article(result_id, found.reply.title, found.reply, username, phrases))
    return articles
