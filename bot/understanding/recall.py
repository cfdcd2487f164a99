"""What the bot remembers of a conversation between two messages: topic refs, never text."""

from __future__ import annotations

from dataclasses import dataclass

from bot.replies import Meaning

FOLLOW_PREFIX = "intent:"
"""The stored topics carry the question to repeat as a first pseudo-ref ``intent:salary``."""
TTL_SECONDS = 30 * 60.0
"""A conversation's context is forgotten after this long without a message."""


@dataclass(frozen=True, slots=True)
class Recall:
    """The last answer's question (``follow``), its topics and the last list shown, in order."""

    follow: str = ""
    topics: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()

    @classmethod
    def of(cls, meaning: Meaning, before: Recall | None = None) -> Recall:
        """The context after a reply with ``meaning``; a reply without a list keeps the earlier list."""
        listed = meaning.listed or (before.listed if before is not None else ())
        topics = meaning.topics or (before.topics if before is not None and not meaning.listed else ())
        return cls(meaning.question, topics, listed)

    def stored(self) -> tuple[str, ...]:
        """The topics as the store keeps them, with the question first."""
        return (f"{FOLLOW_PREFIX}{self.follow}", *self.topics) if self.follow else self.topics

    @classmethod
    def from_stored(cls, topics: tuple[str, ...], listed: tuple[str, ...]) -> Recall:
        """Undo :meth:`stored`."""
        if topics and topics[0].startswith(FOLLOW_PREFIX):
            return cls(topics[0][len(FOLLOW_PREFIX) :], topics[1:], listed)
        return cls("", topics, listed)

    def __bool__(self) -> bool:
        return bool(self.follow or self.topics or self.listed)
