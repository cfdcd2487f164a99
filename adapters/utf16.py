"""Text sizes as Telegram and Discord count them: UTF-16 code units.

Both platforms limit messages, embeds and labels in UTF-16 code units, so a
character outside the Basic Multilingual Plane (most emoji) counts twice.
Both renderers measure and cut text with these two functions.
"""

from __future__ import annotations

BMP_MAX = 0xFFFF
"""Characters above this take two UTF-16 code units (a surrogate pair)."""


def units(text: str) -> int:
    """The length of ``text`` in UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def fitting(text: str, limit: int) -> int:
    """How many characters of ``text`` fit in ``limit`` UTF-16 code units (its longest such prefix).

    A surrogate pair is never split: a character either fits whole or not at all.
    """
    if limit <= 0:
        return 0
    if text.isascii():
        return min(len(text), limit)
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > BMP_MAX else 1
        if used > limit:
            return index
    return len(text)
