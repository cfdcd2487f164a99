"""A store that keeps everything in memory: for tests, benchmarks and bots that need no persistence."""

from __future__ import annotations

from bot.store.base import MAX_OWNERS, Checklist, Context, Forgotten, Gap, QuizRecord


class MemoryStore:
    """Implements :class:`~bot.store.base.Store` with dicts (lost when the process ends).

    Every method completes without awaiting anything, so on one event loop each
    call is atomic, which is all the compare-and-swap of :meth:`save_quiz` and
    :meth:`claim_update` need (one process only, by nature).  Owners are capped at
    exactly ``max_owners`` (the oldest saved are dropped first); gaps are not capped.
    """

    def __init__(self, *, max_owners: int = MAX_OWNERS) -> None:
        self.max_owners = max_owners
        self.quizzes: dict[str, QuizRecord] = {}
        self.skills: dict[str, set[str]] = {}
        self.roles: dict[str, list[str]] = {}
        self.gaps: dict[str, Gap] = {}
        self.contexts: dict[tuple[str, str], Context] = {}
        self.updates: dict[str, float] = {}
        self.owners: dict[str, tuple[str, float]] = {}
        """Message -> (user, saved at), oldest saved first."""
        self.languages: dict[str, str] = {}

    async def open(self) -> None:
        """Nothing to open."""

    async def close(self) -> None:
        """Nothing to close."""

    async def healthy(self) -> bool:
        """Always ``True``: memory is always usable."""
        return True

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
        skills, roles = len(self.skills.pop(user, ())), len(self.roles.pop(user, ()))
        conversations = [key for key in self.contexts if key[0] == user]
        for key in conversations:
            del self.contexts[key]
        for message in [m for m, (owner, _) in self.owners.items() if owner == user]:
            del self.owners[message]
        language = self.languages.pop(user, None) is not None
        return Forgotten(quiz, skills, roles, len(conversations), language)

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

    async def load_context(self, user: str, conversation: str) -> Context | None:
        """See :class:`~bot.store.base.Store`."""
        return self.contexts.get((user, conversation))

    async def save_context(self, user: str, conversation: str, context: Context) -> None:
        """See :class:`~bot.store.base.Store`."""
        self.contexts[(user, conversation)] = Context(
            tuple(context.topics), tuple(context.listed), context.updated
        )

    async def purge_contexts(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""
        old = [key for key, c in self.contexts.items() if c.updated < updated_before]
        for key in old:
            del self.contexts[key]
        return len(old)

    async def claim_update(self, key: str, now: float) -> bool:
        """See :class:`~bot.store.base.Store`."""
        if key in self.updates:
            return False
        self.updates[key] = now
        return True

    async def purge_updates(self, before: float) -> int:
        """See :class:`~bot.store.base.Store`."""
        old = [key for key, claimed in self.updates.items() if claimed < before]
        for key in old:
            del self.updates[key]
        return len(old)

    async def save_owner(self, message: str, user: str, now: float) -> None:
        """See :class:`~bot.store.base.Store`; keeps exactly the ``max_owners`` latest saved."""
        self.owners.pop(message, None)
        self.owners[message] = (user, now)
        while len(self.owners) > self.max_owners:
            del self.owners[next(iter(self.owners))]

    async def load_owner(self, message: str) -> str | None:
        """See :class:`~bot.store.base.Store`."""
        owner = self.owners.get(message)
        return owner[0] if owner is not None else None

    async def load_language(self, user: str) -> str | None:
        """See :class:`~bot.store.base.Store`."""
        return self.languages.get(user)

    async def save_language(self, user: str, language: str | None) -> None:
        """See :class:`~bot.store.base.Store`."""
        if language is None:
            self.languages.pop(user, None)
        else:
            self.languages[user] = language
