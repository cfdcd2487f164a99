"""From a plan to a reply: every intent's answer, built from the content.

:func:`understand` is the whole of free-text understanding: analyse the
question, decide with the conversation's context, answer.  When no intent
is confident it searches the content's passages (BM25) and answers from the
best one if it clears the threshold; otherwise it says it is not sure and
offers the closest topics.  Every reply carries its :class:`Meaning`, so
follow-ups, the evaluation and the gap report can read what was answered.
"""

from __future__ import annotations

from dataclasses import replace

from bot.content.catalog import Catalog
from bot.content.index import Ref
from bot.content.passages import THRESHOLD
from bot.handlers import browse, guidance
from bot.handlers.common import detail_button
from bot.replies import Meaning, Paragraph, Reply, line
from bot.request import Request
from bot.understanding import compare, limits, personal, ranking
from bot.understanding.analysis import Analysis, analyse
from bot.understanding.decide import decide
from bot.understanding.pairing import asks_pay
from bot.understanding.plan import Plan
from bot.understanding.recall import Recall


def understand(text: str, catalog: Catalog, recall: Recall | None = None) -> Reply:
    """The answer to one free-text question, read against the conversation's ``recall``."""
    a = analyse(text, catalog)
    plan = decide(a, catalog, recall)
    reply = _answer(plan, a, catalog)
    if reply is None and _compares_nothing(a, recall):
        reply = _ask_what_to_compare(catalog)
    if reply is None and _points_at_nothing(a, recall):
        reply = _which(a, catalog)
    if reply is None:
        reply = _from_passages(a, catalog) or _outside(a, catalog) or _unsure(a, catalog)
    # A reply without a list keeps the list shown before; so does an answer about items an
    # ordinal picked from it ("what skills does the first one need", then "and the second?").
    shown = recall.listed if recall is not None and reply.meaning.intent != "unsure" else ()
    if shown and recall is not None and (not reply.meaning.listed or _walks(a, plan, recall)):
        reply = replace(reply, meaning=replace(reply.meaning, listed=shown))
    return reply


def _walks(a: Analysis, plan: Plan, recall: Recall) -> bool:
    """Whether the question picked its topics from the list shown by their places ("the first one")."""
    return bool(a.ordinals and plan.refs) and not a.rank_position() and set(plan.refs) <= set(recall.listed)


def _ident(ref: str) -> str:
    return ref.partition(":")[2]


def _answer(plan: Plan, a: Analysis, catalog: Catalog) -> Reply | None:
    refs = plan.refs
    first = _ident(refs[0]) if refs else ""
    match plan.intent:
        case "limit_scope":
            return limits.out_of_scope(catalog)
        case "clarify":
            senses = catalog.cues.senses.get(plan.term) or tuple(
                (r, catalog.careers[_ident(r)].name, frozenset[str]())
                for r in plan.refs
                if _ident(r) in catalog.careers
            )
            return limits.clarify(catalog, plan.term, senses)
        case "chances":
            return limits.chances(catalog, plan.first, _ident(plan.refs[0]) if plan.refs else "")
        case "personal":
            return personal.plan(catalog, refs[0], plan.covered)
        case "limit_region":
            return limits.region(catalog, catalog.careers.get(first))
        case "limit_role":
            # "what do blockchain developers make": then "and ML engineer?" asks for its salary
            return limits.unknown_role(
                catalog, plan.role, "salary" if a.has("salary", "pay_verb") else "career"
            )
        case "ranking":
            assert plan.ranking is not None
            return ranking.rank(catalog, plan.ranking)
        case "compare":
            return _compare(plan, catalog)
        case "salary":
            return _as(guidance.salary(Request("salary", first), catalog), "salary")
        case "path":
            return guidance.roadmap(catalog, catalog.careers[first])
        case "education" | "experience" | "about":
            handler = {"education": guidance.education, "experience": guidance.experience}
            return handler.get(plan.intent, guidance.about)(Request(plan.intent), catalog)
        case "skill":
            return browse.skill_reply(catalog, catalog.skills[first])
        case "career":
            return browse.career_reply(catalog, catalog.careers[first])
        case "example":
            return browse.example_reply(catalog, catalog.examples[first])
        case "roles":
            return browse.roles_reply(catalog, catalog.examples[first])
        case "domain":
            found = tuple(catalog.ref(r.partition(":")[0], _ident(r)) for r in refs)  # type: ignore[arg-type]
            return _as(browse.domain_reply(catalog, plan.domain or found[0].name, found), "domain")
        case "path_list":
            return guidance.path(Request("path"), catalog)
        case "skills" | "examples" | "careers":
            lists = {"skills": browse.skills, "examples": browse.examples, "careers": browse.careers}
            return lists[plan.intent](Request(plan.intent), catalog)
        case _:
            return None


def _as(reply: Reply, intent: str) -> Reply:
    return replace(reply, meaning=replace(reply.meaning, intent=intent))


def _compare(plan: Plan, catalog: Catalog) -> Reply | None:
    a, b = (_ident(r) for r in plan.refs[:2])
    kind = plan.refs[0].partition(":")[0]
    if plan.refs[0] == "topic:about":
        return compare.deep_vs_machine_learning(catalog, catalog.skills[b])
    if kind == "career":
        return compare.careers(catalog, *(catalog.careers[_ident(r)] for r in plan.refs))
    if kind == "example":
        return compare.examples(catalog, catalog.examples[a], catalog.examples[b])
    return compare.skills(catalog, catalog.skills[a], catalog.skills[b])


def _from_passages(a: Analysis, catalog: Catalog) -> Reply | None:
    """The entity whose passage best matches the question, when the match clears the threshold."""
    words = [w for w in a.words if w not in catalog.cues.stopwords and len(w) > 1]
    hits = catalog.passages.search(words, limit=1)
    if not hits or hits[0].score < THRESHOLD:
        return None
    kind, _, ident = hits[0].topic.partition(":")
    builders = {
        "career": lambda: browse.career_reply(catalog, catalog.careers[ident]),
        "skill": lambda: browse.skill_reply(catalog, catalog.skills[ident]),
        "example": lambda: browse.example_reply(catalog, catalog.examples[ident]),
    }
    if kind in builders:
        reply = builders[kind]()
    else:
        reply = _answer(Plan(ident, [hits[0].topic]), a, catalog) or guidance.about(Request("about"), catalog)
    blocks = (Paragraph(line(catalog.phrases.found_passage)), *reply.blocks)
    return replace(reply, blocks=blocks)


NEAR = THRESHOLD / 2
"""A passage this close makes a question "near the content": unsure with the closest topics, not declined."""
SENTENCE_WORDS = 3
"""A question of at least this many words, with grammar words in it, reads as a real sentence."""


def _outside(a: Analysis, catalog: Catalog) -> Reply | None:
    """A real sentence that names nothing the content holds ("what's the capital of Australia?")
    is outside the bot's job: said plainly (and still counted as a gap), not "I'm not sure"."""
    distinct = set(a.words)
    grammar = len(distinct & catalog.cues.stopwords)
    # a place asked about for pay or work ("salaries in Spain"), not "a good hotel in Tokyo"
    placed = a.regions and (asks_pay(a) or a.has("careers", "work"))
    if a.mentions or a.domains or placed or len(distinct) < SENTENCE_WORDS or grammar < 2:
        return None
    words = [w for w in a.words if w not in catalog.cues.stopwords and len(w) > 1]
    hits = catalog.passages.search(words, limit=1)
    if hits and hits[0].score >= NEAR:
        return None  # near something the content holds: "not sure", with the closest topics
    return replace(limits.out_of_scope(catalog), unsure=True)


BARE_WORDS = 7
"""A question about "it" alone is short ("is it hard??", "ok tell me more about that thing")."""


def _points_at_nothing(a: Analysis, recall: Recall | None) -> bool:
    """ "Tell me more about that thing", "is it hard??", "and the other one then" with no
    conversation to point back to."""
    if a.mentions or a.domains or (recall is not None and recall.topics) or len(a.words) > BARE_WORDS:
        return False  # a longer message describes something of its own: "not sure", with topics
    return any(_points(a, p) for p in a.at("refer")) or a.has("other")  # "and the other one then"


def _compares_nothing(a: Analysis, recall: Recall | None) -> bool:
    """ "Which one is better", "which is higher" with nothing named and no conversation to compare in."""
    if a.mentions or a.domains or (recall is not None and (recall.topics or recall.listed)):
        return False
    return len(a.words) <= BARE_WORDS and a.has("compare", "more", "less") and a.has("which")


def _ask_what_to_compare(catalog: Catalog) -> Reply:
    """Ask back which two things to compare, with the topics to start from."""
    p = catalog.phrases
    buttons = guidance.topic_buttons(p)
    return Reply(p.ask_compare_title, (Paragraph(line(p.ask_compare)),), buttons, meaning=Meaning("clarify"))


def _points(a: Analysis, p: int) -> bool:
    """A pronoun standing for a topic ("it", "that thing"), not a person ("her phone") nor a
    determiner before a noun of its own ("this server")."""
    if a.word_is(p, "not_pointer"):
        return False
    if a.word_is(p, "demonstrative") and p + 1 < len(a.words) and not a.word_is(p + 1, "pointed_noun"):
        return a.word_is(p + 1, "linking")
    return True


def _which(a: Analysis, catalog: Catalog) -> Reply:
    """Ask back what a pronoun means, with the topics to pick from (a question, not an answer)."""
    unsure = _unsure(a, catalog)
    p = catalog.phrases
    return replace(
        unsure, title=p.ask_which_title, blocks=(Paragraph(line(p.ask_which)),), meaning=Meaning("clarify")
    )


def _unsure(a: Analysis, catalog: Catalog) -> Reply:
    """Not sure: say so, and offer the closest topics (the best passages, however weak)."""
    words = [w for w in a.words if w not in catalog.cues.stopwords and len(w) > 1]
    close: list[Ref] = []
    for hit in catalog.passages.search(words, limit=4):
        kind, _, ident = hit.topic.partition(":")
        if kind in {"career", "skill", "example"}:
            close.append(catalog.ref(kind, ident))  # type: ignore[arg-type]
    intro = catalog.phrases.ask_unsure if close else catalog.phrases.ask_unsure_none
    buttons = (*(detail_button(r) for r in close), *guidance.topic_buttons(catalog.phrases))
    meaning = Meaning("unsure")
    return Reply(
        catalog.phrases.ask_unsure_title,
        (Paragraph(line(intro)),),
        buttons[:10],
        unsure=True,
        meaning=meaning,
    )
