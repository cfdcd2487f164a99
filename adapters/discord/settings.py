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

from bot.settings import Secret, parse_bool, parse_int, read_secret

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}")
"""A Discord bot token anywhere in a text: redacted from every log line."""


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """The ``DISCORD_*`` settings; see the table in README.md."""

    token: Secret | None = None
    guild_ids: tuple[int, ...] = ()
    ephemeral: bool = False

    def secrets(self) -> tuple[str, ...]:
        """Every configured secret value (to redact from logs)."""
        return (self.token.reveal(),) if self.token else ()


def load(env: Mapping[str, str]) -> DiscordSettings:
    """The Discord section of ``env``; a :class:`~bot.errors.ConfigError` names a bad setting."""
    guilds = [
        parse_int("DISCORD_GUILD_IDS", part, 1, 2**64 - 1)
        for part in env.get("DISCORD_GUILD_IDS", "").split(",")
        if part.strip()
    ]
    return DiscordSettings(
        token=read_secret(env, "DISCORD_TOKEN"),
        guild_ids=tuple(guilds),
        ephemeral=parse_bool("DISCORD_EPHEMERAL", env.get("DISCORD_EPHEMERAL", "0")),
    )
