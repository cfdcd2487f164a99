"""Telegram's "/" menu in every language: one ``setMyCommands`` per language the content speaks.

Telegram shows a user the command list registered for their app's language
(``language_code``), else the list registered without one.  careerbot
registers that default list in ``DEFAULT_LANGUAGE`` and then one list per
language of the content (English too, so that an English app keeps English
when ``DEFAULT_LANGUAGE`` is another language), each with the descriptions
of :meth:`~bot.commands.CommandSpec.describe` in that language.  Command
names stay the core's (``/salary``): Telegram has no localized names, and
``/help`` and every reply spell them so.

Telegram takes two-letter ISO 639-1 codes only: a translation named by a
three-letter code (``fil``) gets no list of its own, its users see the
default one.
"""

from __future__ import annotations

import logging
import re

from telegram import Bot, BotCommand

from bot.core import Core
from bot.phrases import Phrases

log = logging.getLogger("careerbot.telegram")

COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
"""Telegram's rule for a command name."""
DESCRIPTION_MAX = 256
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
"""What ``setMyCommands`` accepts as ``language_code``."""


def bot_commands(core: Core, language: str | None = None) -> list[BotCommand]:
    """The core's commands as Telegram's "/" menu in ``language`` (default: ``DEFAULT_LANGUAGE``),
    names and descriptions within Telegram's limits."""
    phrases: Phrases = core.catalog.for_language(language or core.default_language).phrases
    commands = []
    for spec in core.table:
        name = spec.name.casefold()
        description = " ".join(spec.describe(phrases).split())[:DESCRIPTION_MAX]
        if COMMAND_NAME.match(name) and description:
            commands.append(BotCommand(name, description))
    return commands


def menus(core: Core) -> list[tuple[str | None, list[BotCommand]]]:
    """Every list to register, as ``(language_code, commands)``: the default one (``None``),
    then one per language of the content that Telegram can name."""
    found: list[tuple[str | None, list[BotCommand]]] = [(None, bot_commands(core))]
    for code in core.catalog.languages:
        if LANGUAGE_CODE.match(code):
            found.append((code, bot_commands(core, code)))
        else:
            log.info("no Telegram command menu for %r: Telegram takes two-letter codes only", code)
    return found


async def register_commands(bot: Bot, core: Core) -> int:
    """Register every menu of :func:`menus` with ``bot``; return how many lists were sent."""
    lists = menus(core)
    for code, commands in lists:
        await bot.set_my_commands(commands, language_code=code)
    return len(lists)
