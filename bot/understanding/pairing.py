"""Questions about two things or an order: comparisons and rankings by pay.

:func:`paired` is the rule of :mod:`bot.understanding.decide` that finds them;
:func:`as_career` turns a topic named in passing into the role it names.
"""

from __future__ import annotations

from itertools import pairwise

from bot.content.catalog import Catalog
from bot.understanding.analysis import Analysis
from bot.understanding.fields import deep_learning_at
from bot.understanding.plan import Plan
from bot.understanding.ranking import Order, Ranking

PAIRED = frozenset({"compare", "ranking"})
MAX_NAMED = 6
"""Topics of one question looked at for roles named in passing (an industry can tag hundreds)."""


def words_of(a: Analysis, ref: str) -> set[str]:
    return {w for m in a.mentions if m.ref == ref for w in a.words[m.start : m.end]}


def name_words(catalog: Catalog, ref: str) -> frozenset[str]:
    return catalog.index.name_words.get(ref, frozenset())


def as_career(catalog: Catalog, a: Analysis, ref: str) -> str:
    """A career for a ref that names one only in passing ("NLP" the application -> NLP Engineer)."""
    if ref.startswith("career:"):
        return ref
    words = words_of(a, ref) or set(name_words(catalog, ref))
    if not words:
        return ref
    for career in catalog.index.careers_by_word.get(min(words), ()):
        if words <= name_words(catalog, career):
            return career
    return ref


def paired(a: Analysis, catalog: Catalog, refs: list[str], follow: str) -> Plan | None:
    """Comparisons of two things, and rankings by pay."""
    more = a.has("more", "less") and not a.has("details")  # "tell me more" is not "who earns more"
    paid = a.has("salary") or (a.has("pay_verb") and len(refs) >= 2)  # "who takes home more, A or B"
    other = a.has("skills", "education", "experience", "work") or any(r.startswith("skill:") for r in refs)
    money = paid or (follow in {"salary", "ranking"} and more and not other)  # not "which needs more maths"
    careers = [as_career(catalog, a, r) for r in refs[:MAX_NAMED]]
    careers = [r for r in dict.fromkeys(careers) if r.startswith("career:")]
    if len(careers) == 1 and a.has("compare", "more", "less", "rank", "difference"):
        careers += [c for c in bare_roles(a, catalog) if c not in careers]  # "than research?"
    if a.has("difference") and len(careers) >= 2:
        return Plan("compare", careers[:2])
    if money and (a.has("more", "less", "rank") or a.rank_position()):
        return Plan("ranking", careers, ranking=ranking_of(a, catalog, careers))
    if a.has("exclude") and a.has("more", "less") and careers:  # "leave out A and B: who is on top?"
        return Plan("ranking", careers, ranking=ranking_of(a, catalog, careers))
    which = a.any_word("who_which") and a.any_word("alternative")
    if more and not other and len(careers) >= 3 and a.any_word("who_which"):  # "of A, B, C: lowest?"
        return Plan("ranking", careers, ranking=ranking_of(a, catalog, careers))
    if paid and which and len(careers) >= 2:  # "A or B, who makes bank?": which of them pays more
        return Plan("ranking", careers, ranking=ranking_of(a, catalog, careers))
    if not a.has("compare", "more", "less") and follow not in PAIRED:
        return None
    if not a.has("compare", "more", "less", "difference") and a.has("education", "experience"):
        return None  # "what education do you need to go the research route" after a comparison
    skills = [r for r in refs if r.startswith("skill:")]
    explicit = any(not a.word_is(p, "alternative") for p in a.at("compare"))  # not "high school or uni level"
    if explicit and says_deep_learning(a) and len(skills) == 1 and len(refs) == 1:
        return Plan("compare", ["topic:about", skills[0]])  # deep learning vs machine learning
    if "skill:machine-learning" in refs and says_deep_learning(a, refs) and a.has("compare"):
        return Plan("compare", ["topic:about", "skill:machine-learning"])
    if len(refs) < 2:
        return None
    named = a.refs("career")
    if len(named) >= 2 or (
        len(careers) >= 2 and len(careers) >= len([r for r in refs if not r.startswith("skill:")])
    ):
        chosen = named if len(named) >= 2 else careers
        return Plan("compare", chosen[:3] if listed(a, catalog, chosen[:3]) else chosen[:2])
    for kind in ("example", "skill", "career"):
        same = [r for r in refs if r.startswith(kind + ":")]
        if len(same) >= 2:
            return Plan("compare", same[:2])
    return None


def listed(a: Analysis, catalog: Catalog, careers: list[str]) -> bool:
    """Whether three roles are named as one list ("cv eng, nlp eng, robotics eng", "A, B and C side
    by side"): each right after the one before, at most two words between them."""
    if len(careers) < 3:
        return False
    first: dict[str, tuple[int, int]] = {}
    for m in sorted(a.mentions, key=lambda m: m.start):
        career = as_career(catalog, a, m.ref)
        if career in careers and career not in first:
            first[career] = (m.start, m.end)
    spans = sorted(first.values())
    return len(spans) == len(careers) and all(0 <= b[0] - e[1] <= 2 for e, b in pairwise(spans))


def bare_roles(a: Analysis, catalog: Catalog) -> list[str]:
    """Roles named by one word of their name that no other role has ("research", "autonomous"),
    outside every name and cue of the question: "does data science pay more than research?"."""
    covered = {p for m in a.mentions for p in range(m.start, m.end)}
    covered |= {p for i in deep_learning_at(a) for p in (i, i + 1)}  # "learning" of deep learning
    out: list[str] = []
    for p, word in enumerate(a.words):
        owners = catalog.index.careers_by_word.get(word, ())
        if p in covered or len(owners) != 1 or word in catalog.cues.stopwords or catalog.cues.lookup(word):
            continue
        out.append(owners[0])
    return list(dict.fromkeys(out))


def says_deep_learning(a: Analysis, refs: list[str] | None = None) -> bool:
    if refs and "topic:about" in refs:
        return True
    return bool(deep_learning_at(a))


def _set_aside(a: Analysis, career: str) -> bool:
    """A role set aside after its name ("data scientist aside") or denied at a clause's start ("best
    pay, but not data science")."""
    for m in a.mentions:
        if m.ref != f"career:{career}":
            continue
        if m.end in a.at("set_aside"):
            return True
        p = m.start - 1
        opens = a.opens(p) or a.word_is(p - 1, "continues")
        if p >= 0 and a.word_is(p, "negation") and opens:
            return True
    return False


def ranking_of(a: Analysis, catalog: Catalog, careers: list[str]) -> Ranking:
    both_ends = a.has("more") and a.has("less")  # "the best and the worst paid": the whole order
    low_first = min(a.at("less"), default=len(a.words)) < min(a.at("more"), default=len(a.words))
    order: Order = "low" if low_first else "high"  # "from lowest to highest" ranks upwards
    excluded_from = min(a.at("exclude"), default=len(a.words) + 1)
    kept = [r.partition(":")[2] for r in careers if not a.has("overall") or r in a.refs("career")]
    ids = kept or _kind_of_role(a, catalog)  # "and the lowest overall?": among every role
    mentioned = {m.ref.partition(":")[2]: m.start for m in a.mentions if m.ref.startswith("career:")}
    without = tuple(i for i in ids if mentioned.get(i, -1) > excluded_from or _set_aside(a, i))
    among = tuple(i for i in ids if i not in without)
    count = max((catalog.cues.counts.get(w, 0) for w in a.words), default=0)
    digits = [int(w) for w in a.words if w.isdigit() and 1 < int(w) <= len(catalog.careers)]
    count = count or (digits[0] if digits else 0)
    top = 0 if (a.has("rank") or both_ends) and not count else count or 1
    named = among if len(among) == 1 else ()
    return Ranking(order, among if len(among) >= 2 else (), without, top, a.rank_position(), named)


def _kind_of_role(a: Analysis, catalog: Catalog) -> list[str]:
    """The roles a role word picks, before "jobs" or "in the title" ("of the engineer jobs, which
    pays least", "of the jobs with engineer in the title")."""
    titled = {i for i in range(len(a.words) - 3) if a.phrase_is(i + 1, 2, "in_the")}
    titled = {i for i in titled if a.word_is(i + 3, "title_noun")}
    for i, word in enumerate(a.words[:-1]):  # "engineer jobs", "jobs with engineer in the title"
        if (a.word_is(i + 1, "kind_noun") or i in titled) and ("role", "") in catalog.cues.lookup(word):
            picked = [c for c in catalog.careers if word in name_words(catalog, f"career:{c}")]
            if 1 < len(picked) < len(catalog.careers):
                return picked
    return []


def asks_pay(a: Analysis) -> bool:
    """A question about pay: a salary word, or "make" about a named role ("what does an X make")."""
    asked = [  # not "I make apps", "make me a roadmap"
        p
        for p in a.at("pay_verb")
        if not (a.word_is(p - 1, "we") and not a.word_is(p - 2, "modal"))  # "what would I make as ..."
        and not a.word_is(p + 1, "made_object")
        and not a.phrase_is(p + 1, 2, "made_object")  # "did you make it up"
    ]
    return a.has("salary") or (bool(asked) and bool(a.refs("career")))
