"""Building blocks shared by the handlers: resolving arguments, lists, money."""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.catalog import Catalog
from bot.content.index import Kind, Ref
from bot.content.models import Salary
from bot.payloads import Page
from bot.replies import Action, BulletList, Button, Meaning, Paragraph, Reply, bold, line

PAGE_SIZE = 10
"""Entities per page of a browsable list (Discord allows 25 buttons, we keep it readable)."""

DETAIL_COMMAND: dict[Kind, str] = {"career": "careers", "skill": "skills", "example": "examples"}
"""The command that shows one entity of each kind."""

_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "JPY": "¥"}


def money(amount: int, currency: str) -> str:
    """``120000, "USD"`` -> ``$120,000``; unknown currencies keep their code."""
    symbol = _CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{amount:,}" if symbol else f"{amount:,} {currency}"


def salary_range(salary: Salary, catalog: Catalog) -> str:
    """``$120,000 to $170,000 a year`` in the catalog's language (``120.000 US$ a 170.000 US$ al año``)."""
    return catalog.phrases.salary_range.format(
        low=catalog.money(salary.low, salary.currency), high=catalog.money(salary.high, salary.currency)
    )


def topic_of(ref: Ref) -> str:
    """The topic ref of an entity, as replies' meanings carry it: ``career:nlp-engineer``."""
    return f"{ref.kind}:{ref.id}"


def detail_button(ref: Ref) -> Button:
    """A button that opens one entity."""
    return Button(ref.name, Action(DETAIL_COMMAND[ref.kind], ref.id))


def page_of(argument: str) -> int | None:
    """The page number of a ``~N`` argument, else ``None``."""
    page = Page.of("", argument)
    return page.number if page is not None else None


def list_reply(
    catalog: Catalog,
    title: str,
    refs: Sequence[Ref],
    command: str,
    page: int = 1,
    intro: str | None = None,
    button_command: str | None = None,
    intent: str = "",
) -> Reply:
    """A browsable, paged list of entities with a button for each one on the page."""
    pages = max(1, -(-len(refs) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = refs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    blocks: list[Paragraph | BulletList] = []
    if intro:
        blocks.append(Paragraph(line(intro)))
    blocks.append(BulletList(tuple(line(bold(r.name)) for r in shown)))
    blocks.append(Paragraph(line(catalog.phrases.list_pick)))
    target = button_command or command
    buttons = [Button(r.name, Action(target, r.id)) for r in shown]
    if page > 1:
        buttons.append(Button(catalog.phrases.btn_previous, Page(command, page - 1).action()))
    if page < pages:
        buttons.append(Button(catalog.phrases.btn_next, Page(command, page + 1).action()))
    footer = catalog.phrases.list_page.format(page=page, pages=pages) if pages > 1 else None
    meaning = Meaning(intent or command, listed=tuple(topic_of(r) for r in shown))
    return Reply(title, tuple(blocks), tuple(buttons), footer, meaning=meaning)


def suggestion_reply(
    text: str, suggestions: Sequence[Ref], fallback: Sequence[Ref], catalog: Catalog
) -> Reply:
    """'I don't know X. Did you mean...' with a button per suggestion."""
    shown = list(suggestions) or list(fallback)[:PAGE_SIZE]
    intro = catalog.phrases.did_you_mean if suggestions else catalog.phrases.no_suggestion
    return Reply(
        catalog.phrases.did_you_mean_title.format(text=text[:60]),
        (Paragraph(line(intro)), BulletList(tuple(line(r.name) for r in shown))),
        tuple(detail_button(r) for r in shown),
        is_error=True,
    )


def resolve(catalog: Catalog, kind: Kind, argument: str) -> Ref | Reply:
    """The entity ``argument`` names, or a did-you-mean reply."""
    found = catalog.index.resolve(kind, argument)
    if found.match is not None:
        return found.match
    return suggestion_reply(argument, found.suggestions, catalog.refs(kind), catalog)


def refs_of(catalog: Catalog, kind: Kind, ids: Sequence[str]) -> list[Ref]:
    """Refs for a list of ids of one kind."""
    return [catalog.ref(kind, i) for i in ids]
