"""The CLDR data kept per language (bot/i18n/cldr.py): formats exactly as Babel, keeps little."""

from __future__ import annotations

from decimal import Decimal

import babel.core
import pytest
from babel import Locale, localedata
from babel.numbers import format_currency, format_decimal

from bot.i18n.cldr import KEPT, KeptLocale

CODES = ("en", "es", "ru", "de", "pt", "ar")
NUMBERS = (0, 1, 2, 5, 21, 1234, -1234567, 120000, 1.5, 0.25, Decimal("1234567.891"))


def babel_is_empty() -> bool:
    """Whether Babel holds no locale or global data of its own."""
    caches = (getattr(localedata, "_cache", {}), getattr(localedata, "_dict_cache", {}))
    return not any(caches) and getattr(babel.core, "_global_data", None) is None


@pytest.mark.parametrize("code", CODES)
def test_a_kept_locale_formats_exactly_as_babels_own(code: str) -> None:
    """Numbers, money, plural forms and the names of regions and languages come out the same as
    with Babel's full locale data."""
    kept, full = KeptLocale(Locale.parse(code)), Locale.parse(code)
    for value in NUMBERS:
        assert format_decimal(value, locale=kept) == format_decimal(value, locale=full)
        for currency in ("USD", "EUR", "RUB"):
            assert format_currency(value, currency, locale=kept) == format_currency(
                value, currency, locale=full
            )
    assert [kept.plural_form(n) for n in range(200)] == [full.plural_form(n) for n in range(200)]
    assert kept.territories == full.territories
    assert [kept.languages.get(c) for c in CODES] == [full.languages.get(c) for c in CODES]
    assert kept.get_display_name(kept) == full.get_display_name(full)
    assert kept.get_display_name(Locale.parse("en")) == full.get_display_name(Locale.parse("en"))


def test_making_a_kept_locale_lets_go_of_babels_data() -> None:
    """Babel's cached copy of the locale and global data is dropped once the sections are kept,
    and the kept data holds only the sections formatting reads."""
    Locale.parse("ru").currency_formats  # noqa: B018 -- Babel reads and caches the data
    assert not babel_is_empty()
    kept = KeptLocale(Locale.parse("ru"))
    assert babel_is_empty()
    assert set(kept._data) <= KEPT
    assert {"number_symbols", "plural_form", "territories"} <= set(kept._data)


def test_a_section_not_kept_is_read_on_demand_and_babel_lets_go_again() -> None:
    """Asking for data outside the kept sections (month names) answers as Babel does, instead of
    failing, and leaves Babel's caches empty again."""
    kept = KeptLocale(Locale.parse("es"))
    assert "months" not in KEPT
    assert kept.months["format"]["wide"][1] == Locale.parse("es").months["format"]["wide"][1]
    KeptLocale(Locale.parse("en"))  # let go of what the comparison loaded
    _ = kept.days["format"]["wide"][0]
    assert babel_is_empty()
    assert "days" in kept._data
    with pytest.raises(KeyError):
        _ = kept._data["no such section"]
