"""Cue words (``cues.yaml``): what signals an intent, points to a topic, or lies outside the bot's job.

The file is validated like the rest of the content (:class:`CuesFile`, then
:func:`check_cues` for references to careers, skills and examples), then
compiled into a :class:`CueBook`: one dictionary from a phrase's lookup key
(:func:`bot.text.key`) to what it signals, so matching a question costs a
few dictionary lookups per word, whatever the size of the lists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from bot.content.models import Alias, Label, _File, _Model
from bot.text import key, normalize

Intent = Literal[
    "salary",
    "pay_verb",
    "path",
    "skills",
    "education",
    "experience",
    "about",
    "data",
    "examples",
    "work",
    "careers",
    "compare",
    "more",
    "less",
    "rank",
    "exclude",
    "set_aside",
    "why_alone",
    "local",
    "have",
    "goal",
    "self",
    "need",
    "chances",
    "doubt",
    "difference",
    "negation",
    "refer",
    "follow",
    "details",
    "article",
    "first_person",
    "people",
    "how_it_works",
    "in_field",
    "field",
    "years",
    "numbered",
    "level",
    "other",
    "course",
    "task",
    "asked_task",
    "asking",
    "own",
    "curious",
    "schooling",
    "application",
    "which",
    "continues",
    "career_noun",
    "carries",
    "predicative",
    "predicate_next",
    "passive_hire",
    "old",
    "count",
    "enough",
    "past",
    "judges",
    "condition",
    "overall",
    "us_figures",
    "standing",
    "skill_noun",
    "example_noun",
    "not_pointer",
    "demonstrative",
    "pointed_noun",
    "linking",
    "plural_pointer",
    "pay_subject",
    "modal",
    "addressee",
    "where",
    "employed",
    "tool_marker",
    "placing",
    "time_ahead",
    "age_unit",
    "of_me",
    "determiner",
    "kind_noun",
    "title_noun",
    "we",
    "definite",
    "who_which",
    "alternative",
    "than",
    "one",
    "my",
    "how",
    "can",
    "placed_on",
    "purpose",
    "of_use",
    "reports",
    "works_at",
    "in_the",
    "made_object",
]
"""The cue groups of ``intents``: kinds of question, and markers (comparison, ranking, personal...)."""

TopicRef = Annotated[
    str,
    StringConstraints(
        strict=True, pattern=r"^(career|skill|example):[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40
    ),
]
"""``career:nlp-engineer``, ``skill:programming`` or ``example:robotics``."""

Phrases = Annotated[tuple[Alias, ...], Field(min_length=1)]


class Sense(_Model):
    """One meaning of an ambiguous term: a topic, or ``out_of_scope``; ``cues`` pick it."""

    means: TopicRef | Literal["out_of_scope"]
    label: Label
    cues: Phrases


class Ambiguous(_Model):
    """A term with two or more senses (``cv``: computer vision or a résumé)."""

    term: Alias
    senses: tuple[Sense, ...] = Field(min_length=2, max_length=4)


def _one_or_two_words(phrase: str) -> str:
    if len(normalize(phrase).split()) > 2:
        raise ValueError("a synonym's key is one or two words (the words are replaced before cues are read)")
    return phrase


SynonymKey = Annotated[Alias, AfterValidator(_one_or_two_words)]
"""What a synonym replaces: one or two words ("dl", "wear do")."""


class Cues(_Model):
    """The ``cues`` section of ``cues.yaml``."""

    synonyms: dict[SynonymKey, Alias] = Field(default_factory=dict)
    intents: dict[Intent, Phrases] = Field(default_factory=dict)
    topics: dict[TopicRef, Phrases] = Field(default_factory=dict)
    stopwords: tuple[Alias, ...] = ()
    ordinals: dict[Alias, Annotated[int, Field(ge=-1, le=50)]] = Field(default_factory=dict)
    counts: dict[Alias, Annotated[int, Field(ge=1, le=50)]] = Field(default_factory=dict)
    steps: dict[Alias, Annotated[int, Field(ge=-1, le=1)]] = Field(default_factory=dict)
    regions: tuple[Alias, ...] = ()
    role_words: tuple[Alias, ...] = ()
    role_endings: tuple[Annotated[str, StringConstraints(strict=True, pattern=r"^\w{3,12}$")], ...] = ()
    """Word endings that make a word a job title on its own ("-ician": bioinformatician)."""
    out_of_scope: tuple[Alias, ...] = ()
    off_topic: tuple[Alias, ...] = ()
    plain_words: tuple[Alias, ...] = ()
    """Ordinary words the speller leaves as they are ("plain" is not a typo of "plan")."""
    ambiguous: tuple[Ambiguous, ...] = ()


class CuesFile(_File):
    """``cues.yaml``."""

    cues: Cues


Signal = tuple[str, str]
"""What a phrase signals: ``("intent", "salary")``, ``("topic", "career:x")``, ``("region", "")``,
``("role", "")``, ``("scope", "")`` (a request outside the bot's job), ``("off_topic", "")`` (a subject
outside it) or ``("ambiguous", "cv")``."""


@dataclass(frozen=True, slots=True)
class CueBook:
    """Compiled cue words: phrase keys to signals, plus the senses of ambiguous terms."""

    signals: Mapping[str, tuple[Signal, ...]] = field(default_factory=lambda: MappingProxyType({}))
    synonyms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    senses: Mapping[str, tuple[tuple[str, str, frozenset[str]], ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """term key -> (means, label, cue keys) for each sense."""
    max_tokens: int = 1
    vocabulary: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()
    ordinals: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    steps: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    kept: frozenset[str] = frozenset()
    """Words of places, off-topic requests and ``plain_words``: never corrected, never a correction."""
    groups: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    """Each intent group's phrase keys, for the grammar markers read word by word (``article``...)."""
    role_endings: tuple[str, ...] = ()

    def lookup(self, phrase_key: str) -> tuple[Signal, ...]:
        """What the phrase with this key signals (empty when nothing)."""
        return self.signals.get(phrase_key, ())

    def group(self, name: str) -> frozenset[str]:
        """The phrase keys of one intent group (empty when the cues have none)."""
        return self.groups.get(name, frozenset())


def compile_cues(cues: Cues) -> CueBook:
    """Build the lookup tables of :class:`CueBook` from validated cues."""
    signals: dict[str, list[Signal]] = {}
    guarded: set[str] = set()
    """Keys of places and requests outside the bot's job: a typo is corrected towards what a
    question asks about, never into one of these."""

    def add(texts: Iterable[str], signal: Signal) -> None:
        keys = [k for k in map(key, texts) if k]
        for k in keys:
            found = signals.get(k)
            if found is None:
                signals[k] = [signal]
            elif signal not in found:
                found.append(signal)
        if signal[0] in _GUARDED:
            guarded.update(keys)

    for intent, phrases in cues.intents.items():
        add(phrases, ("intent", intent))
    for ref, phrases in cues.topics.items():
        add(phrases, ("topic", ref))
    add(cues.regions, ("region", ""))
    add(cues.role_words, ("role", ""))
    add(cues.out_of_scope, ("scope", ""))
    add(cues.off_topic, ("off_topic", ""))
    senses: dict[str, tuple[tuple[str, str, frozenset[str]], ...]] = {}
    for entry in cues.ambiguous:
        term = key(entry.term)
        add((entry.term,), ("ambiguous", term))
        senses[term] = tuple((s.means, s.label, frozenset(map(key, s.cues))) for s in entry.senses)
    synonyms = {normalize(k): key(v) for k, v in cues.synonyms.items() if normalize(k)}
    stopwords = frozenset(map(key, cues.stopwords))
    ordinals = {key(k): v for k, v in cues.ordinals.items()}
    counts = {key(k): v for k, v in cues.counts.items()}
    steps = {key(k): v for k, v in cues.steps.items()}
    keys = [
        *signals,
        *(c for s in senses.values() for _, _, cs in s for c in cs),
        *stopwords,
        *ordinals,
        *counts,
        *steps,
    ]
    safe = [k for k in keys if k not in guarded]
    plain = map(key, cues.plain_words)
    return CueBook(
        MappingProxyType({k: tuple(v) for k, v in signals.items()}),
        MappingProxyType(synonyms),
        MappingProxyType(senses),
        max(map(len, map(str.split, keys)), default=1),
        frozenset(" ".join((*safe, *synonyms.values())).split()),  # the words of those keys
        stopwords,
        MappingProxyType(ordinals),
        MappingProxyType(counts),
        MappingProxyType(steps),
        frozenset(" ".join((*guarded, *plain)).split()),
        MappingProxyType({g: frozenset(map(key, ts)) for g, ts in cues.intents.items()}),
        tuple(e.casefold() for e in cues.role_endings),
    )


_GUARDED = frozenset({"region", "scope", "off_topic"})


Report = Callable[[tuple[str | int, ...], str], None]
"""Reports one problem at a key path inside ``cues.yaml``."""


def check_cues(cues: Cues, known: Mapping[str, frozenset[str]], report: Report) -> None:
    """Cross-checks: every topic ref names an existing entity; no phrase points two ways in a list."""
    top = "cues"

    def exists(ref: str) -> bool:
        kind, _, ident = ref.partition(":")
        return ident in known.get(kind, frozenset())

    for ref in cues.topics:
        if not exists(ref):
            report((top, "topics", ref), f"unknown {ref.partition(':')[0]} id '{ref.partition(':')[2]}'")
    owner: dict[str, str] = {}
    for ref, phrases in cues.topics.items():
        keys = list(map(key, phrases))
        if owner.keys().isdisjoint(keys):  # the usual case: no phrase points elsewhere
            owner.update(dict.fromkeys(keys, ref))
            continue
        for i, (text, k) in enumerate(zip(phrases, keys, strict=True)):
            first = owner.setdefault(k, ref)
            if first != ref:
                report((top, "topics", ref, i), f"'{text}' already points to {first}")
    lists: list[tuple[tuple[str | int, ...], tuple[str, ...]]] = [
        ((top, "intents", name), phrases) for name, phrases in cues.intents.items()
    ]
    lists += [((top, "topics", ref), phrases) for ref, phrases in cues.topics.items()]
    lists += [
        ((top, name), getattr(cues, name))
        for name in ("stopwords", "regions", "role_words", "out_of_scope", "off_topic", "plain_words")
    ]
    for path, phrases in lists:
        keys = list(map(key, phrases))
        if "" not in keys and len(set(keys)) == len(keys):  # the usual case: nothing to report
            continue
        seen: set[str] = set()
        for i, (text, k) in enumerate(zip(phrases, keys, strict=True)):
            if not k:
                report((*path, i), f"'{text}' has no letters or digits to match")
            elif k in seen:
                report((*path, i), f"duplicate cue '{text}' (the same words, ignoring case and plurals)")
            seen.add(k)
    for i, entry in enumerate(cues.ambiguous):
        for j, sense in enumerate(entry.senses):
            if sense.means != "out_of_scope" and not exists(sense.means):
                report((top, "ambiguous", i, "senses", j, "means"), f"unknown topic '{sense.means}'")
