"""Search: the answers a short query could mean, for inline modes and pickers.

``@careerbot nlp salary`` in Telegram's inline mode (or any future picker)
asks :func:`search`: first the answer to the query as a question, then the
careers, skills and examples whose names match it, each as the full reply
its detail command gives.  Every answer comes from :meth:`Core.respond`, so
it is timed, observed and (for unsure questions) counted like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.replies import Action, Reply
from bot.request import ASK, Request
from bot.text import tokens

if TYPE_CHECKING:
    from bot.core import Core

MAX_RESULTS = 50
"""Telegram's limit on results per inline answer; plenty for any picker."""
PER_KIND = 8
"""Matches offered per kind (careers, skills, examples)."""
MAX_QUERY = 256
MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class Found:
    """One search result: the reply, and the action that shows it (``None`` for the question's answer)."""

    reply: Reply
    action: Action | None


async def _matches(core: Core, base: Request, command: str, text: str) -> list[Found]:
    """Entities ``command`` shows for ``text``: what the core resolves the text (or one of its
    words) to, then completions sharing a word prefix with it.  Empty text lists them all."""
    out: list[Found] = []
    words = [w for w in tokens(text) if len(w) >= 2][:MAX_WORDS]
    for phrase in [text, *words] if text else []:
        reply = await core.respond(base.with_command(command, phrase))
        action = reply.link
        if action is not None and action.command == command and not reply.is_error:
            out.append(Found(reply, action))
    for choice in core.complete(command, text, limit=PER_KIND):
        if text and not any(lw.startswith(w) for w in words for lw in tokens(choice.label)):
            continue
        reply = await core.respond(base.with_command(command, choice.value))
        if not reply.is_error:
            out.append(Found(reply, Action(command, choice.value)))
    return out


async def search(core: Core, request: Request) -> list[Found]:
    """The results for ``request.argument``: the answer to it, then matching entities, no title twice."""
    text = " ".join(request.argument.split())[:MAX_QUERY]
    base = replace(request, origin="inline")
    found: list[Found] = []
    seen: set[str] = set()
    if text:
        answer = await core.respond(base.with_command(ASK, text))
        if not answer.is_error and not answer.unsure:
            found.append(Found(answer, None))
            seen.add(answer.title)
    kinds: set[str] = set()
    for spec in core.table:
        argument = spec.argument
        if argument is None or argument.completes is None or argument.completes in kinds:
            continue
        kinds.add(argument.completes)
        for match in await _matches(core, base, spec.name, text):
            if match.reply.title in seen or len(found) >= MAX_RESULTS:
                continue
            seen.add(match.reply.title)
            found.append(match)
    return found
