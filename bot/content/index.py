"""Lookup index over the names, aliases and ids of careers, skills and examples.

Built once when content loads.  Exact and plural-insensitive lookups are
dictionary hits; typos fall back to RapidFuzz over the keys of one kind;
completion uses a sorted key list, so none of it scans the content.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from rapidfuzz import fuzz, process

from bot.text import key

Kind = Literal["career", "skill", "example"]
KINDS: tuple[Kind, ...] = ("career", "skill", "example")

ACCEPT_SCORE = 80.0
"""A fuzzy match at least this good (0-100) is taken as what was meant..."""
MARGIN = 6.0
"""...when it beats the runner-up for another entity by this much."""
SUGGEST_SCORE = 55.0
"""Weaker matches are only offered as "did you mean" suggestions."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to one content entity."""

    kind: Kind
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving user text: a match, or suggestions."""

    match: Ref | None
    suggestions: tuple[Ref, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the index needs to know of one entity."""

    ref: Ref
    aliases: tuple[str, ...]
    domains: tuple[str, ...] = ()


class EntityIndex:
    """Immutable lookup structure; see the module docstring."""

    def __init__(self, entries: Iterable[IndexEntry]) -> None:
        entries_list = list(entries)
        keys: dict[str, Ref] = {}
        domains: dict[str, list[Ref]] = {}
        for entry in entries_list:
            for text in (entry.ref.id.replace("-", " "), entry.ref.name, *entry.aliases):
                keys.setdefault(key(text), entry.ref)
            for text in entry.domains:
                refs = domains.setdefault(key(text), [])
                if entry.ref not in refs:
                    refs.append(entry.ref)
        self._keys: Mapping[str, Ref] = MappingProxyType(keys)
        self._domains: Mapping[str, tuple[Ref, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in domains.items()}
        )
        self._kind_keys: dict[Kind, list[str]] = {kind: [] for kind in KINDS}
        for k, ref in keys.items():
            self._kind_keys[ref.kind].append(k)
        for kind_keys in self._kind_keys.values():
            kind_keys.sort()
        words: dict[str, set[str]] = {}
        for entry in entries_list:
            ref = entry.ref
            names = (ref.id.replace("-", " "), ref.name, *entry.aliases)
            words[f"{ref.kind}:{ref.id}"] = {w for n in names for w in key(n).split()}
        self.name_words: Mapping[str, frozenset[str]] = MappingProxyType(
            {r: frozenset(ws) for r, ws in words.items()}
        )
        """Every word of each entity's id, name and aliases, by topic ref (``career:nlp-engineer``)."""
        careers_by_word: dict[str, list[str]] = {}
        for r, ws in words.items():
            if r.startswith("career:"):
                for w in ws:
                    careers_by_word.setdefault(w, []).append(r)
        self.careers_by_word: Mapping[str, tuple[str, ...]] = MappingProxyType(
            {w: tuple(rs) for w, rs in careers_by_word.items()}
        )
        """The careers whose names or aliases contain a word."""
        self.vocabulary: frozenset[str] = frozenset(token for k in (*keys, *domains) for token in k.split())
        self.vocabulary_list: tuple[str, ...] = tuple(sorted(self.vocabulary))
        self.max_key_tokens = max((len(k.split()) for k in (*keys, *domains)), default=1)

    def exact(self, text_key: str) -> Ref | None:
        """The entity whose name, alias or id has this key (see :func:`bot.text.key`)."""
        return self._keys.get(text_key)

    def domain(self, text_key: str) -> tuple[Ref, ...]:
        """Entities tagged with this domain key (``healthcare`` -> medical imaging...)."""
        return self._domains.get(text_key, ())

    def resolve(self, kind: Kind, text: str) -> Resolution:
        """Resolve ``text`` to an entity of ``kind``, forgiving case, plurals and typos."""
        k = key(text)
        if not k:
            return Resolution(None)
        ref = self._keys.get(k)
        if ref is not None and ref.kind == kind:
            return Resolution(ref)
        scored = self._fuzzy(kind, k, limit=8)
        if scored:
            best_ref, best = scored[0]
            runner_up = next((s for r, s in scored[1:] if r != best_ref), 0.0)
            if best >= ACCEPT_SCORE and best - runner_up >= MARGIN:
                return Resolution(best_ref)
        suggestions = tuple(r for r, s in scored if s >= SUGGEST_SCORE)[:3]
        if not suggestions:
            suggestions = tuple(self.complete(kind, text, limit=3))
        return Resolution(None, suggestions)

    def _fuzzy(self, kind: Kind, text_key: str, limit: int) -> list[tuple[Ref, float]]:
        found = process.extract(
            text_key, self._kind_keys[kind], scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=40
        )
        best: dict[Ref, float] = {}
        for choice, score, _ in found:
            ref = self._keys[choice]
            # WRatio favours partial hits; blend with plain ratio so "ml" != "html".
            blended = (score + fuzz.ratio(text_key, choice)) / 2
            if blended > best.get(ref, -1.0):
                best[ref] = blended
        return sorted(best.items(), key=lambda item: -item[1])[:limit]

    def complete(self, kind: Kind, partial: str, limit: int = 25) -> list[Ref]:
        """Entities of ``kind`` for an autocomplete box: prefix hits first, then fuzzy ones."""
        k = key(partial)
        keys = self._kind_keys[kind]
        out: list[Ref] = []

        def add(ref: Ref) -> None:
            if ref not in out:
                out.append(ref)

        if not k:
            for each in keys:
                add(self._keys[each])
            return sorted(out, key=lambda r: r.name.casefold())[:limit]
        start = bisect.bisect_left(keys, k)
        for each in keys[start:]:
            if not each.startswith(k) or len(out) >= limit:
                break
            add(self._keys[each])
        if len(out) < limit:
            for ref, _ in self._fuzzy(kind, k, limit):
                add(ref)
        return out[:limit]
