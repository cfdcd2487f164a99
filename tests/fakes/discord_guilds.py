"""The fake Discord's servers (guilds): their objects, channels and members, and which shard gets them.

Discord sends a server's events to shard ``(guild_id >> 22) % num_shards`` and
events without a server (DMs) to shard 0 (docs: Gateway, Sharding); every
fake server has one text channel, whose id is derived from the server's.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.discord_wire import CHANNEL_ID, GUILD_ID, _now

_CHANNEL_OFFSET = CHANNEL_ID - GUILD_ID


def shard_of(guild_id: int | None, count: int) -> int:
    """The shard Discord sends a server's events to (shard 0 for events without a server)."""
    return 0 if guild_id is None else (guild_id >> 22) % count


def guild_on_shard(shard_id: int, count: int, nth: int = 0) -> int:
    """The ``nth`` fake server id (from :data:`GUILD_ID` on) that lands on ``shard_id`` of ``count``."""
    found = [
        g for g in (GUILD_ID + (k << 22) for k in range(count * (nth + 1))) if shard_of(g, count) == shard_id
    ]
    return found[nth]


def channel_of(guild_id: int) -> int:
    """The id of the one text channel of a fake server (:data:`CHANNEL_ID` for :data:`GUILD_ID`)."""
    return guild_id + _CHANNEL_OFFSET


def guild_of_channel(channel_id: int, guilds: list[int]) -> int | None:
    """The fake server whose text channel ``channel_id`` is, or ``None`` (a DM channel)."""
    return next((g for g in guilds if channel_of(g) == channel_id), None)


def text_channel(guild_id: int = GUILD_ID) -> dict[str, Any]:
    """The channel object of a server's text channel, "general"."""
    return {
        "id": str(channel_of(guild_id)),
        "type": 0,
        "guild_id": str(guild_id),
        "name": "general",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def member(who: dict[str, Any]) -> dict[str, Any]:
    """A guild member object for the user ``who``."""
    return {
        "user": who,
        "roles": [],
        "joined_at": _now(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "nick": None,
        "avatar": None,
        "pending": False,
        "permissions": "2248473465835073",
    }


def guild_object(guild_id: int, bot_user: dict[str, Any], locale: str | None = None) -> dict[str, Any]:
    """A GUILD_CREATE payload: the server with its one channel and the bot as its member; with a
    ``locale``, a Community server whose preferred locale it is (others are en-US, Discord's default)."""
    everyone = {
        "id": str(guild_id),
        "name": "@everyone",
        "permissions": "2248473465835073",
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    return {
        "id": str(guild_id),
        "name": "Deep Learning Club" if guild_id == GUILD_ID else f"Deep Learning Club {guild_id}",
        "icon": None,
        "owner_id": "900",
        "features": ["COMMUNITY"] if locale else [],
        "roles": [everyone],
        "emojis": [],
        "stickers": [],
        "channels": [text_channel(guild_id)],
        "threads": [],
        "members": [member(bot_user)],
        "member_count": 3,
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "large": False,
        "unavailable": False,
        "joined_at": _now(),
        "mfa_level": 0,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "afk_timeout": 300,
        "premium_tier": 0,
        "preferred_locale": locale or "en-US",
        "system_channel_flags": 0,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
    }
