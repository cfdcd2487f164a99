"""Reading a question: words, the content it names, and the cue words it uses, with positions.

:func:`analyse` splits the text into clauses (at sentence punctuation and
"but"), normalises and stems the words, applies the cue book's synonyms,
corrects typos against the content's and the cues' vocabulary, then finds,
longest phrase first, the careers, skills and examples named (by name,
alias or cue word), the domains, the regions, out-of-scope requests,
unknown role names and ambiguous terms.  Intent cues are collected with
their positions.  Every step is a dictionary lookup per word and phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.content.catalog import Catalog
from bot.content.cues import CueBook
from bot.text import normalize, stem
from bot.understanding.roles import unknown_roles
from bot.understanding.senses import second_looks
from bot.understanding.shared import shared_role_word

MAX_WORDS = 220
"""Words analysed at most (a 1,000-character question has fewer)."""

_CLAUSE = re.compile(r"([.;!?\n]+|,\s|\s-\s|\s+but\s+|:\s|\(|\))")
"""What ends a clause (captured, so a question mark is seen)."""
_ARITHMETIC = re.compile(r"\d+\s*[+*×x÷^]\s*\d+|\d+\s[-/]\s*\d+|\d+[-/]\s\d+")
"""A sum to work out ("17 * 23", "17 - 3"); not a range or a date written close ("ages 7-11", "9/5")."""
_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]{0,15}(?:\s[^<>]{0,80})?/?>"
    r"|\[/?(?i:b|i|u|s|url|img|quote|code|color|size|spoiler|list|center|font|email)(?:=[^\]\s]{0,200})?\]"
    r"|\b(?:https?://|www\.)\S{1,300}"
)
"""Markup tags (``<i>``, ``</b>``, ``<span class="x">``), BBCode (``[url=...]``, ``[/b]``: its own tag
names only, so "[salary]" stays a word) and web addresses: read as the text between them, never as
words ("spam" in a link is no spam filter)."""
GRAMMAR = frozenset(
    {"not_pointer", "demonstrative", "pointed_noun", "linking", "plural_pointer", "pay_subject"}
    | {"modal", "addressee", "where", "employed", "tool_marker", "placing", "time_ahead", "age_unit"}
    | {"of_me", "determiner", "kind_noun", "title_noun", "we", "definite", "who_which", "alternative"}
    | {"than", "one", "my", "how", "can", "placed_on", "purpose", "reports", "works_at", "in_the"}
    | {"made_object", "of_use"}
)
"""Cue groups of grammar words the rules read (pronouns, auxiliaries, articles), per language."""
MARKERS = frozenset(
    {"refer", "follow", "self", "have", "goal", "need", "negation", "compare", "more", "less", "rank"}
    | {"set_aside", "asked_task", "why_alone", "local"}
    | {"exclude", "chances", "doubt", "difference", "pay_verb", "article", "first_person", "people"}
    | {"how_it_works", "in_field", "field", "years", "numbered", "level", "other", "course", "task", "asking"}
    | {"own", "curious", "schooling", "application", "which", "continues"}
    | {"career_noun", "skill_noun", "example_noun", "carries", "standing", "overall", "condition"}
    | {"us_figures"}
    | {"judges", "count", "enough", "predicative", "predicate_next", "passive_hire", "old", "past"}
    | GRAMMAR
)
"""Cue groups that qualify a question rather than say what it asks."""
"""Cue groups whose words can name a kind of job before a role word ("bootcamp instructor",
"applied scientist")."""


@dataclass(frozen=True, slots=True)
class Mention:
    """Content named in the question: ``ref`` such as ``career:nlp-engineer``, at words ``start:end``."""

    ref: str
    start: int
    end: int
    clause: int
    via: str
    """``name`` (a name or alias), ``cue`` (a cue word), ``domain`` (an industry) or ``sense``."""


@dataclass(slots=True)
class Analysis:
    """What :func:`analyse` found in one question."""

    words: list[str]
    clause_of: list[int]
    book: CueBook
    """The cue book read (its grammar words: :meth:`word_is`)."""
    mentions: list[Mention] = field(default_factory=list)
    cues: dict[str, list[int]] = field(default_factory=dict)
    regions: list[int] = field(default_factory=list)
    scope: list[int] = field(default_factory=list)
    unknown_roles: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, int]] = field(default_factory=list)
    ordinals: list[tuple[int, int]] = field(default_factory=list)
    """(position, ordinal): 1 for "first", -1 for "last"."""
    domains: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    arithmetic: bool = False
    off_topic: list[int] = field(default_factory=list)
    """Positions of subjects outside the bot's job (football, the weather)."""
    questions: frozenset[int] = frozenset()
    """The clauses that end with a question mark."""

    def has(self, *names: str) -> bool:
        """Whether any of the cue groups ``names`` occurs."""
        return any(self.cues.get(n) for n in names)

    def word_is(self, p: int, group: str) -> bool:
        """Whether the word at position ``p`` is a one-word cue of ``group`` (false outside the words)."""
        return 0 <= p < len(self.words) and self.words[p] in self.book.group(group)

    def phrase_is(self, start: int, n: int, group: str) -> bool:
        """Whether the ``n`` words from ``start`` are a cue phrase of ``group`` (false outside the words)."""
        return (
            start >= 0
            and start + n <= len(self.words)
            and " ".join(self.words[start : start + n]) in self.book.group(group)
        )

    def any_word(self, group: str) -> bool:
        """Whether any word is a one-word cue of ``group``."""
        return not self.book.group(group).isdisjoint(self.words)

    def at(self, name: str) -> list[int]:
        """Positions of one cue group."""
        return self.cues.get(name, [])

    def refs(self, kind: str = "") -> list[str]:
        """Distinct refs named, in order, optionally of one kind (``career``...)."""
        out: list[str] = []
        for m in self.mentions:
            if (not kind or m.ref.startswith(kind + ":")) and m.ref not in out:
                out.append(m.ref)
        return out

    def rank_position(self) -> int:
        """The place asked for in a pay order ("the second best paid", "3rd highest"), else 0."""
        degree = {*self.at("more"), *self.at("less")}
        placed = {p - k for p in self.at("standing") for k in (1, 2)}  # "second in pay", "second place"
        return next((n for p, n in self.ordinals if n > 1 and (p + 1 in degree or p in placed)), 0)

    def opens(self, p: int) -> bool:
        """Whether the word at ``p`` starts its clause (the first word, or the first after a break)."""
        return p == 0 or self.clause_of[p - 1] != self.clause_of[p]

    def clause_has(self, clause: int, name: str) -> bool:
        """Whether cue group ``name`` occurs in clause ``clause``."""
        return any(self.clause_of[p] == clause for p in self.at(name))

    @property
    def content_words(self) -> int:
        """How many words are not stopwords (what the question says beyond grammar)."""
        return len(self.words)


def _clauses(text: str, cues: CueBook) -> tuple[list[str], list[int], frozenset[int]]:
    words: list[str] = []
    clause_of: list[int] = []
    pieces = _CLAUSE.split(text)  # clause, its end, clause, its end, ..., clause
    questions = frozenset(n for n, end in enumerate(pieces[1::2]) if "?" in end)
    for number, part in enumerate(pieces[::2]):
        raw = normalize(part).split()
        i = 0
        while i < len(raw) and len(words) < MAX_WORDS:
            two = " ".join(raw[i : i + 2])
            if i + 1 < len(raw) and two in cues.synonyms:
                replaced, i = cues.synonyms[two].split(), i + 2
            else:
                one = raw[i] if raw[i] in cues.synonyms else stem(raw[i])
                replaced, i = cues.synonyms.get(one, one).split(), i + 1
            for word in replaced:
                words.append(word)
                clause_of.append(number)
    return words, clause_of, questions


def analyse(text: str, catalog: Catalog) -> Analysis:
    """Analyse one (cleaned) question against ``catalog``."""
    cues = catalog.cues
    words, clause_of, questions = _clauses(_TAG.sub(" ", text), cues)
    words = catalog.speller.correct(words)
    found = Analysis(words, clause_of, cues, arithmetic=bool(_ARITHMETIC.search(text)), questions=questions)
    used = [False] * len(words)
    spans: list[tuple[str, int, int]] = []  # intent cues found so far, longest first
    index = catalog.index
    longest = max(index.max_key_tokens, cues.max_tokens)
    for n in range(min(longest, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            span_clause = clause_of[i]
            if clause_of[i + n - 1] != span_clause:
                continue
            span = " ".join(words[i : i + n])
            signals = cues.lookup(span)
            if any(used[i : i + n]):
                continue  # inside a name or an industry ("online" in "online shopping"): not a cue
            for kind, value in signals:
                if kind == "intent" and not _inside_longer(spans, value, i, n):
                    found.cues.setdefault(value, []).append(i)
                    spans.append((value, i, i + n))
            if n == 1 and span in cues.stopwords:
                continue
            if _take(found, catalog, span, signals, i, n, span_clause):
                used[i : i + n] = [True] * n
    years = cues.group("years")
    for position in range(len(words) - 2):
        if not words[position + 1].isdigit():
            continue
        # "accountant for 8 years": time spent, about oneself (not "in 12 months": a time to reach a goal)
        spent = words[position] in cues.group("in_field") and words[position] not in cues.group("time_ahead")
        # "my 16 yo is obsessed with robots": the writer's child
        child = found.word_is(position, "my") and words[position + 2] in cues.group("age_unit")
        if (spent and words[position + 2] in years) or child:
            found.cues.setdefault("self", []).append(position)
    for ordinal_word, position in ((w, p) for p, w in enumerate(words) if w in cues.ordinals):
        found.ordinals.append((position, cues.ordinals[ordinal_word]))
    for position, word in enumerate(words):  # "number 7", "option 2", or a bare "3"
        numbered = position > 0 and words[position - 1] in cues.group("numbered")
        if word.isdigit() and 0 < int(word) <= MAX_WORDS and (numbered or len(words) <= 2):
            found.ordinals.append((position, int(word)))
    if words and found.phrase_is(0, len(words), "why_alone"):  # "why?" alone: more on the last answer
        found.cues.setdefault("details", []).append(0)
    shared_role_word(found, catalog)
    second_looks(found, catalog)
    unknown_roles(found, catalog)
    found.mentions.sort(key=lambda m: m.start)
    return found


def _take(
    found: Analysis, catalog: Catalog, span: str, signals: tuple[tuple[str, str], ...], i: int, n: int, c: int
) -> bool:
    """Record what ``span`` names, if anything; ``True`` when it consumes its words."""
    kinds = {kind for kind, _ in signals}
    if "ambiguous" in kinds and n == 1:
        found.ambiguous.append((span, i))
        return True
    ref = catalog.index.exact(span)
    if ref is not None:
        found.mentions.append(Mention(f"{ref.kind}:{ref.id}", i, i + n, c, "name"))
        return True
    topics = [value for kind, value in signals if kind == "topic"]
    if topics:
        found.mentions.append(Mention(topics[0], i, i + n, c, "cue"))
        return True
    # "industry", "company" alone are kinds of workplace, not one (a role's workplaces name them)
    in_domain = catalog.index.domain(span) if span not in catalog.cues.group("field") else ()
    if in_domain:
        refs = tuple(f"{r.kind}:{r.id}" for r in in_domain)
        found.domains.append((span, refs))
        for ref_text in refs:
            if ref_text.startswith("example:"):
                found.mentions.append(Mention(ref_text, i, i + n, c, "domain"))
        return True
    if "region" in kinds:
        found.regions.append(i)
        return True
    if "off_topic" in kinds:
        found.off_topic.append(i)  # "who won": a subject outside the job, and a request too
    if "scope" in kinds:
        found.scope.append(i)
    return bool(kinds & {"scope", "off_topic"})


def _inside_longer(spans: list[tuple[str, int, int]], group: str, start: int, n: int) -> bool:
    """Whether a cue lies inside a longer cue of another group: "money" in "waste of money" is no
    salary question, "learn" in "learn from data" no skills question."""
    if group in MARKERS:
        return False
    return any(
        g != group and g not in MARKERS and s <= start and start + n <= e and e - s > n for g, s, e in spans
    )
