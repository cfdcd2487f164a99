"""``content/locales/<lang>/phrases.yaml``: the UI phrases of one language, validated.

The schema is :class:`bot.phrases.Phrases` itself: every key is one of its
fields, a plain phrase is a string and a :class:`~bot.phrases.Plural` phrase a
mapping of the language's CLDR plural categories.  Checked (each problem named
by file, line and key path): unknown keys, wrong types, empty text, placeholders
that differ from English, plural categories the language does not have or lacks,
and labels longer than the platforms show.  A key left out falls back to English
and is a coverage gap, not an error.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from string import Formatter
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter, ValidationError

from bot.content.models import _File
from bot.content.problems import Collector, describe
from bot.content.yamlfile import KeyPath
from bot.i18n.formatting import ordered, plural_categories
from bot.phrases import EN, PLURAL_CATEGORIES, Phrases, Plural

PHRASES_FILE = "phrases.yaml"

_MAX_TEXT = 2000
PhraseText = Annotated[str, StringConstraints(strict=True, max_length=_MAX_TEXT)]

LIMITS: tuple[tuple[str, int, str], ...] = (
    ("desc_", 100, "a command description"),
    ("arg_", 100, "an argument description"),
    ("btn_", 40, "a button label"),
    ("menu_", 150, "a menu placeholder"),
)
"""Field-name prefix, most characters, what it is: Discord takes descriptions of 100 characters
at most (and select-menu placeholders of 150); buttons keep to 40 so that a label with a name
filled in stays on one button."""


class _Forms(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zero: PhraseText | None = None
    one: PhraseText | None = None
    two: PhraseText | None = None
    few: PhraseText | None = None
    many: PhraseText | None = None
    other: PhraseText | None = None


FIELDS: dict[str, bool] = {
    f.name: isinstance(getattr(EN, f.name), Plural) for f in dataclasses.fields(Phrases)
}
"""Every phrase key, True for the plural ones."""


class PhrasesFile(_File):
    """The model of ``phrases.yaml``: ``schema_version`` and ``phrases``, a mapping checked key by key."""

    phrases: dict[str, Any]


_PLAIN: TypeAdapter[str] = TypeAdapter(PhraseText)
_PLURAL: TypeAdapter[_Forms] = TypeAdapter(_Forms)


@lru_cache(maxsize=1024)
def placeholders(template: str) -> frozenset[str]:
    """The ``{names}`` of a ``str.format`` template (``{count}``, ``{name}``); ValueError if malformed."""
    names: set[str] = set()
    for _, field, spec, _ in Formatter().parse(template):
        if field is not None:
            names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
        if spec:
            names |= placeholders(spec)
    return frozenset(names)


@cache
def _english_placeholders(name: str) -> frozenset[str]:
    value = getattr(EN, name)
    return placeholders(value.other if isinstance(value, Plural) else value)


@cache
def _limit(name: str) -> tuple[int, str] | None:
    """The most characters a phrase of this key may have, and what it is (see :data:`LIMITS`)."""
    return next(((limit, what) for prefix, limit, what in LIMITS if name.startswith(prefix)), None)


def _explain(error: Any, is_plural: bool) -> str:
    loc = tuple(error.get("loc", ()))
    if error.get("type") == "extra_forbidden" and len(loc) == 1:
        return f"'{loc[0]}' is not a plural category (CLDR categories: {', '.join(PLURAL_CATEGORIES)})"
    if error.get("input", 0) is None:
        return "empty text: write the phrase, or leave the key out to fall back to English"
    if not loc and is_plural:
        return "a plural phrase: a mapping of plural categories (one, few, many, other ...) to text"
    if not loc and isinstance(error.get("input"), dict):
        return "a plain phrase (text), not plural forms: English has one form here"
    if error.get("type") == "string_type":
        return "text expected: quote the value (YAML reads 42, yes or no as a number or a boolean)"
    return describe(error)


def _validate(key: str, value: object, report: Any) -> str | _Forms | None:
    """One phrase checked against its type (text, or plural forms); None after reporting why not."""
    is_plural = FIELDS[key]
    if not is_plural and type(value) is str and len(value) <= _MAX_TEXT:
        return value  # what _PLAIN gives a valid text, without the round trip
    try:
        return _PLURAL.validate_python(value) if is_plural else _PLAIN.validate_python(value)
    except ValidationError as exc:
        for error in exc.errors():
            report(("phrases", key, *error["loc"]), _explain(error, is_plural))
        return None


@dataclass(frozen=True, slots=True)
class LoadedPhrases:
    """One language's phrases (English where a key is missing) and the keys that are missing."""

    phrases: Phrases
    done: int
    total: int
    missing: tuple[str, ...]


def _check_text(text: str, name: str, path: KeyPath, report: Any) -> bool:
    if not text.strip():
        report(path, "empty text: write the phrase, or leave the key out to fall back to English")
        return False
    try:
        found = placeholders(text)
    except ValueError as exc:
        report(path, f"not a valid template ({exc}); write a literal brace as {{{{ or }}}}")
        return False
    expected = _english_placeholders(name)
    if found != expected:
        want = ", ".join(f"{{{p}}}" for p in sorted(expected)) or "none"
        extra = ", ".join(f"{{{p}}}" for p in sorted(found - expected))
        lack = ", ".join(f"{{{p}}}" for p in sorted(expected - found))
        detail = "; ".join(x for x in (extra and f"unknown {extra}", lack and f"missing {lack}") if x)
        report(path, f"placeholders differ from English ({detail}); English has: {want}")
        return False
    limit = _limit(name)
    if limit is not None and len(text) > limit[0]:
        report(path, f"{limit[1]} of at most {limit[0]} characters (this one has {len(text)})")
        return False
    return True


def load_phrases(col: Collector, folder: Path, lang: str) -> LoadedPhrases:
    """Validate ``folder/locales/<lang>/phrases.yaml``; problems go to ``col``.

    ``folder`` is the content folder.  A missing file is no error: every phrase is
    then English, and all are coverage gaps.
    """
    name = f"locales/{lang}/{PHRASES_FILE}"
    total = len(FIELDS)
    if not (folder / name).is_file():
        return LoadedPhrases(EN, 0, total, tuple(FIELDS))
    parsed = col.parse(folder, name, PhrasesFile)
    if parsed is None:
        return LoadedPhrases(EN, 0, total, tuple(FIELDS))
    report = col.reporter(name)
    categories = plural_categories(lang)
    updates: dict[str, str | Plural] = {}
    for key, raw in parsed.phrases.items():
        path: KeyPath = ("phrases", key)
        if key not in FIELDS:
            report(path, "unknown key (check its spelling; the keys are the fields of bot/phrases.py)")
            continue
        value = _validate(key, raw, report)
        if value is None:
            continue
        if isinstance(value, _Forms):
            forms = {c: getattr(value, c) for c in PLURAL_CATEGORIES if getattr(value, c) is not None}
            given = frozenset(forms)
            if given != categories:
                lack, extra = categories - given, given - categories
                detail = "; ".join(
                    x
                    for x in (
                        lack and f"missing {ordered(lack)}",
                        extra and f"not used in {lang}: {ordered(extra)}",
                    )
                    if x
                )
                report(path, f"plural categories of {lang} are {ordered(categories)} ({detail})")
                continue
            if all(_check_text(text, key, (*path, c), report) for c, text in forms.items()):
                updates[key] = Plural(**forms)
        elif _check_text(value, key, path, report):
            updates[key] = value
    missing = tuple(k for k in FIELDS if k not in updates)
    return LoadedPhrases(dataclasses.replace(EN, **updates), len(updates), total, missing)  # type: ignore[arg-type]
