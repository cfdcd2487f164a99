"""Platform-neutral replies: what the core answers, as data.

A :class:`Reply` has a title, a sequence of blocks (paragraphs, bullet
lists, named fields) made of :class:`Span` runs, follow-up buttons that
carry a packed :class:`Action`, and an optional footer.  There is no Markdown
or HTML anywhere in it: each adapter owns one renderer that escapes, splits
and fits a reply into its platform's limits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import assert_never

from bot.i18n.languages import answering_language
from bot.pictures import Picture

ACTION_PREFIX = "cb1"
ACTION_SEPARATOR = "|"
ACTION_MAX_BYTES = 64
"""Telegram's callback_data limit; Discord's custom_id (100) is looser."""


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with optional emphasis or a link target."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    url: str | None = None


Line = tuple[Span, ...]
"""A line of inline content: one or more spans."""


def line(*parts: str | Span) -> Line:
    """Build a :data:`Line` from plain strings and spans."""
    return tuple(p if isinstance(p, Span) else Span(p) for p in parts if p != "")


def bold(text: str) -> Span:
    """A bold span."""
    return Span(text, bold=True)


def italic(text: str) -> Span:
    """An italic span."""
    return Span(text, italic=True)


def plain_text(spans: Iterable[Span]) -> str:
    """The text of some spans with all emphasis dropped."""
    return "".join(s.text for s in spans)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of inline content."""

    spans: Line


@dataclass(frozen=True, slots=True)
class BulletList:
    """A list of items, each a line of inline content."""

    items: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class FieldItem:
    """A named value, such as ``Salary (US): $120,000 to $170,000``."""

    name: str
    value: Line


@dataclass(frozen=True, slots=True)
class Fields:
    """A group of named values (rendered as a table or embed fields)."""

    items: tuple[FieldItem, ...]


Block = Paragraph | BulletList | Fields


@dataclass(frozen=True, slots=True)
class Action:
    """A command with its argument, packed into buttons.

    ``pack()`` gives a compact string of at most 64 bytes (Telegram's
    callback_data limit) that :meth:`unpack` turns back into the action.
    """

    command: str
    argument: str = ""

    def pack(self) -> str:
        """Return the packed form; raise ``ValueError`` if it would exceed 64 bytes."""
        if ACTION_SEPARATOR in self.command:
            raise ValueError(f"command {self.command!r} contains {ACTION_SEPARATOR!r}")
        packed = ACTION_SEPARATOR.join((ACTION_PREFIX, self.command, self.argument))
        size = len(packed.encode("utf-8"))
        if size > ACTION_MAX_BYTES:
            raise ValueError(f"packed action is {size} bytes, more than {ACTION_MAX_BYTES}")
        return packed

    @classmethod
    def unpack(cls, packed: str) -> Action | None:
        """Parse a packed action; ``None`` for anything that is not one (old or forged buttons)."""
        if len(packed.encode("utf-8", "surrogatepass")) > ACTION_MAX_BYTES:
            return None
        parts = packed.split(ACTION_SEPARATOR, 2)
        if len(parts) != 3 or parts[0] != ACTION_PREFIX or not parts[1]:
            return None
        return cls(parts[1], parts[2])


@dataclass(frozen=True, slots=True)
class Button:
    """A follow-up button: a label and the action it triggers.

    The action is packed when the button is built, so an action that cannot
    be a button (over 64 bytes, a separator in its command) raises
    ``ValueError`` here, in the handler that made it, and never reaches a
    renderer; ``packed`` is the string platforms carry back.
    """

    label: str
    action: Action
    packed: str = field(default="", init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "packed", self.action.pack())


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a reply is about, as data (never shown): for follow-ups, evaluation and metrics.

    ``intent`` is the kind of answer (``salary``, ``compare``, ``limit_role``...);
    ``topics`` the content it is about, as refs (``career:nlp-engineer``,
    ``topic:education``); ``listed`` the entities of a list it shows, in order
    (what "the second one" means next); ``follow`` the question a follow-up
    such as "and for NLP?" repeats with another topic (default: ``intent``).
    """

    intent: str = ""
    topics: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()
    follow: str = ""

    @property
    def question(self) -> str:
        """The intent a follow-up repeats."""
        return self.follow or self.intent


@dataclass(frozen=True, slots=True)
class Reply:
    """A complete answer of the core, ready for an adapter's renderer.

    ``is_error`` marks apologies and user errors; ``unsure`` marks a free-text
    answer that offers the closest topics instead of an answer; ``link`` is the
    action that shows this same reply again (set on detail views), which
    adapters turn into share links; ``meaning`` says what the reply is about
    (see :class:`Meaning`), which no renderer shows.

    ``picture`` is a chart that shows the same answer at a glance (see :mod:`bot.pictures`);
    adapters that cannot show images draw it as text or leave it out, and the reply's text
    always stands on its own without it.

    ``personal`` marks a reply made from the asking user's saved state (their
    quiz step, checklist marks, progress, or a "this step has changed" about
    them).  The rule for adapters: a personal reply to a button press may
    replace the pressed message only when that message was made for the same
    user; otherwise (someone pressed another person's button in a group) it
    goes out as a new message, privately where the platform allows, so one
    person's state never overwrites what another person is looking at.
    """

    title: str
    blocks: tuple[Block, ...] = ()
    buttons: tuple[Button, ...] = ()
    footer: str | None = None
    is_error: bool = False
    unsure: bool = False
    link: Action | None = None
    personal: bool = False
    meaning: Meaning = Meaning()
    picture: Picture | None = None
    language: str = field(default_factory=answering_language)
    """The code of the language the reply is written in: adapters word what they add themselves
    (a share button, a menu's placeholder) in it.  By default the language the core is answering
    in (:data:`bot.i18n.languages.ANSWERING`), so no reply is copied to say so; English outside."""
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        # Computed once: renderers key caches by reply, and a reply is a deep tree of tuples.
        if not self._hash:
            value = hash(
                (
                    self.title,
                    self.blocks,
                    self.buttons,
                    self.footer,
                    self.is_error,
                    self.unsure,
                    self.link,
                    self.personal,
                    self.meaning,
                    self.picture,
                )
            )
            object.__setattr__(self, "_hash", value or 1)
        return self._hash

    def text(self) -> str:
        """All the reply's text, without emphasis: for logs, tests and search."""
        parts = [self.title]
        for block in self.blocks:
            match block:
                case Paragraph():
                    parts.append(plain_text(block.spans))
                case BulletList():
                    parts.extend(plain_text(item) for item in block.items)
                case Fields():
                    parts.extend(f"{f.name}: {plain_text(f.value)}" for f in block.items)
                case _:
                    assert_never(block)
        if self.footer:
            parts.append(self.footer)
        return "\n".join(parts)
