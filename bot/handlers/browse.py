"""/careers, /skills and /examples: browsable lists and one entity in detail."""

from __future__ import annotations

from dataclasses import replace

from bot.content.catalog import Catalog
from bot.content.index import Ref
from bot.content.models import Career, Example, Skill
from bot.handlers.common import (
    PAGE_SIZE,
    detail_button,
    list_reply,
    page_of,
    refs_of,
    resolve,
    salary_range,
    suggestion_reply,
    topic_of,
)
from bot.i18n.formatting import region_name
from bot.replies import Action, BulletList, Button, FieldItem, Fields, Meaning, Paragraph, Reply, bold, line
from bot.request import Request
from bot.text import key


def career_reply(catalog: Catalog, career: Career) -> Reply:
    """One career: what the person does, where, key skills, related examples, pay."""
    skills = refs_of(catalog, "skill", career.skills)
    examples = refs_of(catalog, "example", career.examples)
    fields = [
        FieldItem(catalog.phrases.field_where, line(", ".join(career.workplaces))),
        FieldItem(catalog.phrases.field_skills, line(", ".join(r.name for r in skills))),
    ]
    if examples:
        fields.append(FieldItem(catalog.phrases.field_examples, line(", ".join(r.name for r in examples))))
    fields.append(
        FieldItem(
            catalog.phrases.salary_title.format(region=region_name(career.salary.region, catalog.language)),
            line(salary_range(career.salary, catalog)),
        )
    )
    buttons = [
        Button(catalog.phrases.btn_path.format(name=career.name), Action("path", career.id)),
        Button(catalog.phrases.btn_salary_of.format(name=career.name), Action("salary", career.id)),
        *(detail_button(r) for r in skills[:4]),
        *(detail_button(r) for r in examples[:2]),
    ]
    return Reply(
        career.name,
        (Paragraph(line(career.summary)), Paragraph(line(career.work)), Fields(tuple(fields))),
        tuple(buttons),
        link=Action("careers", career.id),
        meaning=Meaning("career", (f"career:{career.id}",)),
    )


def skill_reply(catalog: Catalog, skill: Skill) -> Reply:
    """One skill: why it matters, where to start, who needs it."""
    careers = refs_of(catalog, "career", skill.careers)
    stage = catalog.phrases.stage(skill.stage)
    blocks = (
        Paragraph(line(skill.summary)),
        Fields(
            (
                FieldItem(catalog.phrases.field_why, line(skill.why)),
                FieldItem(catalog.phrases.field_stage, line(stage)),
            )
        ),
        Paragraph(line(catalog.phrases.field_start + ":")),
        BulletList(tuple(line(step) for step in skill.start)),
        Fields((FieldItem(catalog.phrases.field_careers, line(", ".join(r.name for r in careers) or "-")),)),
    )
    return Reply(
        skill.name,
        blocks,
        tuple(detail_button(r) for r in careers[:6]),
        link=Action("skills", skill.id),
        meaning=Meaning("skill", (f"skill:{skill.id}",)),
    )


def example_reply(catalog: Catalog, example: Example) -> Reply:
    """One application of deep learning and the careers that work on it."""
    careers = refs_of(catalog, "career", example.careers)
    blocks: list[Paragraph | Fields] = [Paragraph(line(example.summary))]
    if example.details:
        blocks.append(Paragraph(line(example.details)))
    fields = []
    if example.domains:
        fields.append(FieldItem(catalog.phrases.field_domains, line(", ".join(example.domains))))
    if careers:
        fields.append(FieldItem(catalog.phrases.field_careers, line(", ".join(r.name for r in careers))))
    if fields:
        blocks.append(Fields(tuple(fields)))
    buttons = tuple(detail_button(r) for r in careers[:6])
    meaning = Meaning("example", (f"example:{example.id}",))
    return Reply(example.name, tuple(blocks), buttons, link=Action("examples", example.id), meaning=meaning)


def careers(request: Request, catalog: Catalog) -> Reply:
    """/careers [role]"""
    page = page_of(request.argument)
    if not request.argument or page is not None:
        return list_reply(
            catalog, catalog.phrases.list_careers_title, catalog.refs("career"), "careers", page or 1
        )
    found = resolve(catalog, "career", request.argument)
    return found if isinstance(found, Reply) else career_reply(catalog, catalog.careers[found.id])


def skills(request: Request, catalog: Catalog) -> Reply:
    """/skills [skill]"""
    page = page_of(request.argument)
    if not request.argument or page is not None:
        return list_reply(
            catalog, catalog.phrases.list_skills_title, catalog.refs("skill"), "skills", page or 1
        )
    found = resolve(catalog, "skill", request.argument)
    return found if isinstance(found, Reply) else skill_reply(catalog, catalog.skills[found.id])


def domain_reply(catalog: Catalog, domain: str, refs: tuple[Ref, ...]) -> Reply:
    """What is tagged with an industry or domain: applications, and careers that work there."""
    if len(refs) == 1:
        only = refs[0]
        if only.kind == "career":
            reply = career_reply(catalog, catalog.careers[only.id])
        else:
            reply = example_reply(catalog, catalog.examples[only.id])
        return replace(reply, meaning=replace(reply.meaning, intent="domain"))
    title = catalog.phrases.list_domain_title.format(domain=domain)
    items = tuple(line(bold(r.name), f" ({catalog.phrases.kind(r.kind)})") for r in refs[:PAGE_SIZE])
    buttons = tuple(detail_button(r) for r in refs[:PAGE_SIZE])
    meaning = Meaning(
        "domain", tuple(topic_of(r) for r in refs), tuple(topic_of(r) for r in refs[:PAGE_SIZE])
    )
    return Reply(
        title, (BulletList(items), Paragraph(line(catalog.phrases.list_pick))), buttons, meaning=meaning
    )


def roles_reply(catalog: Catalog, example: Example) -> Reply:
    """The roles behind an application ("who builds that?"), each with what it does and its range."""
    roles = [catalog.careers[c] for c in example.careers if c in catalog.careers]
    items = tuple(line(bold(c.name), f": {c.summary} ", salary_range(c.salary, catalog)) for c in roles)
    buttons = tuple(detail_button(catalog.ref("career", c.id)) for c in roles[:PAGE_SIZE])
    topics = tuple(f"career:{c.id}" for c in roles)
    meaning = Meaning("careers", topics, topics, follow="career")
    title = catalog.phrases.list_roles_of_title.format(example=example.name)
    return Reply(title, (BulletList(items),), buttons, meaning=meaning)


def examples(request: Request, catalog: Catalog) -> Reply:
    """/examples [topic]: an application by name, or an industry such as healthcare."""
    page = page_of(request.argument)
    if not request.argument or page is not None:
        return list_reply(
            catalog, catalog.phrases.list_examples_title, catalog.refs("example"), "examples", page or 1
        )
    exact = catalog.index.exact(key(request.argument))
    if exact is not None and exact.kind == "example":
        return example_reply(catalog, catalog.examples[exact.id])
    in_domain = tuple(r for r in catalog.index.domain(key(request.argument)) if r.kind == "example")
    if in_domain:
        return domain_reply(catalog, request.argument, in_domain)
    found = catalog.index.resolve("example", request.argument)
    if found.match is not None:
        return example_reply(catalog, catalog.examples[found.match.id])
    return suggestion_reply(request.argument, found.suggestions, catalog.refs("example"), catalog)
