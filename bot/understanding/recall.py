"""What the bot remembers of a conversation between two messages: topic refs, never text."""

from __future__ import annotations

from dataclasses import dataclass

from bot.replies import Meaning

FOLLOW_PREFIX = "intent:"
"""The stored topics carry the question to repeat as a first pseudo-ref ``intent:salary``..."""
EARLIER = "then:"
"""...and, after this marker, the topics of the answer before ("compare those two")."""
MAX_EARLIER = 4
TTL_SECONDS = 30 * 60.0
"""A conversation's context is forgotten after this long without a message."""


@dataclass(frozen=True, slots=True)
class Recall:
    """The last answer's question (``follow``), its topics, the last list shown (in order) and the
    topics of the answer before (``earlier``)."""

    follow: str = ""
    topics: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()
    earlier: tuple[str, ...] = ()

    @classmethod
    def of(cls, meaning: Meaning, before: Recall | None = None) -> Recall:
        """The context after a reply with ``meaning``; a reply without a list keeps the earlier list."""
        listed = meaning.listed or (before.listed if before is not None else ())
        topics = meaning.topics or (before.topics if before is not None and not meaning.listed else ())
        earlier: tuple[str, ...] = ()
        if before is not None and before.topics != topics:
            earlier = tuple(t for t in dict.fromkeys((*before.topics, *before.earlier)) if t not in topics)
        return cls(meaning.question, topics, listed, earlier[:MAX_EARLIER])

    def stored(self) -> tuple[str, ...]:
        """The topics as the store keeps them: the question first, the earlier topics last."""
        head = (f"{FOLLOW_PREFIX}{self.follow}",) if self.follow else ()
        tail = (EARLIER, *self.earlier) if self.earlier else ()
        return (*head, *self.topics, *tail)

    @classmethod
    def from_stored(cls, topics: tuple[str, ...], listed: tuple[str, ...]) -> Recall:
        """Undo :meth:`stored`."""
        follow = ""
        if topics and topics[0].startswith(FOLLOW_PREFIX):
            follow, topics = topics[0][len(FOLLOW_PREFIX) :], topics[1:]
        if EARLIER in topics:
            cut = topics.index(EARLIER)
            return cls(follow, topics[:cut], listed, topics[cut + 1 :])
        return cls(follow, topics, listed)

    @property
    def shows_roadmap(self) -> bool:
        """Whether the last list shown is a roadmap's skills."""
        return bool(self.listed) and all(r.startswith("skill:") for r in self.listed)

    def __bool__(self) -> bool:
        return bool(self.follow or self.topics or self.listed)
