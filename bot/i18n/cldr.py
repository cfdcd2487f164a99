"""The parts of a language's CLDR data that careerbot formats with, and nothing more.

Babel reads a language's whole CLDR data on first use (calendars, units, time zones: 1 to 3 MB
of Python objects per language, with the root data under them, and 2 MB of data common to all)
and keeps it for the life of the process.  careerbot formats numbers, money, plural forms and
the names of regions and languages (:mod:`bot.i18n.formatting`), so each language's
:class:`KeptLocale` holds only those sections, copied out of Babel's data, and Babel's own copy
is let go.  A section that is not kept is read from Babel when first asked for and then kept
too, so formatting never fails for want of it; it only costs the time of reading the data again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import babel.core
from babel import Locale, localedata

KEPT = frozenset(
    {
        "currency_formats",
        "currency_names",
        "currency_names_plural",
        "currency_symbols",
        "currency_unit_patterns",
        "decimal_formats",
        "default_numbering_system",
        "languages",
        "number_symbols",
        "percent_formats",
        "plural_form",
        "scientific_formats",
        "scripts",
        "territories",
        "variants",
    }
)
"""The sections of a language's CLDR data that formatting reads (the rest is let go)."""


def _plain(value: Any) -> Any:
    """``value`` with every alias of Babel's data resolved, as plain dicts (no link to the rest)."""
    if isinstance(value, Mapping):
        return {key: _plain(value[key]) for key in value}
    return value


def release() -> None:
    """Let go of Babel's cached locale and global data; Babel reads them again from its files when
    asked.  (Babel keeps them in module attributes: a Babel without them has nothing to let go.)"""
    lock = getattr(localedata, "_cache_lock", None)
    if lock is None:
        return
    with lock:
        for name in ("_cache", "_dict_cache"):
            cache = getattr(localedata, name, None)
            if isinstance(cache, dict):
                cache.clear()
    if getattr(babel.core, "_global_data", None) is not None:
        babel.core._global_data = None


class _Sections(localedata.LocaleDataDict):
    """The kept sections of one language; a missing one is copied from Babel's data on demand."""

    def __init__(self, data: dict[str | int | None, Any], identifier: str) -> None:
        super().__init__(data)
        self._identifier = identifier

    def __getitem__(self, key: str | int | None) -> Any:
        try:
            return super().__getitem__(key)
        except KeyError:
            data = cast("dict[str | int | None, Any]", localedata.load(self._identifier))
            full = localedata.LocaleDataDict(data)
            try:
                value = _plain(full[key])  # KeyError: CLDR has no such section
            finally:
                release()
            self._data[key] = value
            return super().__getitem__(key)


class KeptLocale(Locale):
    """A Babel locale that holds only the :data:`KEPT` sections of its data.

    It formats exactly as the Babel locale it is made from (``tests/core/test_i18n_cldr.py``
    compares the two).  Making one lets go of Babel's cached copy of the data.
    """

    def __init__(self, full: Locale) -> None:
        super().__init__(full.language, full.territory, full.script, full.variant, full.modifier)
        data = full._data
        kept: dict[str | int | None, Any] = {key: _plain(data[key]) for key in sorted(KEPT) if key in data}
        self._sections = _Sections(kept, str(full))
        release()

    @property
    def _data(self) -> localedata.LocaleDataDict:
        return self._sections
