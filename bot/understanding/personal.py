"""A person's situation: their goal, what they already have, and the roadmap from there."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.content.models import Career
from bot.flows.checklist import mark_action
from bot.handlers.common import detail_button
from bot.handlers.guidance import roadmap_order, roadmap_steps
from bot.replies import (
    Action,
    Block,
    Button,
    FieldItem,
    Fields,
    Meaning,
    Paragraph,
    Reply,
    line,
)

MAX_BUTTONS = 10


def career_for(catalog: Catalog, goal: str, covered: frozenset[str]) -> Career | None:
    """The role a goal leads to: the career itself, or, for an application, the role behind it
    that needs most of what the person already has; on a tie the most specialised one (linked to
    the fewest applications: an NLP Engineer for chatbots rather than a Research Scientist), then
    the first listed."""
    kind, _, ident = goal.partition(":")
    if kind == "career":
        return catalog.careers.get(ident)
    example = catalog.examples.get(ident) if kind == "example" else None
    if example is None or not example.careers:
        return None
    roles = [catalog.careers[c] for c in example.careers if c in catalog.careers]
    ranked = sorted(
        enumerate(roles), key=lambda p: (-len(covered & set(p[1].skills)), len(p[1].examples), p[0])
    )
    return ranked[0][1] if ranked else None


def plan(catalog: Catalog, goal: str, covered: frozenset[str]) -> Reply | None:
    """The roadmap towards ``goal`` with the skills the person has marked as covered, a button to
    tick each of them in their checklist, and the next skills to learn."""
    career = career_for(catalog, goal, covered)
    if career is None:
        return None
    order = roadmap_order(catalog, career)
    have = [s for s in order if s in covered]
    left = [s for s in order if s not in covered]
    elsewhere = sorted(s for s in covered if s not in order and s in catalog.skills)
    blocks: list[Block] = []
    kind, _, ident = goal.partition(":")
    goal_name = career.name
    if kind == "example":
        example = catalog.examples[ident]
        goal_name = example.name
        roles = ", ".join(catalog.careers[c].name for c in example.careers if c in catalog.careers)
        blocks.append(
            Paragraph(
                line(
                    catalog.phrases.personal_goal_example.format(
                        example=example.name, names=roles, name=career.name
                    )
                )
            )
        )
    blocks.append(Paragraph(line(career.summary)))
    blocks.append(
        Fields(
            (
                FieldItem(
                    catalog.phrases.personal_covered,
                    line(", ".join(catalog.skills[s].name for s in (*have, *elsewhere)) or "-"),
                ),
                FieldItem(
                    catalog.phrases.personal_next,
                    line(", ".join(catalog.skills[s].name for s in left) or "-"),
                ),
            )
        )
    )
    if not have and not elsewhere:
        blocks.append(Paragraph(line(catalog.phrases.personal_covered_none)))
    blocks += roadmap_steps(catalog, career, covered)
    if have:
        blocks.append(Paragraph(line(catalog.phrases.personal_mark)))
    buttons = [
        *(
            Button(
                catalog.phrases.btn_i_have.format(name=catalog.skills[s].name),
                mark_action(s, career.id, True),
            )
            for s in have
        ),
        *(detail_button(catalog.ref("skill", s)) for s in left[:3]),
        Button(catalog.phrases.btn_path.format(name=career.name), Action("path", career.id)),
        Button(catalog.phrases.btn_salary_of.format(name=career.name), Action("salary", career.id)),
    ]
    topics = (goal,) if goal == f"career:{career.id}" else (goal, f"career:{career.id}")
    meaning = Meaning("personal", topics, follow="path")
    title = catalog.phrases.personal_title.format(goal=goal_name)
    return Reply(
        title, tuple(blocks), tuple(buttons[:MAX_BUTTONS]), link=Action("path", career.id), meaning=meaning
    )
