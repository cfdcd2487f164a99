"""Compiled cue words, cue cross-checks and the speller give what their plain definitions give.

:func:`bot.content.cues.compile_cues`, :func:`bot.content.cues.check_cues` and
:class:`bot.content.speller.Speller` take shortcuts for speed (whole lists keyed at once, a
check skipped when a list has no repeat, neighbour lists made on first use); these tests hold
them to the straightforward definitions below, on the shipped cue words of every language.
"""

from __future__ import annotations

from typing import Any

import pytest
from rapidfuzz import fuzz, process

from bot.content.cues import Cues, CuesFile, check_cues, compile_cues
from bot.content.loader import bundled_content_dir, load_catalog
from bot.content.speller import MIN_LENGTH, SCORE, SHORT, SHORT_SCORE, Speller
from bot.content.yamlfile import read_yaml
from bot.text import key, normalize

CUE_FILES = ["cues.yaml", "locales/es/cues.yaml", "locales/ru/cues.yaml"]


def shipped_cues(name: str) -> Cues:
    """The validated cue words of one shipped file."""
    return CuesFile.model_validate(read_yaml(bundled_content_dir() / name).data).cues


def plain_book(cues: Cues) -> dict[str, Any]:
    """What a cue book holds, by definition, one phrase at a time."""
    signals: dict[str, list[tuple[str, str]]] = {}

    def add(text: str, signal: tuple[str, str]) -> None:
        k = key(text)
        if k and signal not in signals.setdefault(k, []):
            signals[k].append(signal)

    for intent, phrases in cues.intents.items():
        for text in phrases:
            add(text, ("intent", intent))
    for ref, phrases in cues.topics.items():
        for text in phrases:
            add(text, ("topic", ref))
    for field, kind in (("regions", "region"), ("role_words", "role"), ("out_of_scope", "scope")):
        for text in getattr(cues, field):
            add(text, (kind, ""))
    for text in cues.off_topic:
        add(text, ("off_topic", ""))
    senses = {}
    for entry in cues.ambiguous:
        add(entry.term, ("ambiguous", key(entry.term)))
        senses[key(entry.term)] = tuple(
            (s.means, s.label, frozenset(key(c) for c in s.cues)) for s in entry.senses
        )
    synonyms = {normalize(k): key(v) for k, v in cues.synonyms.items() if normalize(k)}
    stopwords = frozenset(key(w) for w in cues.stopwords)
    ordinals = {key(k): v for k, v in cues.ordinals.items()}
    counts = {key(k): v for k, v in cues.counts.items()}
    steps = {key(k): v for k, v in cues.steps.items()}
    keys = [*signals, *(c for s in senses.values() for _, _, cs in s for c in cs), *stopwords]
    keys += [*ordinals, *counts, *steps]
    outside = {"region", "scope", "off_topic"}
    guarded = {k for k, v in signals.items() if any(kind in outside for kind, _ in v)}
    return {
        "signals": {k: tuple(v) for k, v in signals.items()},
        "synonyms": synonyms,
        "senses": senses,
        "max_tokens": max((len(k.split()) for k in keys), default=1),
        "vocabulary": frozenset(t for k in keys if k not in guarded for t in k.split())
        | frozenset(t for k in synonyms.values() for t in k.split()),
        "stopwords": stopwords,
        "ordinals": ordinals,
        "counts": counts,
        "steps": steps,
        "kept": frozenset(t for k in (*guarded, *(key(w) for w in cues.plain_words)) for t in k.split()),
        "groups": {g: frozenset(key(t) for t in ts) for g, ts in cues.intents.items()},
        "role_endings": tuple(e.casefold() for e in cues.role_endings),
    }


@pytest.mark.parametrize("name", CUE_FILES)
def test_compiled_cues_are_the_plain_definition(name: str) -> None:
    """Every table of the compiled cue book (signals in order, vocabulary, kept words, longest
    phrase, groups...) is what compiling one phrase at a time gives."""
    cues = shipped_cues(name)
    book = compile_cues(cues)
    got = {field: getattr(book, field) for field in plain_book(cues)}
    got = {k: dict(v) if hasattr(v, "items") else v for k, v in got.items()}
    assert got == plain_book(cues)
    assert list(book.signals) == list(plain_book(cues)["signals"])


def test_cue_checks_report_repeats_empties_and_two_way_topics() -> None:
    """A repeated cue, a cue without letters and a phrase pointing to two topics are each reported
    at their key path, also when the rest of their list is clean."""
    data = shipped_cues("cues.yaml").model_dump()
    first, second = list(data["topics"])[:2]
    data["topics"][second] = (*data["topics"][second], data["topics"][first][0])
    data["intents"]["salary"] = (*data["intents"]["salary"], "...", data["intents"]["salary"][1])
    cues = Cues.model_validate(data)
    known = {kind: frozenset(ref.partition(":")[2] for ref in data["topics"]) for kind in ("career", "skill")}
    known["example"] = known["career"]
    reports: list[tuple[tuple[str | int, ...], str]] = []
    check_cues(cues, known, lambda path, message: reports.append((path, message)))
    n = len(data["intents"]["salary"])
    topic_at = ("cues", "topics", second, len(data["topics"][second]) - 1)
    assert (topic_at, f"'{data['topics'][first][0]}' already points to {first}") in reports
    assert any(p == ("cues", "intents", "salary", n - 2) and "no letters" in m for p, m in reports)
    assert any(p == ("cues", "intents", "salary", n - 1) and "duplicate cue" in m for p, m in reports)
    assert all(p[:2] != ("cues", "stopwords") for p, _ in reports)


def plain_correction(known: frozenset[str], kept: frozenset[str], word: str) -> str:
    """The speller's rule, by definition: the best known word of the same initial and a length
    one shorter to one longer (in sorted order on ties), if it is similar enough."""
    if len(word) < MIN_LENGTH or word in known or word in kept or word.isdigit():
        return word
    near = [w for w in sorted(known) if w[0] == word[0] and abs(len(w) - len(word)) <= 1]
    near.sort(key=lambda w: (len(w), w))
    cutoff = SHORT_SCORE if len(word) <= SHORT else SCORE
    best = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=cutoff)
    return best[0] if best is not None else word


def test_speller_corrects_as_its_plain_rule() -> None:
    """Typos (a letter dropped, added or changed) of the shipped vocabulary are corrected as the
    plain rule corrects them, in English and in a translation."""
    catalog = load_catalog()
    for speller in (catalog.speller, catalog.for_language("ru").speller):
        assert isinstance(speller, Speller)
        known = sorted(speller.known)
        typos = [w[:-1] for w in known[::9]] + [w + "x" for w in known[::13]]
        typos += [w[:2] + "q" + w[3:] for w in known[::17] if len(w) > 4] + ["zzzzzz", "1234567"]
        for typo in typos:
            assert speller.word(typo) == plain_correction(speller.known, speller.kept, typo), typo
