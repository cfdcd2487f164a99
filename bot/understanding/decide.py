"""Deciding what a question asks, from its analysis and the conversation's context.

:func:`decide` turns an :class:`~bot.understanding.analysis.Analysis` and the
:class:`~bot.understanding.recall.Recall` of the conversation into a
:class:`Plan`: an intent and the topics it is about.  The rules, in order:
ambiguous words are settled by the rest of the sentence (or asked back);
requests outside the bot's job are declined; follow-ups borrow the topics
and the question of the last answer; questions about one's chances and
personal situations come before comparisons and rankings; a role the
content lacks is said to be unknown; then the plain intents.
"""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.handlers.guidance import roadmap_order
from bot.understanding.analysis import MARKERS, Analysis, Mention
from bot.understanding.pairing import MAX_NAMED, as_career, name_words, paired, says_deep_learning, words_of
from bot.understanding.plan import Plan
from bot.understanding.ranking import Ranking
from bot.understanding.recall import Recall

NEEDS_TOPIC = frozenset({"salary", "path", "skills", "work", "details"})
"""Questions that need a topic: without one of their own they are about the last answer's."""
PERSONAL_WORDS = 8
"""A personal situation takes a few sentences; shorter messages are plain questions."""


def decide(a: Analysis, catalog: Catalog, recall: Recall | None) -> Plan:
    """The plan for one analysed question (see the module docstring for the order of the rules)."""
    unclear = _settle_ambiguous(a, catalog, recall)
    if _declines(a) or a.arithmetic:
        return Plan("limit_scope")
    if unclear and not a.mentions:
        return Plan("clarify", term=unclear)
    refs = _with_context(a, catalog, recall)
    follow = recall.follow if recall else ""
    if a.regions and (asks_pay(a) or follow in {"salary", "ranking", "limit_region"}):
        careers = [r for r in refs if r.startswith("career:")]
        if not careers and recall is not None:
            careers = [r for r in recall.earlier if r.startswith("career:")]
        return Plan("limit_region", careers[:1])
    targets = [m for m in a.mentions if m.via != "domain" and m.ref.startswith(("career:", "example:"))]
    if a.has("chances") or (_doubts(a) and not a.has("need") and (not targets or not _wants(a))):
        return Plan("chances", first=_chances_topic(a))
    two = len({as_career(catalog, a, r) for r in a.refs() if as_career(catalog, a, r).startswith("career:")})
    if two >= 2 and a.has("compare", "more", "less", "difference"):  # "researcher or mle? i want ..."
        pair = paired(a, catalog, refs, follow)
        if pair is not None:
            return pair
    personal = _personal(a)
    if personal is not None:
        return personal
    pair = paired(a, catalog, refs, follow, recall is not None and "topic:about" in recall.topics)
    if pair is not None:
        return pair
    asked_roles = [r for r in a.unknown_roles if not _own_job(a, r)]
    if asked_roles and not a.refs("career"):
        return Plan("limit_role", role=asked_roles[0])
    return _plain(a, catalog, refs, follow)


def asks_pay(a: Analysis) -> bool:
    """A question about pay: a salary word, or "make" about a named role ("what does an X make")."""
    asked = [  # not "I make apps", "make me a roadmap"
        p
        for p in a.at("pay_verb")
        if (p == 0 or a.words[p - 1] not in {"i", "we"})
        and a.words[p + 1 : p + 2] not in (["me"], ["a"], ["an"])
    ]
    return a.has("salary") or (bool(asked) and bool(a.refs("career")))


def _settle_ambiguous(a: Analysis, catalog: Catalog, recall: Recall | None = None) -> str:
    """Resolve ambiguous words by their senses' cues, else by the conversation ("and cv?" after a
    salary answer means the role); return the first word left unresolved."""
    if not a.ambiguous:
        return ""
    grams = {" ".join(a.words[i : i + n]) for n in (1, 2, 3) for i in range(len(a.words) - n + 1)}
    unresolved = ""
    for term, position in a.ambiguous:
        kinds = {t.partition(":")[0] for t in recall.topics} if recall is not None else set()
        scores = [
            (len(cues & grams) + (0.5 if means.partition(":")[0] in kinds else 0), means)
            for means, _, cues in catalog.cues.senses.get(term, ())
        ]
        scores.sort(key=lambda pair: -pair[0])
        if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
            unresolved = unresolved or term
        elif scores[0][1] == "out_of_scope":
            a.scope.append(position)
        else:
            a.mentions.append(Mention(scores[0][1], position, position + 1, a.clause_of[position], "sense"))
            a.mentions.sort(key=lambda m: m.start)
    return unresolved


def _with_context(a: Analysis, catalog: Catalog, recall: Recall | None) -> list[str]:
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
            index = ordinal - 1 if ordinal > 0 else len(recall.listed) + ordinal
            span = recall.listed[index : index + max(count, 1)] if 0 <= index < len(recall.listed) else ()
            picked += [r for r in span if r not in picked]
        pairing = a.has("compare", "difference") and a.has("refer")
        if len(picked) == 1 and pairing and recall.topics and recall.topics[0] != picked[0]:
            return [recall.topics[0], picked[0]]  # "how is that different from the first one"
        if picked:
            return picked
    grams = (*a.words, *(" ".join(a.words[i : i + 2]) for i in range(len(a.words) - 1)))
    step = next((catalog.cues.steps[g] for g in grams if g in catalog.cues.steps), 0)
    # "what comes after it?": the next item of the last list, or after one skill, the next skill of
    # the roadmap (the skills file's order).
    order = list(recall.listed)
    if recall.topics and recall.topics[0] not in order and recall.topics[0].startswith("skill:"):
        role = next((r for r in (*recall.topics, *recall.earlier) if r.startswith("career:")), "")
        career = catalog.careers.get(role.partition(":")[2])
        skills = roadmap_order(catalog, career) if career is not None else list(catalog.skills)
        order = [f"skill:{s}" for s in skills]
    if step and order and recall.topics and recall.topics[0] in order:
        index = order.index(recall.topics[0]) + step
        if 0 <= index < len(order):
            return [order[index]]
    if a.has("other") and len(recall.listed) == 2 and recall.topics and not refs:
        return [r for r in recall.listed if r != recall.topics[0]][:1]  # "and the other one"
    pairing = a.has("compare", "difference", "more", "less") and a.has("refer")
    if len(refs) == 1 and pairing and recall.topics and recall.topics[0] != refs[0]:
        return [recall.topics[0], refs[0]]  # "and how is that different from object detection?"
    opens = 0 in a.at("compare") or (1 in a.at("compare") and a.words[0] in {"and", "but", "so", "ok", "now"})
    if len(refs) == 1 and recall.topics and recall.topics[0] != refs[0] and opens:
        return [recall.topics[0], refs[0]]  # "vs data scientist?", "and versus a cv engineer?" after one role
    if refs and recall.topics and a.has("refer") and all(_background(a, r) for r in refs):
        return list(recall.topics)  # "why do I need them if I already know Python": about the last answer
    if refs:
        # "the nlp one" after a list of roles: the role whose name has that word, not the application.
        near = [_context_match(a, catalog, r, recall) for r in refs]
        return [r for r in dict.fromkeys(near)]
    own = set(a.cues) - MARKERS
    asks = a.has("refer", "follow", "more", "less", "difference") or _pay_at_end(a)  # "by how much?"
    if recall.topics and (asks or own & NEEDS_TOPIC or a.regions):
        plural = len(recall.topics) < 2 and (
            a.has("compare", "more", "less", "difference") or _plural(a, catalog)
        )
        return list(dict.fromkeys((*recall.topics, *recall.earlier))) if plural else list(recall.topics)
    return refs


_KIND_NOUNS = {
    "career": "career",
    "role": "career",
    "job": "career",
    "position": "career",
    "skill": "skill",
    "step": "skill",
    "example": "example",
    "application": "example",
}
"""Nouns after an ordinal that say which of the content's lists it counts in ("the sixth career")."""


def _content_order(a: Analysis, catalog: Catalog, recall: Recall | None) -> list[str]:
    """ "Tell me about the sixth career", "the first skill on the roadmap" with no list of that kind
    shown: the item at that place in the content's own order (skills in roadmap order)."""
    for position, ordinal in a.ordinals:
        kind = _KIND_NOUNS.get(a.words[position + 1] if position + 1 < len(a.words) else "", "")
        shown = recall is not None and any(r.startswith(kind + ":") for r in recall.listed)
        if not kind or shown or a.rank_position():
            continue
        ids = {"career": catalog.careers, "skill": catalog.skills, "example": catalog.examples}[kind]
        order = [f"{kind}:{i}" for i in ids]
        index = ordinal - 1 if ordinal > 0 else len(order) + ordinal
        if 0 <= index < len(order):
            return [order[index]]
    return []


def _background(a: Analysis, ref: str) -> bool:
    """A topic the writer says they have ("if I already know Python"), not what they ask about."""
    have = a.at("have")
    return any(any(0 < m.start - h <= 3 for h in have) for m in a.mentions if m.ref == ref)


def _plural(a: Analysis, catalog: Catalog) -> bool:
    """ "those two", "both", "them": the question is about the last answers, not only the last one."""
    return any(w in catalog.cues.counts for w in a.words) or any(
        w in {"them", "those", "both"} for w in a.words
    )


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


def _declines(a: Analysis) -> bool:
    """A request outside the bot's job (or a subject outside it, when no content is named), unless
    it is negated ("not the resume"), a question about one's chances, a question about how something
    works, or a situation with a goal ("analyst at a football club, I want to ...")."""
    # "we install cctv": what the writer does, not a request ("can you write ..." is one).
    asking = {"do", "can", "should", "could", "would", "shall"}  # "how do I negotiate": a request
    people = {
        p
        for p in a.at("people")
        if a.words[p] not in {"you", "u"} and not (p > 0 and a.words[p - 1] in asking)
    }
    scope = [p for p in a.scope if p - 1 not in people and not any(p - 2 <= n < p for n in a.at("negation"))]
    if not a.mentions:  # a subject outside the job, unless content is named beside it
        scope += a.off_topic
    if not scope or a.has("chances") or _how_it_works(a):
        return False
    return not (a.has("goal") and a.has("self", "have") and len(a.words) >= PERSONAL_WORDS)


def _how_it_works(a: Analysis) -> bool:
    """ "How does Grammarly fix my writing?" asks how something works, not for the bot to do it
    (unlike "how do I fix my code")."""
    return 0 in a.at("how_it_works") and len(a.words) > 3 and 2 not in a.at("people")


def _own_job(a: Analysis, role: str) -> bool:
    """A role the writer says is theirs ("I'm a bus driver, ..."): their situation, not the question."""
    named = role.split()
    starts = [i for i in range(len(a.words)) if a.words[i : i + len(named)] == named]
    own = set(a.at("self"))
    after = len(named) + 2  # "musicians like me", "nurse here"
    return bool(starts) and any(s - 4 <= p < s or s < p <= s + after for s in starts for p in own)


def _doubts(a: Analysis) -> bool:
    """Doubt about one's chances; "possible" only as a predicate ("is a change actually possible",
    "possible to learn ..."), not before a noun ("it circles possible tumours")."""
    after = {
        "to",
        "for",
        "if",
        "at",
        "with",
        "without",
        "in",
        "or",
        "now",
        "still",
        "anymore",
        "get",
        "become",
    }

    def predicate(p: int) -> bool:
        ends = p + 1 >= len(a.words) or a.clause_of[p + 1] != a.clause_of[p]
        return ends or a.words[p + 1] in after

    return any(a.words[p] != "possible" or predicate(p) for p in a.at("doubt"))


def _wants(a: Analysis) -> bool:
    """A goal said in the first person ("I want", "I'd like to"), not "can a nurse become ..."."""
    return bool(_goals_said(a, reach=1))


def _goals_said(a: Analysis, reach: int) -> list[int]:
    """Positions of the goal cues the writer says of themselves: on a first-person word, up to
    ``reach`` words after one in the same clause ("im obsessed with ai art and want a job"), or
    opening a clause ("... . want to be", "aim: research scientist")."""
    first = set(a.at("first_person"))
    return sorted(
        p
        for p in set(a.at("goal"))
        if p in first
        or any(p - reach <= f < p and a.clause_of[f] == a.clause_of[p] for f in first)
        or (p > 0 and a.clause_of[p - 1] != a.clause_of[p])
    )


def _chances_topic(a: Analysis) -> str:
    """Which facts answer a doubt: experience when the writer's working years or field switch weigh
    at least as much as schooling ("switching from teaching primary school ..."), else education."""
    experience = len(a.at("experience")) + len(a.at("years"))
    education = len(a.at("education"))
    return "experience" if experience > education or (experience and experience == education) else "education"


def _personal(a: Analysis) -> Plan | None:
    """A long message about oneself with a goal: the goal and the skills the person already has."""
    first = set(a.at("first_person"))
    goals = _goals_said(a, reach=6)
    # Something said before the goal: "army vet, 8 yrs flying drones. I want to ...", "I do bookkeeping
    # and I'd love to ..."; not "I want the steps to become ...".
    asks = 0 in a.at("need") or 0 in a.at("how_it_works")  # "what should I learn if I want to ..."
    # ... and more than a word or two before it ("ok. I want to be X, what's the path" asks for the path)
    said = bool(goals) and goals[0] >= 3
    told = said and not asks and (a.clause_of[goals[0]] > 0 or any(p < goals[0] - 1 for p in first))
    about_me = a.has("self", "have") or bool(a.unknown_roles) or told
    # "What should I learn? CS freshman, I know Python. Aiming for ...": the question stands apart from
    # a situation told after it, unlike "what do I study, in what order, to become ...".
    told_after = a.has("have") and all(a.clause_of[p] > 0 for p in a.at("goal"))
    roadmap = 0 in a.at("need") and not told_after
    if len(a.words) < PERSONAL_WORDS or not about_me or not a.has("goal") or roadmap:
        return None  # "what do I study, in what order, to become ..." asks for the roadmap
    goal_clauses = {a.clause_of[p] for p in a.at("goal")}
    self_clauses = {a.clause_of[p] for p in a.at("self")}
    candidates = [m for m in a.mentions if m.ref.startswith(("career:", "example:"))]
    goal = next((m for m in candidates if m.clause in goal_clauses and m.ref.startswith("career:")), None)
    goal = goal or next((m for m in candidates if m.clause in goal_clauses), None)
    goal = goal or next(
        (m for m in candidates if m.ref.startswith("career:") and m.clause not in self_clauses), None
    )
    goal = goal or next((m for m in candidates if m.clause not in self_clauses), None)
    goal = goal or next(iter(candidates), None)
    if goal is None:
        return None
    covered = frozenset(
        m.ref.partition(":")[2] for m in a.mentions if m.ref.startswith("skill:") and _has_it(a, m)
    )
    return Plan("personal", [goal.ref], covered=covered)


def _has_it(a: Analysis, m: Mention) -> bool:
    """Whether a skill mention says the person has the skill (not "never touched", not "I need").

    The nearest cue before it in its clause decides ("I'm a nurse who codes in Python" has it, "I'd
    like to learn Python" does not); without one, the first cue after it ("python is fine").
    """
    if any(m.start - 3 <= p < m.start for p in a.at("negation")):
        return False
    says = {"have": True, "self": True, "goal": False, "need": False}
    cues = sorted((p, says[g]) for g in says for p in a.at(g) if a.clause_of[p] == m.clause)
    before = [has for p, has in cues if p < m.start]
    if before:
        return before[-1]
    after = [has for p, has in cues if p >= m.end]
    return after[0] if after else True


def _plain(a: Analysis, catalog: Catalog, refs: list[str], follow: str) -> Plan:
    """The plain intents: salary, roadmap, education, experience, a skill, a role, an application."""
    careers = [r for r in refs if r.startswith("career:")]
    skills = [r for r in refs if r.startswith("skill:")]
    examples = [r for r in refs if r.startswith("example:")]
    asked = set(a.cues) - MARKERS
    negated = set(a.at("negation"))
    if a.at("careers") and all(negated & set(range(p - 3, p)) for p in a.at("careers")):
        asked.discard("careers")  # "how do I get it without having a job": not a question about jobs
    where = "where" in a.words and any(w in {"work", "working", "employed", "hire", "hired"} for w in a.words)
    if careers and where and not asks_pay(a):  # "where do research scientists work, unis or firms?"
        return Plan("career", careers[:1])
    if asks_pay(a) or (careers and _pay_at_end(a)):
        asked.add("salary")
    if not asked and refs and follow:
        asked = {follow}
    if asked & {"salary"} and not careers and refs and (examples or skills):
        careers = [c for c in (as_career(catalog, a, r) for r in refs[:MAX_NAMED]) if c.startswith("career:")]
    if "data" in asked and not careers:
        return Plan("about", ["topic:about"])
    if "salary" in asked and len(careers) >= 2 and not a.refs("career") and a.has("refer"):
        ids = tuple(_ident(c) for c in careers)  # "how much do those pay" after a list of roles
        return Plan("ranking", careers, ranking=Ranking(among=ids, top=len(ids)))
    if "salary" in asked:
        return Plan("salary", careers[:1] if len(careers) == 1 else [])
    jobs = [p for p in a.at("careers") if (p == 0 or a.words[p - 1] not in _MINE) and "careers" in asked]
    if jobs and a.has("other") and not asks_pay(a):  # "are there other dl jobs besides data scientist"
        return Plan("careers")
    if examples:  # "the captions on my uni's lectures", "in my field": where the writer is, not what is asked
        asked -= {c for c in ("education", "experience") if all(_said_of_own(a, p) for p in a.at(c))}
    if jobs and examples and not a.refs("career"):
        return Plan("roles", examples[:1])
    subjects = {m.end for m in a.mentions if m.ref in careers} & set(a.at("course"))
    if subjects and not asks_pay(a):  # "a data science minor", "a data science degree": what to study
        return Plan("education", ["topic:education"])
    schooling = [p for p in a.at("education") if a.words[p] in _SCHOOLING]
    if schooling and schooling[0] < min(a.at("path"), default=len(a.words)) and not skills:
        return Plan("education", ["topic:education"])  # "what education do you need to go the research route"
    tools = [r for r in skills if _as_tool(a, r)]  # "cv in pytorch, where do I begin": the role's path
    if careers and asked & {"path", "skills"} and len(tools) == len(skills):
        return Plan("path", careers[:1])
    education, experience = len(a.at("education")), len(a.at("experience"))
    if "experience" in asked and experience > education and not (skills and "skills" in asked):
        return Plan("experience", ["topic:experience"])  # "do hackathons count as experience"
    if asked & {"education"}:
        return Plan("education", ["topic:education"])
    if "experience" in asked and not (skills and "skills" in asked):
        return Plan("experience", ["topic:experience"])
    named_examples = sum(1 for m in a.mentions if m.ref.startswith("example:") and m.via != "domain")
    named_skills = sum(1 for m in a.mentions if m.ref.startswith("skill:"))
    if skills and not (examples and named_examples > named_skills):  # "Copilot writes code": the product
        return Plan("skill", skills[:1])
    if careers:
        return Plan("career", careers[:1])
    by_domain = not examples or all(m.via == "domain" for m in a.mentions if m.ref == examples[0])
    if a.domains and by_domain:
        return Plan("domain", list(a.domains[0][1]), domain=a.domains[0][0])
    if examples:
        industry = any(m.ref == examples[0] and m.end in a.at("field") for m in a.mentions)
        if follow == "domain" or industry or (says_deep_learning(a) and _in_field(a, examples[0])):
            return Plan("domain", examples[:1])
        return Plan("example", examples[:1])
    if {"path", "skills"} <= asked:
        return Plan("skills")
    lists = {"path": "path_list", "skills": "skills", "about": "about", "examples": "examples"}
    lists["careers"] = "careers"
    named = sorted((min(a.at(i)), n, i) for n, i in enumerate(lists) if i in asked and a.at(i))
    if {"about", "examples"} <= asked and not a.has("details"):
        named = [n for n in named if n[2] != "about"]  # "what is DL good for": what it is used for
    if named:  # the list asked for first: "what kind of jobs use deep learning" asks for jobs
        return Plan(lists[named[0][2]])
    for intent, plan in lists.items():
        if intent in asked:
            return Plan(plan)
    if says_deep_learning(a):
        return Plan("about", ["topic:about"])
    return Plan("unsure")


_SCHOOLING = frozenset({"education", "degree", "schooling", "qualification", "diploma"})
"""Education asked by name: before a roadmap word it is the question ("what education do you need to
go the research route"), unlike "study" ("study plan for NLP engineer" asks for the roadmap)."""
_MINE = frozenset({"my", "our", "i", "we", "his", "her", "their", "your"})
"""Words that make the next one the writer's own ("at my job", "I work as"), not what is asked."""


def _said_of_own(a: Analysis, p: int) -> bool:
    """Whether the cue at ``p`` is the writer's own ("my uni", "in my field")."""
    return a.words[p] in _MINE or (p > 0 and a.words[p - 1] in _MINE)


def _pay_at_end(a: Analysis) -> bool:
    """ "The 2nd one, how much?": a pay verb that ends the question or asks of someone ("how much do
    they ..."), not "how much experience"."""
    asking = {"do", "does", "is", "are", "would", "can", "will", "they", "it", "that", "then"}
    return any(
        a.words[p] == "how" and (p + 2 >= len(a.words) or a.words[p + 2] in asking) for p in a.at("pay_verb")
    )


def _as_tool(a: Analysis, ref: str) -> bool:
    """A skill named as the means of something else ("CV in PyTorch", "NLP with Python")."""
    return any(
        m.start > 0 and a.words[m.start - 1] in {"in", "with", "using"} for m in a.mentions if m.ref == ref
    )


def _ident(ref: str) -> str:
    return ref.partition(":")[2]


_PUT = frozenset({"put", "install", "installed", "brought", "bring", "built", "fitted", "plugged", "got"})
"""Verbs whose "in" places a thing ("put in a robot arm"), not a field ("used in cars")."""


def _in_field(a: Analysis, ref: str) -> bool:
    """Whether ``ref`` is named as a field ("used in cars", "translation companies", "the drone
    industry"), not as a thing ("do robot dogs use deep learning")."""
    into, fields = set(a.at("in_field")), set(a.at("field"))
    for m in a.mentions:
        if m.ref == ref:
            article = m.start - 1 in set(a.at("article")) or a.words[m.start - 1 : m.start] == ["the"]
            before = m.start - 2 if article else m.start - 1
            placed = before > 0 and a.words[before - 1] in _PUT  # "our factory put in a robot arm"
            if (before in into and not placed) or m.end in fields:
                return True
    return False
