"""Requests outside the bot's job ("rewrite my CV", "find me a job in Berlin"), told apart from
the same words said of something else: of where a thing sits ("on my resume"), of a product that
does it ("DeepL turns my documents into English"), or in a question about how something works."""

from __future__ import annotations

from bot.understanding.analysis import Analysis, Mention
from bot.understanding.fields import deep_learning_at
from bot.understanding.senses import ASKED
from bot.understanding.situation import PERSONAL_WORDS, wants


def declines(a: Analysis) -> bool:
    """A request outside the bot's job (or a subject outside it, when no content is named), unless
    it is negated ("not the resume"), a question about one's chances, a question about how something
    works, or a situation with a goal ("analyst at a football club, I want to ...")."""
    # "we install cctv": what the writer does, not a request ("can you write ..." is one).
    # "how do I negotiate": a request
    people = {p for p in a.at("people") if not a.word_is(p, "addressee") and not a.word_is(p - 1, "modal")}
    scope = [p for p in a.scope if p - 1 not in people and not any(p - 2 <= n < p for n in a.at("negation"))]
    scope = [p for p in scope if not _described(a, p) and not _done_by_product(a, p) and not _in_a_role(a, p)]
    scope = [p for p in scope if not _for_a_purpose(a, p)]
    if not a.mentions:  # a subject outside the job, unless content is named beside it
        # "why is deep learning suddenly in the news": a phrase both off-topic and a cue of what
        # deep learning is reads as the latter when deep learning is named
        about = set(a.at("about")) if deep_learning_at(a) else set()
        scope += [p for p in a.off_topic if p not in about]
    if any(_what_goes_on(a, p) for p in a.scope):
        return True  # "writing a cv as a bus mechanic who wants a tech job, what should i put on it?"
    if any(_asked_of_the_bot(a, p) for p in scope):
        # "can u review my resume, i'm applying to nlp roles and want it perfect", "pls write me a
        # cover letter ... im hopeless at letters"
        return True
    if not scope or a.has("chances") or _how_it_works(a):
        return False
    # "i drive for uber at night ... want to work on self driving cars since they'll take my job anyway"
    goal = wants(a) and any(m.ref.startswith(("career:", "example:")) for m in a.mentions)
    told = a.has("self", "have") or (goal and len(a.words) >= 2 * PERSONAL_WORDS)
    return not (a.has("goal") and told and len(a.words) >= PERSONAL_WORDS)


def _asked_of_the_bot(a: Analysis, p: int) -> bool:
    """A request phrase right after "can you", "could u", "pls" at the start of its sentence: asked
    of the bot, whatever goal the writer tells beside it."""
    start = p
    while start > 0 and a.clause_of[start - 1] == a.clause_of[p]:
        start -= 1
    return p - start <= 3 and any(start <= q < p for q in a.at("asking"))


def _what_goes_on(a: Analysis, p: int) -> bool:
    """ "Should I put my kaggle medals on my cv", "what should i put on it": what to put on the
    thing asked for (a modal, then a placing word in its clause), whoever the writer is."""
    if a.has("chances"):
        return False
    for q in a.at("placing"):
        modal = any(
            a.word_is(m, "modal") and a.clause_of[m] == a.clause_of[q] for m in range(max(0, q - 3), q + 1)
        )
        if modal and (a.clause_of[q] == a.clause_of[p] or q > p):
            return True
    return False


def _described(a: Analysis, p: int) -> bool:
    """ "Zero tech jobs on my resume": a request word said of where something is, not a request."""
    return a.phrase_is(p - 2, 2, "placed_on") or a.phrase_is(p - 1, 2, "placed_on")


def _for_a_purpose(a: Analysis, p: int) -> bool:
    """ "Applications of deep learning? need 5 for my essay", "is my gaming pc enough or do I need
    cloud computing": a request word said of what the writer needs the answer for, or of the
    writer's own thing, beside a question the content answers."""
    if not (a.mentions or a.has(*ASKED, "education", "experience")):
        return False
    enough = a.word_is(p - 1, "my") and a.has("enough") and bool(a.refs("skill"))  # "is my pc enough"
    return a.phrase_is(p - 2, 2, "purpose") or enough


def _in_a_role(a: Analysis, p: int) -> bool:
    """ "What experience are hiring managers looking for": a request phrase running into a role's
    name ("are hiring" before "hiring manager") is said of those people, not asked of the bot."""
    for role in a.unknown_roles:
        named = role.split()
        starts = [s for s in range(len(a.words)) if a.words[s : s + len(named)] == named]
        if any(p <= s <= p + 2 for s in starts):
            return True
    return False


def _done_by_product(a: Analysis, p: int) -> bool:
    """ "DeepL turns my documents into English", "Google Translate turns my mum's texts into
    English": a request word said of a product named before it in its sentence, not asked of the bot."""

    def subject(m: Mention) -> bool:  # opening its sentence, maybe after "the": "the zoom app ..."
        opens = a.opens(m.start)
        after_the = (
            m.start > 0
            and a.word_is(m.start - 1, "definite")
            and (m.start == 1 or a.clause_of[m.start - 2] != a.clause_of[m.start])
        )
        return opens or after_the

    return any(
        m.ref.startswith("example:")
        and m.via == "cue"
        and m.end <= p
        and a.clause_of[m.start] == a.clause_of[p]
        and subject(m)
        and not any(a.word_is(q, "people") or q in a.at("asking") for q in range(m.end, p))
        for m in a.mentions
    )


def _how_it_works(a: Analysis) -> bool:
    """ "How does Grammarly fix my writing?" asks how something works, not for the bot to do it
    (unlike "how do I fix my code"); so does a last sentence of only "how?" ("Zoom writes a
    transcript of our meetings. how?")."""
    last = [p for p in range(len(a.words)) if a.clause_of[p] == a.clause_of[-1]] if a.words else []
    if len(last) == 1 and a.word_is(last[0], "how") and last[0] > 0:
        return True
    return 0 in a.at("how_it_works") and len(a.words) > 3 and 2 not in a.at("people")
