"""Build the lookup structures of a catalog from validated content (any language).

:func:`assemble` turns the content models into the index, the per-kind refs, the
full-text passages and the speller; the loader does it once for English and once
per translation, where the index also knows the English names and aliases and
accent-free spellings of the translated ones (people type ``vision por computadora``).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from bot.content.cues import CueBook
from bot.content.index import EntityIndex, IndexEntry, Kind, Ref
from bot.content.models import About, Career, Example, Guidance, Quiz, Skill
from bot.content.passages import Passage, Passages
from bot.content.speller import Speller
from bot.text import key


@dataclass(frozen=True, slots=True)
class Parts:
    """The validated content of one language, in content order."""

    about: About
    examples: tuple[Example, ...]
    skills: tuple[Skill, ...]
    careers: tuple[Career, ...]
    guidance: Guidance
    quiz: Quiz

    @classmethod
    def of_files(cls, files: Mapping[str, Any]) -> Parts:
        """The parts out of the validated content files, keyed by file name (``careers.yaml``...)."""
        return cls(
            about=files["about.yaml"].about,
            examples=files["examples.yaml"].examples,
            skills=files["skills.yaml"].skills,
            careers=files["careers.yaml"].careers,
            guidance=files["guidance.yaml"].guidance,
            quiz=files["quiz.yaml"].quiz,
        )

    def entities(self) -> tuple[tuple[Kind, Career | Skill | Example], ...]:
        """Every career, skill and example with its kind, in index order."""
        return (
            *(("career", c) for c in self.careers),
            *(("skill", s) for s in self.skills),
            *(("example", e) for e in self.examples),
        )


@dataclass(frozen=True, slots=True)
class Assembled:
    """What a :class:`~bot.content.catalog.Catalog` holds besides the content itself."""

    index: EntityIndex
    refs: Mapping[str, tuple[Ref, ...]]
    passages: Passages
    speller: Speller
    role_joins: frozenset[str] | None


def fold(text: str) -> str:
    """``text`` without accents and other combining marks (``visión`` -> ``vision``, ``ё`` -> ``е``)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _extra_terms(parts: Parts, english: Parts | None) -> dict[str, tuple[str, ...]]:
    """For a translation: per topic ref, English's names and aliases and accent-free spellings."""
    if english is None:
        return {}
    taken: dict[str, str] = {}
    for kind, item in (*english.entities(), *parts.entities()):
        for text in (item.id.replace("-", " "), item.name, *item.aliases):
            taken.setdefault(key(text), f"{kind}:{item.id}")
    source = {f"{kind}:{item.id}": item for kind, item in english.entities()}
    out: dict[str, tuple[str, ...]] = {}
    for kind, item in parts.entities():
        me = f"{kind}:{item.id}"
        same = source[me]
        folded = [fold(t) for t in (item.name, *item.aliases)]
        terms = [same.name, *same.aliases, *(f for f in folded if taken.setdefault(key(f), me) == me)]
        out[me] = tuple(dict.fromkeys(terms))
    return out


def assemble(parts: Parts, book: CueBook, english: Parts | None = None) -> Assembled:
    """Index, refs, passages and speller of ``parts``; ``english`` when ``parts`` is a translation."""
    extra = _extra_terms(parts, english)
    domains: dict[str, tuple[str, ...]] = {}
    if english is not None:
        domains = {f"example:{e.id}": e.domains for e in english.examples}
    entries = []
    for kind, item in parts.entities():
        me = f"{kind}:{item.id}"
        aliases = (*item.aliases, *extra.get(me, ()))
        if isinstance(item, Career):
            entries.append(IndexEntry(Ref(kind, item.id, item.name), aliases, item.workplaces))
        elif isinstance(item, Example):
            own = tuple(dict.fromkeys((*item.domains, *domains.get(me, ()))))
            entries.append(IndexEntry(Ref(kind, item.id, item.name), aliases, own))
        else:
            entries.append(IndexEntry(Ref(kind, item.id, item.name), aliases))
    refs = {
        kind: tuple(e.ref for e in entries if e.ref.kind == kind) for kind in ("career", "skill", "example")
    }
    index = EntityIndex(entries)
    return Assembled(
        index=index,
        refs=MappingProxyType(refs),
        passages=Passages(passages(parts)),
        speller=Speller(index.vocabulary | book.vocabulary, book.kept),
        role_joins=role_joins(parts.careers, book),
    )


def passages(parts: Parts) -> list[Passage]:
    """Every passage of prose, with the topic it answers (for the full-text fallback)."""
    a, g = parts.about, parts.guidance
    out = [
        Passage("topic:about", " ".join((a.summary, a.definition, a.neural_networks, *a.uses, *a.context)))
    ]
    out.append(Passage("topic:about", a.data_volume.text))
    e, x = g.education, g.experience
    out.append(Passage("topic:education", " ".join((e.summary, *e.maths, e.programming, e.machine_learning))))
    out.append(Passage("topic:education", " ".join((e.degree, e.self_study))))
    out.append(Passage("topic:experience", " ".join((x.summary, *x.counts, x.hands_on))))
    out.append(Passage("topic:experience", " ".join((*x.ways, x.transfer))))
    for c in parts.careers:
        out.append(Passage(f"career:{c.id}", " ".join((c.name, c.summary, c.work, *c.workplaces))))
    for s in parts.skills:
        out.append(Passage(f"skill:{s.id}", " ".join((s.name, s.summary, s.why, *s.start))))
    for ex in parts.examples:
        out.append(
            Passage(f"example:{ex.id}", " ".join((ex.name, ex.summary, ex.details or "", *ex.domains)))
        )
    return out


def tables(parts: Parts) -> dict[str, Any]:
    """The content fields of a :class:`~bot.content.catalog.Catalog` for ``parts``."""
    return {
        "about": parts.about,
        "examples": MappingProxyType({e.id: e for e in parts.examples}),
        "skills": MappingProxyType({s.id: s for s in parts.skills}),
        "careers": MappingProxyType({c.id: c for c in parts.careers}),
        "guidance": parts.guidance,
        "quiz": parts.quiz,
    }


def role_joins(careers: tuple[Career, ...], book: CueBook) -> frozenset[str] | None:
    """The grammar words that join a role word to what follows it in the role names ("de" in
    "Ingeniero de PLN", "по" in "Специалист по данным"); None when the names never put words after
    their role word ("NLP Engineer"), so that a role word's next word does not name the role."""
    joins, after = set[str](), False
    for career in careers:
        for word, following in itertools.pairwise(key(career.name).split()):
            if ("role", "") in book.lookup(word):
                after = True
                if following in book.stopwords:
                    joins.add(following)
    return frozenset(joins) if after else None
