"""The adapters' one error path: the core's failure hook, then its apology sent back.

Whatever fails on an adapter's side (an update, an interaction, a send)
goes through :func:`report`: the core's :func:`bot.core.failure` logs it
with a reference id and builds the reply (the apology carrying that id, or
a :class:`~bot.errors.UserError`'s own message); the adapter only says how
to send it.  No adapter mints reference ids of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.content.catalog import Catalog
from bot.core import failure
from bot.phrases import EN
from bot.replies import Reply

Send = Callable[[Reply], Awaitable[object]]
"""How an adapter shows a reply where the failed request came from."""


async def report(
    error: BaseException,
    what: str,
    platform: str,
    send: Send,
    unsent: type[Exception] | tuple[type[Exception], ...],
    catalog: Catalog | None = None,
) -> Reply:
    """Log ``error`` through the core's failure hook and show its reply with ``send``, in the
    language of ``catalog`` (that of the platform's tag for the user; English without one).

    A send failing with ``unsent`` (the platform's API errors) is logged with
    the reference id, not raised: the error hook never fails on the platform's side.
    """
    reply = failure(error, what, platform, catalog.phrases if catalog is not None else EN)
    if catalog is not None:
        reply = replace(reply, language=catalog.language)
    try:
        await send(reply)
    except unsent as exc:
        logging.getLogger(f"careerbot.{platform}").warning(
            "could not send the apology (%s): %s", reply.footer, exc
        )
    return reply
