"""The first response to an interaction: a new message, or an update of the pressed message.

discord.py's ``InteractionResponse.send_message`` and ``edit_message`` always
ask Discord to send the resulting message back (``with_response=1``) and
build discord.py objects from it: the message, its embeds, every component,
the author.  careerbot never reads that message (its views are persistent and
not stored per message), and on a busy bot the parsing was the largest part
of the adapter's CPU cost per interaction (bench/discord.py).

:func:`respond` sends the same callback through the same discord.py webhook
adapter, so discord.py's own rate-limit handling (429 retries, 5xx back-off,
per-interaction locks) is used unchanged, but without ``with_response``:
Discord answers 204 and nothing is parsed.  The payload comes from
:meth:`adapters.discord.render.OutMessage.payload`, built once per rendered
message.  It relies on three discord.py internals (the webhook adapter's
``async_context``, ``Interaction._session`` and
``InteractionResponse._response_type``); when a future discord.py lacks
them, :data:`LEAN` is ``False`` and the public methods are used instead.
A message with a file (a chart), or an update that must remove the pressed
message's old file, goes through the public methods too: they build the
multipart body (``payload_json`` and ``files[n]``) discord.py knows how to send.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import discord
from discord.http import Route

from adapters.discord.render import NO_MENTIONS, OutMessage

NEW_MESSAGE = discord.InteractionResponseType.channel_message
UPDATE_MESSAGE = discord.InteractionResponseType.message_update


def _webhook_adapters() -> ContextVar[Any] | None:
    try:
        from discord.webhook.async_ import AsyncWebhookAdapter, async_context
    except ImportError:
        return None
    needed = (
        hasattr(AsyncWebhookAdapter, "request")
        and "_session" in getattr(discord.Interaction, "__slots__", ())
        and "_response_type" in getattr(discord.InteractionResponse, "__slots__", ())
    )
    return async_context if needed else None


_ADAPTERS = _webhook_adapters()
LEAN = _ADAPTERS is not None
"""Whether :func:`respond` can skip the echo (the discord.py internals it needs are there)."""


async def respond(
    interaction: discord.Interaction[Any],
    out: OutMessage,
    *,
    ephemeral: bool,
    update: bool,
    lean: bool = LEAN,
) -> None:
    """Answer ``interaction`` (not yet answered) with ``out``.

    With ``update`` the pressed message is replaced in place (callback type 7;
    its buttons are replaced too, or removed); otherwise a new message is sent
    (type 4), ephemeral if asked.  ``lean=False`` uses discord.py's public
    methods (the fallback, also used by tests to pin both paths).
    Raises :class:`discord.InteractionResponded` if it was answered already,
    and :class:`discord.HTTPException` as discord.py does.
    """
    response = interaction.response
    if response.is_done():
        raise discord.InteractionResponded(interaction)
    files = out.files()
    replaces = update and bool(files or replaced_files(interaction))
    if not lean or _ADAPTERS is None or files or replaces:
        await _respond_public(interaction, out, ephemeral=ephemeral, update=update, files=files)
        return
    kind = UPDATE_MESSAGE if update else NEW_MESSAGE
    http = interaction._state.http
    route = Route(
        "POST",
        "/interactions/{webhook_id}/{webhook_token}/callback",
        webhook_id=interaction.id,
        webhook_token=interaction.token,
    )
    payload = {"type": kind.value, "data": out.payload(ephemeral=ephemeral, update=update)}
    await _ADAPTERS.get().request(
        route, interaction._session, payload=payload, proxy=http.proxy, proxy_auth=http.proxy_auth
    )
    response._response_type = kind


def replaced_files(interaction: discord.Interaction[Any]) -> bool:
    """Whether the pressed message has files an update must replace (or remove)."""
    message = interaction.message
    return message is not None and bool(message.attachments)


async def _respond_public(
    interaction: discord.Interaction[Any],
    out: OutMessage,
    *,
    ephemeral: bool,
    update: bool,
    files: list[discord.File],
) -> None:
    if update:
        # "attachments" replaces the pressed message's files (an empty list removes its old chart)
        extra: dict[str, Any] = {"attachments": files} if files or replaced_files(interaction) else {}
        await interaction.response.edit_message(
            embeds=list(out.embeds), view=out.view, allowed_mentions=NO_MENTIONS, **extra
        )
        return
    extra = {"view": out.view} if out.view is not None else {}
    if files:
        extra["files"] = files
    await interaction.response.send_message(
        embeds=list(out.embeds), ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, **extra
    )
