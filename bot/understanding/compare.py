"""Things side by side: two or three roles, two applications, two skills, and deep learning vs
machine learning."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.content.models import Career, Example, Skill
from bot.handlers.charts import salary_chart
from bot.handlers.common import detail_button, refs_of, salary_range
from bot.i18n.formatting import region_name
from bot.replies import Action, Block, Button, FieldItem, Fields, Meaning, Paragraph, Reply, bold, line


def pay_difference(a: Career, b: Career, catalog: Catalog) -> str:
    """One sentence on which of two roles pays more, and by how much at each end of the range."""
    sa, sb = a.salary, b.salary
    low, high = sa.low - sb.low, sa.high - sb.high
    if low == 0 and high == 0:
        return catalog.phrases.compare_same_pay
    if low >= 0 and high >= 0:
        return catalog.phrases.compare_more.format(
            name=a.name, low=catalog.money(low, sa.currency), high=catalog.money(high, sa.currency)
        )
    if low <= 0 and high <= 0:
        return catalog.phrases.compare_more.format(
            name=b.name, low=catalog.money(-low, sa.currency), high=catalog.money(-high, sa.currency)
        )
    top, other = (a, b) if high > 0 else (b, a)
    return catalog.phrases.compare_mixed.format(
        name=top.name,
        other=other.name,
        high=catalog.money(abs(high), sa.currency),
        low=catalog.money(abs(low), sa.currency),
    )


def careers(catalog: Catalog, *roles: Career) -> Reply:
    """Two or three roles side by side: what each does and where, the skills they all share and
    each one's own, every range, and the difference (of two) or the spread between the best and
    the worst paid (of more)."""
    sets = [set(c.skills) for c in roles]
    shared = [s for s in roles[0].skills if all(s in other for other in sets)]
    pair = len(roles) == 2

    def names(ids: list[str]) -> str:
        return ", ".join(catalog.skills[s].name for s in ids) or "-"

    def own(n: int) -> list[str]:
        return [s for s in roles[n].skills if not any(s in sets[m] for m in range(len(roles)) if m != n)]

    regions = list(dict.fromkeys(region_name(c.salary.region, catalog.language) for c in roles))
    p = catalog.phrases
    difference = pay_difference(roles[0], roles[1], catalog) if pair else spread(list(roles), catalog)
    blocks: tuple[Block, ...] = (
        Paragraph(line(bold(p.compare_what))),
        Fields(tuple(FieldItem(c.name, line(c.work)) for c in roles)),
        Paragraph(line(bold(p.compare_where))),
        Fields(tuple(FieldItem(c.name, line(", ".join(c.workplaces))) for c in roles)),
        Fields(
            (
                FieldItem(p.compare_shared if pair else p.compare_shared_all, line(names(shared))),
                *(
                    FieldItem(p.compare_only.format(name=c.name), line(names(own(n))))
                    for n, c in enumerate(roles)
                ),
            )
        ),
        Paragraph(
            line(bold(p.compare_pay.format(region="/".join(regions), currency=roles[0].salary.currency)))
        ),
        Fields(
            (
                *(FieldItem(c.name, line(salary_range(c.salary, catalog))) for c in roles),
                FieldItem(p.compare_difference, line(difference)),
            )
        ),
    )
    buttons = (
        *(Button(p.btn_details.format(name=c.name), Action("careers", c.id)) for c in roles),
        *(Button(p.btn_path.format(name=c.name), Action("path", c.id)) for c in roles),
        Button(p.btn_salary, Action("salary")),
    )
    refs = tuple(f"career:{c.id}" for c in roles)
    title = roles[0].name
    for c in roles[1:]:
        title = p.compare_title.format(a=title, b=c.name)
    return Reply(
        title,
        blocks,
        buttons,
        p.footer_salary,
        link=Action("compare", " ".join(c.id for c in roles)) if pair else None,  # /compare takes two
        meaning=Meaning("compare", refs, refs),  # "the first one", "the other one" point into them
        picture=salary_chart(catalog, highlight=tuple(c.id for c in roles)),  # among every role
    )


def spread(roles: list[Career], catalog: Catalog) -> str:
    """One sentence on the best and the worst paid of three or more roles, and how far apart they are."""
    top = max(roles, key=lambda c: (c.salary.high, c.salary.low))
    bottom = min(roles, key=lambda c: (c.salary.low, c.salary.high))
    low, high = top.salary.low - bottom.salary.low, top.salary.high - bottom.salary.high  # both >= 0
    if low == 0 and high == 0:
        return catalog.phrases.compare_same_pay_all
    money = catalog.money
    return catalog.phrases.compare_spread.format(
        top=top.name,
        bottom=bottom.name,
        low=money(low, top.salary.currency),
        high=money(high, top.salary.currency),
    )


def examples(catalog: Catalog, a: Example, b: Example) -> Reply:
    """Two applications: what each does, the industries and the roles behind it."""
    blocks: list[Block] = []
    for example in (a, b):
        roles = ", ".join(r.name for r in refs_of(catalog, "career", example.careers)) or "-"
        blocks += [
            Paragraph(line(bold(example.name))),
            Paragraph(line(example.summary)),
            Fields(
                (
                    FieldItem(catalog.phrases.compare_domains, line(", ".join(example.domains) or "-")),
                    FieldItem(catalog.phrases.compare_roles, line(roles)),
                )
            ),
        ]
    buttons = (
        Button(a.name, Action("examples", a.id)),
        Button(b.name, Action("examples", b.id)),
        *(detail_button(r) for r in refs_of(catalog, "career", [*a.careers, *b.careers])[:4]),
    )
    pair = (f"example:{a.id}", f"example:{b.id}")
    meaning = Meaning("compare", pair, pair)  # "the first one", "the other one" point into the pair
    title = catalog.phrases.compare_title.format(a=a.name, b=b.name)
    return Reply(
        title, tuple(blocks), _unique(buttons), link=Action("compare", f"{a.id} {b.id}"), meaning=meaning
    )


def skills(catalog: Catalog, a: Skill, b: Skill) -> Reply:
    """Two skills: what each is, why it matters, its roadmap stage and who needs it."""
    blocks: list[Block] = []
    for skill in (a, b):
        roles = ", ".join(r.name for r in refs_of(catalog, "career", skill.careers)) or "-"
        blocks += [
            Paragraph(line(bold(skill.name))),
            Paragraph(line(skill.summary)),
            Fields(
                (
                    FieldItem(catalog.phrases.field_why, line(skill.why)),
                    FieldItem(catalog.phrases.field_stage, line(catalog.phrases.stage(skill.stage))),
                    FieldItem(catalog.phrases.field_careers, line(roles)),
                )
            ),
        ]
    buttons = (Button(a.name, Action("skills", a.id)), Button(b.name, Action("skills", b.id)))
    pair = (f"skill:{a.id}", f"skill:{b.id}")
    meaning = Meaning("compare", pair, pair)  # "the first one", "the other one" point into the pair
    title = catalog.phrases.compare_title.format(a=a.name, b=b.name)
    return Reply(title, tuple(blocks), buttons, link=Action("compare", f"{a.id} {b.id}"), meaning=meaning)


def deep_vs_machine_learning(catalog: Catalog, skill: Skill) -> Reply:
    """Deep learning (the about text) beside a skill such as machine learning (its skill entry)."""
    about = catalog.about
    blocks = (
        Paragraph(line(bold(about.name))),
        Paragraph(line(about.definition)),
        Paragraph(line(about.neural_networks)),
        Paragraph(line(bold(skill.name))),
        Paragraph(line(skill.summary)),
        Paragraph(line(skill.why)),
    )
    buttons = (
        Button(catalog.phrases.btn_about, Action("about")),
        Button(skill.name, Action("skills", skill.id)),
    )
    meaning = Meaning("compare", ("topic:about", f"skill:{skill.id}"))
    return Reply(
        catalog.phrases.compare_title.format(a=about.name, b=skill.name), blocks, buttons, meaning=meaning
    )


def _unique(buttons: tuple[Button, ...]) -> tuple[Button, ...]:
    seen: set[str] = set()
    out = []
    for b in buttons:
        if b.packed not in seen:
            seen.add(b.packed)
            out.append(b)
    return tuple(out)
