"""Typed button payloads: what a stateful button carries, packed and unpacked in one place.

Modelled on aiogram's ``CallbackData``: each payload is a frozen dataclass
with a command, an optional tag and typed fields (``str``, ``int``,
``bool``), packed as ``tag.field.field`` into the button's
:class:`~bot.replies.Action` argument.  Packing checks every field (no
separator inside, the whole action within 64 bytes), so a bad payload fails
where the button is built, never silently in a renderer; unpacking returns
``None`` for anything that is not a payload of that class (old or forged
buttons).  The packed forms are the ones buttons already in chats carry.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Self

from bot.replies import Action

SEPARATOR = "."


class Payload:
    """Base of the typed payloads; subclasses are frozen dataclasses with ``command`` and ``tag``."""

    command: ClassVar[str]
    tag: ClassVar[str] = ""
    """Distinguishes payloads of one command (``a`` answer, ``b`` back...); empty for none."""

    def pack(self) -> str:
        """The packed argument, e.g. ``a.1z.images``; raises ``ValueError`` for an unpackable field."""
        parts = [self.tag] if self.tag else []
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            text = str(int(value)) if isinstance(value, bool) else str(value)
            if SEPARATOR in text or "|" in text:
                raise ValueError(f"{type(self).__name__}.{f.name} {text!r} contains a separator")
            parts.append(text)
        return SEPARATOR.join(parts)

    def action(self) -> Action:
        """The button action carrying this payload (checked to fit 64 bytes)."""
        action = Action(self.command, self.pack())
        action.pack()  # raises ValueError when too long: at build time, not in a renderer
        return action

    @classmethod
    def unpack(cls, argument: str) -> Self | None:
        """The payload packed in ``argument``, or ``None`` if it is not one of this class."""
        parts = argument.split(SEPARATOR)
        if cls.tag:
            if not parts or parts[0] != cls.tag:
                return None
            parts = parts[1:]
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        if len(parts) != len(fields):
            return None
        values: dict[str, Any] = {}
        for f, text in zip(fields, parts, strict=True):
            kind = f.type if isinstance(f.type, type) else str(f.type)
            if kind in (bool, "bool"):
                if text not in {"0", "1"}:
                    return None
                values[f.name] = text == "1"
            elif kind in (int, "int"):
                if not text.isdigit():
                    return None
                values[f.name] = int(text)
            else:
                if not text:
                    return None
                values[f.name] = text
        return cls(**values)


@dataclasses.dataclass(frozen=True, slots=True)
class AnswerStep(Payload):
    """Answer the current quiz question (``version`` is the session version in base 36)."""

    command: ClassVar[str] = "quiz"
    tag: ClassVar[str] = "a"
    version: str
    answer: str


@dataclasses.dataclass(frozen=True, slots=True)
class BackStep(Payload):
    """Go back one quiz question."""

    command: ClassVar[str] = "quiz"
    tag: ClassVar[str] = "b"
    version: str


@dataclasses.dataclass(frozen=True, slots=True)
class RestartStep(Payload):
    """Start the quiz again."""

    command: ClassVar[str] = "quiz"
    tag: ClassVar[str] = "r"
    version: str


QuizPayload = AnswerStep | BackStep | RestartStep


def quiz_payload(argument: str) -> QuizPayload | None:
    """The quiz payload in ``argument``, if any (a typed ``/quiz`` has none)."""
    for kind in (AnswerStep, BackStep, RestartStep):
        found = kind.unpack(argument)
        if found is not None:
            return found
    return None


@dataclasses.dataclass(frozen=True, slots=True)
class ChecklistMark(Payload):
    """Mark (``have``) or unmark a skill from one role's checklist (``role`` is its 6-char digest)."""

    command: ClassVar[str] = "mark"
    skill: str
    role: str
    have: bool


@dataclasses.dataclass(frozen=True, slots=True)
class Page:
    """Page ``number`` of a browsable list command, packed ``~N``."""

    command: str
    number: int

    MARK: ClassVar[str] = "~"

    def action(self) -> Action:
        """The button action that opens this page."""
        action = Action(self.command, f"{self.MARK}{self.number}")
        action.pack()
        return action

    @classmethod
    def of(cls, command: str, argument: str) -> Page | None:
        """The page an argument such as ``~2`` asks for, else ``None``."""
        if argument.startswith(cls.MARK) and argument[1:].isdigit():
            return cls(command, max(1, int(argument[1:])))
        return None
