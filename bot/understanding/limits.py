"""Honest limits: what the content does not hold, said plainly, then what it does hold.

* Salaries elsewhere: only US figures are known; they are shown as such.
* A role the content lacks: say so, never another role's salary under its
  name, and offer the closest roles it knows.
* A request outside the bot's job (write my CV, find me a job): say so and
  show what it can do.
* An ambiguous word the sentence does not settle: ask back with buttons.
* Questions about one's chances: answered from the education and experience facts.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from bot.content.catalog import Catalog
from bot.content.models import Career
from bot.handlers import guidance
from bot.handlers.common import detail_button
from bot.replies import (
    Action,
    Block,
    BulletList,
    Button,
    FieldItem,
    Fields,
    Meaning,
    Paragraph,
    Reply,
    bold,
    line,
)
from bot.request import Request
from bot.text import key

CLOSEST = 3


def region(catalog: Catalog, career: Career | None) -> Reply:
    """A salary question about another country or currency: only US figures, shown as such."""
    base = guidance.salary(Request("salary", career.id if career is not None else ""), catalog)
    topics = (f"career:{career.id}",) if career is not None else ()
    meaning = Meaning("limit_region", topics, base.meaning.listed, follow="salary")
    blocks = (Paragraph(line(catalog.phrases.limit_region)), *base.blocks)
    return replace(base, title=catalog.phrases.limit_region_title, blocks=blocks, link=None, meaning=meaning)


def closest_roles(catalog: Catalog, name: str) -> list[Career]:
    """The known roles whose names or aliases look most like ``name`` (at most three)."""
    wanted = key(name)
    scored = []
    for career in catalog.careers.values():
        names = (career.name, *career.aliases)
        score = max(fuzz.token_set_ratio(wanted, key(n)) for n in names)
        scored.append((score, career))
    scored.sort(key=lambda pair: -pair[0])
    return [c for s, c in scored[:CLOSEST] if s >= 40]


def unknown_role(catalog: Catalog, name: str, asked: str) -> Reply:
    """A role the content does not have: say so; list the roles it knows, the closest first."""
    close = closest_roles(catalog, name)
    blocks: list[Block] = [Paragraph(line(catalog.phrases.limit_role))]
    rest = [c for c in catalog.careers.values() if c not in close][: max(0, 10 - len(close))]
    blocks.append(BulletList(tuple(line(bold(c.name), f": {c.summary}") for c in [*close, *rest])))
    if close:
        blocks.append(
            Paragraph(line(catalog.phrases.limit_role_close.format(names=", ".join(c.name for c in close))))
        )
    buttons = tuple(detail_button(catalog.ref("career", c.id)) for c in [*close, *rest][:6])
    meaning = Meaning("limit_role", listed=tuple(f"career:{c.id}" for c in [*close, *rest]), follow=asked)
    shown = " ".join(name.split())[:40]
    return Reply(catalog.phrases.limit_role_title.format(name=shown), tuple(blocks), buttons, meaning=meaning)


def out_of_scope(catalog: Catalog) -> Reply:
    """A request outside careerbot's job: say so, and offer what it does."""
    buttons = (Button(catalog.phrases.btn_about, Action("about")), *guidance.topic_buttons(catalog.phrases))
    return Reply(
        catalog.phrases.limit_scope_title,
        (Paragraph(line(catalog.phrases.limit_scope)),),
        buttons,
        meaning=Meaning("limit_scope"),
    )


def clarify(catalog: Catalog, term: str, senses: tuple[tuple[str, str, frozenset[str]], ...]) -> Reply:
    """Ask back: one button per sense of an ambiguous word."""
    buttons = []
    for means, label, _ in senses:
        if means == "out_of_scope":
            buttons.append(Button(label, Action("ask", f"help with my {term}")))
        else:
            kind, _, ident = means.partition(":")
            command = {"career": "careers", "skill": "skills", "example": "examples"}[kind]
            buttons.append(Button(label, Action(command, ident)))
    text = catalog.phrases.clarify.format(term=term.upper() if len(term) <= 3 else term)
    return Reply(
        catalog.phrases.clarify_title, (Paragraph(line(text)),), tuple(buttons), meaning=Meaning("clarify")
    )


def chances(catalog: Catalog, first: str, goal: str = "") -> Reply:
    """ "Am I too old / can I without a degree / can I switch?": the education and experience facts;
    with the role the writer aims at (``goal``, a career id), its roadmap first among the buttons and
    the role among the topics, so that "what would my roadmap look like" follows on."""
    e, x = catalog.guidance.education, catalog.guidance.experience
    education: list[Block] = [
        Paragraph(line(bold(catalog.phrases.chances_education))),
        Paragraph(line(e.summary)),
        Fields(
            (
                FieldItem(catalog.phrases.education_degree, line(e.degree)),
                FieldItem(catalog.phrases.education_self_study, line(e.self_study)),
                FieldItem(catalog.phrases.education_maths, line(", ".join(e.maths))),
            )
        ),
    ]
    experience: list[Block] = [
        Paragraph(line(bold(catalog.phrases.chances_experience))),
        Paragraph(line(x.summary)),
        Paragraph(line(x.hands_on)),
        BulletList(tuple(line(w) for w in x.ways)),
        Paragraph(line(x.transfer)),
    ]
    parts = [*education, *experience] if first == "education" else [*experience, *education]
    order = ("topic:education", "topic:experience")
    facts = order if first == "education" else order[::-1]
    role = catalog.careers.get(goal)
    p = catalog.phrases
    roadmap = (Button(p.btn_path.format(name=role.name), Action("path", role.id)),) if role else ()
    buttons = (
        *roadmap,
        Button(p.btn_education, Action("education")),
        Button(p.btn_experience, Action("experience")),
        Button(p.btn_quiz, Action("quiz")),
        Button(p.btn_careers, Action("careers")),
    )
    topics = (*facts, f"career:{role.id}") if role else facts
    blocks = (Paragraph(line(p.chances_intro)), *parts)
    return Reply(p.chances_title, blocks, buttons, meaning=Meaning("chances", topics))
