"""Typo correction of single words against the vocabulary of the content and its cue words."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

MIN_LENGTH = 4
"""Shorter words are never corrected (too many near neighbours)."""
SCORE = 82.0
"""How similar (0-100) a known word must be to replace an unknown one..."""
SHORT_SCORE = 86.0
"""...and for words of six letters or fewer, where one letter weighs more."""
SHORT = 6
CACHE_SIZE = 20_000


class Speller:
    """Corrects unknown words to the closest known word of similar length, or leaves them.

    Known words are bucketed by first letter and length (typos rarely hit the
    first letter), so a correction compares a word with the known words of
    the same initial at most one character longer or shorter, not with the
    whole vocabulary; corrections are remembered (per catalog: a reload
    builds a new speller).
    """

    def __init__(self, vocabulary: Iterable[str], kept: Iterable[str] = ()) -> None:
        self.known = frozenset(w for w in vocabulary if w)
        self.kept = frozenset(kept)
        """Words left as they are but never a correction's target (places, off-topic requests)."""
        by_shape: dict[tuple[str, int], list[str]] = {}
        for word in sorted(self.known):
            by_shape.setdefault((word[0], len(word)), []).append(word)
        self._by_shape = by_shape
        self._near: dict[tuple[str, int], tuple[str, ...]] = {}
        """The known words of one initial and a length one shorter to one longer, made when first
        needed (a catalog corrects few shapes of words; most are never asked for)."""
        self._cache: dict[str, str] = {}

    def word(self, word: str) -> str:
        """The known word meant by ``word`` (``word`` itself when known, short, or too far from any)."""
        if len(word) < MIN_LENGTH or word in self.known or word in self.kept or word.isdigit():
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        shape = (word[0], len(word))
        near = self._near.get(shape)
        if near is None:
            first, n = shape
            near = tuple(w for d in (-1, 0, 1) for w in self._by_shape.get((first, n + d), ()))
            self._near[shape] = near
        cutoff = SHORT_SCORE if len(word) <= SHORT else SCORE
        best = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=cutoff)
        fixed = best[0] if best is not None else word
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        self._cache[word] = fixed
        return fixed

    def correct(self, words: list[str]) -> list[str]:
        """Every word corrected (see :meth:`word`)."""
        return [self.word(w) for w in words]
