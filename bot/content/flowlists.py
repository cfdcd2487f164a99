"""Flow lists of plain words (``salary: [pay, wage, income]``), read without a YAML node per word.

The cue-word files are mostly such lists: two thirds of a content load's YAML values, each
costing libyaml a node (an event, two marks, a tag resolution and a Python object) that is
thrown away at once.  :func:`lift` reads the simplest of these lists with a few regular
expressions and puts a placeholder word in their place, so libyaml composes one scalar where
there was a list; :mod:`bot.content.yamlbuild` builds the document from that text and puts each
list back where its placeholder is (its words, and the line of each).

A list is lifted only when the YAML it is written in leaves no doubt about what libyaml would
make of it, and is otherwise left in the text, untouched:

* it is the value after ``key:`` and spaces, and nothing but spaces and a comment follows its
  ``]`` on that line; it holds no ``[]{}#:?`` and no document marker (``---``, ``...``) at the
  start of a line;
* every word is plain (no indicator such as ``-``, ``&``, ``*``, ``!``, ``|``, ``>`` first) and
  resolves to a string by the loader's own implicit resolvers (``yes``, ``on``, ``12``, ``~``...
  do not: such a list is left alone), or is quoted without escapes;
* no word is empty (``[a, , b]``, a trailing comma) and no word spans a line break.

A file holding a tab, a line break other than ``\\n`` or a character libyaml refuses is not
lifted at all (the line numbers and the error must be libyaml's own).  The text before a lifted
list is unchanged, so libyaml reaches each placeholder in the state it would have reached the
``[`` in; :mod:`bot.content.yamlfile` still parses the file as written whenever a placeholder
does not come back exactly once as a plain string value of a plain mapping or list (or the
changed text does not parse), so a lifted read always gives what the plain read gives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_CANDIDATE = re.compile(r": +\[([^\[\]{}#]*)\](?: +#[^\n]*| *)$", re.MULTILINE)
"""``key: [ ... ]`` up to the end of the line (group 1: what is inside the brackets)."""

_REFUSED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
"""What makes a file not lifted at all: a character libyaml refuses, reads as a line break
(``\\r``, NEL, LS, PS) or skips (BOM), and the tab, which libyaml's plain scalars take as a
space where its scanner may not (after a placeholder, a line holding a tab would be read so)."""

_QUOTED = re.compile(r"\"[^\"\\]*\"|'[^']*'")
_NOT_FIRST = frozenset("-&*!|>%@`,")
"""What no lifted word starts with: an indicator (a plain word cannot start with most, and
``-word`` is left to libyaml), or the comma of an empty word."""
_BAD_FIRST = re.compile(r",[ \n]*[-&*!|>%@`,]")
"""A word after the first starting with one of :data:`_NOT_FIRST`."""
_ODD = (":", "?", "\n---", "\n...")

PLACEHOLDER = "Qcareerbot-flow-list-"
"""How every placeholder starts (then a number): a plain word that resolves to a string."""


Words = tuple[list[str], list[int]]
"""A lifted list: its words, and the 1-based line of each."""


@dataclass(frozen=True, slots=True)
class Lifted:
    """The text with placeholders, and each placeholder's words and their 1-based lines."""

    text: str
    lists: dict[str, Words]


Resolvers = Mapping[Any, Sequence[tuple[str, re.Pattern[str]]]]
"""A loader's ``yaml_implicit_resolvers``: first character -> (tag, pattern) pairs."""


def _words(body: str, first_line: int, resolvers: Resolvers, string_tag: str) -> Words | None:
    """The words of one list body (between the brackets) and their lines, or None when not plain enough."""
    if any(odd in body for odd in _ODD):
        return None
    inner = body.strip(" \n")
    if not inner or inner[0] in _NOT_FIRST or inner[-1] == "," or _BAD_FIRST.search(inner):
        return None
    words = [word.strip(" \n") for word in inner.split(",")]
    for i in [i for i, word in enumerate(words) if word[0] in resolvers or word[0] in "'\""]:
        word = words[i]
        if word[0] in "'\"":
            if not _QUOTED.fullmatch(word):
                return None
            words[i] = word[1:-1]
            continue
        for tag, pattern in resolvers[word[0]]:
            if pattern.match(word):
                if tag != string_tag:
                    return None
                break
    if "\n" not in body:
        return words, [first_line] * len(words)
    lines: list[int] = []
    for line, chunk in enumerate(body.split("\n"), first_line):
        chunk = chunk.strip(" ")
        if chunk:  # each comma-separated piece of it is a word (none is empty) or a part of one
            lines += [line] * (chunk.count(",") + 1 - (chunk[0] == ",") - (chunk[-1] == ","))
    return (words, lines) if len(lines) == len(words) else None  # else a word spans a line break


def lift(text: str, resolvers: Resolvers, string_tag: str) -> Lifted | None:
    """``text`` with its plain flow lists replaced by placeholders, or None when none is.

    ``resolvers`` and ``string_tag`` are the loader's: a word is lifted only when they make it
    a string.
    """
    if PLACEHOLDER in text or None in resolvers:
        return None
    matches = list(_CANDIDATE.finditer(text))
    if not matches or _REFUSED.search(text):
        return None
    lists: dict[str, Words] = {}
    out: list[str] = []
    done = line = seen = 0
    for match in matches:
        start = match.start(1) - 1
        line += text.count("\n", seen, start)
        seen = start
        body = match.group(1)
        found = _words(body, line + 1, resolvers, string_tag)
        if found is None:
            continue
        name = f"{PLACEHOLDER}{len(lists)}"
        lists[name] = found
        out += (text[done:start], name, text[match.end(1) + 1 : match.end()], "\n" * body.count("\n"))
        done = match.end()
    if not lists:
        return None
    out.append(text[done:])
    return Lifted("".join(out), lists)
