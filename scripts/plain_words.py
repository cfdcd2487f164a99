"""Print the common English words that careerbot's speller would turn into a different word.

The speller corrects an unknown word to the closest known word of the content ("slary" -> "salary"),
so an ordinary word the content never uses can become a cue by accident ("plain" -> "plan", "office" ->
"officer", "brother" -> "bother").  This one-off tool lists those words, for the ``plain_words`` list of
``content/cues.yaml`` (words the speller leaves as they are).  It reads the English word-frequency list of
pyspellchecker (a tool of this script only, not a dependency of careerbot):

    .venv/bin/pip install pyspellchecker && .venv/bin/python scripts/plain_words.py 20000

It reads the speller of the content as it is, so it prints only the words at risk that are not in
``plain_words`` yet: after adding cue words or role words, run it and add what it prints.

A correction that only changes the word's ending ("years" -> "year", "wants" -> "want") is left alone:
that is the speller folding an inflection, not changing the word.
"""

from __future__ import annotations

import gzip
import json
import sys
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.content.loader import load_catalog
from bot.text import key

ENDINGS = ("s", "es", "d", "ed", "ing")


def inflection(word: str, target: str) -> bool:
    """Whether one word is the other with a plural or tense ending ("years"/"year", "making"/"make")."""
    short, long_ = sorted((word, target), key=len)
    stems = {short, short[:-1]} if short.endswith("e") else {short}
    return any(long_ == stem + e for stem in stems for e in ENDINGS)


def main() -> None:
    """Print the words as one YAML flow list."""
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    source = resources.files("spellchecker") / "resources" / "en.json.gz"
    frequencies: dict[str, int] = json.loads(gzip.decompress(source.read_bytes()))
    common = sorted(frequencies, key=lambda w: -frequencies[w])[:top]
    speller = load_catalog().speller
    out: dict[str, str] = {}  # one word per key: the list folds plurals like every cue list
    for word in common:
        if not (word.isascii() and word.isalpha()):
            continue
        fixed = speller.word(word)
        if fixed != word and not inflection(word, fixed):
            out.setdefault(key(word), word)
    print(", ".join(sorted(out.values())))


if __name__ == "__main__":
    main()
