"""A store that keeps everything in memory: for tests, benchmarks and bots that need no persistence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.store.base import MAX_OWNERS, Checklist, Context, Forgotten, Gap, PendingUpdate, QuizRecord


@dataclass(slots=True)
class Recorded:
    """One recorded update (see :meth:`MemoryStore.record_updates`)."""

    payload: str
    received: float
    holder: str
    lease_until: float
    answered: float | None = None


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
        self.recorded: dict[str, Recorded] = {}
        """Recorded updates in the order recorded."""
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
        stale = [key for key, row in self.recorded.items() if row.received < before]
        for key in stale:
            del self.recorded[key]
        return len(old) + len(stale)

    async def record_updates(
        self, updates: Sequence[tuple[str, str]], holder: str, now: float, lease_until: float
    ) -> list[str]:
        """See :class:`~bot.store.base.Store`."""
        held = []
        for key, payload in dict(updates).items():
            row = self.recorded.get(key)
            if row is None:
                self.recorded[key] = Recorded(payload, now, holder, lease_until)
            elif row.answered is None and (row.lease_until <= now or row.holder == holder):
                row.holder, row.lease_until = holder, lease_until
            else:
                continue
            held.append(key)
        return held

    async def claim_pending(
        self, holder: str, now: float, lease_until: float, limit: int
    ) -> list[PendingUpdate]:
        """See :class:`~bot.store.base.Store`."""
        taken: list[PendingUpdate] = []
        for key, row in sorted(self.recorded.items(), key=lambda item: item[1].received):
            if len(taken) >= limit:
                break
            if row.answered is None and row.lease_until <= now:
                row.holder, row.lease_until = holder, lease_until
                taken.append(PendingUpdate(key, row.payload, row.received))
        return taken

    async def renew_updates(self, holder: str, lease_until: float) -> int:
        """See :class:`~bot.store.base.Store`."""
        rows = [r for r in self.recorded.values() if r.holder == holder and r.answered is None]
        for row in rows:
            row.lease_until = lease_until
        return len(rows)

    async def release_updates(self, holder: str) -> int:
        """See :class:`~bot.store.base.Store`."""
        return await self.renew_updates(holder, 0.0)

    async def finish_updates(self, keys: Sequence[str], now: float) -> None:
        """See :class:`~bot.store.base.Store`."""
        for key in keys:
            row = self.recorded.get(key)
            if row is not None:
                row.answered, row.payload = now, ""

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

    async def load_language_and_context(
        self, user: str, conversation: str
    ) -> tuple[str | None, Context | None]:
        """See :class:`~bot.store.base.Store`."""
        return self.languages.get(user), self.contexts.get((user, conversation))

    async def save_language(self, user: str, language: str | None) -> None:
        """See :class:`~bot.store.base.Store`."""
        if language is None:
            self.languages.pop(user, None)
        else:
            self.languages[user] = language
