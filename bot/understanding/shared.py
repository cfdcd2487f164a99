"""Roles named by one shared role word: "the vision, language and robotics engineers" names three
careers, each modifier with the role word at the end of the list ("robotics engineers")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.content.catalog import Catalog

if TYPE_CHECKING:
    from bot.understanding.analysis import Analysis

_MAX_SHARED = 4
"""At most this many modifiers share one role word."""


def shared_role_word(found: Analysis, catalog: Catalog) -> None:
    """Add the careers a coordinated list of modifiers names with the role word of the career named
    after it ("vision, language and robotics engineers"): each modifier, with that word, must be a
    career's own name or alias, and the list must end in "and" or "or" before the last name."""
    words, index = found.words, catalog.index
    joins = catalog.cues.group("continues") | catalog.cues.group("alternative")
    for last in [m for m in found.mentions if m.ref.startswith("career:") and m.via == "name"]:
        if last.end - last.start < 2 or last.start < 2 or words[last.start - 1] not in joins:
            continue
        head, named, p = words[last.end - 1], {last.ref}, last.start - 2
        added: list[tuple[int, str]] = []
        while p >= 0 and len(added) < _MAX_SHARED:  # across the commas of the list
            ref = index.exact(f"{words[p]} {head}")
            if ref is None or ref.kind != "career" or f"career:{ref.id}" in named:
                break
            named.add(f"career:{ref.id}")
            added.append((p, f"career:{ref.id}"))
            p -= 1
        for position, ref_text in added:
            found.mentions[:] = [m for m in found.mentions if not m.start <= position < m.end]
            clause = found.clause_of[position]
            found.mentions.append(type(last)(ref_text, position, position + 1, clause, "name"))
