"""The Discord adapter's settings section and the shape of its token (for log redaction).

:func:`load` reads the ``DISCORD_*`` settings from the environment the
composition root read once (:func:`adapters.config.load_config`), with the
core's parsing helpers, so its errors read like every other setting's.
This module imports no platform library.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.errors import ConfigError
from bot.settings import Secret, optional, parse_bool, parse_int, read_secret

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}")
"""A Discord bot token anywhere in a text: redacted from every log line."""

MAX_SHARDS = 65536
"""The largest ``DISCORD_SHARD_COUNT`` accepted (far beyond any bot: Discord asks for one shard per
2,500 servers at most)."""


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """The ``DISCORD_*`` settings; see the table in README.md."""

    token: Secret | None = None
    guild_ids: tuple[int, ...] = ()
    ephemeral: bool = False
    shard_count: int | None = None
    """Total shards over every process; ``None``: the count Discord recommends (``GET /gateway/bot``)."""
    shard_ids: tuple[int, ...] | None = None
    """The shards this process runs, in order; ``None``: every shard of the count."""

    def secrets(self) -> tuple[str, ...]:
        """Every configured secret value (to redact from logs)."""
        return (self.token.reveal(),) if self.token else ()


def _shard_count(name: str, raw: str) -> int:
    return parse_int(name, raw, 1, MAX_SHARDS)


def shard_ids_of(raw: str, count: int | None) -> tuple[int, ...]:
    """``DISCORD_SHARD_IDS``: distinct shard ids of ``count`` shards, comma-separated (sorted)."""
    name = "DISCORD_SHARD_IDS"
    if count is None:
        raise ConfigError(f"{name} needs DISCORD_SHARD_COUNT (the number of shards over all processes)")
    parts = [part.strip() for part in raw.split(",")]
    if not all(parts):
        raise ConfigError(f"{name} must be shard ids separated by commas, such as 0,1 (not {raw[:20]!r})")
    ids = [parse_int(name, part, 0, MAX_SHARDS) for part in parts]
    for shard in ids:
        if shard >= count:
            raise ConfigError(
                f"{name} has shard {shard}, but with DISCORD_SHARD_COUNT={count} the ids are 0 to {count - 1}"
            )
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{name} lists a shard more than once")
    return tuple(sorted(ids))


def load(env: Mapping[str, str]) -> DiscordSettings:
    """The Discord section of ``env``; a :class:`~bot.errors.ConfigError` names a bad setting."""
    guilds = [
        parse_int("DISCORD_GUILD_IDS", part, 1, 2**64 - 1)
        for part in env.get("DISCORD_GUILD_IDS", "").split(",")
        if part.strip()
    ]
    count = optional(env, "DISCORD_SHARD_COUNT", _shard_count)
    ids = optional(env, "DISCORD_SHARD_IDS", lambda _name, raw: shard_ids_of(raw, count))
    return DiscordSettings(
        token=read_secret(env, "DISCORD_TOKEN"),
        guild_ids=tuple(guilds),
        ephemeral=parse_bool("DISCORD_EPHEMERAL", env.get("DISCORD_EPHEMERAL", "0")),
        shard_count=count,
        shard_ids=ids,
    )
