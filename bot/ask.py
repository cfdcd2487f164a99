"""/ask <question> and plain messages: the free-text handler of the command table.

The understanding itself lives in :mod:`bot.understanding` (analysis,
decision with the conversation's context, answers, honest limits, the
full-text fallback).  This handler is pure: the conversation's context
arrives as a :class:`~bot.understanding.recall.Recall` loaded by the state
service, and the reply's meaning says what to remember.
"""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.handlers import guidance
from bot.replies import Meaning, Paragraph, Reply, line
from bot.request import Request
from bot.understanding.answer import understand
from bot.understanding.recall import Recall


def ask_in_context(request: Request, catalog: Catalog, recall: Recall | None) -> Reply:
    """An answer to the question in ``request.argument`` (already cleaned by its constructor)."""
    text = request.argument
    if not text:
        buttons = guidance.topic_buttons(catalog.phrases)
        return Reply(
            catalog.phrases.ask_empty_title,
            (Paragraph(line(catalog.phrases.ask_empty)),),
            buttons,
            meaning=Meaning("empty"),
        )
    return understand(text, catalog, recall)


def ask(request: Request, catalog: Catalog) -> Reply:
    """The same answer without a conversation's context (no store, no user, or the first message)."""
    return ask_in_context(request, catalog, None)
