"""``careerbot chart salary|roadmap [--role ID] [--language CODE] [--done SKILLS] --out FILE``.

Draws the picture a reply would carry (the same builders, :mod:`bot.handlers.charts`) into a
PNG file, so an admin or a reviewer can see a chart without a platform.  A wrong role,
language or output path is one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from adapters.pictures import draw_png
from bot.content.catalog import Catalog
from bot.handlers.charts import roadmap_chart, salary_chart
from bot.handlers.guidance import roadmap_order
from bot.pictures import Picture

EXIT_OK, EXIT_USAGE = 0, 2


class ChartUsageError(ValueError):
    """A chart that cannot be drawn as asked (its message is the one line shown)."""


def picture_of(catalog: Catalog, kind: str, role: str | None, language: str, done: str = "") -> Picture:
    """The picture ``careerbot chart`` draws; raises :class:`ChartUsageError` for a wrong argument."""
    if language not in catalog.languages:
        raise ChartUsageError(
            f"unknown language {language[:20]!r}: the content has {', '.join(catalog.languages)}"
        )
    local = catalog.for_language(language)
    career = None
    if role:
        found = local.index.resolve("career", role).match
        if found is None:
            raise ChartUsageError(f"unknown role {role[:40]!r}: the content has {', '.join(local.careers)}")
        career = local.careers[found.id]
    if kind == "salary":
        return salary_chart(local, highlight=(career.id,) if career is not None else ())
    if career is None:
        raise ChartUsageError(f"a roadmap needs --role: one of {', '.join(local.careers)}")
    marks = {s.strip() for s in done.split(",") if s.strip()}
    unknown = sorted(marks - set(local.skills))
    if unknown:
        raise ChartUsageError(f"unknown skill {unknown[0][:40]!r} in --done")
    return roadmap_chart(local, career, roadmap_order(local, career), marks)


def write_chart(
    catalog: Catalog, kind: str, role: str | None, language: str, out: Path, done: str = ""
) -> int:
    """Draw the chart into ``out``; the exit code (2 with one line on stderr when it cannot)."""
    try:
        picture = picture_of(catalog, kind, role, language, done)
    except ChartUsageError as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    png = draw_png(picture)
    try:
        out.write_bytes(png)
    except OSError as exc:
        print(f"careerbot: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{out}: {len(png):,} bytes ({kind}, {language})")
    return EXIT_OK
