"""Discord text: sizes as Discord counts them (UTF-16 units), cutting and splitting within a
limit, and Markdown escaping of user and content text."""

from __future__ import annotations

import re

from bot.replies import Line

ELLIPSIS = "…"
EMPTY = "\u200b"
"""A zero-width space: what an otherwise empty embed field or description shows."""


def size(text: str) -> int:
    """Length of ``text`` as Discord counts it (UTF-16 code units)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int) -> int:
    """The length of the longest prefix of ``text`` that is at most ``limit`` UTF-16 units."""
    if text.isascii():
        return min(len(text), limit)
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` (UTF-16 units), with an ellipsis if cut."""
    if size(text) <= limit:
        return text
    return _unescaped_end(text[: _fitting(text, limit - 1)]) + ELLIPSIS


def _unescaped_end(text: str) -> str:
    """Drop a trailing lone backslash so a cut never escapes what follows it."""
    trailing = len(text) - len(text.rstrip("\\"))
    return text[:-1] if trailing % 2 else text


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in chunks of at most ``limit`` units, cut at paragraph, line or word breaks."""
    if size(text) <= limit:
        return [text] if text else [EMPTY]
    chunks: list[str] = []
    pos, end = 0, len(text)
    while pos < end:
        window = text[pos : pos + limit]
        cut = max(_fitting(window, limit), 1)
        if pos + cut < end:
            head = window[:cut]
            for sep in ("\n\n", "\n", " "):
                at = head.rfind(sep)
                if at > limit // 3:
                    cut = at
                    break
            cut = max(len(_unescaped_end(window[:cut])), 1)
        chunk = window[:cut].strip()
        if chunk:
            chunks.append(chunk)
        pos += cut
    return chunks or [EMPTY]


_MARKUP = str.maketrans({char: "\\" + char for char in "\\*_~`|>[]"})
_LINE_START = re.compile(r"^(\s*)([#-]|\d+(?=\.))", re.MULTILINE)


def escape(text: str) -> str:
    """Escape Discord Markdown so user and content text shows literally.

    Emphasis, code, spoiler, quote and link characters are backslash-escaped
    everywhere, heading and list markers at the start of a line.  (Mentions
    need no escaping: every message goes out with ``allowed_mentions`` none.)
    """
    return _LINE_START.sub(_line_start, text.translate(_MARKUP))


def _line_start(match: re.Match[str]) -> str:
    marker = match[2]
    return f"{match[1]}{marker}\\" if marker[0].isdigit() else f"{match[1]}\\{marker}"


def inline(spans: Line) -> str:
    """Spans as Discord Markdown."""
    out = []
    for span in spans:
        if span.code:
            text = "`" + span.text.replace("`", "ˋ") + "`"
        else:
            text = escape(span.text)
            if span.bold:
                text = f"**{text}**"
            if span.italic:
                text = f"_{text}_"
        if span.url and span.url.startswith(("https://", "http://")):
            url = span.url.replace(")", "%29").replace(" ", "%20")
            text = f"[{text}]({url})"
        out.append(text)
    return "".join(out)
