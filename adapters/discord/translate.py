"""Slash commands in every language: discord.py's ``Translator`` worded from the core's phrases.

Each text of a slash command (its description, its options' descriptions,
the names of fixed choices) is a :func:`phrased` ``locale_str``: its message
is the text in ``DEFAULT_LANGUAGE`` (what Discord shows when it has nothing
for a user's locale) and its extras carry how to word it from any language's
:class:`~bot.phrases.Phrases`.  At sync, :class:`PhraseTranslator` is asked
for every Discord locale; it answers the locales whose base language the
content speaks (``es-ES`` and ``es-419``: Spanish, ``ru``: Russian, and a
language added as YAML gets its locales with no code), from the catalog
served at that moment, and Discord sends them as ``name_localizations`` and
``description_localizations``.  :func:`adapters.discord.commands.tree_hash`
hashes that translated payload, so a changed phrase means a new sync.

Command and option *names* stay English (``/salary role``): ``/help``,
"unknown command" replies and every other reply spell them so, commands
typed as messages (``@careerbot /salary cv``) are parsed by them, and
Telegram cannot localize names at all; one name per command everywhere.
The translator returns ``None`` for them, as for every locale it has nothing
different to say in.
"""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands

from bot.core import Core
from bot.i18n.languages import DEFAULT_LANGUAGE, language_of
from bot.phrases import Phrases

Wording = Callable[[Phrases], str]
"""How one text is worded in a language: ``lambda p: spec.describe(p)``."""
WORDING = "wording"
LIMIT = "limit"


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters (ending in "…" when cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def base_phrases(core: Core) -> Phrases:
    """The phrases of ``DEFAULT_LANGUAGE``: the texts Discord shows when it has none for a locale."""
    return core.catalog.for_language(core.default_language).phrases


def phrased(wording: Wording, core: Core, limit: int, fallback: str) -> app_commands.locale_str:
    """A translatable text: worded in ``DEFAULT_LANGUAGE`` now (``fallback`` when that is empty),
    in any other language by :class:`PhraseTranslator` at sync."""
    text = clip(wording(base_phrases(core)), limit) or fallback
    return app_commands.locale_str(text, **{WORDING: wording, LIMIT: limit})


class PhraseTranslator(app_commands.Translator):
    """Answers each Discord locale of a language the content speaks, from that language's phrases."""

    def __init__(self, core: Core) -> None:
        self.core = core

    def language(self, locale: discord.Locale) -> str | None:
        """The content language a Discord locale is worded in, or ``None`` when it is the base
        language (``DEFAULT_LANGUAGE``) or one the content does not speak."""
        spoken = self.core.catalog.languages
        code = language_of(locale.value, spoken)
        base = language_of(self.core.default_language, spoken) or DEFAULT_LANGUAGE
        return code if code is not None and code != base else None

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The text of ``string`` in ``locale``'s language; ``None`` for names, for locales of the
        base language or of no language the content has, and when the wording is the same."""
        wording: Wording | None = string.extras.get(WORDING)
        code = self.language(locale)
        if wording is None or code is None:
            return None
        text = clip(wording(self.core.catalog.for_language(code).phrases), int(string.extras[LIMIT]))
        return text if text and text != string.message else None
