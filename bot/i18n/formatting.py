"""Numbers, money and plural forms for a language, all from Babel (CLDR data).

Babel is imported on first use, and each language's data is read once per
process and only the sections formatting needs are kept (:mod:`bot.i18n.cldr`),
so formatting a number costs a pattern application.
Unknown or malformed language codes format as English rather than fail.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.phrases import PLURAL_CATEGORIES, Plural

if TYPE_CHECKING:
    from babel import Locale
    from babel.numbers import NumberPattern

Number = int | float | Decimal

FALLBACK = "en"


@lru_cache(maxsize=64)
def locale(lang: str) -> Locale:
    """Babel's locale for a base language code (English when Babel does not know it), holding only
    the CLDR data formatting reads (:mod:`bot.i18n.cldr`); one object per code (``Locale.parse``
    checks the locale's data file on disk every time it is called)."""
    from babel import Locale, UnknownLocaleError

    from bot.i18n.cldr import KeptLocale

    try:
        return KeptLocale(Locale.parse(lang))
    except (ValueError, TypeError, UnknownLocaleError):
        return KeptLocale(Locale.parse(FALLBACK))


@lru_cache(maxsize=64)
def _whole_money_pattern(lang: str) -> NumberPattern:
    """The locale's currency pattern without decimals (for whole amounts such as salaries)."""
    pattern: NumberPattern = copy.copy(locale(lang).currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern


@lru_cache(maxsize=4096)
def money(amount: Number, currency: str, lang: str) -> str:
    """An amount of ``currency`` as written in ``lang``: no decimals for a whole amount.

    ``money(120000, "USD", "en")`` is ``$120,000``, ``"es"`` gives ``120.000 US$`` and
    ``"ru"`` ``120 000 $`` (with the no-break spaces of CLDR).  The figure is never rounded.
    Memoised: a catalog's salaries are a few hundred amounts, each formatted by Babel once per
    language instead of on every reply (the salary overview formats fifty).
    """
    from babel.numbers import format_currency

    loc = locale(lang)
    if amount == int(amount):
        whole: str = _whole_money_pattern(lang).apply(
            int(amount), loc, currency=currency, currency_digits=False
        )
        return whole
    return format_currency(amount, currency, locale=loc, decimal_quantization=False)


def number(value: Number, lang: str) -> str:
    """A number with the language's digit grouping and decimal sign (``120,000`` / ``120.000``)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale(lang), decimal_quantization=False)


def plural_category(value: Number, lang: str) -> str:
    """The CLDR plural category of ``value`` in ``lang``: ``one``, ``few``, ``many``, ``other``..."""
    magnitude: float | Decimal = value if value >= 0 else -value
    return str(locale(lang).plural_form(magnitude))


@lru_cache(maxsize=64)
def plural_categories(lang: str) -> frozenset[str]:
    """Every plural category of ``lang`` (always with ``other``): ru -> one, few, many, other."""
    return frozenset(locale(lang).plural_form.tags) | {"other"}


def ordered(categories: frozenset[str] | set[str]) -> str:
    """Categories in CLDR order, for messages: ``one, few, many, other``."""
    return ", ".join(c for c in PLURAL_CATEGORIES if c in categories)


def plural(phrase: Plural, count: Number, lang: str, **values: object) -> str:
    """The form of ``phrase`` for ``count`` in ``lang``, filled with ``{count}`` and ``values``.

    ``plural(EN.progress_skills, 1, "en")`` is ``1 skill``; with Russian phrases,
    ``plural(ru.progress_skills, 3, "ru")`` is ``3 навыков``.  ``{count}`` is formatted with
    :func:`number`.
    """
    template = phrase.form(plural_category(count, lang))
    return template.format(count=number(count, lang), **values)


@lru_cache(maxsize=1024)
def region_name(region: str, lang: str) -> str:
    """A region as the content writes it (``US``), named in ``lang`` (``Estados Unidos``).

    English, the language the content is written in, keeps the content's own word;
    other languages name a two-letter territory code from CLDR.  Anything else is
    returned as written.
    """
    if len(region) != 2 or not region.isalpha() or not region.isupper():
        return region
    if locale(lang).language == FALLBACK:
        return region
    return str(locale(lang).territories.get(region) or region)


def language_name(code: str, lang: str | None = None) -> str:
    """The name of language ``code`` in ``lang`` (default: in itself, ``español``, ``русский``)."""
    name = locale(code).get_display_name(locale(lang or code))
    return name if name else code
