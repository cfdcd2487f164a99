"""The store interface and the records it holds.

The interface is deliberately narrow (a handful of keyed reads, one
compare-and-swap write, a few small updates) so a network database can
implement it later.  Users are identified by :func:`user_key` only
(``telegram:123``): no names, no message text, no chat ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

_PLATFORM = re.compile(r"^[a-z][a-z0-9_-]{0,15}$")
MAX_USER_ID_CHARS = 64


def user_key(platform: str, user_id: str) -> str | None:
    """``telegram:123`` for a platform user; ``None`` when there is no usable id."""
    if not _PLATFORM.match(platform) or not user_id or len(user_id) > MAX_USER_ID_CHARS:
        return None
    if any(c.isspace() or not c.isprintable() for c in user_id):
        return None
    return f"{platform}:{user_id}"


@dataclass(frozen=True, slots=True)
class QuizRecord:
    """One user's quiz session: its version, the answer ids so far, when it last changed."""

    version: int
    answers: tuple[str, ...]
    updated: float


@dataclass(frozen=True, slots=True)
class Checklist:
    """The skills a user marked as ones they have, and the roles whose checklist they used (in order)."""

    skills: frozenset[str] = frozenset()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Gap:
    """A question the bot could not answer confidently: normalised text, count, first and last seen."""

    question: str
    count: int
    first_seen: float
    last_seen: float


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What :meth:`Store.forget` deleted."""

    quiz: bool
    skills: int
    roles: int

    @property
    def anything(self) -> bool:
        """Whether anything was stored at all."""
        return self.quiz or self.skills > 0 or self.roles > 0


class Store(Protocol):
    """Async persistence of per-user state.  Implementations must be safe for concurrent calls."""

    async def open(self) -> None:
        """Connect and apply pending schema migrations (also done lazily by the first call)."""

    async def close(self) -> None:
        """Release connections; the store may be opened again."""

    async def load_quiz(self, user: str) -> QuizRecord | None:
        """The user's quiz session, if one is stored (expired or not: the caller decides)."""

    async def save_quiz(self, user: str, record: QuizRecord, expected: int | None) -> bool:
        """Store ``record`` if the stored version is still ``expected`` (``None``: nothing stored).

        Returns ``False``, changing nothing, when another write got there first.
        """

    async def load_checklist(self, user: str) -> Checklist:
        """The user's skill marks and checklist roles (empty if none)."""

    async def mark_skill(self, user: str, skill: str, have: bool, role: str | None) -> None:
        """Mark (or unmark) a skill as one the user has; add ``role`` to their checklists."""

    async def forget(self, user: str) -> Forgotten:
        """Delete everything stored about ``user``."""

    async def purge_quizzes(self, updated_before: float) -> int:
        """Delete quiz sessions last changed before ``updated_before``; return how many."""

    async def record_gap(self, question: str, now: float) -> None:
        """Count one more occurrence of an unanswered, normalised question."""

    async def top_gaps(self, limit: int) -> list[Gap]:
        """The most frequent unanswered questions, most frequent (then most recent) first."""
