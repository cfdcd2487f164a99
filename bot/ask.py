"""Free-text questions: work out what is asked and about what, answer from content.

:func:`understand` turns a question into a :class:`Question` (intents such as
``salary`` or ``path`` and the careers, skills, examples and domains it
names).  :func:`ask` picks the answer.  Matching uses the content index
(dictionary lookups over 1- to N-word spans), and corrects typos of unknown
words against the index's vocabulary with RapidFuzz, so its cost grows with
the question, not with the content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.content.catalog import Catalog
from bot.content.index import Ref
from bot.handlers import browse, guidance
from bot.handlers.common import detail_button
from bot.phrases import EN
from bot.replies import Paragraph, Reply, line
from bot.request import Request
from bot.text import key, tokens

_INTENTS: dict[str, frozenset[str]] = {
    name: frozenset(key(w) for w in words.split(","))
    for name, words in {
        "salary": "salary,salaries,earn,earning,pay,paid,income,compensation,wage,money,how much,make a year",
        "path": "become,becoming,roadmap,path,get into,break into,get started,start,starting,steps,switch,"
        "transition,land,how to be,plan,route",
        "skills": "skill,skills,learn,know,require,requirement,prerequisite,framework,library,tool,"
        "language,need",
        "education": "degree,phd,ph d,master,masters,bachelor,university,college,education,school,study,"
        "self taught,self study,course,bootcamp,postdoc,graduate,qualification",
        "experience": "experience,portfolio,project,competition,kaggle,internship,hands on,practice",
        "maths": "math,maths,mathematics,probability,statistics",
        "data": "how much data,data is produced,data produced,amount of data,data volume,data generated,"
        "data every day,why now",
        "definition": "what is deep learning,define,definition,meaning,explain,what does deep learning mean,"
        "neural network,neural networks,how does deep learning work,about deep learning",
        "examples": "used,use,uses,using,application,applications,applied,apply,example,examples,industry,"
        "industries,where,field,sector",
        "work": "do,does,job,role,responsibility,responsibilities,day to day,work on,duties,what is a",
        "careers": "career,careers,job,jobs,role,roles,position,option,options,work as",
    }.items()
}

_STOPWORDS = frozenset(
    key(w)
    for w in [
        "a",
        "an",
        "the",
        "i",
        "me",
        "my",
        "you",
        "your",
        "is",
        "are",
        "am",
        "be",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "and",
        "or",
        "but",
        "if",
        "it",
        "this",
        "that",
        "what",
        "which",
        "who",
        "how",
        "why",
        "when",
        "where",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "need",
        "want",
        "get",
        "much",
        "many",
        "some",
        "any",
        "there",
        "their",
        "they",
        "we",
        "our",
        "as",
        "about",
        "from",
        "into",
        "than",
        "then",
        "so",
        "very",
        "more",
        "most",
        "like",
        "just",
        "also",
        "not",
        "no",
        "yes",
        "hi",
        "hello",
        "hey",
        "please",
        "thanks",
        "thank",
        "tell",
        "show",
        "give",
        "know",
    ]
)

_INTENT_VOCAB = tuple(sorted({w for words in _INTENTS.values() for k in words for w in k.split()}))
_TYPO_SCORE = 82.0
_MAX_NGRAM = 4


@dataclass(slots=True)
class Question:
    """What :func:`understand` made of a question."""

    tokens: list[str]
    intents: set[str] = field(default_factory=set)
    careers: list[Ref] = field(default_factory=list)
    skills: list[Ref] = field(default_factory=list)
    examples: list[Ref] = field(default_factory=list)
    domains: list[tuple[str, tuple[Ref, ...]]] = field(default_factory=list)

    @property
    def entities(self) -> int:
        """How many entities the question names."""
        return len(self.careers) + len(self.skills) + len(self.examples) + len(self.domains)


def _correct(words: list[str], catalog: Catalog) -> list[str]:
    vocab = catalog.index.vocabulary
    out = []
    for word in words:
        if len(word) < 4 or word in vocab or word in _STOPWORDS or word in _INTENT_VOCAB:
            out.append(word)
            continue
        best = process.extractOne(
            word, catalog.index.vocabulary_list, scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE
        )
        if best is None:
            best = process.extractOne(word, _INTENT_VOCAB, scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE)
        out.append(best[0] if best is not None else word)
    return out


def understand(text: str, catalog: Catalog) -> Question:
    """Find the intents and entities of a question."""
    words = _correct(tokens(text), catalog)
    q = Question(words)
    grams = {" ".join(words[i : i + n]) for n in range(1, _MAX_NGRAM + 1) for i in range(len(words) - n + 1)}
    q.intents = {name for name, keys in _INTENTS.items() if keys & grams}
    index = catalog.index
    used = [False] * len(words)
    for n in range(min(index.max_key_tokens, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            if any(used[i : i + n]):
                continue
            span = " ".join(words[i : i + n])
            if n == 1 and span in _STOPWORDS:
                continue
            ref = index.exact(span)
            if ref is not None:
                bucket = {"career": q.careers, "skill": q.skills, "example": q.examples}[ref.kind]
                if ref not in bucket:
                    bucket.append(ref)
                used[i : i + n] = [True] * n
                continue
            in_domain = index.domain(span)
            if in_domain:
                q.domains.append((span, in_domain))
                used[i : i + n] = [True] * n
    return q


def _unsure(text: str, catalog: Catalog) -> Reply:
    scored: dict[Ref, float] = {}
    query = key(text)[:200]
    if query:
        for kind in ("career", "skill", "example"):
            for ref in catalog.index.complete(kind, query, limit=2):
                scored.setdefault(ref, fuzz.WRatio(query, key(ref.name)))
    close = [r for r, s in sorted(scored.items(), key=lambda kv: -kv[1]) if s >= 50][:4]
    intro = EN.ask_unsure if close else EN.ask_unsure_none
    buttons = (*(detail_button(r) for r in close), *guidance.topic_buttons())
    return Reply(EN.ask_unsure_title, (Paragraph(line(intro)),), buttons[:10], unsure=True)


def _answer(q: Question, catalog: Catalog) -> Reply | None:
    intents = q.intents
    career = q.careers[0] if q.careers else None
    if "data" in intents and not q.careers:
        return guidance.about(Request("about"), catalog)
    if "salary" in intents:
        arg = career.id if career is not None and len(q.careers) == 1 else ""
        return guidance.salary(Request("salary", arg), catalog)
    if career is not None and ("path" in intents or ("skills" in intents and not q.skills)):
        return guidance.roadmap(catalog, catalog.careers[career.id])
    if "maths" in intents or "education" in intents:
        return guidance.education(Request("education"), catalog)
    if "experience" in intents and not q.skills:
        return guidance.experience(Request("experience"), catalog)
    if q.skills:
        return browse.skill_reply(catalog, catalog.skills[q.skills[0].id])
    if career is not None:
        return browse.career_reply(catalog, catalog.careers[career.id])
    if q.examples:
        return browse.example_reply(catalog, catalog.examples[q.examples[0].id])
    if q.domains:
        name, refs = q.domains[0]
        return browse.domain_reply(catalog, name, refs)
    for intent, command in (
        ("path", "path"),
        ("skills", "skills"),
        ("definition", "about"),
        ("examples", "examples"),
        ("careers", "careers"),
    ):
        if intent in intents:
            return _COMMANDS[command](Request(command), catalog)
    if "deep learning" in " ".join(q.tokens):
        return guidance.about(Request("about"), catalog)
    return None


_COMMANDS = {
    "path": guidance.path,
    "skills": browse.skills,
    "about": guidance.about,
    "examples": browse.examples,
    "careers": browse.careers,
}


def ask(request: Request, catalog: Catalog) -> Reply:
    """/ask <question> and plain messages: an answer, or the closest topics when unsure.

    The question arrives cleaned by the request's constructor (and a question
    cut to length is noted by the core), so it is only analysed here.
    """
    text = request.argument
    if not text:
        return Reply(EN.ask_empty_title, (Paragraph(line(EN.ask_empty)),), guidance.topic_buttons())
    answer = _answer(understand(text, catalog), catalog)
    return answer if answer is not None else _unsure(text, catalog)
