"""Text normalisation shared by argument matching and free-text questions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+|_+")
_IDEOGRAPH = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af])")
"""Chinese, Japanese and Korean characters: words are not separated by spaces, so each is a token."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

MAX_INPUT_CHARS = 1000
"""Longer user input is cut to this many characters before it is analysed."""


def clean_input(text: str, limit: int = MAX_INPUT_CHARS) -> str:
    """Drop control and bidi-override characters, fold whitespace, cut to ``limit``."""
    text = _CONTROL.sub(" ", text[: limit * 4])
    return " ".join(text.split())[:limit].strip()


def stem(token: str) -> str:
    """A crude English singular: ``engineers`` -> ``engineer``, ``libraries`` -> ``library``."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


_MONEY_SIGNS = re.compile(r"\${2,}")
"""Slang for money ("which job makes the most $$$"): a word, unlike a figure's "$"."""
_VERSUS_SIGN = re.compile("\U0001f19a")
"""The VS emoji ("nlp engineer 🆚 cv engineer"): the word "vs", which the cue words read."""


def normalize(text: str) -> str:
    """Case-fold, strip punctuation and accents' width forms, collapse spaces."""
    text = _MONEY_SIGNS.sub(" money ", unicodedata.normalize("NFKC", text).casefold())
    text = _VERSUS_SIGN.sub(" vs ", text)
    return " ".join(_IDEOGRAPH.sub(r" \1 ", _NON_WORD.sub(" ", text)).split())


def tokens(text: str) -> list[str]:
    """Normalised, stemmed tokens of ``text``."""
    return [stem(t) for t in normalize(text).split()]


@lru_cache(maxsize=1 << 14)
def key(text: str) -> str:
    """The lookup key of a name, alias or id: normalised and stemmed tokens (memoised: content
    loads key the same names and cue words several times, in every language)."""
    return " ".join(tokens(text))
