"""The pictures replies carry: the salary range chart and a role's roadmap, built from the catalog.

Everything on a chart comes from the content in the request's language: the career names, the
figures in the language's money format (:meth:`~bot.content.catalog.Catalog.money`), the source
(region and currency of the ranges) and the content's salary caveats in the caption, the stages
of ``/path`` (the education's maths and programming, the role's skills in roadmap order, the ways
to get experience, the role and its pay).  Nothing about the roles or their ranges is written here.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Sequence

from bot.content.catalog import Catalog
from bot.content.models import Career
from bot.handlers.common import salary_range
from bot.i18n.formatting import region_name
from bot.pictures import Bar, RoadmapChart, SalaryChart, Stage

MAX_BARS = 12
"""Roles one salary chart holds legibly on a phone; ``content check`` warns above it."""
MAX_LABEL = 56
"""Characters of a role's name that fit on one line of a PNG chart (a 1,104 px line of bold 28 px
DejaVu Sans, measured at 17 to 19 px a character in English, Spanish and Russian names); a longer
name is cut short there with an ellipsis, and ``content check`` warns about it."""


def _order(career: Career) -> tuple[int, int]:
    return -career.salary.high, -career.salary.low


def _ranked(careers: Iterable[Career]) -> list[Career]:
    """Highest top of the range first, then highest bottom; ties keep content order."""
    return sorted(careers, key=_order)


def _joined(values: Iterable[str]) -> str:
    return ", ".join(sorted(set(values)))


def salary_chart(
    catalog: Catalog, *, highlight: Collection[str] = (), only: Collection[str] | None = None
) -> SalaryChart:
    """The salary range chart of every role (or of the roles in ``only``), sorted by the top of the range;
    with more than :data:`MAX_BARS` roles, the best paid that fit, the highlighted ones kept.

    ``highlight`` are career ids to stand out among the others (one role's ``/salary``, the two roles
    of a comparison).  Unknown ids are ignored; an ``only`` naming no known role shows every role.
    """
    pool = [c for c in catalog.careers.values() if only is None or c.id in only] or list(
        catalog.careers.values()
    )
    if len(pool) > MAX_BARS:  # the best paid that fit, with the highlighted roles kept among them
        kept = [c for c in pool if c.id in highlight][:MAX_BARS]
        rest = heapq.nsmallest(MAX_BARS - len(kept), (c for c in pool if c.id not in highlight), key=_order)
        pool = [*kept, *rest]
    ranked = _ranked(pool)
    p = catalog.phrases
    bars = tuple(
        Bar(
            c.name,
            c.salary.low,
            c.salary.high,
            catalog.money(c.salary.low, c.salary.currency),
            catalog.money(c.salary.high, c.salary.currency),
            c.id in highlight,
        )
        for c in ranked
    )
    region = _joined(region_name(c.salary.region, catalog.language) for c in ranked)
    currency = _joined(c.salary.currency for c in ranked)
    source = p.chart_salary_source.format(region=region, currency=currency)
    caption = " ".join((source, *catalog.guidance.salary_notes.caveats))
    top, bottom = ranked[0], ranked[-1]
    if len(ranked) == 1:
        alt = p.chart_salary_alt_one.format(name=top.name, range=salary_range(top.salary, catalog))
    else:
        alt = p.chart_salary_alt.format(
            top=top.name,
            top_range=salary_range(top.salary, catalog),
            bottom=bottom.name,
            bottom_range=salary_range(bottom.salary, catalog),
        )
    marked = [c.name for c in ranked if c.id in highlight]
    if marked and len(marked) < len(ranked):
        alt = f"{alt} {p.chart_salary_alt_marked.format(names=', '.join(marked))}"
    return SalaryChart(p.salary_title.format(region=region), bars, caption, alt, catalog.language)


def roadmap_chart(
    catalog: Catalog, career: Career, order: Sequence[str], covered: Collection[str] | None = None
) -> RoadmapChart:
    """The roadmap of ``career`` as a path of four stages, its skills (ids) in ``order``.

    ``order`` is :func:`bot.handlers.guidance.roadmap_order`, the one order every roadmap shows.
    ``covered`` are the skills the person marked as done: with any marks, the skills stage carries
    one ``done`` flag per skill; without (``None`` or empty) no stage has flags.
    """
    p = catalog.phrases
    e = catalog.guidance.education
    skills = tuple(catalog.skills[s].name for s in order)
    done = tuple(s in covered for s in order) if covered else ()
    pay = salary_range(career.salary, catalog)
    stages = (
        Stage(p.path_step_education, (*e.maths, p.education_programming)),
        Stage(p.path_step_skills, skills, done),
        Stage(p.path_step_experience, catalog.guidance.experience.ways),
        Stage(
            p.path_step_target, (career.name, f"{region_name(career.salary.region, catalog.language)}: {pay}")
        ),
    )
    count = catalog.plural(p.progress_skills, len(skills))
    alt = p.chart_roadmap_alt.format(name=career.name, skills=count, range=pay)
    if done:
        have = catalog.number(sum(done))
        alt = f"{alt} {p.chart_roadmap_marks.format(have=have, skills=count)}"
    return RoadmapChart(p.path_title.format(name=career.name), stages, alt, catalog.language)


def chart_warnings(catalog: Catalog) -> list[str]:
    """What would not fit on a chart of this catalog's language (for ``content check``)."""
    warnings = []
    if len(catalog.careers) > MAX_BARS:
        warnings.append(
            f"careers.yaml: {len(catalog.careers)} careers, more than the {MAX_BARS} a salary chart "
            f"shows legibly on a phone; charts show the {MAX_BARS} best paid (with the roles a reply "
            "is about among them), the text lists every role"
        )
    for career in catalog.careers.values():
        if len(career.name) > MAX_LABEL:
            warnings.append(
                f"careers.yaml: careers.{career.id}.name is {len(career.name)} characters, more than the "
                f"{MAX_LABEL} that fit on one line of a chart (it is cut short there)"
            )
    return warnings
