"""The discord.py client of careerbot: translation between Discord events and core requests.

Slash commands, component presses and messages that mention the bot (or
are sent to it in DMs) become core requests (the core's async entry points,
which also serve saved state); core replies go back through the one renderer
(:mod:`adapters.discord.render`).  If the core has not answered within
``defer_after`` seconds (saved state on a slow disk), the interaction is
deferred meanwhile, so Discord's 3-second window is never missed.
A press updates the pressed message in place when that message was made for
the presser; a press on someone else's answer is answered privately
(ephemeral), so nobody's answer changes under them and one person's quiz
never lands in front of everyone as if it were theirs.
Every message is sent with ``allowed_mentions`` none.  Every failure ends in
:meth:`CareerClient.report_error`, the adapter's one error hook.
A reply's picture is drawn by :class:`~adapters.pictures.Pictures` (off the
event loop, within the deferral window) and sent as the first message's
file, shown as its embed's image; a press that updates a message replaces
its file (or removes the old one).  When the picture cannot be drawn the
embeds go alone.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from adapters.apology import report
from adapters.discord.commands import STATE_FILE, SyncOutcome, build_tree, sync_if_changed, translate_tree
from adapters.discord.components import ActionButton, ActionSelect
from adapters.discord.gateway import IdentifyPacer, intents, text_only
from adapters.discord.incoming import PLATFORM, made_for, message_language, who
from adapters.discord.render import NO_MENTIONS, OutMessage, Renderer
from adapters.discord.respond import LEAN, replaced_files, respond
from adapters.discord.settings import DiscordSettings
from adapters.pictures import Pictures
from bot.core import Core
from bot.replies import Reply
from bot.request import Request

log = logging.getLogger("careerbot.discord")

DEFER_AFTER = 1.5
"""Seconds to wait for the core before deferring (Discord allows 3 s for the first response).

The core's stateless work is synchronous and takes microseconds; what may
take longer is awaited I/O, during which the deferral goes out."""
DEFERRALS = (
    discord.InteractionResponseType.deferred_channel_message,
    discord.InteractionResponseType.deferred_message_update,
)


def _extra(out: OutMessage) -> dict[str, Any]:
    """The optional parts of a new message: its view and its file (left out when it has none)."""
    extra: dict[str, Any] = {"view": out.view} if out.view is not None else {}
    files = out.files()
    if files:
        extra["files"] = files
    return extra


class CareerClient(discord.AutoShardedClient):
    """A discord.py client serving the core's commands, over the shards its settings name
    (see :mod:`adapters.discord.gateway`)."""

    def __init__(
        self,
        core: Core,
        settings: DiscordSettings,
        data_dir: Path,
        *,
        defer_after: float = DEFER_AFTER,
        force_sync: bool = False,
        lean: bool = LEAN,
        pictures: Pictures | None = None,
        **options: Any,
    ) -> None:
        text_only()
        if settings.shard_ids is not None:  # else every shard of the count
            options["shard_ids"] = list(settings.shard_ids)
        super().__init__(
            intents=intents(),
            allowed_mentions=NO_MENTIONS,
            max_messages=None,
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            shard_count=settings.shard_count,
            **options,
        )
        self.core = core
        self.settings = settings
        self.data_dir = data_dir
        self.defer_after = defer_after
        self.lean = lean
        """Respond without reading Discord's echo (see :mod:`adapters.discord.respond`)."""
        self.force_sync = force_sync
        self.sync_outcome: SyncOutcome | None = None
        self.render = Renderer(phrases_of=lambda code: core.catalog.for_language(code).phrases)
        self.pictures = pictures
        """Draws the replies' pictures (``None``: embeds only)."""
        self.tree = build_tree(self, core, self)
        self.tree.error(self._on_tree_error)
        self.pacer = IdentifyPacer(self._max_concurrency)

    async def _max_concurrency(self) -> int:
        return (await self.fetch_session_start_limits()).max_concurrency

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Keep to Discord's session start limit (:class:`adapters.discord.gateway.IdentifyPacer`)."""
        await self.pacer.wait(shard_id, initial=initial)

    @property
    def state_path(self) -> Path:
        """Where the hash of the last command sync is kept."""
        return self.data_dir / STATE_FILE

    async def setup_hook(self) -> None:
        """Register the persistent components, word the commands in every language and sync them
        if they changed."""
        self.add_dynamic_items(ActionButton, ActionSelect)
        await translate_tree(self.tree, self.core)
        app_id = self.application_id or 0
        self.sync_outcome = await sync_if_changed(
            self.tree, app_id, self.settings.guild_ids, self.state_path, force=self.force_sync
        )
        log.info("discord commands: %s", self.sync_outcome.describe())

    # Interactions -------------------------------------------------------------------------------

    async def on_command(
        self, interaction: discord.Interaction[Any], command: str, argument: str, private: bool | None
    ) -> None:
        """Answer a slash command (errors reach :meth:`_on_tree_error`)."""
        ephemeral = self.settings.ephemeral if private is None else private
        request = Request.command_of(command, argument, **who(interaction))
        await self._answer(interaction, self.core.respond(request), ephemeral)

    async def on_action(self, interaction: discord.Interaction[Any], packed: str) -> None:
        """Answer a button press or a select-menu choice.

        A press on a message made for the presser (their own answer, any
        message in a DM, their ephemeral message) updates that message in
        place; a press on someone else's answer is answered privately, so
        nobody's answer changes under them and nobody's quiz shows up as theirs.
        """
        try:
            message = interaction.message
            mine = made_for(interaction)
            ephemeral = self.settings.ephemeral or bool(message and message.flags.ephemeral) or not mine
            work = self.core.respond(Request.from_button(packed, **who(interaction)))
            await self._answer(interaction, work, ephemeral, update=mine)
        except Exception as exc:
            await self.report_error(interaction, exc)

    async def _answer(
        self,
        interaction: discord.Interaction[Any],
        work: Coroutine[Any, Any, Reply],
        ephemeral: bool,
        *,
        update: bool = False,
    ) -> None:
        """Await the core's reply; if it is not there after ``defer_after`` seconds, defer meanwhile.

        With ``update`` the reply replaces the pressed message (deferring is
        then a deferred update, which shows no "thinking" message).
        """
        loop = asyncio.get_running_loop()
        deferring: list[asyncio.Task[Any]] = []

        def defer() -> None:
            if not interaction.response.is_done():
                deferral = interaction.response.defer(ephemeral=ephemeral, thinking=not update)
                deferring.append(loop.create_task(deferral))

        timer = loop.call_later(self.defer_after, defer)
        try:
            messages = await self.outgoing(await work)
        finally:
            timer.cancel()
            if deferring:
                await deferring[0]
        await self.send(interaction, messages, ephemeral, update=update)

    async def outgoing(self, reply: Reply) -> list[OutMessage]:
        """``reply`` rendered, with its picture's PNG when it has one that could be drawn."""
        png = None
        if reply.picture is not None and self.pictures is not None:
            png = await self.pictures.png(reply.picture)
        return self.render(reply, png)

    async def send(
        self,
        interaction: discord.Interaction[Any],
        messages: list[OutMessage],
        ephemeral: bool,
        *,
        update: bool = False,
    ) -> None:
        """Send rendered messages as the interaction's response (or the update of the pressed
        message, or the edit of a deferral), then as follow-ups."""
        for index, out in enumerate(messages):
            if index == 0 and not interaction.response.is_done():
                await respond(interaction, out, ephemeral=ephemeral, update=update, lean=self.lean)
            elif index == 0 and interaction.response.type in (DEFERRALS if update else DEFERRALS[:1]):
                files = out.files()
                extra: dict[str, Any] = {}
                if files or (update and replaced_files(interaction)):
                    extra["attachments"] = files
                await interaction.edit_original_response(
                    embeds=list(out.embeds), view=out.view, allowed_mentions=NO_MENTIONS, **extra
                )
            else:
                await interaction.followup.send(
                    embeds=list(out.embeds), ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, **_extra(out)
                )

    # Messages -----------------------------------------------------------------------------------

    def _addressed_text(self, message: discord.Message) -> str | None:
        me = self.user
        if me is None or message.author.bot or message.author.id == me.id:
            return None
        if message.guild is not None and not any(u.id == me.id for u in message.mentions):
            return None
        text = re.sub(rf"<@!?{me.id}>", " ", message.content)
        return " ".join(text.split())

    async def on_message(self, message: discord.Message) -> None:
        """A mention of the bot, or any message in a DM with it, is a question (or a /command)."""
        text = self._addressed_text(message)
        if text is None:
            return
        try:
            request = Request.from_text(
                text,
                platform=PLATFORM,
                user_id=str(message.author.id),
                conversation=str(message.channel.id),
                language=message_language(message),
                bot_username=self.user.name if self.user else None,
            )
            if request is not None:
                await self.send_to_channel(message, await self.outgoing(await self.core.respond(request)))
        except Exception as exc:
            await self.report_error(message, exc)

    async def send_to_channel(self, message: discord.Message, messages: list[OutMessage]) -> None:
        """Send rendered messages in reply to ``message``."""
        for index, out in enumerate(messages):
            if index == 0:
                await message.reply(
                    embeds=list(out.embeds), allowed_mentions=NO_MENTIONS, mention_author=False, **_extra(out)
                )
            else:
                await message.channel.send(
                    embeds=list(out.embeds), allowed_mentions=NO_MENTIONS, **_extra(out)
                )

    # The one error hook -------------------------------------------------------------------------

    async def _on_tree_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        await self.report_error(interaction, original)

    async def report_error(
        self, target: discord.Interaction[Any] | discord.Message, error: BaseException
    ) -> None:
        """Log ``error`` through the adapters' error path (:mod:`adapters.apology`: the core's failure
        hook and its reference id); answer with its apology."""

        async def apologise(reply: Reply) -> None:
            if isinstance(target, discord.Message):
                await self.send_to_channel(target, self.render(reply))
            else:
                await self.send(target, self.render(reply), ephemeral=True)

        locale = getattr(target, "locale", None)  # an interaction's; a message carries none
        catalog = self.core.catalog.for_language(str(locale.value) if locale is not None else None)
        await report(error, "discord request", PLATFORM, apologise, discord.HTTPException, catalog)
