"""The topics a question is about: its own, or the conversation's context's.

:func:`with_context` resolves a follow-up against the
:class:`~bot.understanding.recall.Recall` of the last answer: ordinals point
into the last list (or, with no such list shown, into the content's own
order), "next"/"previous" step through it, "and versus X" pairs X with the
last topic, and pronouns and bare questions ("and the salary?") borrow the
last answer's topics.
"""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.handlers.guidance import roadmap_order
from bot.understanding.analysis import MARKERS, Analysis
from bot.understanding.pairing import as_career, name_words, words_of
from bot.understanding.plan import Plan
from bot.understanding.recall import Recall

NEEDS_TOPIC = frozenset({"salary", "path", "skills", "work", "details"})
"""Questions that need a topic: without one of their own they are about the last answer's."""


def with_context(a: Analysis, catalog: Catalog, recall: Recall | None) -> list[str]:
    """The question's topics: its own, the list items its ordinals point at, or the context's."""
    refs = _ranked_refs(a)
    own_order = _content_order(a, catalog, recall)
    if own_order:
        return own_order
    if recall is None:
        return refs
    if a.ordinals and recall.listed and not a.rank_position():
        count = max((catalog.cues.counts.get(w, 0) for w in a.words), default=0)
        picked: list[str] = []
        for _, ordinal in a.ordinals:
            index = _place(ordinal, len(recall.listed))
            if ordinal < 0 and count > 1:  # "the last two": the two that end the list
                index = max(0, index + 1 - count)
            span = recall.listed[index : index + max(count, 1)] if 0 <= index < len(recall.listed) else ()
            picked += [r for r in span if r not in picked]
        pairing = a.has("compare", "difference") and a.has("refer")
        if len(picked) == 1 and pairing and recall.topics and recall.topics[0] != picked[0]:
            return [recall.topics[0], picked[0]]  # "how is that different from the first one"
        if (
            len(picked) == 1
            and a.has("difference")
            and len(recall.topics) == 2
            and picked[0] in recall.topics
        ):
            # "how much more does the 3rd make" after comparing the 3rd and the 4th: the two of them
            return [picked[0], *(r for r in recall.topics if r != picked[0])]
        if picked:
            return picked
    owners = catalog.cues.group("own")  # "picks my next song": not a step
    free = [
        "" if any(m.start <= i < m.end for m in a.mentions) or (i and a.words[i - 1] in owners) else w
        for i, w in enumerate(a.words)
    ]
    grams = (*free, *(" ".join(free[i : i + 2]) for i in range(len(free) - 1)))
    step = next((catalog.cues.steps[g] for g in grams if g in catalog.cues.steps), 0)
    # "what comes after it?": the next item of the last list, or after one skill, the next skill of
    # the roadmap (the skills file's order).
    order = list(recall.listed)
    if recall.topics and recall.topics[0] not in order and recall.topics[0].startswith("skill:"):
        role = next((r for r in (*recall.topics, *recall.earlier) if r.startswith("career:")), "")
        career = catalog.careers.get(role.partition(":")[2])
        skills = roadmap_order(catalog, career) if career is not None else list(catalog.skills)
        order = [f"skill:{s}" for s in skills]
    others = [r for r in refs if r not in recall.topics]  # "how deezer picks my next song": not a step
    if step and not others and order and recall.topics and recall.topics[0] in order:
        index = order.index(recall.topics[0]) + step
        if 0 <= index < len(order):
            return [order[index]]
    if a.has("other") and len(recall.listed) == 2 and recall.topics and not refs:
        return [r for r in recall.listed if r != recall.topics[0]][:1]  # "and the other one"
    than = a.has("more", "less") and a.any_word("than")  # "more than nlp?" after one role's salary
    pairing = a.has("compare", "difference", "more", "less") and (a.has("refer", "follow") or than)
    if len(refs) == 1 and pairing and recall.topics and recall.topics[0] != refs[0]:
        return [recall.topics[0], refs[0]]  # "and how is that different from object detection?"
    opens = 0 in a.at("compare") or (1 in a.at("compare") and 0 in a.at("continues"))
    if len(refs) == 1 and recall.topics and recall.topics[0] != refs[0] and opens:
        return [recall.topics[0], refs[0]]  # "vs data scientist?", "and versus a cv engineer?" after one role
    if refs and recall.topics and a.has("refer") and all(_background(a, r) for r in refs):
        return list(recall.topics)  # "why do I need them if I already know Python": about the last answer
    if refs and a.has("follow") and recall.topics and recall.topics[0].startswith("career:"):
        # "what about nlp?" after a role's roadmap: the role named by that word (the NLP engineer)
        refs = [as_career(catalog, a, r) for r in refs]
    if refs and all(_denied(a, r) for r in refs):  # "not the mlops one, the vision one"
        meant = _career_by_word(a, catalog, recall)
        if meant and meant not in refs:
            return [meant]
    if refs:
        # "the nlp one" after a list of roles: the role whose name has that word, not the application.
        near = [_context_match(a, catalog, r, recall) for r in refs]
        return [r for r in dict.fromkeys(near)]
    named = "" if a.has("compare", "difference", "more", "less") else _career_by_word(a, catalog, recall)
    if named:
        return [named]  # "the engineer one", "research?": the role whose name has that word
    own = set(a.cues) - MARKERS
    pay = pay_at_end(a)
    asks = a.has("refer", "follow", "more", "less", "difference") or pay  # "by how much?"
    if (own & ROLE_QUESTIONS or pay) and not any(r.startswith(_NAMED) for r in recall.topics):
        earlier = [r for r in recall.earlier if r.startswith("career:")]
        if earlier:  # "and how much do they make" after "do they need a degree": the role before
            return earlier[:1]
    roles_shown = any(r.startswith(("career:", "example:")) for r in recall.topics)
    if "skills" in own and not roles_shown and not a.has("refer"):
        return refs  # "ok and what skills do i need to start" after DL vs ML: the skills to learn
    if recall.topics and (asks or own & NEEDS_TOPIC or a.regions):
        plural = len(recall.topics) < 2 and (
            a.has("compare", "more", "less", "difference") or _plural(a, catalog)
        )
        if plural:
            return list(dict.fromkeys((*recall.topics, *recall.earlier)))
        return (
            list(recall.topics[:1]) if a.has("details") else list(recall.topics)
        )  # "more about it": the main one
    return refs


_KIND_NOUNS = {"career_noun": "career", "skill_noun": "skill", "example_noun": "example"}
"""Cue groups of the nouns after an ordinal that say which of the content's lists it counts in
("the sixth career", "the first skill")."""


def _content_order(a: Analysis, catalog: Catalog, recall: Recall | None) -> list[str]:
    """ "Tell me about the sixth career", "the first skill on the roadmap" with no list of that kind
    shown: the item at that place in the content's own order (skills in roadmap order)."""
    for position, ordinal in a.ordinals:
        kind = next((k for g, k in _KIND_NOUNS.items() if position + 1 in a.at(g)), "")
        shown = recall is not None and any(r.startswith(kind + ":") for r in recall.listed)
        if not kind or shown or a.rank_position():
            continue
        ids = {"career": catalog.careers, "skill": catalog.skills, "example": catalog.examples}[kind]
        order = [f"{kind}:{i}" for i in ids]
        index = _place(ordinal, len(order))
        if 0 <= index < len(order):
            return [order[index]]
    return []


def _place(ordinal: int, length: int) -> int:
    """The index an ordinal points at in a list of ``length``: 1 is the first, -1 the last."""
    return ordinal - 1 if ordinal > 0 else length + ordinal


ROLE_QUESTIONS = frozenset({"salary", "path", "work"})
"""Questions asked of a role: after an answer about no role (education), about the role before it."""
_NAMED = ("career:", "skill:", "example:")
_SHORT = 2
"""A follow-up of at most this many words may name a role by one word of its name ("research?")."""


def _career_by_word(a: Analysis, catalog: Catalog, recall: Recall) -> str:
    """The one role a word of the question names among the roles shown ("the engineer one" after
    data scientist and ML engineer) or, in a short follow-up to a question about roles, among all
    ("research?" after two salaries)."""
    stop = catalog.cues.stopwords
    said = [p for p, w in enumerate(a.words) if w not in stop]
    shown = [
        r for r in dict.fromkeys((*recall.topics, *recall.listed, *recall.earlier)) if r.startswith("career:")
    ]
    short = len(said) <= _SHORT and recall.follow in {"salary", "career", "path", "ranking", "compare"}
    before_one = [
        p - 1 for p, w in enumerate(a.words) if a.word_is(p, "one") and p > 0 and a.words[p - 1] not in stop
    ]
    pools = [(shown, said if short else before_one)]  # "the engineer one" after the roles shown
    if short:
        pools.append(([f"career:{c}" for c in catalog.careers], said))
    # "nah not the research one, the data one": a correction names the role it means among all
    denied = {p for n in a.at("negation") for p in range(n + 1, n + 4)}
    if denied & set(before_one):
        meant = [p for p in before_one if p not in denied]
        pools.insert(0, ([f"career:{c}" for c in catalog.careers], meant))
    for pool, positions in pools:
        for p in sorted(positions, key=lambda q: q in denied):
            hits = {c for c in pool if a.words[p] in name_words(catalog, c)}
            if len(hits) == 1:
                return hits.pop()
    return ""


def _denied(a: Analysis, ref: str) -> bool:
    """A topic named right after a negation ("not the mlops one"): what the writer does not mean."""
    negations = a.at("negation")
    return any(any(0 < m.start - n <= 3 for n in negations) for m in a.mentions if m.ref == ref)


def _background(a: Analysis, ref: str) -> bool:
    """A topic the writer says they have ("if I already know Python"), not what they ask about."""
    have = a.at("have")
    return any(any(0 < m.start - h <= 3 for h in have) for m in a.mentions if m.ref == ref)


def _plural(a: Analysis, catalog: Catalog) -> bool:
    """ "those two", "both", "them": the question is about the last answers, not only the last one."""
    return any(w in catalog.cues.counts for w in a.words) or a.any_word("plural_pointer")


def _context_match(a: Analysis, catalog: Catalog, ref: str, recall: Recall) -> str:
    words = words_of(a, ref)
    for candidate in (*recall.topics, *recall.listed):
        if (
            candidate != ref
            and candidate.startswith("career:")
            and words
            and words <= name_words(catalog, candidate)
        ):
            return candidate
    return ref


def _ranked_refs(a: Analysis) -> list[str]:
    """Distinct refs: careers and skills in order; applications by how specifically they are named."""
    weight: dict[str, float] = {}
    first: dict[str, int] = {}
    for m in a.mentions:
        if m.ref.startswith("example:"):
            weight[m.ref] = weight.get(m.ref, 0.0) + (m.end - m.start) * (0.8 if m.via == "domain" else 1.0)
            first.setdefault(m.ref, m.start)
    examples = sorted(weight, key=lambda r: (-weight[r], first[r]))
    ordered = [m.ref for m in a.mentions if not m.ref.startswith("example:")] + examples
    return list(dict.fromkeys(ordered))


def pay_at_end(a: Analysis) -> bool:
    """ "The 2nd one, how much?": a pay verb that ends the question or asks of someone ("how much do
    they ..."), not "how much experience"."""
    return any(
        a.word_is(p, "how") and (p + 2 >= len(a.words) or a.word_is(p + 2, "pay_subject"))
        for p in a.at("pay_verb")
    )


def after_a_roadmap(a: Analysis, catalog: Catalog, recall: Recall | None) -> Plan | None:
    """After a roadmap: "and for a data scientist?" asks for that role's roadmap (even after a
    detour to one of its skills); "what should I learn after Python" for the next steps of the role's."""
    if recall is None:
        return None
    roles = a.refs("career")
    # not after a detour to pay: "data scientist roadmap", "salary", "what about nlp engineer" is pay
    paid = recall.follow in {"salary", "limit_region"}
    if recall.shows_roadmap and roles and a.has("follow") and not set(a.cues) - MARKERS and not paid:
        return Plan("path", roles[:1])
    before = [r for r in (*recall.topics, *recall.earlier) if r.startswith("career:")]
    stepped = any(w in catalog.cues.steps for w in a.words)
    only_skills = bool(a.refs()) and all(r.startswith("skill:") for r in a.refs())
    if before and only_skills and stepped and a.has("path", "skills"):
        return Plan("path", before[:1])
    return None
