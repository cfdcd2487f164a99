"""Second looks at cue words in their sentence, once everything is found: a task verb asked of
the bot or only said ("rewrite it for me" / "books, magazines"), a goal word that is curiosity
("wants to know how AI reads x-rays"), whose age "old" is ("my old job", "am I too old"), and a
pronoun set aside ("forget that")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.content.catalog import Catalog

if TYPE_CHECKING:
    from bot.understanding.analysis import Analysis


def second_looks(found: Analysis, catalog: Catalog) -> None:
    """Drop the cues that a second look at their sentence rules out, and mark the requests."""
    _not_my_age(found, catalog)
    _not_a_goal(found, catalog)
    _tasks(found, catalog)
    _set_aside(found)
    _not_worth(found, catalog)
    _purpose_only(found)
    _plain_pair(found, catalog)
    _said_as_time(found)


def _set_aside(found: Analysis) -> None:
    """ "Nah forget that, what's deep learning": a pronoun right after a word that sets something
    aside points to nothing to answer about."""
    excluded = set(found.at("exclude"))
    _keep(found, "refer", [p for p in found.cues.get("refer", []) if p - 1 not in excluded])


ASKED = ("examples", "about", "skills", "salary", "path", "careers")
"""Kinds of question about the content other than schooling and background: asked beside a word
said as a purpose ("for my school presentation", "need 5 for my essay"), they are the question."""


def _purpose_only(found: Analysis) -> None:
    """ "Real world applications of DL for my school presentation": schooling said as what the
    answer is for is no question about education when something else is asked."""
    if not any(found.cues.get(g) for g in ASKED):
        return
    for group in ("education", "experience"):
        if group in found.cues:
            _keep(found, group, [p for p in found.cues[group] if not found.phrase_is(p - 2, 2, "purpose")])


def _not_worth(found: Analysis, catalog: Catalog) -> None:
    """ "Any use of deep learning in translation?" asks where deep learning is used, not what the
    writer's background is worth ("is my nursing background any use"): the worth word is followed
    by "of" and what is used."""
    words, of = found.words, catalog.cues.group("of_use")
    kept = []
    for p in found.cues.get("carries", []):
        after = p + 2 if found.phrase_is(p, 2, "carries") else p + 1
        if after < len(words) and words[after] in of:
            continue
        kept.append(p)
    _keep(found, "carries", kept)


def _tasks(found: Analysis, catalog: Catalog) -> None:
    """A job the bot does not do, asked of it: a task verb opening a sentence ("rewrite it for me",
    "fix this") or right after a request ("can you translate ...", "pls debug ...")."""
    asking = catalog.cues.group("asking")
    asked = {p + _length(found.words, p, asking) for p in found.at("asking")}
    fields = set(found.at("field"))
    for p in found.at("task"):
        if fields & set(range(p + 1, p + 4)):
            continue  # "design and illustration studios": the name of a trade, not a request
        if p + 1 < len(found.words) and found.words[p + 1].isdigit():
            continue  # "grade 10 here": a school year, not "grade my essay"
        opens = found.opens(p)
        alone = p + 1 >= len(found.words) or found.clause_of[p + 1] != found.clause_of[p]
        if opens and alone and found.clause_of[p] > 0:
            continue  # "... in publishing? books, magazines": a noun in a list, not a request
        if (opens or p in asked) and p not in found.scope:
            found.scope.append(p)
    mine = {*found.at("asking"), *found.at("of_me"), *found.at("purpose")}
    for p in found.at("asked_task"):  # "can you apply to google for me", "build ... for my shop please"
        opens = found.opens(p)
        for_me = any(q > p and found.clause_of[q] == found.clause_of[p] for q in mine)
        if (p in asked or opens) and for_me and p not in found.scope:
            found.scope.append(p)
    offered = {q for g in ("path", "compare", "rank", "skills") for q in found.at(g)}

    def offers(p: int) -> bool:  # not a word of the request phrase itself ("plan" in "lesson plan")
        after = {q for q in offered & set(range(p + 1, p + 5)) if not _within(found, catalog, p, q)}
        return bool(after)

    # "make me a roadmap for NLP", "write me a comparison": what the bot does, asked as a task
    # (not a subject outside the job: "who won ahly vs zamalek")
    found.scope[:] = [p for p in found.scope if p in found.off_topic or not offers(p)]


def _within(found: Analysis, catalog: Catalog, p: int, q: int) -> bool:
    """Whether the word at ``q`` ends a request phrase starting at ``p`` or after it ("write me a
    lesson plan": "plan" ends "lesson plan")."""
    return any(("scope", "") in catalog.cues.lookup(" ".join(found.words[s : q + 1])) for s in range(p, q))


def _not_a_goal(found: Analysis, catalog: Catalog) -> None:
    """ "Wants to know how AI reads x-rays", "so I want to understand it" is curiosity, not a goal
    ("wants to work on ...")."""
    goals, words, curious = catalog.cues.group("goal"), found.words, catalog.cues.group("curious")

    def said_next(p: int) -> str:
        after = p + _length(words, p, goals)
        if after + 1 < len(words) and words[after] in catalog.cues.stopwords and words[after] not in curious:
            after += 1  # "i want" "to" "understand"
        return words[after] if after < len(words) else ""

    negated = set(found.at("negation"))

    def denied(p: int) -> bool:  # "i really don't want to be a data scientist", "I don't want to lose her"
        return any(p - 3 <= n < p and found.clause_of[n] == found.clause_of[p] for n in negated)

    kept = [p for p in found.cues.get("goal", []) if said_next(p) not in curious and not denied(p)]
    _keep(found, "goal", kept)


def _plain_pair(found: Analysis, catalog: Catalog) -> None:
    """ "(supervised vs unsupervised, overfitting, all that)": a comparison word between two words
    that name nothing, in a clause that names nothing, compares nothing the content holds."""
    named = {found.clause_of[m.start] for m in found.mentions}
    covered = {p for m in found.mentions for p in range(m.start, m.end)} | set(found.at("refer"))

    kept = []
    phrases = catalog.cues.group("compare")
    for p in found.cues.get("compare", []):
        sides = (p - 1, p + _length(found.words, p, phrases))
        inside = all(0 <= q < len(found.words) and found.clause_of[q] == found.clause_of[p] for q in sides)
        bare = inside and all(_names_nothing(found, q) for q in sides)
        if bare and found.clause_of[p] not in named and not covered & set(sides):
            continue
        kept.append(p)
    _keep(found, "compare", kept)


def _said_as_time(found: Analysis) -> None:
    """ "Haven't touched it since school": schooling said as a time is no question about education."""
    if "education" in found.cues:
        _keep(found, "education", [p for p in found.cues["education"] if not _in_phrase(found, p, "past")])


def _in_phrase(found: Analysis, p: int, group: str) -> bool:
    """Whether the word at ``p`` ends a phrase of ``group`` that starts before it ("since school")."""
    return any(found.phrase_is(p - n + 1, n, group) for n in (2, 3, 4) if p - n + 1 >= 0)


def _names_nothing(found: Analysis, p: int) -> bool:
    """A word that is no stopword and no cue word ("supervised")."""
    word = found.words[p]
    return word not in found.book.stopwords and not found.book.lookup(word)


def _keep(found: Analysis, group: str, kept: list[int]) -> None:
    """Keep only the ``kept`` positions of a cue group (the group goes when none is left)."""
    if kept:
        found.cues[group] = kept
    else:
        found.cues.pop(group, None)


def _length(words: list[str], start: int, phrases: frozenset[str]) -> int:
    """How many words the longest of ``phrases`` starting at ``start`` has (1 when none fits)."""
    return next((n for n in (4, 3, 2) if " ".join(words[start : start + n]) in phrases), 1)


def _not_my_age(found: Analysis, catalog: Catalog) -> None:
    """ "Old" is the writer's age only when said of the writer ("I'm 45 years old", "am I too old"):
    not "my old office job" (former), nor "my 14 year old" (a child)."""
    words, cues = found.words, catalog.cues
    first = cues.group("first_person") | cues.group("of_me")
    kept = []
    for p in found.cues.get("education", []):
        if not found.word_is(p, "old") or p == 0:
            kept.append(p)
            continue
        before = words[p - 1]
        aged = before in cues.group("years") and p >= 2 and words[p - 2].isdigit()
        mine = any(w in first for w in words[max(0, p - 4) : p])
        if before in cues.group("determiner") or (aged and not mine):
            continue
        kept.append(p)
    _keep(found, "education", kept)
