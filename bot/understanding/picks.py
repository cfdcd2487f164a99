"""Picking one role where a question names it only indirectly: a role word several careers share
("how much does the engineer make": asked back), the one role behind an application ("is there a
job for that"), and the better or worse paid of the roles just shown ("the path for the better paid
one")."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.understanding.analysis import Analysis
from bot.understanding.pairing import as_career, asks_pay, name_words
from bot.understanding.ranking import Order, sort_key
from bot.understanding.recall import Recall


def bare_role_word(a: Analysis, catalog: Catalog, refs: list[str]) -> tuple[str, list[str]] | None:
    """ "How much does the engineer make", "engineer": a role word that several careers' names share,
    asked about with no career named: which of them (asked back with their buttons)."""
    if refs or a.unknown_roles or a.at("self") or a.has("more", "less", "rank", "compare"):
        return None  # "of the engineer jobs, which one pays the least" ranks them all
    for p, word in enumerate(a.words):
        if ("role", "") not in catalog.cues.lookup(word) or any(m.start <= p < m.end for m in a.mentions):
            continue
        careers = [f"career:{c}" for c in catalog.careers if word in name_words(catalog, f"career:{c}")]
        alone = len(a.words) <= 2
        asked = (a.word_is(p - 1, "definite") or a.word_is(p - 1, "article")) and (
            asks_pay(a) or a.has("pay_verb", "work")
        )
        if len(careers) >= 2 and (alone or asked):
            return word, careers
    return None


def roles_of(catalog: Catalog, example_ref: str) -> list[str]:
    """The roles the content lists for an application (refs)."""
    example = catalog.examples.get(example_ref.partition(":")[2])
    return [f"career:{c}" for c in example.careers if c in catalog.careers] if example is not None else []


def role_behind(a: Analysis, catalog: Catalog, example_ref: str) -> str:
    """The one role behind an application: its only role, the role its name points to, or the role
    of the application's roles that shares most words of its name (at least two)."""
    roles = roles_of(catalog, example_ref)
    if len(roles) == 1:
        return roles[0]
    named = as_career(catalog, a, example_ref)
    if named.startswith("career:"):
        return named
    words = name_words(catalog, example_ref)
    shared = sorted((len(words & name_words(catalog, r)), r) for r in roles)
    return shared[-1][1] if shared and shared[-1][0] >= 2 else ""


def pick_by_pay(a: Analysis, catalog: Catalog, recall: Recall | None) -> str:
    """ "The path for the better paid one" after two or more roles: the best (or worst) paid of them."""
    asked = a.has("path", "skills", "work") and a.has("more", "less") and a.any_word("one") and asks_pay(a)
    if recall is None or not asked:
        return ""
    shown = [r for r in dict.fromkeys((*recall.topics, *recall.listed)) if r.startswith("career:")]
    careers = [catalog.careers[r.partition(":")[2]] for r in shown if r.partition(":")[2] in catalog.careers]
    if len(careers) < 2:
        return ""
    order: Order = "low" if a.has("less") and not a.has("more") else "high"
    return f"career:{sorted(careers, key=sort_key(order))[0].id}"
