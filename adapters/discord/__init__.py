"""Discord adapter: slash commands, embeds and persistent components over discord.py.

:func:`create` builds the runner used by ``careerbot run discord``;
:func:`sync_commands` is ``careerbot discord sync``.  Importing the package
(or its :mod:`.settings`) does not import discord.py: these two do, when
they are called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adapters.base import PlatformRunner
    from adapters.config import Config
    from adapters.pictures import Pictures
    from bot.core import Core

__all__ = ["create", "sync_commands"]


def create(core: Core, config: Config, pictures: Pictures | None = None) -> PlatformRunner:
    """The Discord runner for ``core`` from its section of ``config`` (token checked when it runs);
    ``pictures`` draws the replies' pictures (sent as attachments; ``None``: embeds only)."""
    from adapters.discord.runner import DiscordRunner

    return DiscordRunner(core, config.discord, config.core.data_dir, pictures=pictures)


async def sync_commands(core: Core, config: Config, **options: Any) -> str:
    """Register the slash commands with Discord now, even if unchanged; describe what was done."""
    from adapters.discord.runner import force_sync

    return await force_sync(core, config.discord, config.core.data_dir, **options)
