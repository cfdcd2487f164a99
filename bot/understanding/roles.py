"""Role names the content lacks, found in an analysed question ("prompt engineer", "quant
researcher", "bioinformatician"): the bot says it does not know them, and never answers with
another role's figures under that name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.content.catalog import Catalog

if TYPE_CHECKING:
    from bot.understanding.analysis import Analysis, Mention

NOUN_GROUPS = frozenset({"education", "examples", "course"})
"""Cue groups whose words can still be part of a role's name ("education consultant")."""
_NAMED = ("career:", "skill:")


def unknown_roles(found: Analysis, catalog: Catalog) -> None:
    """Role names the content lacks: a role word ("engineer") after a word that does not make it a
    known career ("prompt engineer"), or a career named only by a bare role word after such a word
    ("quant researcher": the content's "researcher" alias does not make a quant a research scientist)."""
    cues, words = catalog.cues, found.words
    articles = cues.group("article")
    paid = cues.group("pay_verb") | cues.group("salary")

    def covering(position: int) -> Mention | None:
        return next((m for m in found.mentions if m.start <= position < m.end), None)

    def unknown(position: int) -> bool:
        """A word that names nothing known: no stopword, cue, name or content word."""
        word = words[position]
        looked = set(cues.lookup(word)) - {("role", "")}  # "a pharmacist": a role word no career has
        if word in cues.stopwords or looked or covering(position) is not None:
            return False
        return word not in catalog.index.vocabulary and not word.isdigit()

    def modifier(position: int) -> bool:
        word = words[position]
        if word.isdigit():
            return False  # "80 agents on the phones": a number of people, not a kind of agent
        if word in cues.stopwords or any(
            kind == "intent" and group not in NOUN_GROUPS for kind, group in cues.lookup(word)
        ):
            return False
        mention = covering(position)
        return mention is None or not mention.ref.startswith("career:")

    starts = {m.start for m in found.mentions}
    for position in range(2, len(words)):  # "how much does a quant make": whoever is asked about
        if words[position] not in paid or found.unknown_roles or position + 1 in starts:
            continue  # "a factory floor making car parts": making something the content names
        for start in (position - 2, position - 3):
            named = words[start + 1 : position]
            if (
                start >= 0
                and words[start] in articles
                and all(unknown(p) for p in range(start + 1, position))
            ):
                found.unknown_roles.append(" ".join(named))
                break
    for position in range(len(words)):
        word = words[position]
        if (
            _role_shaped(word, cues.role_endings)
            # "bioinformatician salary?", "become a bioinformatician", "bioinformatician jobs",
            # "what do bioinformaticians earn?"
            and (
                words[position - 1] in articles
                or _opens(found, position)
                or found.word_is(position + 1, "kind_noun")
                or (position + 1 < len(words) and words[position + 1] in paid)  # "bioinformaticians earn"
            )
            and not covering(position)
        ):
            found.unknown_roles.append(word)  # "become a bioinformatician"
            continue
        if position == 0 or ("role", "") not in cues.lookup(word) or not modifier(position - 1):
            continue
        mention = covering(position)
        if mention is not None and (
            mention.end - mention.start > 1 or (not mention.ref.startswith(("career:", "skill:")))
        ):
            continue  # part of a longer name ("nlp engineer") or of other content ("software engineer")
        if mention is not None and mention.ref.startswith("career:"):
            found.mentions.remove(mention)
        start = position - 2 if position >= 2 and modifier(position - 2) else position - 1
        found.unknown_roles.append(" ".join(words[start : position + 1]))
    for position in range(1, len(words) - 1):  # "un ingeniero de prompts", "un analista cuantitativo"
        role = words[position - 1] in articles and ("role", "") in cues.lookup(words[position])
        joins = catalog.role_joins if role and not found.unknown_roles else None
        if joins is None:
            continue
        after = position + 2 if words[position + 1] in joins else position + 1
        mention = covering(position)  # a bare role word that is a career's alias ("investigador") too
        bare = mention is None or (mention.end - mention.start == 1 and mention.ref.startswith(_NAMED))
        if after < len(words) and unknown(after) and bare:
            if mention is not None and mention.ref.startswith("career:"):
                found.mentions.remove(mention)
            found.unknown_roles.append(" ".join(words[position : after + 1]))


def _opens(found: Analysis, position: int) -> bool:
    """A word that opens the message, alone or after one modifier ("computational biologist - ..."),
    not after a possessive or a determiner ("my optician photographed ...", "the radiologist")."""
    owned = any(found.word_is(0, g) for g in ("own", "definite", "demonstrative"))
    return position == 0 or (position == 1 and not owned)


def _role_shaped(word: str, endings: tuple[str, ...]) -> bool:
    """A word shaped like a job title on its own (bioinformatician, radiologist, photographer)."""
    return len(word) > 7 and word.endswith(endings)
