"""Telegram adapter (python-telegram-bot): commands, buttons, free text, groups and inline mode.

Modules: :mod:`.settings` (its settings section and token shape),
:mod:`.render` (the one HTML renderer), :mod:`.incoming` (which
messages are for the bot), :mod:`.links` (deep links), :mod:`.inline`
(inline mode), :mod:`.photos` (pictures as photos, file_ids remembered),
:mod:`.processor` (concurrency with per-chat order),
:mod:`.owners` (whose message a press may replace, in the store), :mod:`.http`
(the aiohttp transport), :mod:`.ledger` (the crash-safe intake: updates recorded
before they are acknowledged), :mod:`.webhook` (the webhook listener: 200 only
once recorded), :mod:`.app` (handlers and the one error hook), :mod:`.application` (the PTB
Application around them), :mod:`.runner`
(life cycle).

Importing the package (or its settings) does not import python-telegram-bot:
:func:`create` does, when the platform is about to run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.base import PlatformRunner
    from adapters.config import Config
    from adapters.pictures import Pictures
    from bot.core import Core

__all__ = ["create"]


def create(core: Core, config: Config, pictures: Pictures | None = None) -> PlatformRunner:
    """Build the Telegram runner from its section of ``config``; the token is checked when it runs.
    ``pictures`` draws the replies' pictures (sent as photos; ``None``: text only)."""
    from adapters.telegram.runner import TelegramRunner

    return TelegramRunner(core, config.telegram, pictures=pictures)
