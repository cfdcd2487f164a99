"""/compare <first> <second>: two roles, applications or skills side by side.

The two names arrive as one argument: ``cv nlp`` typed on Telegram, or
``<first> vs <second>`` joined by an adapter from two options.  They are
split at "vs", "versus", "and", "or" or a comma, else at the first point where
both halves name content, each half forgiving typos and aliases.
"""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.index import KINDS, Ref
from bot.handlers.common import detail_button
from bot.replies import Paragraph, Reply, line
from bot.request import Request
from bot.text import key
from bot.understanding import compare as side_by_side

JOINER = " vs "
"""How adapters join two option values into the one argument."""
_SPLIT = re.compile(r"\s+(?:vs\.?|versus|and|or)\s+|\s*,\s*", re.IGNORECASE)


def _resolve(catalog: Catalog, text: str) -> Ref | None:
    """One half: a name, alias or id (typos forgiven), else a word of only one role's name ("vision")."""
    exact = catalog.index.exact(key(text))
    if exact is not None:
        return exact
    for kind in KINDS:
        found = catalog.index.resolve(kind, text)
        if found.match is not None:
            return found.match
    words = key(text).split()
    if len(words) == 1:
        roles = catalog.index.careers_by_word.get(catalog.speller.word(words[0]), ())
        if len(roles) == 1:
            return catalog.ref("career", roles[0].partition(":")[2])
    return None


def _pair(catalog: Catalog, text: str) -> tuple[Ref, Ref] | None:
    parts = [p for p in _SPLIT.split(text) if p.strip()]
    if len(parts) == 2:
        a, b = (_resolve(catalog, p) for p in parts)
        return (a, b) if a is not None and b is not None else None
    words = text.split()
    exact = [
        (catalog.index.exact(key(" ".join(words[:k]))), catalog.index.exact(key(" ".join(words[k:]))))
        for k in range(1, len(words))
    ]
    for a, b in exact:
        if a is not None and b is not None:
            return a, b
    for k in range(1, len(words)):
        a, b = _resolve(catalog, " ".join(words[:k])), _resolve(catalog, " ".join(words[k:]))
        if a is not None and b is not None:
            return a, b
    return None


def _same_kind(catalog: Catalog, a: Ref, b: Ref) -> tuple[Ref, Ref] | None:
    """Two refs of one kind: an application named after a role ("nlp") counts as the role."""
    if a.kind == b.kind:
        return a, b
    for one, other in ((a, b), (b, a)):
        if one.kind == "career" and other.kind != "career":
            words = set(key(other.name).split()) | set(key(other.id.replace("-", " ")).split())
            for career in catalog.careers.values():
                if words & set(key(career.name).split()) - {"engineer", "scientist"}:
                    role = catalog.ref("career", career.id)
                    return (one, role) if one is a else (role, one)
    return None


def compare(request: Request, catalog: Catalog) -> Reply:
    """/compare: the side-by-side reply, or what to type when the two names are not clear."""
    pair = _pair(catalog, request.argument) if request.argument else None
    same = _same_kind(catalog, *pair) if pair is not None else None
    if same is None or same[0] == same[1]:
        hint = (
            catalog.phrases.compare_mixed_kinds
            if pair is not None and same is None
            else catalog.phrases.compare_need_two_hint
        )
        buttons = tuple(detail_button(r) for r in catalog.refs("career")[:6])
        return Reply(
            catalog.phrases.compare_need_two, (Paragraph(line(hint)),), buttons, is_error=pair is not None
        )
    a, b = same
    if a.kind == "career":
        return side_by_side.careers(catalog, catalog.careers[a.id], catalog.careers[b.id])
    if a.kind == "example":
        return side_by_side.examples(catalog, catalog.examples[a.id], catalog.examples[b.id])
    return side_by_side.skills(catalog, catalog.skills[a.id], catalog.skills[b.id])
