"""Telegram adapter (python-telegram-bot): commands, buttons, free text, groups and inline mode.

Modules: :mod:`.render` (the one HTML renderer), :mod:`.incoming` (which
messages are for the bot), :mod:`.links` (deep links), :mod:`.inline`
(inline mode), :mod:`.processor` (concurrency with per-chat order),
:mod:`.owners` (whose message a press may replace), :mod:`.app` (handlers
and the one error hook), :mod:`.runner` (life cycle).
"""

from __future__ import annotations

from adapters.base import PlatformRunner
from adapters.telegram.runner import TelegramRunner
from bot.core import Core
from bot.settings import Settings

__all__ = ["TelegramRunner", "create"]


def create(core: Core, settings: Settings) -> PlatformRunner:
    """Build the Telegram runner; the token is checked when it runs."""
    return TelegramRunner(core, settings)
