"""The writer's own situation: doubts about their chances, goals said of themselves, and the
long personal message answered with the roadmap to its goal and the skills already covered."""

from __future__ import annotations

from bot.understanding.analysis import Analysis, Mention
from bot.understanding.plan import Plan

PERSONAL_WORDS = 8
"""A personal situation takes a few sentences; shorter messages are plain questions."""


def own_job(a: Analysis, role: str) -> bool:
    """A role the writer says is theirs ("I'm a bus driver, ..."): their situation, not the question."""
    named = role.split()
    starts = [i for i in range(len(a.words)) if a.words[i : i + len(named)] == named]
    goals = set(a.at("goal"))  # "I would like to work as an AI ethicist": a goal, not their job
    own = {p for p in a.at("self") if not goals & set(range(p - 4, p))}
    after = len(named) + 2  # "musicians like me", "nurse here"; not "X jobs, my friend does it"
    reported = set(a.at("reports"))  # "my nephew says prompt engineers earn ...": not the nephew's job
    if any(
        (s - 4 <= p < s and not reported & set(range(p, s)))
        or (s < p <= s + after and a.clause_of[p] == a.clause_of[s])
        for s in starts
        for p in own
    ):
        return True
    # "customer support agent at a saas company. i'd love to ...": opening the message, then own goal
    first = set(a.at("first_person"))
    return 0 in starts and any(
        a.clause_of[g] > 0 and (g in first or g - 1 in first) and not _asked_in(a, g) for g in a.at("goal")
    )


def judges(a: Analysis, role: str) -> bool:
    """A role named as the one who judges candidates ("what experience are hiring managers looking
    for"): the question is about what they look for, not about that role."""
    named = role.split()
    ends = [i + len(named) for i in range(len(a.words)) if a.words[i : i + len(named)] == named]
    return any(e in a.at("judges") or e + 1 in a.at("judges") for e in ends)


def doubts(a: Analysis) -> bool:
    """Doubt about one's chances; "possible" only as a predicate ("is a change actually possible",
    "possible to learn ..."), not before a noun ("it circles possible tumours")."""

    def predicate(p: int) -> bool:
        if a.word_is(p - 1, "condition"):
            return False  # "month by month if possible": politeness, not doubt
        ends = p + 1 >= len(a.words) or a.clause_of[p + 1] != a.clause_of[p]
        return ends or a.word_is(p + 1, "predicate_next")

    # "what jobs can someone with deep learning skills get hired for" asks about jobs, not the writer
    hired = not a.has("first_person")
    return any(
        (not a.word_is(p, "predicative") or predicate(p)) and not (hired and a.word_is(p, "passive_hire"))
        for p in a.at("doubt")
    )


def weighs_background(a: Analysis) -> bool:
    """Whether the writer asks what their own background is worth ("will that experience help me",
    "my 8 years as an analyst, does any of that transfer", "can I compete"): a question of chances."""
    mine = a.has("first_person", "own", "self")
    # "are my 10 yrs as a backend dev going to count", "I only have a diploma ... is that enough"
    counted = a.any_word("count") and a.has("years")
    enough = a.any_word("enough") and a.has("have") and a.has("education")
    weighed = a.has("experience", "education", "years", "self", "past")
    return ((a.has("carries") or counted or enough) and mine and weighed) or enough_to_get_in(a)


def enough_to_get_in(a: Analysis) -> bool:
    """Schooling weighed as enough for a job ("bootcamp only, no cs degree: enough for a data
    scientist job?", "is a diploma enough, or will I need a full degree to get in"), not as enough
    to learn from ("are online courses enough to learn dl properly"): a question of chances."""
    if not a.has("education") or not a.any_word("enough"):
        return False
    for p in a.at("enough"):
        if any(a.word_is(q, "skills") for q in range(p + 1, min(p + 4, len(a.words)))):
            return False
    return a.has("careers", "passive_hire") or bool(a.refs("career"))


def asks_where_used(a: Analysis) -> bool:
    """An industry named with "where" or "used" ("where does it actually get used in logistics?",
    "where does deep learning fit into e-commerce, realistically?"): a doubt word there weighs the
    technology's use, not the writer's chances."""
    return any(m.via == "domain" for m in a.mentions) and a.has("where", "examples")


def wants(a: Analysis) -> bool:
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


def chances_topic(a: Analysis) -> str:
    """Which facts answer a doubt: experience when the writer's working years or field switch weigh
    at least as much as schooling ("switching from teaching primary school ..."), else education."""
    experience = len(a.at("experience")) + len(a.at("years"))
    education = len(a.at("education"))
    return "experience" if experience > education or (experience and experience == education) else "education"


def can_someone_like_me(a: Analysis) -> bool:
    """ "Can a sales guy become an ML person?", "can a turkish accountant ... get into ML": whether
    someone like that (not a role the content holds) can make the move, a question about chances.
    Where a language has no articles, a two-word ``can`` cue stands for "can a" ("может ли продавец
    стать ...")."""
    moves = sorted({*a.at("goal"), *a.at("path")})
    roles = {p for m in a.mentions if m.ref.startswith("career:") for p in range(m.start, m.end)}

    def someone(p: int) -> bool:
        """Someone who is no role the content holds makes a move a few words on ("a sales guy
        become"): the role named after the move word is where they go ("стать специалистом ...")."""
        move = next((m for m in moves if p + 3 <= m < p + 8), None)
        return move is not None and not roles & set(range(p + 2, min(move, p + 5)))

    return any(
        (a.phrase_is(p, 2, "can") or (a.word_is(p, "can") and p + 1 in a.at("article")))
        and a.opens(p)  # opening the question, not "roles can a person"
        and someone(p)
        for p in range(len(a.words) - 1)
    )


def can_i_by(a: Analysis) -> bool:
    """ "Can I become a data scientist only by self study?", "could I get into ML without a degree?":
    whether the writer can make the move a certain way (schooling or background said after the
    move), a question about chances."""
    moves = sorted({*a.at("goal"), *a.at("path")})
    ways = sorted({*a.at("education"), *a.at("experience"), *a.at("negation")})
    return any(
        a.word_is(p, "can")
        and a.word_is(p + 1, "first_person")
        and a.opens(p)
        and any(
            p + 1 < m <= p + 4 and any(m < w and a.clause_of[w] == a.clause_of[p] for w in ways)
            for m in moves
        )
        for p in range(len(a.words) - 1)
    )


def that_counts(a: Analysis) -> bool:
    """ "I did a couple of CV projects, will that help if I switch to NLP?": what the writer told,
    pointed at and asked about ("will that help"), is a question of chances even with a goal."""
    refer = set(a.at("refer"))
    asked = {*a.at("modal"), *a.at("pay_subject")}  # "will that help", "would that help"
    told = a.has("first_person")
    return told and any(p - 1 in refer and p - 2 in asked for p in a.at("carries"))


def _asked_in(a: Analysis, goal: int) -> bool:
    """Whether the goal at ``goal`` sits in a question that opens its clause ("how do I become ...")."""
    openers = (*a.at("need"), *a.at("how_it_works"))
    return any(a.opens(p) and a.clause_of[p] == a.clause_of[goal] for p in openers)


def personal_plan(a: Analysis) -> Plan | None:
    """A message about oneself with a goal (a long one, or a few words naming one role and a known
    skill): the goal and the skills the person already has."""
    terse = _terse_situation(a)  # "teacher, know python, want mle. next?"
    if terse is not None:
        return terse
    first = set(a.at("first_person"))
    goals = _goals_said(a, reach=6)
    # Something said before the goal: "army vet, 8 yrs flying drones. I want to ...", "I do bookkeeping
    # and I'd love to ..."; not "I want the steps to become ...".
    # "what should I learn if I want to ...", "step by step, how do I become ...": the goal inside a question
    asks = bool(goals) and _asked_in(a, goals[0])
    # ... and more than a word or two before it ("ok. I want to be X, what's the path" asks for the path)
    said = bool(goals) and goals[0] >= 3
    told = said and not asks and (a.clause_of[goals[0]] > 0 or any(p < goals[0] - 1 for p in first))
    about_me = a.has("self", "have") or bool(a.unknown_roles) or told
    # "What should I learn? CS freshman, I know Python. Aiming for ...": the question stands apart from
    # a situation told after it, unlike "what do I study, in what order, to become ...".
    told_after = a.has("have") and all(a.clause_of[p] > 0 for p in a.at("goal"))
    roadmap = 0 in a.at("need") and not told_after
    # "roadmap to become an ML engineer pls, laid off 3 months ago": a roadmap asked for, with
    # a word of background and no skill of one's own, is the roadmap
    first_said = min([*a.at("self"), *a.at("goal")], default=len(a.words))
    plan_words = a.has("path") and min(a.at("path")) < first_said
    short = len(a.words) < 2 * PERSONAL_WORDS
    asked_for = plan_words and short and not covered_skills(a) and not a.has("have")
    if len(a.words) < PERSONAL_WORDS or not about_me or not a.has("goal") or roadmap or asked_for:
        return None  # "what do I study, in what order, to become ..." asks for the roadmap
    goal_clauses = {a.clause_of[p] for p in a.at("goal")}
    self_clauses = {a.clause_of[p] for p in a.at("self")}
    candidates = [m for m in a.mentions if m.ref.startswith(("career:", "example:"))]
    # What follows the goal word first: "i make cooking videos and want to get into generative ai"
    start = min(a.at("goal"), default=0)
    # an industry word ("security guard") names an application less plainly than its own words ("cctv")
    candidates.sort(
        key=lambda m: (m.clause not in goal_clauses or m.start < start, m.via == "domain", m.start)
    )
    goal = next((m for m in candidates if m.clause in goal_clauses and m.ref.startswith("career:")), None)
    goal = goal or next((m for m in candidates if m.clause in goal_clauses), None)
    goal = goal or next(
        (m for m in candidates if m.ref.startswith("career:") and m.clause not in self_clauses), None
    )
    goal = goal or next((m for m in candidates if m.clause not in self_clauses), None)
    goal = goal or next(iter(candidates), None)
    if goal is None:
        return None
    return Plan("personal", [goal.ref], covered=covered_skills(a))


def _terse_situation(a: Analysis) -> Plan | None:
    """A situation in a few words: "teacher, know python, want mle. next?", "underwriter -> NLP
    engineer. I know python. plan?": one role, a skill said as known, and a goal or roadmap word."""
    careers = a.refs("career") or (a.refs("example") if len(a.refs("example")) == 1 else [])
    if len(a.words) >= PERSONAL_WORDS or len(careers) != 1 or not a.has("goal", "path", "need"):
        return None
    known = [
        m
        for m in a.mentions
        if m.ref.startswith("skill:")
        and _has_it(a, m)
        and (a.word_is(m.start - 1, "curious") or _listed(a, m))
    ]
    if not known:
        return None
    return Plan("personal", careers, covered=covered_skills(a))


def _listed(a: Analysis, m: Mention) -> bool:
    """A skill told as an item of a terse list ("teacher, python yes, want mle"): its own short
    clause, neither the first nor the last, not asked ("python?") and with no goal, need or
    question word in it."""
    clause = [p for p in range(len(a.words)) if a.clause_of[p] == m.clause]
    last = a.clause_of[-1]
    asked = any(a.word_is(p, g) for p in clause for g in ("goal", "need", "which", "how", "modal"))
    asked = asked or m.clause in a.questions
    return 0 < m.clause < last and len(clause) <= m.end - m.start + 2 and not asked


def covered_skills(a: Analysis) -> frozenset[str]:
    """The skills the writer says they have ("I already know Python"), by id."""
    return frozenset(
        m.ref.partition(":")[2] for m in a.mentions if m.ref.startswith("skill:") and _has_it(a, m)
    )


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
