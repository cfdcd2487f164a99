"""``careerbot report gaps``: the questions the bot could not answer confidently, as a text table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from bot.store.base import Gap

MAX_QUESTION_CHARS = 80


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M")


def format_gaps(gaps: Sequence[Gap], *, source: str, counting: bool) -> str:
    """A table of gaps, most frequent first, with a header naming the store (UTC times)."""
    lines = []
    if not counting:
        lines.append("Counting is off (STORE_QUESTIONS=0): these are the questions counted before.")
    if not gaps:
        lines.append(f"No unanswered questions recorded in {source}.")
        return "\n".join(lines)
    lines.append(f"Questions careerbot could not answer confidently ({source}; times in UTC):")
    lines.append(f"{'count':>6}  {'first seen':<16}  {'last seen':<16}  question")
    for gap in gaps:
        question = gap.question
        if len(question) > MAX_QUESTION_CHARS:
            question = question[: MAX_QUESTION_CHARS - 1] + "…"
        lines.append(f"{gap.count:>6}  {_when(gap.first_seen):<16}  {_when(gap.last_seen):<16}  {question}")
    return "\n".join(lines)
