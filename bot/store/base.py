"""The store interface and the records it holds.

The interface is deliberately narrow (a handful of keyed reads, one
compare-and-swap write, a few small updates) so a network database
(:class:`~bot.store.postgres.PostgresStore`) implements it as well as the
SQLite file.  Users are identified by :func:`user_key` only
(``telegram:123``): no names, no message text.  Conversation and message ids
are opaque strings chosen by the caller (e.g. ``telegram:-100123`` for a chat,
``telegram:-100123:42`` for one message).

Incoming platform updates are recorded before they are acknowledged
(:meth:`Store.record_updates`, see :mod:`bot.intake`): each is held by one
process (a random ``holder`` id) until its lease runs out, and marked answered
once it is; an unanswered one whose holder died is taken by another process.

Size bounds: quiz sessions, contexts, claimed and recorded updates are bounded by the
``purge_*`` methods the caller runs periodically; gaps are capped at
:data:`MAX_GAPS` distinct questions and message owners at about
:data:`MAX_OWNERS` rows (see :meth:`Store.save_owner`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

MAX_GAPS = 5000
"""Distinct gap questions kept; beyond that the rarest, oldest ones are dropped."""
MAX_OWNERS = 100_000
"""Message-owner rows kept; beyond that the oldest are dropped (see :meth:`Store.save_owner`)."""
OWNER_TRIM_EVERY = 500
"""Database stores drop the oldest owner rows on the first and then every this many ``save_owner`` calls."""

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
class Context:
    """What a conversation talked about last: topic refs such as "career:nlp-engineer", never message text."""

    topics: tuple[str, ...]
    """The topics of the last answer."""
    listed: tuple[str, ...]
    """The last list shown, in order ("the second one")."""
    updated: float
    """When it was saved (epoch seconds)."""


@dataclass(frozen=True, slots=True)
class PendingUpdate:
    """A recorded platform update not answered yet: its key, its payload as received, when recorded."""

    key: str
    payload: str
    received: float


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What :meth:`Store.forget` deleted (message-owner rows are deleted too, not counted)."""

    quiz: bool
    skills: int
    roles: int
    contexts: int = 0
    language: bool = False

    @property
    def anything(self) -> bool:
        """Whether anything was stored at all."""
        return self.quiz or self.skills > 0 or self.roles > 0 or self.contexts > 0 or self.language


class Store(Protocol):
    """Async persistence of per-user state.  Implementations must be safe for concurrent calls."""

    async def open(self) -> None:
        """Connect and apply pending schema migrations (also done lazily by the first call).

        Raises :class:`~bot.errors.ConfigError` for a setting that cannot work (bad path, wrong
        password, a schema newer than this careerbot) and :class:`~bot.errors.StoreUnavailable`
        when the database cannot be reached right now (worth retrying).  Every other call may raise
        :class:`~bot.errors.StoreUnavailable` too.
        """

    async def close(self) -> None:
        """Release connections; the store may be opened again."""

    async def healthy(self) -> bool:
        """Whether the store is open and answers a trivial query right now (quick; never raises)."""

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
        """Delete everything stored about ``user``: quiz, marks, roles, contexts, language, owned messages."""

    async def purge_quizzes(self, updated_before: float) -> int:
        """Delete quiz sessions last changed before ``updated_before``; return how many."""

    async def record_gap(self, question: str, now: float) -> None:
        """Count one more occurrence of an unanswered, normalised question."""

    async def top_gaps(self, limit: int) -> list[Gap]:
        """The most frequent unanswered questions, most frequent (then most recent) first."""

    async def load_context(self, user: str, conversation: str) -> Context | None:
        """What ``user`` last talked about in ``conversation``, if anything is stored."""

    async def save_context(self, user: str, conversation: str, context: Context) -> None:
        """Store (insert or replace) the context of ``user`` in ``conversation``."""

    async def purge_contexts(self, updated_before: float) -> int:
        """Delete contexts saved before ``updated_before``; return how many."""

    async def claim_update(self, key: str, now: float) -> bool:
        """Claim an incoming platform update (``telegram:123456``) for handling.

        ``True`` the first time ``key`` is claimed, ``False`` for every later claim of the same key,
        atomically even when several processes claim at once.  ``now`` is kept for
        :meth:`purge_updates`.
        """

    async def purge_updates(self, before: float) -> int:
        """Forget claims made and updates recorded before ``before`` (answered or not: their keys could
        then be claimed or recorded again); return how many."""

    async def record_updates(
        self, updates: Sequence[tuple[str, str]], holder: str, now: float, lease_until: float
    ) -> list[str]:
        """Record incoming updates ``(key, payload)`` in one transaction; return the keys ``holder`` holds.

        A key not recorded before is stored with its payload, held by ``holder`` until
        ``lease_until``.  A key recorded before but not answered, whose lease ran out (at or
        before ``now``) or that ``holder`` itself holds, is taken by ``holder`` the same way (a
        caller recording again after an error cannot tell whether the first write went through;
        it knows which keys it already has).  Any other (answered, or held by another holder's
        running lease) is left as it is and not returned: someone else answers it.  Atomic across
        processes: of several recording one key at once, one holds it.
        """

    async def claim_pending(
        self, holder: str, now: float, lease_until: float, limit: int
    ) -> list[PendingUpdate]:
        """Take up to ``limit`` unanswered updates whose lease ran out, oldest recorded first, for ``holder``
        until ``lease_until``; return them (atomic: two processes never take the same one)."""

    async def renew_updates(self, holder: str, lease_until: float) -> int:
        """Extend the lease of every unanswered update ``holder`` holds to ``lease_until``; how many."""

    async def release_updates(self, holder: str) -> int:
        """Give up ``holder``'s unanswered updates (lease over now), so any process takes them; how many."""

    async def finish_updates(self, keys: Sequence[str], now: float) -> None:
        """Mark recorded updates answered (their payload is dropped; the key stays, so a redelivery is
        recognised until :meth:`purge_updates`)."""

    async def save_owner(self, message: str, user: str, now: float) -> None:
        """Remember that the bot message ``message`` was made for ``user`` (replaces an earlier owner).

        Bounded: beyond :data:`MAX_OWNERS` rows the oldest (by ``now``) are dropped.  The memory
        store keeps exactly that many; the database stores trim on the first and then every
        :data:`OWNER_TRIM_EVERY`-th call of each process, so they may briefly hold up to
        ``OWNER_TRIM_EVERY`` more rows per running process.
        """

    async def load_owner(self, message: str) -> str | None:
        """The user ``message`` was made for, if known."""

    async def load_language(self, user: str) -> str | None:
        """The language ``user`` chose (e.g. ``"de"``), if any."""

    async def save_language(self, user: str, language: str | None) -> None:
        """Store the user's language choice; ``None`` deletes it."""

    async def load_language_and_context(
        self, user: str, conversation: str
    ) -> tuple[str | None, Context | None]:
        """``(load_language(user), load_context(user, conversation))`` in one call: what a free-text
        question needs before it is answered, read in one round trip (one query on the database
        stores, so both come from the same moment)."""
