"""/about, /education, /experience, /salary and /path."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.content.models import STAGE_ORDER, Career
from bot.handlers.charts import roadmap_chart, salary_chart
from bot.handlers.common import detail_button, list_reply, page_of, refs_of, resolve, salary_range
from bot.i18n.formatting import region_name
from bot.phrases import EN, Phrases
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

_TOPICS = ("careers", "skills", "examples", "salary", "education", "experience")


def topic_buttons(p: Phrases = EN, *, exclude: str = "") -> tuple[Button, ...]:
    """The main topics as buttons (labels in the language of ``p``), minus the one being shown."""
    return tuple(Button(getattr(p, f"btn_{t}"), Action(t)) for t in _TOPICS if t != exclude)


def about(request: Request, catalog: Catalog) -> Reply:
    """/about: what deep learning is."""
    a = catalog.about
    blocks: list[Block] = [
        Paragraph(line(a.summary)),
        Paragraph(line(a.definition)),
        Paragraph(line(a.neural_networks)),
        Paragraph(line(bold(catalog.phrases.about_uses))),
        BulletList(tuple(line(u) for u in a.uses)),
        Paragraph(line(bold(catalog.phrases.about_data + ": "), a.data_volume.text)),
        *(Paragraph(line(c)) for c in a.context),
    ]
    buttons = (
        Button(catalog.phrases.btn_examples, Action("examples")),
        Button(catalog.phrases.btn_careers, Action("careers")),
        Button(catalog.phrases.btn_skills, Action("skills")),
    )
    return Reply(a.name, tuple(blocks), buttons, meaning=Meaning("about", ("topic:about",)))


def education(request: Request, catalog: Catalog) -> Reply:
    """/education: maths, programming, degree or self-study."""
    e = catalog.guidance.education
    blocks = (
        Paragraph(line(e.summary)),
        Paragraph(line(bold(catalog.phrases.education_maths))),
        BulletList(tuple(line(m) for m in e.maths)),
        Fields(
            (
                FieldItem(catalog.phrases.education_programming, line(e.programming)),
                FieldItem(catalog.phrases.education_ml, line(e.machine_learning)),
                FieldItem(catalog.phrases.education_degree, line(e.degree)),
                FieldItem(catalog.phrases.education_self_study, line(e.self_study)),
            )
        ),
    )
    basics = [catalog.ref("skill", s.id) for s in catalog.skills.values() if s.stage == "foundation"]
    buttons = (*(detail_button(r) for r in basics[:4]), *topic_buttons(catalog.phrases, exclude="education"))
    return Reply(
        catalog.phrases.education_title, blocks, buttons, meaning=Meaning("education", ("topic:education",))
    )


def experience(request: Request, catalog: Catalog) -> Reply:
    """/experience: what counts and how to get it."""
    x = catalog.guidance.experience
    blocks = (
        Paragraph(line(x.summary)),
        Paragraph(line(bold(catalog.phrases.experience_counts))),
        BulletList(tuple(line(c) for c in x.counts)),
        Paragraph(line(x.hands_on)),
        Paragraph(line(bold(catalog.phrases.experience_ways))),
        BulletList(tuple(line(w) for w in x.ways)),
        Paragraph(line(bold(catalog.phrases.experience_transfer + ": "), x.transfer)),
    )
    meaning = Meaning("experience", ("topic:experience",))
    return Reply(
        catalog.phrases.experience_title,
        blocks,
        topic_buttons(catalog.phrases, exclude="experience"),
        meaning=meaning,
    )


def _salary_notes(catalog: Catalog) -> list[Paragraph | BulletList]:
    notes = catalog.guidance.salary_notes
    blocks: list[Paragraph | BulletList] = [BulletList(tuple(line(c) for c in notes.caveats))]
    if notes.raises:
        blocks.append(Paragraph(line(bold(catalog.phrases.salary_raises))))
        blocks.append(BulletList(tuple(line(r) for r in notes.raises)))
    return blocks


def salary(request: Request, catalog: Catalog) -> Reply:
    """/salary [role]: one role's range, or every range, always with the caveats."""
    page = page_of(request.argument)
    if request.argument and page is None:
        found = resolve(catalog, "career", request.argument)
        if isinstance(found, Reply):
            return found
        career = catalog.careers[found.id]
        s = career.salary
        where = f"{region_name(s.region, catalog.language)}, {s.currency}"
        blocks = (
            Fields((FieldItem(where, line(bold(salary_range(s, catalog)))),)),
            Paragraph(line(catalog.guidance.salary_notes.summary)),
            *_salary_notes(catalog),
        )
        buttons = (
            Button(catalog.phrases.btn_path.format(name=career.name), Action("path", career.id)),
            Button(catalog.phrases.btn_details.format(name=career.name), Action("careers", career.id)),
            Button(catalog.phrases.btn_salary, Action("salary")),
        )
        title = catalog.phrases.salary_role_title.format(name=career.name)
        meaning = Meaning("salary", (f"career:{career.id}",))
        return Reply(
            title,
            blocks,
            buttons,
            catalog.phrases.footer_salary,
            link=Action("salary", career.id),
            meaning=meaning,
            picture=salary_chart(catalog, highlight=(career.id,)),
        )
    all_careers = list(catalog.careers.values())
    regions = sorted({region_name(c.salary.region, catalog.language) for c in all_careers})
    fields = tuple(FieldItem(c.name, line(salary_range(c.salary, catalog))) for c in all_careers[:25])
    blocks = (Paragraph(line(catalog.guidance.salary_notes.summary)), Fields(fields), *_salary_notes(catalog))
    overview = tuple(
        Button(catalog.phrases.btn_salary_of.format(name=c.name), Action("salary", c.id))
        for c in all_careers[:8]
    )
    meaning = Meaning("salary", listed=tuple(f"career:{c.id}" for c in all_careers[:25]))
    title = catalog.phrases.salary_title.format(region=", ".join(regions))
    return Reply(
        title, blocks, overview, catalog.phrases.footer_salary, meaning=meaning, picture=salary_chart(catalog)
    )


def roadmap_order(catalog: Catalog, career: Career) -> list[str]:
    """The role's skill ids in roadmap order: by stage, then by importance for the role."""
    ordered = sorted(
        enumerate(career.skills), key=lambda pair: (STAGE_ORDER[catalog.skills[pair[1]].stage], pair[0])
    )
    return [skill_id for _, skill_id in ordered]


def roadmap_steps(catalog: Catalog, career: Career, covered: frozenset[str] | None = None) -> list[Block]:
    """The four stages of a role's roadmap: foundations, skills in order, experience, the role.

    With ``covered`` (the skills a person has), each skill is ticked or left open instead of
    showing its stage; this is the one roadmap that ``/path`` and a personal situation both show.
    """
    e = catalog.guidance.education
    x = catalog.guidance.experience
    target = catalog.phrases.path_target.format(
        work=career.work,
        region=region_name(career.salary.region, catalog.language),
        range=salary_range(career.salary, catalog),
    )
    order = roadmap_order(catalog, career)
    if covered is None:
        skills = tuple(
            line(catalog.skills[s].name, " (", catalog.phrases.stage(catalog.skills[s].stage), ")")
            for s in order
        )
    else:
        skills = tuple(line(("✓ " if s in covered else "○ ") + catalog.skills[s].name) for s in order)
    return [
        Paragraph(line(bold(f"1. {catalog.phrases.path_step_education}"))),
        BulletList((*(line(m) for m in e.maths), line(e.programming))),
        Paragraph(line(bold(f"2. {catalog.phrases.path_step_skills}"))),
        BulletList(skills),
        Paragraph(line(bold(f"3. {catalog.phrases.path_step_experience}"))),
        Paragraph(line(x.hands_on)),
        BulletList(tuple(line(w) for w in x.ways)),
        Paragraph(line(bold(f"4. {catalog.phrases.path_step_target}"))),
        Paragraph(line(target)),
        Paragraph(line(x.transfer)),
    ]


def roadmap(catalog: Catalog, career: Career) -> Reply:
    """The ordered learning path for a role: foundations, skills by stage, experience, the role."""
    skills = refs_of(catalog, "skill", roadmap_order(catalog, career))
    blocks = (Paragraph(line(career.summary)), *roadmap_steps(catalog, career))
    buttons = (
        *(detail_button(r) for r in skills[:6]),
        Button(catalog.phrases.btn_salary_of.format(name=career.name), Action("salary", career.id)),
        Button(catalog.phrases.btn_experience, Action("experience")),
    )
    title = catalog.phrases.path_title.format(name=career.name)
    meaning = Meaning("path", (f"career:{career.id}",), listed=tuple(f"skill:{r.id}" for r in skills))
    picture = roadmap_chart(catalog, career, roadmap_order(catalog, career))
    return Reply(title, blocks, buttons, link=Action("path", career.id), meaning=meaning, picture=picture)


def path(request: Request, catalog: Catalog) -> Reply:
    """/path <role>: an ordered roadmap; without a role, a list to pick from."""
    page = page_of(request.argument)
    if not request.argument or page is not None:
        return list_reply(
            catalog,
            catalog.phrases.path_pick_title,
            catalog.refs("career"),
            "path",
            page or 1,
            button_command="path",
            intent="careers",
        )
    found = resolve(catalog, "career", request.argument)
    return found if isinstance(found, Reply) else roadmap(catalog, catalog.careers[found.id])
