"""What the understanding decided to answer: an intent, its topics and what the intent needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.understanding.ranking import Ranking


@dataclass(slots=True)
class Plan:
    """What to answer: an intent, its topics and what the intent needs besides."""

    intent: str
    refs: list[str] = field(default_factory=list)
    ranking: Ranking | None = None
    role: str = ""
    term: str = ""
    covered: frozenset[str] = frozenset()
    first: str = "education"
    domain: str = ""
