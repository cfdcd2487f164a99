"""What an incoming interaction or message says: who asks, where, in which language, and whose
message was pressed.

An interaction carries the asker's Discord language (``locale``).  A message carries none: in a
Community server the server's preferred locale is the best guess (what its members read), and
anywhere else (a DM, a plain server, whose preferred locale is Discord's ``en-US`` default) there is
no tag at all, so the user's /language choice or ``DEFAULT_LANGUAGE`` decides.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.request import Who

PLATFORM = "discord"


def made_for(interaction: discord.Interaction[Any]) -> bool:
    """Whether the pressed message answered the presser: in a DM, or it answered their interaction
    (``interaction_metadata``) or their message (the message it replies to)."""
    message, user_id = interaction.message, interaction.user.id
    if interaction.guild_id is None:
        return True
    if message is None:
        return False
    metadata = message.interaction_metadata
    if metadata is not None:
        return metadata.user.id == user_id
    reference = message.reference
    resolved = reference.resolved if reference is not None else None
    return isinstance(resolved, discord.Message) and resolved.author.id == user_id


def who(interaction: discord.Interaction[Any]) -> Who:
    """Who asks, where, in which language: the request fields an interaction gives."""
    return {
        "platform": PLATFORM,
        "user_id": str(interaction.user.id),
        "conversation": str(interaction.channel_id or interaction.user.id),
        "language": str(interaction.locale.value) if interaction.locale else "",
    }


def message_language(message: discord.Message) -> str:
    """The language tag to answer a message in: a Community server's preferred locale, else none."""
    guild = message.guild
    if guild is None or "COMMUNITY" not in guild.features:
        return ""
    return str(guild.preferred_locale.value)
