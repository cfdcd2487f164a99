"""What a question says beside what it asks: a sum of money, where the writer comes from, and the
role a question about one's chances aims at."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.understanding.analysis import Analysis
from bot.understanding.pairing import as_career
from bot.understanding.situation import doubts


def names_a_figure(a: Analysis) -> bool:
    """A sum of money in the question ("100k", "$120,000", "90 000")."""
    words = a.words
    thousands = [i for i, w in enumerate(words) if w.isdigit() and words[i + 1 : i + 2] == ["000"]]
    return bool(thousands) or any(w[:-1].isdigit() and w.endswith("k") for w in words)


def origin_only(a: Analysis) -> bool:
    """Places said only of where the writer comes from ("i am brazilian", "Hello from Serbia. I am
    from Kragujevac"), in clauses without a pay word, while the question compares or ranks roles
    or weighs the writer's chances: the US figures answer it, no place is asked about."""
    if a.has("local"):
        return False  # "im in Lahore, what's a realistic salary here"
    pay = {a.clause_of[p] for g in ("salary", "pay_verb") for p in a.at(g)}
    told = all(a.clause_has(a.clause_of[r], "first_person") and a.clause_of[r] not in pay for r in a.regions)
    pair = len(a.refs("career")) == 2 and a.has("compare", "more", "less")  # "which pays more, A or B?"
    return told and (pair or a.has("chances") or doubts(a))


def goal_roles(a: Analysis, catalog: Catalog) -> list[str]:
    """The one role a question about one's chances names ("can I switch to data science with no
    experience?"): its roadmap is offered beside the facts, and a follow-up can point at it."""
    mine = set(a.at("my"))  # "does my experience in computer vision transfer": the writer's own past
    named = [m.ref for m in a.mentions if not any(m.start - 3 <= p < m.start for p in mine)]
    roles = [r for r in dict.fromkeys(as_career(catalog, a, r) for r in named) if r.startswith("career:")]
    return roles if len(roles) == 1 else []


def circumstance_only(a: Analysis) -> bool:
    """ "How do i become a computer vision engineer, step by step please, I'm in Bangkok and
    learning alone": the roadmap asked in the first clause, and the words of chances ("alone",
    "my time is very limited") only told after it, in clauses that ask nothing."""
    path = a.at("path")
    chances = a.at("chances")
    if not path or not chances or a.clause_of[min(path)] != 0:
        return False
    asked = {a.clause_of[p] for p in range(len(a.words)) if a.word_is(p, "modal") or a.word_is(p, "can")}
    return all(a.clause_of[p] > 0 and a.clause_of[p] not in asked | a.questions for p in chances)
