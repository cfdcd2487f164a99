"""The immutable catalog that every handler reads from, one per language."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from bot.content.cues import CueBook
from bot.content.index import EntityIndex, Kind, Ref
from bot.content.models import About, Career, Example, Guidance, Quiz, Skill
from bot.content.passages import Passages
from bot.content.speller import Speller
from bot.i18n import formatting
from bot.i18n.coverage import Coverage
from bot.i18n.languages import DEFAULT_LANGUAGE, language_of
from bot.phrases import EN, Phrases, Plural


class Locales:
    """Every language of one content load: its catalog by code, and how complete each is.

    Shared by the English catalog and its translations, so any of them reaches the
    others (``for_language``).  Every translation is validated when the content loads;
    its catalog (index, cue words, speller, passages) is built on first use, once, by
    the builder the loader left in :meth:`add`; :meth:`build_all` builds them all now.
    """

    __slots__ = ("_builders", "_catalogs", "_lock", "codes", "coverage")

    def __init__(self, coverage: Mapping[str, Coverage]) -> None:
        self.coverage: Mapping[str, Coverage] = MappingProxyType(dict(coverage))
        """Coverage of each translation (English, the source, is not in it)."""
        self.codes: tuple[str, ...] = (DEFAULT_LANGUAGE, *sorted(coverage))
        """Every language, English first: ``("en", "es", "ru")``."""
        self._catalogs: dict[str, Catalog] = {}
        self._builders: dict[str, Callable[[], Catalog]] = {}
        self._lock = threading.Lock()

    def add(self, code: str, catalog: Catalog | Callable[[], Catalog]) -> None:
        """Register a language's catalog, or the function that builds it (the loader does this)."""
        if isinstance(catalog, Catalog):
            self._catalogs[code] = catalog
        else:
            self._builders[code] = catalog

    def get(self, code: str) -> Catalog | None:
        """The catalog of a supported language code (built now if it was not yet), else None."""
        found = self._catalogs.get(code)
        if found is not None or code not in self._builders:
            return found
        with self._lock:
            found = self._catalogs.get(code)
            if found is None:
                found = self._catalogs[code] = self._builders[code]()
            return found

    @property
    def built(self) -> tuple[str, ...]:
        """The languages whose catalog is built so far."""
        return tuple(code for code in self.codes if code in self._catalogs)

    def build_all(self) -> None:
        """Build every language's catalog now (e.g. in a worker thread right after a reload)."""
        for code in self.codes:
            self.get(code)


@dataclass(frozen=True, slots=True)
class Catalog:
    """All validated content of one language, indexed for lookups.  Never mutated after loading.

    ``version`` is a short hash of the content files (translations included), ``source``
    the folder they came from, ``load_seconds`` how long loading and validating every
    language took and ``all_refs`` every entity of each kind as a :class:`Ref`, in content
    order; ``quiz`` is the career match quiz; ``cues`` the compiled cue words of ``cues.yaml``
    (for a translation: English's plus the language's own).  ``language`` is the base
    language code of the text, ``phrases`` the UI phrases in it.
    """

    about: About
    examples: Mapping[str, Example]
    skills: Mapping[str, Skill]
    careers: Mapping[str, Career]
    guidance: Guidance
    index: EntityIndex
    version: str
    source: str
    load_seconds: float
    all_refs: Mapping[str, tuple[Ref, ...]]
    quiz: Quiz
    cues: CueBook
    speller: Speller
    passages: Passages
    language: str = DEFAULT_LANGUAGE
    phrases: Phrases = EN
    locales: Locales | None = None
    role_joins: frozenset[str] | None = None
    """The words joining a role word to the rest of a role's name ("de", "по"); None when nothing follows."""

    def name_of(self, kind: Kind, entity_id: str) -> str:
        """Display name of an entity (its id if unknown)."""
        table: Mapping[str, Example | Skill | Career] = self.table(kind)
        entity = table.get(entity_id)
        return entity.name if entity is not None else entity_id

    def table(self, kind: Kind) -> Mapping[str, Example | Skill | Career]:
        """The entities of one kind, by id, in content order."""
        if kind == "career":
            return self.careers
        if kind == "skill":
            return self.skills
        return self.examples

    def ref(self, kind: Kind, entity_id: str) -> Ref:
        """A :class:`Ref` for an existing entity."""
        return Ref(kind, entity_id, self.name_of(kind, entity_id))

    def refs(self, kind: Kind) -> tuple[Ref, ...]:
        """All entities of one kind, in content order (precomputed at load)."""
        return self.all_refs[kind]

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language of this content, English first: ``("en", "es", "ru")``."""
        return self.locales.codes if self.locales is not None else (DEFAULT_LANGUAGE,)

    @property
    def coverage(self) -> Mapping[str, Coverage]:
        """How complete each translation is, by language code."""
        return self.locales.coverage if self.locales is not None else MappingProxyType({})

    def for_language(self, language: str | None) -> Catalog:
        """The catalog in ``language`` (a code, or a platform tag such as ``es-419``).

        English, an unsupported language or None gives the English catalog; this never raises.
        """
        if language == self.language:
            return self
        if self.locales is None:
            return self
        found = self.locales.get(language or DEFAULT_LANGUAGE)
        if found is None:
            found = self.locales.get(language_of(language, self.locales.codes) or DEFAULT_LANGUAGE)
        return found if found is not None else self

    def plural(self, phrase: Plural, count: int | float | Decimal, **values: object) -> str:
        """``phrase`` (one of :attr:`phrases`) for ``count``, in this catalog's language."""
        return formatting.plural(phrase, count, self.language, **values)

    def money(self, amount: int | float | Decimal, currency: str) -> str:
        """An amount formatted for this catalog's language (``$120,000``, ``120.000 US$``)."""
        return formatting.money(amount, currency, self.language)

    def number(self, value: int | float | Decimal) -> str:
        """A number formatted for this catalog's language (``120,000``, ``120 000``)."""
        return formatting.number(value, self.language)
