"""Skill checklists: mark the skills of a role's roadmap you already have, and see your progress.

Marks belong to the person, not to a role (knowing Python counts for every
roadmap); the roles whose checklist someone used are remembered in order, so
/progress can show each of them.  Checklist buttons carry the desired state
(``mark|<skill>.<role digest>.<1 or 0>``), so pressing one twice is harmless.
"""

from __future__ import annotations

import hashlib

from bot.content.catalog import Catalog
from bot.content.models import Career
from bot.handlers.charts import roadmap_chart
from bot.handlers.guidance import roadmap, roadmap_order
from bot.payloads import ChecklistMark
from bot.replies import Action, Block, BulletList, Button, FieldItem, Fields, Paragraph, Reply, bold, line
from bot.request import Request
from bot.store.base import Checklist

COMMAND = "mark"
MAX_BUTTONS = 25
"""Discord allows 25 components per message; Telegram is looser."""
MAX_PROGRESS_ROLES = 10


def role_digest(career_id: str) -> str:
    """A 6-character stand-in for a career id, so a skill id and a role fit one 64-byte button."""
    return hashlib.blake2b(career_id.encode(), digest_size=3).hexdigest()


def mark_action(skill_id: str, career_id: str, have: bool) -> Action:
    """The button action that sets ``skill_id`` to ``have`` from ``career_id``'s checklist."""
    return ChecklistMark(skill_id, role_digest(career_id), have).action()


def roadmap_with_checklist(catalog: Catalog, career: Career, checklist: Checklist) -> Reply:
    """The role's roadmap, plus its skills as a checklist with a button each."""
    base = roadmap(catalog, career)
    order = roadmap_order(catalog, career)
    items = tuple(
        line(
            catalog.phrases.checklist_have if s in checklist.skills else catalog.phrases.checklist_not_yet,
            catalog.skills[s].name,
        )
        for s in order
    )
    blocks: list[Block] = [
        *base.blocks,
        Paragraph(line(bold(catalog.phrases.checklist_title))),
        BulletList(items),
        Paragraph(line(catalog.phrases.checklist_hint)),
    ]
    marks = []
    for skill_id in order:
        name = catalog.skills[skill_id].name
        have = skill_id in checklist.skills
        label = (catalog.phrases.btn_have if have else catalog.phrases.btn_not_yet).format(name=name)
        marks.append(Button(label, mark_action(skill_id, career.id, not have)))
    # The skill-detail buttons of the plain roadmap give way to the checklist's.
    others = tuple(b for b in base.buttons if b.action.command != "skills")
    buttons = (*marks, Button(catalog.phrases.btn_progress, Action("progress")), *others)
    picture = roadmap_chart(catalog, career, order, checklist.skills)  # marks shown once there are any
    return Reply(
        base.title,
        tuple(blocks),
        buttons[:MAX_BUTTONS],
        base.footer,
        link=base.link,
        meaning=base.meaning,
        picture=picture,
    )


def mark(request: Request, catalog: Catalog, checklist: Checklist) -> tuple[Reply, Checklist]:
    """Apply a checklist button; the reply is the role's roadmap with the updated checklist."""
    payload = ChecklistMark.unpack(request.argument)
    skill = catalog.skills.get(payload.skill) if payload is not None else None
    career_id = None
    if payload is not None and skill is not None:
        career_id = next((c for c in skill.careers if role_digest(c) == payload.role), None)
    if payload is None or career_id is None:
        return Reply(
            catalog.phrases.stale_button_title,
            (Paragraph(line(catalog.phrases.checklist_stale)),),
            is_error=True,
        ), checklist
    skill_id, have = payload.skill, payload.have
    skills = checklist.skills | {skill_id} if have else checklist.skills - {skill_id}
    roles = checklist.roles if career_id in checklist.roles else (*checklist.roles, career_id)
    new = Checklist(frozenset(skills), roles)
    if new == checklist:
        new = checklist
    return roadmap_with_checklist(catalog, catalog.careers[career_id], new), new


def progress(request: Request, catalog: Catalog, checklist: Checklist) -> Reply:
    """/progress: per role, what you have and what is left, in roadmap order."""
    roles = [catalog.careers[r] for r in checklist.roles if r in catalog.careers][:MAX_PROGRESS_ROLES]
    if not roles:
        return Reply(
            catalog.phrases.progress_empty_title,
            (Paragraph(line(catalog.phrases.progress_empty)),),
            (
                Button(catalog.phrases.path_pick_title, Action("path")),
                Button(catalog.phrases.btn_quiz, Action("quiz")),
            ),
        )
    blocks: list[Block] = []
    for career in roles:
        order = roadmap_order(catalog, career)
        have = [catalog.skills[s].name for s in order if s in checklist.skills]
        left = [catalog.skills[s].name for s in order if s not in checklist.skills]
        skills = catalog.plural(catalog.phrases.progress_skills, len(order))
        heading = catalog.phrases.progress_role_counted.format(
            name=career.name, have=catalog.number(len(have)), skills=skills
        )
        blocks.append(Paragraph(line(bold(heading))))
        blocks.append(
            Fields(
                (
                    FieldItem(
                        catalog.phrases.progress_have, line(", ".join(have) or catalog.phrases.progress_none)
                    ),
                    FieldItem(
                        catalog.phrases.progress_left, line(", ".join(left) or catalog.phrases.progress_done)
                    ),
                )
            )
        )
    buttons = tuple(Button(catalog.phrases.btn_path.format(name=c.name), Action("path", c.id)) for c in roles)
    return Reply(
        catalog.phrases.progress_title,
        tuple(blocks),
        (*buttons, Button(catalog.phrases.btn_quiz, Action("quiz"))),
    )
