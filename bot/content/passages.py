"""Full-text search over the content's passages (SQLite FTS5, BM25 ranking).

When no intent is confident, the question is matched against every passage
of the content (a career's summary and work, a skill's summary and reasons,
an application's summary, the about text, education, experience) and the
best one answers if it clears :data:`THRESHOLD`.  The index lives in an
in-memory SQLite database built once per catalog; FTS5's ``bm25()`` is the
ranking (lower is better, so scores are negated here: higher is better).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass

THRESHOLD = 6.0
"""The BM25 score a passage needs to answer on its own (measured on the dev questions)."""
MAX_TERMS = 24
FETCHED = 16
"""Rows read per search when the caller asks for at most 4 topics (``limit * 4`` rows each): one
query serves the searches one question makes with the same words (see :meth:`Passages.search`)."""


@dataclass(frozen=True, slots=True)
class Passage:
    """One searchable piece of content and the topic it belongs to (``career:x``, ``topic:education``)."""

    topic: str
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the topic and its score (higher is better)."""

    topic: str
    score: float


class Passages:
    """An FTS5 index of passages; safe to query from any thread (one lock around the connection)."""

    def __init__(self, passages: Iterable[Passage]) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        self._last: tuple[tuple[str, ...], list[tuple[str, float]]] = ((), [])
        """The terms of the last query and the rows it read (:data:`FETCHED` of them at most)."""
        self._db.execute(
            "CREATE VIRTUAL TABLE p USING fts5(topic UNINDEXED, body, tokenize='porter unicode61')"
        )
        self._db.executemany(
            "INSERT INTO p (topic, body) VALUES (?, ?)", ((x.topic, x.text) for x in passages)
        )
        self.size = self._db.execute("SELECT count(*) FROM p").fetchone()[0]

    def search(self, words: Iterable[str], limit: int = 3) -> list[Hit]:
        """The best passages for ``words`` (already normalised), best first, one per topic.

        A question searches up to three times with the same words (a confident passage? near the
        content? the closest topics); the last query's rows are kept, so those are one query."""
        terms = tuple([w for w in dict.fromkeys(words) if w.isalnum()][:MAX_TERMS])
        if not terms:
            return []
        wanted = limit * 4
        with self._lock:
            if wanted <= FETCHED and self._last[0] == terms:
                rows = self._last[1][:wanted]
            else:
                query = " OR ".join(f'"{t}"' for t in terms)
                fetched = self._db.execute(
                    "SELECT topic, bm25(p) AS score FROM p WHERE p MATCH ? ORDER BY score LIMIT ?",
                    (query, max(wanted, FETCHED)),
                ).fetchall()
                if wanted <= FETCHED:
                    self._last = (terms, fetched)
                rows = fetched[:wanted]
        best: dict[str, float] = {}
        for topic, score in rows:
            best.setdefault(topic, -float(score))
        return [Hit(t, s) for t, s in sorted(best.items(), key=lambda kv: -kv[1])][:limit]
