"""How much of a language is translated: its phrases, and the text fields of its content."""

from __future__ import annotations

from dataclasses import dataclass


def percent(done: int, total: int) -> int:
    """``done`` of ``total`` in whole percent, rounded down: 100 only when nothing is missing."""
    return 100 if total <= 0 else done * 100 // total


@dataclass(frozen=True, slots=True)
class Coverage:
    """One language's coverage; ``gaps`` names what falls back to English.

    A gap is ``phrases.yaml: help_title`` or ``careers.yaml: careers[nlp-engineer].summary``
    (list items by id).  Content fields count one each: a text, or a whole list of texts
    (aliases, uses ...), wherever the English content has one.
    """

    language: str
    phrases_done: int
    phrases_total: int
    content_done: int
    content_total: int
    gaps: tuple[str, ...] = ()

    @property
    def phrases_percent(self) -> int:
        """The share of phrases translated, in whole percent."""
        return percent(self.phrases_done, self.phrases_total)

    @property
    def content_percent(self) -> int:
        """The share of content fields translated, in whole percent."""
        return percent(self.content_done, self.content_total)

    @property
    def complete(self) -> bool:
        """Whether nothing falls back to English."""
        return self.phrases_done >= self.phrases_total and self.content_done >= self.content_total

    def summary(self) -> str:
        """``es: phrases 100%, content 100% (412/412 fields)``."""
        return (
            f"{self.language}: phrases {self.phrases_percent}%, content {self.content_percent}% "
            f"({self.content_done}/{self.content_total} fields)"
        )
