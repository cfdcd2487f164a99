"""What an incoming interaction says: who asks, where, in which language, and whose message was pressed."""

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
