"""The admin side of the core: content reload requested by an admin.

The runtime provides a :data:`Reloader` (it does the I/O); the core calls it
for ``/reload`` from a user in ADMIN_IDS and turns the outcome into a reply.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.replies import Block, BulletList, Paragraph, Reply, Span, line

if TYPE_CHECKING:
    from bot.content.catalog import Catalog

MAX_SHOWN_PROBLEMS = 15


@dataclass(frozen=True, slots=True)
class ReloadResult:
    """The outcome of a content reload: the version now served, and the problems if it failed."""

    ok: bool
    version: str
    problems: tuple[str, ...] = ()


Reloader = Callable[[], Awaitable[ReloadResult]]
"""Re-validates the content and swaps it in (the composition root provides it; the core does no I/O)."""


def admin_key(platform: str, user_id: str) -> str:
    """How ADMIN_IDS names a user: ``telegram:12345``."""
    return f"{platform}:{user_id}"


def reload_reply(result: ReloadResult, catalog: Catalog) -> Reply:
    """What the admin who asked for a reload sees, in the catalog's language."""
    p = catalog.phrases
    if result.ok:
        return Reply(p.reload_ok_title, (Paragraph(line(p.reload_ok.format(version=result.version))),))
    shown = result.problems[:MAX_SHOWN_PROBLEMS]
    items = tuple(line(Span(problem, code=True)) for problem in shown)
    more = len(result.problems) - len(shown)
    problems = catalog.plural(p.reload_problems, len(result.problems))
    blocks: list[Block] = [
        Paragraph(line(p.reload_failed_counted.format(problems=problems, version=result.version))),
        BulletList(items),
    ]
    if more > 0:
        blocks.append(Paragraph(line(p.reload_more.format(count=more))))
    return Reply(p.reload_failed_title, tuple(blocks), is_error=True)
