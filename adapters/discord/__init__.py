"""Discord adapter: slash commands, embeds and persistent components over discord.py.

:func:`create` builds the runner used by ``careerbot run discord``;
:func:`sync_commands` is ``careerbot discord sync``.
"""

from __future__ import annotations

from adapters.base import PlatformRunner
from adapters.discord.runner import DiscordRunner, sync_commands
from bot.core import Core
from bot.settings import Settings

__all__ = ["DiscordRunner", "create", "sync_commands"]


def create(core: Core, settings: Settings) -> PlatformRunner:
    """The Discord runner for ``core`` with ``settings`` (token checked when it runs)."""
    return DiscordRunner(core, settings)
