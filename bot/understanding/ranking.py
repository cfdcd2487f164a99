"""Roles ranked by pay: highest, lowest, top N, a full ranking, a subset, with exclusions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.content.catalog import Catalog
from bot.content.models import Career
from bot.handlers.charts import salary_chart
from bot.handlers.common import salary_range
from bot.i18n.formatting import region_name
from bot.replies import Action, Block, Button, FieldItem, Fields, Meaning, Paragraph, Reply, line
from bot.understanding.compare import pay_difference

Order = Literal["high", "low"]


@dataclass(frozen=True, slots=True)
class Ranking:
    """What to rank: ``among`` (empty: every role) minus ``without``, in ``order``, showing ``top``
    roles as the answer (0: the full ranking), or only the role at ``position`` ("the second best")."""

    order: Order = "high"
    among: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    top: int = 1
    position: int = 0
    named: tuple[str, ...] = ()
    """The one role the question names ("is ML engineer the best paid?"): among the topics too."""


def sort_key(order: Order) -> Callable[[Career], tuple[int, int]]:
    """Highest: by the top of the range, then the bottom; lowest: by the bottom, then the top."""
    if order == "high":
        return lambda c: (-c.salary.high, -c.salary.low)
    return lambda c: (c.salary.low, c.salary.high)


def rank(catalog: Catalog, ask: Ranking) -> Reply:
    """The ranking reply: the answer sentence(s), then every ranked role with its range."""
    pool = [catalog.careers[i] for i in ask.among if i in catalog.careers] or list(catalog.careers.values())
    pool = [c for c in pool if c.id not in ask.without]
    key = sort_key(ask.order)
    ranked: list[Career] = sorted(pool, key=key)
    if not ranked:
        ranked = sorted(catalog.careers.values(), key=key)
    region = ", ".join(sorted({region_name(c.salary.region, catalog.language) for c in ranked}))
    pair = len(ask.among) == 2 and not ask.without
    blocks: list[Block] = []
    if pair:
        title = catalog.phrases.rank_title_pair.format(region=region)
        blocks.append(Paragraph(line(pay_difference(ranked[0], ranked[1], catalog))))
        answer = ranked
    else:
        answer = _answer(ranked, ask)
        title = _title(catalog, ask, region)
        blocks.extend(_sentences(catalog, ranked, answer, ask))
    if ask.without:
        names = ", ".join(catalog.careers[i].name for i in ask.without if i in catalog.careers)
        blocks.append(Paragraph(line(catalog.phrases.rank_without.format(names=names))))
    fields = tuple(
        FieldItem(f"{n}. {c.name}", line(salary_range(c.salary, catalog))) for n, c in enumerate(ranked, 1)
    )
    blocks.append(Fields(fields))
    blocks.append(
        Paragraph(
            line(catalog.phrases.rank_order_high if ask.order == "high" else catalog.phrases.rank_order_low)
        )
    )
    buttons = tuple(
        Button(catalog.phrases.btn_salary_of.format(name=c.name), Action("salary", c.id)) for c in answer[:4]
    )
    named = ranked if len(ask.among) >= 2 else answer  # a ranking among named roles is about all of them
    named = [*named, *(c for c in ranked if c.id in ask.named and c not in named)]
    meaning = Meaning(
        "ranking",
        tuple(f"career:{c.id}" for c in named),
        tuple(f"career:{c.id}" for c in ranked),
        follow="salary",
    )
    # The ranked roles; the answer stands out unless the answer is every one of them.
    marked = () if len(answer) >= len(ranked) else tuple(c.id for c in answer)
    picture = salary_chart(catalog, highlight=marked, only=[c.id for c in ranked])
    return Reply(
        title,
        tuple(blocks),
        (*buttons, Button(catalog.phrases.btn_salary, Action("salary"))),
        catalog.phrases.footer_salary,
        meaning=meaning,
        picture=picture,
    )


def _answer(ranked: Sequence[Career], ask: Ranking) -> list[Career]:
    """The roles that answer the question: the first ``top`` (and any tied with the last of them),
    or, for a full ranking, every role."""
    key = sort_key(ask.order)
    if 0 < ask.position <= len(ranked):
        place = key(ranked[ask.position - 1])
        return [c for c in ranked if key(c) == place]
    if ask.top <= 0 or ask.top >= len(ranked):
        return list(ranked)
    cut = key(ranked[ask.top - 1])
    return [c for i, c in enumerate(ranked) if i < ask.top or key(c) == cut]


def _title(catalog: Catalog, ask: Ranking, region: str) -> str:
    if ask.top <= 0:
        return catalog.phrases.rank_title_all.format(region=region)
    return (
        catalog.phrases.rank_title_high if ask.order == "high" else catalog.phrases.rank_title_low
    ).format(region=region)


def _sentences(
    catalog: Catalog, ranked: Sequence[Career], answer: Sequence[Career], ask: Ranking
) -> list[Paragraph]:
    first = answer[0]
    if ask.top <= 0:
        top = sorted(ranked, key=sort_key("high"))[0]
        bottom = sorted(ranked, key=sort_key("low"))[0]
        return [
            Paragraph(
                line(catalog.phrases.rank_top.format(name=top.name, range=salary_range(top.salary, catalog)))
            ),
            Paragraph(
                line(
                    catalog.phrases.rank_bottom.format(
                        name=bottom.name, range=salary_range(bottom.salary, catalog)
                    )
                )
            ),
        ]
    if ask.position:
        template = catalog.phrases.rank_place_high if ask.order == "high" else catalog.phrases.rank_place_low
        names = (
            catalog.phrases.list_and.join(c.name for c in answer)
            if hasattr(catalog.phrases, "list_and")
            else " / ".join(c.name for c in answer)
        )  # roles tied at that place share one range
        return [
            Paragraph(
                line(template.format(n=ask.position, name=names, range=salary_range(first.salary, catalog)))
            )
        ]
    same = [c for c in answer if c.salary.low == first.salary.low and c.salary.high == first.salary.high]
    if ask.top == 1 and len(same) > 1:
        names = ", ".join(c.name for c in same)
        return [
            Paragraph(
                line(catalog.phrases.rank_tie.format(names=names, range=salary_range(first.salary, catalog)))
            )
        ]
    template = catalog.phrases.rank_top if ask.order == "high" else catalog.phrases.rank_bottom
    return [Paragraph(line(template.format(name=first.name, range=salary_range(first.salary, catalog))))]
