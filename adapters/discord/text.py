"""Discord text: cutting and splitting within a limit of UTF-16 units (as Discord counts them,
with :mod:`adapters.utf16`), and Markdown escaping of user and content text."""

from __future__ import annotations

import re

from adapters.utf16 import fitting
from adapters.utf16 import units as size
from bot.replies import Line

ELLIPSIS = "…"
EMPTY = "\u200b"
"""A zero-width space: what an otherwise empty embed field or description shows."""


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` (UTF-16 units), with an ellipsis if cut."""
    if size(text) <= limit:
        return text
    return _unescaped_end(text[: fitting(text, limit - 1)]) + ELLIPSIS


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
        cut = max(fitting(window, limit), 1)
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
