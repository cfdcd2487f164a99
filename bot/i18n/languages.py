"""Which languages careerbot speaks, and which of them a platform's language tag means.

English (``en``) is the source: ``content/*.yaml`` and :data:`bot.phrases.EN`.
Every other language is a folder ``content/locales/<code>/`` named by a base
language code (``es``, ``ru``, ``pt``), found when the content loads: adding a
language needs no code.  Platforms send tags such as ``es-419`` (Discord) or
``pt-br`` (Telegram); :func:`language_of` reduces them to a base language.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from contextvars import ContextVar
from pathlib import Path

DEFAULT_LANGUAGE = "en"
"""The content's own language, and the fallback for every unsupported one."""

ANSWERING: ContextVar[str] = ContextVar("careerbot_answering_language", default="en")
"""The language :meth:`bot.core.Core.respond` is answering in, while it answers (per task)."""


def answering_language() -> str:
    """The code of the language the core is answering in now (``en`` outside an answer)."""
    return ANSWERING.get()


LOCALES_DIR = "locales"
"""The folder of a content folder that holds one folder per translation."""

CODE = re.compile(r"^[a-z]{2,3}$")
"""A base language code as a locale folder is named: ``es``, ``ru``, ``fil``."""

_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "no": "nb", "mo": "ro", "tl": "fil"}
"""Deprecated or macro-language codes that platforms still send, to their CLDR code."""


def base_language(tag: str | None) -> str | None:
    """The base language of a BCP 47 / POSIX tag (``es-419`` -> ``es``, ``EN_us`` -> ``en``), or None.

    Garbage (empty, too long, not a tag) gives None; this never raises.
    """
    if not isinstance(tag, str) or len(tag) > 64:
        return None
    match = _TAG.match(tag)
    if match is None:
        return None
    return match.group(1).lower()


def language_of(tag: str | None, supported: Collection[str]) -> str | None:
    """The supported language a platform's tag asks for, or None (the caller falls back).

    ``language_of("es-ES", ("en", "es", "ru"))`` is ``es``; ``"pt-BR"`` is None unless
    ``pt`` is supported.  ``supported`` is ``catalog.languages``.
    """
    code = base_language(tag)
    if code is None:
        return None
    if code in supported:
        return code
    alias = _ALIASES.get(code)
    return alias if alias is not None and alias in supported else None


def discover(content_root: Path) -> tuple[str, ...]:
    """The translation folders of a content folder (``content/locales/*``), sorted: ``("es", "ru")``.

    Every sub-folder counts, whatever its name, so the loader can report a badly named one.
    """
    folder = content_root / LOCALES_DIR
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")))
