"""The one Discord renderer: a core :class:`~bot.replies.Reply` as embeds and components.

A reply becomes one or more messages.  Paragraphs and bullet lists go into
embed descriptions, :class:`~bot.replies.Fields` into embed fields, the footer
into the last embed's footer.  Every Discord limit is respected by
construction (sizes are counted in UTF-16 code units, as Discord counts
them): a long answer is split over several embeds and, past 10 embeds or
6,000 characters, over several messages (sent as follow-ups) — never
truncated into a rejection.  Buttons go on the last message only.

All user-visible text is Markdown-escaped here, and nothing rendered here
can ping anyone: the client also sends ``allowed_mentions`` none with every
message.

A reply whose picture was drawn (its PNG handed to :func:`render`) carries the
PNG as the first message's file, shown as the first embed's image
(``attachment://salary.png``), and the picture's alt text opens that embed's
description, so the embed says what the chart shows.
"""

from __future__ import annotations

import io
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, assert_never

import discord

from adapters.discord.components import build_view
from adapters.discord.text import EMPTY, clip, escape, inline, split_text
from adapters.utf16 import units as size
from bot.phrases import EN, Phrases
from bot.pictures import file_name
from bot.replies import BulletList, Button, Fields, Paragraph, Reply, Span

log = logging.getLogger("careerbot.discord")

CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
MESSAGE_EMBED_CHARS_MAX = 6000
EMBEDS_PER_MESSAGE_MAX = 10

COLOUR_OK = discord.Colour(0x5865F2)
COLOUR_ERROR = discord.Colour(0xED4245)
COLOUR_UNSURE = discord.Colour(0xFEE75C)
EPHEMERAL = 1 << 6
NO_MENTIONS = discord.AllowedMentions.none()
"""Sent with every message: nothing careerbot sends can ping anyone."""


@dataclass
class _Embed:
    title: str = ""
    description: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    footer: str = ""

    def chars(self) -> int:
        total = size(self.title) + size(self.description) + size(self.footer)
        return total + sum(size(n) + size(v) for n, v in self.fields)


@dataclass(frozen=True, slots=True)
class OutMessage:
    """One Discord message: its embeds and the components (core actions) shown under it."""

    embeds: tuple[discord.Embed, ...]
    buttons: tuple[Button, ...] = ()
    view: discord.ui.View | None = None
    image: tuple[str, bytes] | None = None
    """The file shown as the first embed's image: its name and PNG bytes."""
    _payloads: dict[tuple[bool, bool], dict[str, Any]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def files(self) -> list[discord.File]:
        """The message's file as a fresh :class:`discord.File` (one per send: sending consumes it)."""
        if self.image is None:
            return []
        name, png = self.image
        return [discord.File(io.BytesIO(png), filename=name)]

    def payload(self, *, ephemeral: bool, update: bool = False) -> dict[str, Any]:
        """The message as Discord's JSON (built once per variant; callers must not change it).

        An update replaces the components too (an empty list removes the old
        buttons) and cannot change the ephemeral flag.
        """
        key = (ephemeral and not update, update)
        data = self._payloads.get(key)
        if data is None:
            data = {
                "embeds": [embed.to_dict() for embed in self.embeds],
                "components": self.view.to_components() if self.view is not None else [],
                "allowed_mentions": NO_MENTIONS.to_dict(),
            }
            if key[0]:
                data["flags"] = EPHEMERAL
            self._payloads[key] = data
        return data


class _Layout:
    """Places text and fields into embeds, opening a new embed whenever a limit would be passed."""

    def __init__(self, budget: int, continued: str = EN.field_continued) -> None:
        self.budget = budget
        self.continued = continued
        self.embeds: list[_Embed] = [_Embed()]

    @property
    def current(self) -> _Embed:
        return self.embeds[-1]

    def text(self, text: str) -> None:
        for chunk in split_text(text, min(DESCRIPTION_MAX, self.budget)):
            embed = self.current
            joined = f"{embed.description}\n\n{chunk}" if embed.description else chunk
            if (
                embed.fields
                or size(joined) > DESCRIPTION_MAX
                or embed.chars() + size(joined) - size(embed.description) > self.budget
            ):
                self.embeds.append(_Embed(description=chunk))
            else:
                embed.description = joined

    def field(self, name: str, value: str) -> None:
        name = clip(name.strip() or EMPTY, FIELD_NAME_MAX)
        for index, chunk in enumerate(split_text(value, FIELD_VALUE_MAX)):
            label = name if index == 0 else clip(self.continued.format(name=name), FIELD_NAME_MAX)
            embed = self.current
            if len(embed.fields) >= FIELDS_MAX or embed.chars() + size(label) + size(chunk) > self.budget:
                embed = _Embed()
                self.embeds.append(embed)
            embed.fields.append((label, chunk))


def _pieces(reply: Reply, alt: str | None) -> Iterator[tuple[str, str] | str]:
    if alt:
        yield inline((Span("🖼 " + " ".join(alt.split()), italic=True),))
    for block in reply.blocks:
        match block:
            case Paragraph():
                yield inline(block.spans)
            case BulletList():
                yield "\n".join("• " + inline(item) for item in block.items)
            case Fields():
                for item in block.items:
                    yield (escape(item.name), inline(item.value) or EMPTY)
            case _:
                assert_never(block)


def _colour(reply: Reply) -> discord.Colour:
    if reply.is_error:
        return COLOUR_ERROR
    return COLOUR_UNSURE if reply.unsure else COLOUR_OK


class FrozenEmbed(discord.Embed):
    """An embed that is complete when rendered: its payload is built once and shared by every send."""

    _payload: Any = None

    def to_dict(self) -> Any:
        """The embed payload (cached)."""
        if self._payload is None:
            self._payload = super().to_dict()
        return self._payload


def _to_discord(embed: _Embed, colour: discord.Colour) -> discord.Embed:
    description = embed.description or (None if embed.title or embed.fields else EMPTY)
    out = FrozenEmbed(title=embed.title or None, description=description, colour=colour)
    for name, value in embed.fields:
        out.add_field(name=name, value=value, inline=size(value) <= 40)
    if embed.footer:
        out.set_footer(text=embed.footer)
    return out


def render(reply: Reply, png: bytes | None = None, phrases: Phrases = EN) -> list[OutMessage]:
    """The reply as Discord messages, each within every Discord limit; buttons on the last one.

    With ``png`` (the reply's picture, drawn) the first message carries it as its file, shown as
    the first embed's image, and the alt text opens the first embed's description.  ``phrases``
    (those of ``reply.language``) word what the renderer adds: a split field's name, a select
    menu's placeholder.
    """
    picture = reply.picture if png is not None else None
    footer = clip(reply.footer, FOOTER_MAX) if reply.footer else ""
    title = clip(escape(reply.title), TITLE_MAX) if reply.title else ""
    layout = _Layout(MESSAGE_EMBED_CHARS_MAX - size(footer) - size(title), phrases.field_continued)
    layout.current.title = title
    for piece in _pieces(reply, picture.alt if picture is not None else None):
        if isinstance(piece, str):
            layout.text(piece)
        else:
            layout.field(*piece)
    layout.embeds[-1].footer = footer
    colour = _colour(reply)
    groups: list[list[_Embed]] = [[]]
    used = 0
    for embed in layout.embeds:
        chars = embed.chars()
        if groups[-1] and (
            len(groups[-1]) >= EMBEDS_PER_MESSAGE_MAX or used + chars > MESSAGE_EMBED_CHARS_MAX
        ):
            groups.append([])
            used = 0
        groups[-1].append(embed)
        used += chars
    messages = [OutMessage(tuple(_to_discord(e, colour) for e in group)) for group in groups]
    if picture is not None and png is not None:
        name = file_name(picture)
        messages[0].embeds[0].set_image(url=f"attachment://{name}")
        messages[0] = OutMessage(messages[0].embeds, image=(name, png))
    if reply.buttons:
        last = messages[-1]
        messages[-1] = OutMessage(
            last.embeds, reply.buttons, build_view(reply.buttons, phrases.menu_placeholder), last.image
        )
    return messages


class Renderer:
    """:func:`render` with a small LRU cache: equal replies (static content) are rendered once.

    The embeds and views it returns are shared between sends and never
    mutated (views hold only persistent dynamic items, see
    :class:`~adapters.discord.components.PersistentView`).
    """

    def __init__(self, size: int = 512, phrases_of: Callable[[str], Phrases] | None = None) -> None:
        self.size = size
        self.phrases_of = phrases_of
        """The phrases of a language code (the served catalog's); English without it."""
        self._cache: OrderedDict[Reply, list[OutMessage]] = OrderedDict()

    def __call__(self, reply: Reply, png: bytes | None = None) -> list[OutMessage]:
        """The rendered messages of ``reply`` (with its picture's ``png``: not cached, so the cache
        never holds images; :class:`~adapters.pictures.Pictures` keeps those)."""
        if png is not None:
            return render(reply, png, self._phrases(reply))
        try:
            cached = self._cache.get(reply)
        except TypeError:  # an unhashable reply (a list smuggled into a block): render every time
            return render(reply, phrases=self._phrases(reply))
        if cached is not None:
            self._cache.move_to_end(reply)
            return cached
        messages = render(reply, phrases=self._phrases(reply))
        self._cache[reply] = messages
        if len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return messages

    def _phrases(self, reply: Reply) -> Phrases:
        return self.phrases_of(reply.language) if self.phrases_of is not None else EN
