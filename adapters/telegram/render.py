"""The one Telegram renderer: core replies as HTML messages with inline keyboards.

Every piece of text (content and user input alike) is escaped, so a reply
can never carry markup Telegram would reject.  Replies longer than one
message split on paragraph boundaries (a single over-long paragraph splits
on word boundaries), and the keyboard rides on the last message.  Lengths are
counted in UTF-16 code units, as Telegram counts them (:mod:`adapters.utf16`).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import assert_never

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from adapters.utf16 import fitting, units
from bot.phrases import EN, Phrases
from bot.replies import BulletList, Button, Fields, Line, Paragraph, Reply, Span

log = logging.getLogger("careerbot.telegram")

MAX_MESSAGE = 4096
"""Telegram's limit on a message's text after entity parsing."""
MAX_CAPTION = 1024
"""Telegram's limit on a photo's caption after entity parsing."""
ALT_PREFIX = "🖼 "
"""Before the alt text in a caption: what follows says what the picture shows."""
MAX_BUTTONS = 100
"""Telegram's limit on the buttons of one inline keyboard."""
MAX_LABEL = 64
"""Longer button labels are cut (Telegram truncates them on screen anyway)."""
SHORT_LABEL = 20
"""Buttons with labels up to this long are laid out two per row."""


def escape(text: str) -> str:
    """``text`` safe inside Telegram HTML: ``&``, ``<`` and ``>`` become entities."""
    return html.escape(text, quote=False)


def _span_html(span: Span) -> str:
    text = escape(span.text)
    if span.code:
        # code may not contain or be part of other entities
        return f"<code>{text}</code>"
    if span.italic:
        text = f"<i>{text}</i>"
    if span.bold:
        text = f"<b>{text}</b>"
    if span.url and span.url.startswith(("http://", "https://")):
        text = f'<a href="{html.escape(span.url, quote=True)}">{text}</a>'
    return text


@dataclass(frozen=True, slots=True)
class Piece:
    """An unbreakable unit of a message: its HTML and its visible length."""

    html: str
    size: int
    separator: str = "\n\n"
    """What goes before this piece when it follows another one."""


def _line_piece(spans: Line, prefix: str = "", separator: str = "\n\n") -> list[Piece]:
    """One line as pieces; a line longer than a message is cut on word boundaries."""
    budget = MAX_MESSAGE - units(prefix)
    lines: list[list[Span]] = [[]]
    size = 0
    for span in spans:
        rest = span.text
        while rest:
            room = budget - size
            if units(rest) <= room:
                lines[-1].append(_with_text(span, rest))
                size += units(rest)
                break
            cut = _cut(rest, room)
            if cut:
                lines[-1].append(_with_text(span, rest[:cut]))
                rest = rest[cut:].lstrip(" ")
            lines.append([])
            size = 0
    kept = [chunk for chunk in lines if chunk] or [[]]
    return [
        _piece(prefix if i == 0 else "", chunk, separator if i == 0 else "\n") for i, chunk in enumerate(kept)
    ]


def _piece(prefix: str, spans: Sequence[Span], separator: str) -> Piece:
    body = "".join(_span_html(s) for s in spans)
    size = units(prefix) + sum(units(s.text) for s in spans)
    return Piece(escape(prefix) + body, size, separator)


def _with_text(span: Span, text: str) -> Span:
    return Span(text, span.bold, span.italic, span.code, span.url)


def _cut(text: str, room: int) -> int:
    """How many characters of ``text`` fit in ``room`` units, preferring a word boundary."""
    fit = fitting(text, room)
    if fit == len(text) or fit == 0:
        return fit
    space = text.rfind(" ", 0, fit + 1)
    return space if space > fit // 2 else fit


def pieces(reply: Reply) -> list[Piece]:
    """The reply as a sequence of pieces: title, blocks (list items apart), footer."""
    out = _line_piece((Span(reply.title, bold=True),))
    for block in reply.blocks:
        match block:
            case Paragraph():
                out.extend(_line_piece(block.spans))
            case BulletList():
                for i, item in enumerate(block.items):
                    out.extend(_line_piece(item, "• ", "\n\n" if i == 0 else "\n"))
            case Fields():
                for i, field in enumerate(block.items):
                    spans = (Span(f"{field.name}:", bold=True), Span(" "), *field.value)
                    out.extend(_line_piece(spans, "", "\n\n" if i == 0 else "\n"))
            case _:
                assert_never(block)
    if reply.footer:
        out.extend(_line_piece((Span(reply.footer, italic=True),)))
    return out


def split(parts: Sequence[Piece], limit: int = MAX_MESSAGE) -> list[str]:
    """Pack pieces greedily into messages of at most ``limit`` visible units."""
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for piece in parts:
        extra = piece.size + (units(piece.separator) if current else 0)
        if current and size + extra > limit:
            messages.append("".join(current))
            current, size = [], 0
            extra = piece.size
        current.append(piece.separator + piece.html if current else piece.html)
        size += extra
    if current:
        messages.append("".join(current))
    return messages


def _label(text: str) -> str:
    text = " ".join(text.split()) or "…"
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def keyboard(
    buttons: Sequence[Button], share_url: str | None = None, phrases: Phrases = EN
) -> InlineKeyboardMarkup | None:
    """Inline keyboard for the reply's buttons (callback_data is the packed action) and a share link
    (labelled in the language of ``phrases``)."""
    rows: list[list[InlineKeyboardButton]] = []
    pending: InlineKeyboardButton | None = None
    count = 0
    for button in buttons:
        if count >= MAX_BUTTONS - 1:
            break
        label = _label(button.label)
        # Packed and checked against callback_data's 64 bytes when the button was built.
        item = InlineKeyboardButton(label, callback_data=button.packed)
        count += 1
        if len(label) <= SHORT_LABEL:
            if pending is None:
                pending = item
            else:
                rows.append([pending, item])
                pending = None
            continue
        if pending is not None:
            rows.append([pending])
            pending = None
        rows.append([item])
    if pending is not None:
        rows.append([pending])
    if share_url:
        rows.append([InlineKeyboardButton(_label(phrases.btn_share), url=share_url)])
    return InlineKeyboardMarkup(rows) if rows else None


@dataclass(frozen=True, slots=True)
class Rendered:
    """A reply ready to send: one or more HTML messages, the keyboard for the last one."""

    messages: tuple[str, ...]
    markup: InlineKeyboardMarkup | None


def render(reply: Reply, share_url: str | None = None, phrases: Phrases = EN) -> Rendered:
    """Render ``reply`` for Telegram (HTML parse mode); ``phrases`` (those of ``reply.language``)
    word the share button."""
    return Rendered(tuple(split(pieces(reply))), keyboard(reply.buttons, share_url, phrases))


@dataclass(frozen=True, slots=True)
class PhotoRendered:
    """A reply with a picture, ready to send as a photo.

    ``caption`` is the photo's HTML caption (it always holds the alt text); ``markup`` the
    keyboard on the photo when the caption holds the whole reply; otherwise ``rest`` is the
    reply as text messages sent after the photo, the keyboard on the last of them.
    """

    caption: str
    markup: InlineKeyboardMarkup | None
    rest: Rendered | None


def alt_caption(alt: str) -> str:
    """The alt text alone as a caption (cut on a word to fit 1,024 characters)."""
    text = ALT_PREFIX + " ".join(alt.split())
    if units(text) > MAX_CAPTION:
        text = text[: _cut(text, MAX_CAPTION - 1)].rstrip() + "…"
    return f"<i>{escape(text)}</i>"


def render_photo(
    reply: Reply, alt: str, share_url: str | None = None, phrases: Phrases = EN
) -> PhotoRendered:
    """Render ``reply`` to go with its picture, whose alt text is ``alt`` (see :class:`PhotoRendered`).

    The alt text follows the title, so the caption says first what the reply is about,
    then what the picture shows.
    """
    markup = keyboard(reply.buttons, share_url, phrases)
    parts = pieces(reply)
    described = [parts[0], *_line_piece((Span(ALT_PREFIX + " ".join(alt.split()), italic=True),)), *parts[1:]]
    whole = split(described, MAX_CAPTION)
    if len(whole) == 1:
        return PhotoRendered(whole[0], markup, None)
    return PhotoRendered(alt_caption(alt), None, Rendered(tuple(split(parts)), markup))


def open_markup(url: str, phrases: Phrases = EN) -> InlineKeyboardMarkup:
    """A single URL button opening the bot's chat at ``url`` (for inline results), in the
    language of ``phrases``."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(_label(phrases.btn_open_chat), url=url)]])
