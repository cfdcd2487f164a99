"""The one settings object of a careerbot process: the core's settings and each platform's section.

:func:`load_config` reads the environment once (``os.environ`` over the
``.env`` file) and hands that same mapping to every section's loader: the
core's platform-neutral :func:`bot.settings.load_settings` and each
adapter's own ``load`` (:mod:`adapters.telegram.settings`,
:mod:`adapters.discord.settings`).  The first invalid value raises a
:class:`~bot.errors.ConfigError` naming it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from adapters.discord import settings as discord_settings
from adapters.discord.settings import DiscordSettings
from adapters.telegram import settings as telegram_settings
from adapters.telegram.settings import TelegramSettings
from bot.settings import Settings, environment, load_settings

TOKEN_PATTERNS: tuple[re.Pattern[str], ...] = (
    telegram_settings.TOKEN_PATTERN,
    discord_settings.TOKEN_PATTERN,
)
"""Every platform's token shape, redacted from the logs even when it is not a configured secret."""


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting of careerbot, by section; see the table in README.md."""

    core: Settings = field(default_factory=Settings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    discord: DiscordSettings = field(default_factory=DiscordSettings)

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms that have a token configured."""
        configured = (("telegram", self.telegram.token), ("discord", self.discord.token))
        return tuple(name for name, token in configured if token)

    def secrets(self) -> tuple[str, ...]:
        """Every configured secret value of every section (what the logs redact)."""
        return self.core.secrets() + self.telegram.secrets() + self.discord.secrets()


def load_config(env: Mapping[str, str] | None = None, env_file: Path | None = None) -> Config:
    """Build :class:`Config` from ``env`` (default ``os.environ``) over an optional ``.env`` file."""
    merged = environment(env, env_file)
    return Config(
        core=load_settings(merged),
        telegram=telegram_settings.load(merged),
        discord=discord_settings.load(merged),
    )
