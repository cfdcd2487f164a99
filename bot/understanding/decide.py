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
from bot.understanding.analysis import MARKERS, Analysis, Mention
from bot.understanding.asides import circumstance_only, goal_roles, names_a_figure, origin_only
from bot.understanding.context import after_a_roadmap, pay_at_end, with_context
from bot.understanding.fields import (
    as_tool,
    beside_deep_learning,
    in_field,
    only_excluded,
    said_of_own,
    studied,
)
from bot.understanding.pairing import MAX_NAMED, as_career, asks_pay, paired, says_deep_learning
from bot.understanding.picks import bare_role_word, pick_by_pay, role_behind, roles_of
from bot.understanding.plan import Plan
from bot.understanding.ranking import Ranking
from bot.understanding.recall import Recall
from bot.understanding.requests import declines
from bot.understanding.situation import (
    asks_where_used,
    can_i_by,
    can_someone_like_me,
    chances_topic,
    covered_skills,
    doubts,
    judges,
    own_job,
    personal_plan,
    that_counts,
    wants,
    weighs_background,
)


def decide(a: Analysis, catalog: Catalog, recall: Recall | None) -> Plan:
    """The plan for one analysed question (see the module docstring for the order of the rules)."""
    unclear = _settle_ambiguous(a, catalog, recall)
    if declines(a) or a.arithmetic:
        return Plan("limit_scope")
    if unclear and not a.mentions:
        return Plan("clarify", term=unclear)
    refs = with_context(a, catalog, recall)
    bare = bare_role_word(a, catalog, refs)
    if bare:
        return Plan("clarify", bare[1], term=bare[0])
    follow = recall.follow if recall else ""
    # "hi from Calgary. which pays better in your numbers": the US figures asked for, from abroad
    abroad = a.regions and not a.has("us_figures") and not origin_only(a)
    if abroad and (asks_pay(a) or follow in {"salary", "ranking", "limit_region"}):
        careers = [r for r in refs if r.startswith("career:")]
        if not careers and recall is not None:
            careers = [r for r in recall.earlier if r.startswith("career:")]
        return Plan("limit_region", careers[:1])
    if a.refs("career") and names_a_figure(a) and doubts(a) and not a.has("first_person"):
        return Plan("salary", a.refs("career")[:1])  # "is 100k realistic for a new data scientist"
    targets = [m for m in a.mentions if m.via != "domain" and m.ref.startswith(("career:", "example:"))]
    # "what jobs can someone with ... get hired for" asks for jobs (not "career switcher here, ...")
    jobs_first = any(0 < p <= 2 and p - 1 in a.at("which") for p in a.at("careers"))
    if (
        (a.has("chances") and not circumstance_only(a))
        or can_someone_like_me(a)
        or can_i_by(a)
        or that_counts(a)
        or (
            not jobs_first
            and not asks_where_used(a)
            and (doubts(a) or weighs_background(a))
            and not a.has("need")
            and (not targets or not wants(a))
        )
    ):
        return Plan("chances", goal_roles(a, catalog), first=chances_topic(a))
    if (
        follow == "chances"
        and a.has("experience", "education")
        and a.has("first_person")
        and a.has("condition")
    ):
        return Plan("chances", first=chances_topic(a))  # "and if I have no work experience at all?"
    if follow in {"education", "experience"} and a.has("first_person") and a.has("can") and a.has("negation"):
        return Plan("chances", first=follow)  # "what degree do they have", then "can i do it without one"
    roadmap = after_a_roadmap(a, catalog, recall)
    if roadmap is not None:
        return roadmap
    picked = pick_by_pay(a, catalog, recall)
    if picked:  # "the path for the better paid one", "what does the lower paid one do all day"
        return Plan("career" if a.has("work") and not a.has("path", "skills") else "path", [picked])
    two = len({as_career(catalog, a, r) for r in a.refs() if as_career(catalog, a, r).startswith("career:")})
    if two >= 2 and a.has("compare", "more", "less", "difference"):  # "researcher or mle? i want ..."
        pair = paired(a, catalog, refs, follow)
        if pair is not None:
            return pair
    personal = personal_plan(a)
    if personal is not None:
        return personal
    shown = [r for r in recall.topics if r.startswith("career:")] if recall is not None else []
    pointed = (a.has("refer") or a.any_word("one")) and a.has("goal")
    covered = covered_skills(a) if shown and a.has("have") and not a.refs("career") else frozenset()
    if covered and (pointed or (recall is not None and recall.shows_roadmap)):
        # "i already know python and pytorch, so what's left for me to become one" after a role
        return Plan("personal", shown[:1], covered=covered)
    pair = paired(a, catalog, refs, follow)
    if pair is not None:
        return pair
    asked_roles = [r for r in a.unknown_roles if not own_job(a, r) and not judges(a, r)]
    if asked_roles and not a.refs("career"):
        return Plan("limit_role", role=asked_roles[0])
    return _plain(a, catalog, refs, follow)


def _settle_ambiguous(a: Analysis, catalog: Catalog, recall: Recall | None = None) -> str:
    """Resolve ambiguous words by their senses' cues, else by the conversation ("and cv?" after a
    salary answer means the role); return the first word left unresolved."""
    if not a.ambiguous:
        return ""
    grams = {" ".join(a.words[i : i + n]) for n in (1, 2, 3) for i in range(len(a.words) - n + 1)}
    unresolved = ""
    for term, position in a.ambiguous:
        kinds = {t.partition(":")[0] for t in recall.topics} if recall is not None else set()
        # The words right beside this occurrence decide it first: "my cv for a cv engineer job" is a
        # résumé and then the role.
        near = {
            " ".join(a.words[max(0, position - 1) : position + 1]),
            " ".join(a.words[position : position + 2]),
        }
        near |= {a.words[q] for q in (position - 1, position + 1) if 0 <= q < len(a.words)}
        scores = [
            (
                len(cues & grams) + 10 * len(cues & near) + (0.5 if means.partition(":")[0] in kinds else 0),
                means,
            )
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


def _plain(a: Analysis, catalog: Catalog, refs: list[str], follow: str) -> Plan:
    """The plain intents: salary, roadmap, education, experience, a skill, a role, an application."""
    careers = [r for r in refs if r.startswith("career:")]
    skills = [r for r in refs if r.startswith("skill:")]
    examples = [r for r in refs if r.startswith("example:")]
    asked = set(a.cues) - MARKERS
    negated = set(a.at("negation"))
    if a.at("careers") and all(negated & set(range(p - 4, p)) for p in a.at("careers")):
        asked.discard("careers")  # "how do I get it without having a job": not a question about jobs
    where = a.any_word("where") and a.any_word("employed")
    # "does a research scientist work at a university or at a company?"
    where = where or any(a.phrase_is(p, 2, "works_at") for p in range(len(a.words)))
    if careers and where and not asks_pay(a):  # "where do research scientists work, unis or firms?"
        return Plan("career", careers[:1])
    if asks_pay(a) or (careers and pay_at_end(a)):
        asked.add("salary")
    # "what kind of deep learning is that exactly" after a goal in an application: the application
    which_app = any(q in a.at("which") for p in a.at("application") for q in range(max(0, p - 3), p))
    if (
        examples
        and which_app
        and a.has("refer")
        and not a.refs("career")
        and not asked & {"salary", "careers", "path"}
    ):
        return Plan("example", examples[:1])
    if not asked and refs and follow:
        asked = {follow}
    if asked & {"salary"} and not careers and refs and (examples or skills):
        careers = [c for c in (as_career(catalog, a, r) for r in refs[:MAX_NAMED]) if c.startswith("career:")]
    if "data" in asked and not a.refs("career"):  # "and how much data does it need" after a role
        return Plan("about", ["topic:about"])
    that_one = a.any_word("one") and not a.any_word("plural_pointer")  # "how much is that one" after two
    if "salary" in asked and len(careers) >= 2 and not a.refs("career") and that_one:
        return Plan("salary", careers[:1])
    if "salary" in asked and len(careers) >= 2 and not a.refs("career") and a.has("refer"):
        ids = tuple(c.partition(":")[2] for c in careers)  # "how much do those pay" after a list of roles
        return Plan("ranking", careers, ranking=Ranking(among=ids, top=len(ids)))
    if "salary" in asked:
        return Plan("salary", careers[:1] if len(careers) == 1 else [])
    jobs = [p for p in a.at("careers") if p - 1 not in a.at("own")] if "careers" in asked else []
    if jobs and a.has("other") and not asks_pay(a):  # "are there other dl jobs besides data scientist"
        return Plan("careers")
    if only_excluded(a) and not asks_pay(a):  # "which roles are there apart from data scientist"
        if jobs:
            return Plan("careers")
        if "examples" in asked:
            return Plan("examples")
    # "the captions on my uni's lectures", "in my field", "I run the computer club at my school, what
    # skills should the kids build": where the writer is, not what is asked
    if examples or "skills" in asked:
        asked -= {c for c in ("education", "experience") if all(said_of_own(a, p) for p in a.at(c))}
    if jobs and examples and not a.refs("career"):
        single = {*a.at("which"), *a.at("article")}  # "a job", "which job": one role
        one = any(p - 1 in single or a.word_is(p - 1, "definite") for p in jobs if p > 0)
        behind = role_behind(a, catalog, examples[0])
        # "is there a job for that" after NLP; "who works on that" after robotics (its one role)
        if behind and (one or len(roles_of(catalog, examples[0])) == 1):
            return Plan("career", [behind])
        return Plan("roles", examples[:1])
    subjects = [m for m in a.mentions if m.ref in careers and studied(a, catalog, m)]
    if subjects and not asks_pay(a):  # "a data science minor", "a minor in data science": what to study
        return Plan("education", ["topic:education"])
    schooling = a.at("schooling")
    if schooling and schooling[0] < min(a.at("path"), default=len(a.words)) and not skills:
        return Plan("education", ["topic:education"])  # "what education do you need to go the research route"
    tools = [r for r in skills if as_tool(a, r)]  # "cv in pytorch, where do I begin": the role's path
    heads = min(a.at("experience"), default=len(a.words)) < min((*a.at("path"), *a.at("skills")), default=0)
    if careers and not skills and "experience" in asked and heads:
        return Plan("experience", ["topic:experience"])  # "experience required for ML engineer?"
    if careers and asked & {"path", "skills"} and len(tools) == len(skills):
        return Plan("path", careers[:1])
    education, experience = len(a.at("education")), len(a.at("experience"))
    first_named = min(a.at("experience"), default=len(a.words)) < min(a.at("education"), default=len(a.words))
    ahead = experience > education or (experience == education and first_named)  # "get experience at school"
    if "experience" in asked and ahead and not (skills and "skills" in asked):
        return Plan("experience", ["topic:experience"])  # "do hackathons count as experience"
    if asked & {"education"}:
        return Plan("education", ["topic:education"])
    if "experience" in asked and not (skills and "skills" in asked):
        return Plan("experience", ["topic:experience"])
    named_examples = sum(1 for m in a.mentions if m.ref.startswith("example:") and m.via != "domain")
    named_skills = sum(1 for m in a.mentions if m.ref.startswith("skill:"))
    # "Copilot writes code", "the robot arm picks parts without anyone programming it": the product
    product_first = min((m.start for m in a.mentions if m.ref in examples), default=len(a.words)) < min(
        (m.start for m in a.mentions if m.ref in skills), default=len(a.words)
    )
    # "ml engineer - what is the job actually, just coding all day?": the role, named first
    if (
        careers
        and asked & {"work", "careers"}
        and a.refs()[:1] == careers[:1]
        and not asked & {"path", "skills"}
    ):
        return Plan("career", careers[:1])
    if skills and _about_phrase_holds(a, skills[0]) and not careers and not examples:
        return Plan("about", ["topic:about"])  # "how do neural networks learn": a cue phrase of ``about``
    if skills and not (examples and (named_examples > named_skills or (named_examples and product_first))):
        return Plan("skill", skills[:1])
    if careers:
        return Plan("career", careers[:1])
    if examples and which_app:  # "... which DL application is that": the application, even told as a field
        return Plan("example", examples[:1])
    by_domain = not examples or all(m.via == "domain" for m in a.mentions if m.ref == examples[0])
    # "my dad makes car parts. where is deep learning used in manufacturing?": the industry of the
    # sentence that asks, not an application told in the story before it
    asking = {a.clause_of[p] for p in a.at("examples")}
    told = [m for m in a.mentions if m.ref.startswith("example:") and a.clause_of[m.start] in asking]
    by_domain = by_domain or bool(told and all(m.via == "domain" for m in told))
    if a.domains and by_domain:
        domain = sorted(
            a.domains[0][1], key=lambda r: not r.startswith("example:")
        )  # "more about it": the application
        return Plan("domain", domain, domain=a.domains[0][0])
    if examples:
        industry = any(m.ref == examples[0] and m.end in a.at("field") for m in a.mentions)
        # "is deep learning relevant for a business like ours", "what's DL doing in that space"
        workplace = any(beside_deep_learning(a, p) for p in a.at("field")) and a.has(
            "refer", "people", "self"
        )
        if (
            (follow == "domain" and not a.has("details"))  # "more about it" after a field: the application
            or industry
            or workplace
            or (says_deep_learning(a) and in_field(a, examples[0]))
        ):
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


def _about_phrase_holds(a: Analysis, ref: str) -> bool:
    """Whether a cue phrase of ``about`` ("how do neural networks learn") holds the skill's name:
    the content lists the question as one about deep learning, not about the skill."""
    spans = [(m.start, m.end) for m in a.mentions if m.ref == ref]
    for p in a.at("about"):
        for n in range(2, a.book.max_tokens + 1):
            if a.phrase_is(p, n, "about") and any(p <= s and e <= p + n for s, e in spans):
                return True
    return False


def _ident(ref: str) -> str:
    return ref.partition(":")[2]
