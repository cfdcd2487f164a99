"""Where a thing is named in a question: as a field ("used in cars"), beside "deep learning", as
the writer's own ("my uni"), as a subject of study ("a data science minor"), as a tool ("CV in
PyTorch"), or after an exclusion ("apart from data scientist")."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.understanding.analysis import Analysis, Mention


def only_excluded(a: Analysis) -> bool:
    """Whether everything named comes after an exclusion ("apart from data scientist", "besides the
    ChatGPT stuff"): the question is about the rest."""
    start = min(a.at("exclude"), default=len(a.words))
    return bool(a.mentions) and all(m.start > start for m in a.mentions)


def deep_learning_at(a: Analysis) -> list[int]:
    """Where the words "deep learning" start."""
    return [i for i in range(len(a.words) - 1) if a.words[i : i + 2] == ["deep", "learning"]]


def beside_deep_learning(a: Analysis, p: int) -> bool:
    """Whether the words "deep learning" are in the same clause as position ``p``."""
    return any(a.clause_of[i] == a.clause_of[p] for i in deep_learning_at(a))


def said_of_own(a: Analysis, p: int) -> bool:
    """Whether the cue at ``p`` is the writer's own ("my uni", "in my field", "my dental practice")."""
    own = a.at("own")
    described = p - 2 in own and a.words[p - 1] not in a.book.stopwords and not a.book.lookup(a.words[p - 1])
    return p in own or p - 1 in own or described


def studied(a: Analysis, catalog: Catalog, m: Mention) -> bool:
    """A role named as what one studies: "a data science minor", "a minor in data science"."""
    before = m.start - 2 if m.start > 1 and a.words[m.start - 1] in catalog.cues.stopwords else m.start - 1
    return bool({m.end, before} & set(a.at("course")))


def as_tool(a: Analysis, ref: str) -> bool:
    """A skill named as the means of something else ("CV in PyTorch", "NLP with Python")."""
    return any(m.start > 0 and a.word_is(m.start - 1, "tool_marker") for m in a.mentions if m.ref == ref)


def in_field(a: Analysis, ref: str) -> bool:
    """Whether ``ref`` is named as a field ("used in cars", "translation companies", "the drone
    industry"), not as a thing ("do robot dogs use deep learning")."""
    into, fields = set(a.at("in_field")), set(a.at("field"))
    for m in a.mentions:
        if m.ref == ref:
            article = m.start - 1 in set(a.at("article")) or (
                m.start > 0 and a.word_is(m.start - 1, "definite")
            )
            before = m.start - 2 if article else m.start - 1
            placed = before > 0 and a.word_is(before - 1, "placing")  # "our factory put in a robot arm"
            if (before in into and not placed) or m.end in fields:
                return True
    return False
