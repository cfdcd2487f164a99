"""A store that keeps everything in memory: for tests, benchmarks and bots that need no persistence."""

from __future__ import annotations

from bot.store.base import Checklist, Forgotten, Gap, QuizRecord


class MemoryStore:
    """Implements :class:`~bot.store.base.Store` with dicts (lost when the process ends).

    Every method completes without awaiting anything, so on one event loop each
    call is atomic, which is all the compare-and-swap of :meth:`save_quiz` needs.
    """

    def __init__(self) -> None:
        self.quizzes: dict[str, QuizRecord] = {}
        self.skills: dict[str, set[str]] = {}
        self.roles: dict[str, list[str]] = {}
        self.gaps: dict[str, Gap] = {}

    async def open(self) -> None:
        """Nothing to open."""

    async def close(self) -> None:
        """Nothing to close."""

    async def load_quiz(self, user: str) -> QuizRecord | None:
        """See :class:`~bot.store.base.Store`."""
        return self.quizzes.get(user)

    async def save_quiz(self, user: str, record: QuizRecord, expected: int | None) -> bool:
        """See :class:`~bot.store.base.Store`."""
        current = self.quizzes.get(user)
        if (current.version if current is not None else None) != expected:
            return False
        self.quizzes[user] = record
        return True

    async def load_checklist(self, user: str) -> Checklist:
        """See :class:`~bot.store.base.Store`."""
        return Checklist(frozenset(self.skills.get(user, ())), tuple(self.roles.get(user, ())))

    async def mark_skill(self, user: str, skill: str, have: bool, role: str | None) -> None:
        """See :class:`~bot.store.base.Store`."""
        marks = self.skills.setdefault(user, set())
        if have:
            marks.add(skill)
        else:
            marks.discard(skill)
        roles = self.roles.setdefault(user, [])
        if role is not None and role not in roles:
            roles.append(role)

    async def forget(self, user: str) -> Forgotten:
        """See :class:`~bot.store.base.Store`."""
        quiz = self.quizzes.pop(user, None) is not None
        return Forgotten(quiz, len(self.skills.pop(user, ())), len(self.roles.pop(user, ())))

    async def purge_quizzes(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""
        old = [u for u, r in self.quizzes.items() if r.updated < updated_before]
        for user in old:
            del self.quizzes[user]
        return len(old)

    async def record_gap(self, question: str, now: float) -> None:
        """See :class:`~bot.store.base.Store`."""
        seen = self.gaps.get(question)
        first, count = (seen.first_seen, seen.count) if seen is not None else (now, 0)
        self.gaps[question] = Gap(question, count + 1, first, now)

    async def top_gaps(self, limit: int) -> list[Gap]:
        """See :class:`~bot.store.base.Store`."""
        return sorted(self.gaps.values(), key=lambda g: (-g.count, -g.last_seen))[:limit]
