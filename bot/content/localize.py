"""Load one translation folder, ``content/locales/<lang>/``: phrases, content overlays and cue words.

Every problem goes to the load's :class:`~bot.content.problems.Collector` with the
file (``locales/es/careers.yaml``), line and key path, like the English files'.
Beyond each file's own schema (see :mod:`bot.content.translations` and
:mod:`bot.i18n.phrasebook`), a translated name or alias must not be a name or alias
of another entity, in English or in the translation, and a translated cue may not
point to another topic than the English cue of the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from bot.content.assemble import Parts
from bot.content.cues import CueBook, Cues, CuesFile, check_cues
from bot.content.problems import Collector
from bot.content.translations import TRANSLATED_FILES, Overlay, file_schema, overlay
from bot.content.yamlfile import KeyPath
from bot.i18n.coverage import Coverage
from bot.i18n.languages import CODE, DEFAULT_LANGUAGE, LOCALES_DIR
from bot.i18n.phrasebook import PHRASES_FILE, load_phrases
from bot.phrases import Phrases
from bot.text import key

CUES_FILE = "cues.yaml"
LOCALE_FILES: tuple[str, ...] = (PHRASES_FILE, *TRANSLATED_FILES, CUES_FILE)
"""The files a translation folder may hold; every one is optional."""

_TOPS = {
    "careers.yaml": ("careers", "career"),
    "skills.yaml": ("skills", "skill"),
    "examples.yaml": ("examples", "example"),
}


@dataclass(frozen=True, slots=True)
class English:
    """What a translation is checked against: the validated English files and their terms."""

    files: Mapping[str, BaseModel]
    cues: Cues
    owners: Mapping[str, str]
    """Lookup key of every id, name and alias -> its owner (``career 'nlp-engineer'``)."""
    topics: Mapping[str, str]
    """Lookup key of every English topic cue -> its topic ref."""
    ids: Mapping[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class Language:
    """One validated translation."""

    code: str
    phrases: Phrases
    parts: Parts
    cues: Cues | None
    coverage: Coverage


def english_terms(files: Mapping[str, BaseModel], cues: Cues) -> English:
    """Index the English content for checking translations against it."""
    owners: dict[str, str] = {}
    ids: dict[str, frozenset[str]] = {}
    for file, (top, kind) in _TOPS.items():
        items: tuple[Any, ...] = getattr(files[file], top)
        ids[kind] = frozenset(i.id for i in items)
        for item in items:
            for text in (item.id.replace("-", " "), item.name, *item.aliases):
                owners.setdefault(key(text), f"{kind} '{item.id}'")
    topics = {key(t): ref for ref, phrases in cues.topics.items() for t in phrases}
    return English(MappingProxyType(files), cues, MappingProxyType(owners), MappingProxyType(topics), ids)


def check_locales(col: Collector, root: Path) -> None:
    """Files directly in ``locales/`` are misplaced: each language has its own folder."""
    folder = root / LOCALES_DIR
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in {".yaml", ".yml"}:
                col.add(
                    f"{LOCALES_DIR}/{path.name}",
                    (),
                    "translation files go in a folder per language: locales/<code>/<file>",
                )


def _folder_ok(col: Collector, root: Path, code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    where = f"{LOCALES_DIR}/{code}"
    if code == DEFAULT_LANGUAGE:
        col.add(where, (), "English is the source language: its content is the content folder itself")
        return False
    if not CODE.match(code):
        col.add(where, (), "a translation folder is named by a base language code such as es, ru or pt")
        return False
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        col.add(where, (), f"'{code}' is not a language code that CLDR knows")
        return False
    for path in sorted((root / where).iterdir()):
        if path.suffix in {".yaml", ".yml"} and path.name not in LOCALE_FILES:
            col.add(
                f"{where}/{path.name}", (), f"unknown translation file (expected: {', '.join(LOCALE_FILES)})"
            )
    return True


def _check_terms(
    col: Collector, file: str, name: str, translation: BaseModel, owners: dict[str, str]
) -> None:
    """Translated names and aliases must not be another entity's (English or translated), nor
    repeat one another; ``owners`` (English's, then each file's translations) grows as it goes."""
    top, kind = _TOPS[name]
    for i, item in enumerate(getattr(translation, top) or ()):
        me = f"{kind} '{item.id}'"
        texts: list[tuple[KeyPath, str]] = [((top, i, "name"), item.name)] if item.name is not None else []
        texts += [((top, i, "aliases", j), a) for j, a in enumerate(item.aliases or ())]
        own: set[str] = set()
        for path, text in texts:
            k = key(text)
            owner = owners.setdefault(k, me)
            if owner != me:
                col.add(file, path, f"'{text}' is already used by {owner}")
            elif k in own:
                col.add(file, path, f"duplicate alias '{text}' (the same words, ignoring case and plurals)")
            own.add(k)


def _check_cues(col: Collector, file: str, cues: Cues, english: English) -> None:
    check_cues(cues, english.ids, col.reporter(file))
    for ref, phrases in cues.topics.items():
        for i, text in enumerate(phrases):
            owner = english.topics.get(key(text))
            if owner is not None and owner != ref:
                col.add(file, ("cues", "topics", ref, i), f"'{text}' already points to {owner} in English")


def load_language(col: Collector, root: Path, code: str, english: English | None) -> Language | None:
    """Validate ``root/locales/<code>/`` (``english`` None: the English files failed, check what can be)."""
    if not _folder_ok(col, root, code):
        return None
    base = f"{LOCALES_DIR}/{code}"
    loaded = load_phrases(col, root, code)
    before = len(col.problems)
    merged: dict[str, Overlay] = {}
    owners = dict(english.owners) if english is not None else {}
    for name in TRANSLATED_FILES:
        file = f"{base}/{name}"
        translation = col.parse(root, file, file_schema(name).overlay) if (root / file).is_file() else None
        if english is None:
            continue
        if translation is not None and name in _TOPS:
            _check_terms(col, file, name, translation, owners)
        merged[name] = overlay(name, english.files[name], translation, col.reporter(file))
    cues: Cues | None = None
    if (root / base / CUES_FILE).is_file():
        parsed = col.parse(root, f"{base}/{CUES_FILE}", CuesFile)
        if parsed is not None and english is not None:
            cues = parsed.cues
            _check_cues(col, f"{base}/{CUES_FILE}", cues, english)
    if english is None or len(col.problems) > before:
        return None
    files: dict[str, Any] = {name: o.merged for name, o in merged.items()}
    parts = Parts.of_files(files)
    gaps = [f"{PHRASES_FILE}: {k}" for k in loaded.missing]
    gaps += [g for o in merged.values() for g in o.gaps]
    coverage = Coverage(
        code,
        loaded.done,
        loaded.total,
        sum(o.done for o in merged.values()),
        sum(o.total for o in merged.values()),
        tuple(gaps),
    )
    return Language(code, loaded.phrases, parts, cues, coverage)


def merge_books(base: CueBook, extra: CueBook) -> CueBook:
    """English's compiled cues plus a language's (its own win where both define a word): every
    table, the grammar groups read word by word, the words never corrected and the job-title
    endings included."""
    signals = dict(base.signals)
    for k, found in extra.signals.items():
        signals[k] = tuple(dict.fromkeys((*signals.get(k, ()), *found)))
    groups = {g: _union(base.group(g), extra.group(g)) for g in (*base.groups, *extra.groups)}
    return CueBook(
        signals=MappingProxyType(signals),
        synonyms=MappingProxyType({**base.synonyms, **extra.synonyms}),
        senses=MappingProxyType({**base.senses, **extra.senses}),
        max_tokens=max(base.max_tokens, extra.max_tokens),
        vocabulary=_union(base.vocabulary, extra.vocabulary),
        stopwords=_union(base.stopwords, extra.stopwords),
        ordinals=MappingProxyType({**base.ordinals, **extra.ordinals}),
        counts=MappingProxyType({**base.counts, **extra.counts}),
        steps=MappingProxyType({**base.steps, **extra.steps}),
        kept=_union(base.kept, extra.kept),
        groups=MappingProxyType(groups),
        role_endings=tuple(dict.fromkeys((*base.role_endings, *extra.role_endings))),
    )


def _union(base: frozenset[str], extra: frozenset[str]) -> frozenset[str]:
    """``base | extra``, sharing ``base`` itself when ``extra`` adds nothing (every language's book
    would otherwise hold its own copy of English's sets)."""
    return base if extra <= base else base | extra
