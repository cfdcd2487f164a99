"""A content folder in three languages for the adapters' language tests, and what to expect of it.

:func:`write_multilingual` copies the fixture catalog (``tests/fixtures/catalog``,
whose Spanish and Russian translate only a few phrases) and completes what
the end-to-end language tests need: the full Spanish and Russian UI phrases
(the shipped ``content/locales/<lang>/phrases.yaml``: the bot's own wording,
the same whatever the content) and the first quiz question translated (the
fixture's own cue words already hold a comparison's).  The tests compute
what they expect from the loaded catalog (``catalog.for_language("ru")``),
never from literal translations, so rewording a phrase breaks nothing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from bot.content.catalog import Catalog
from bot.content.loader import bundled_content_dir, load_catalog
from bot.core import Core
from bot.flows import checklist
from bot.flows.service import StateService
from bot.replies import BulletList, Fields, Paragraph, Reply, plain_text
from bot.request import Request, Who
from bot.store import MemoryStore
from tests.content import FIXTURE_CONTENT
from tests.synthetic import write_synthetic
from tests.talk import text_to

LANGUAGES = ("es", "ru")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")

QUIZ: dict[str, dict[str, Any]] = {
    "es": {
        "title": "Cuestionario de prueba: ¿qué rol te va?",
        "intro": "Seis preguntas de prueba. Cualquier rol del catálogo de prueba puede ganar.",
        "questions": [
            {
                "id": "interest",
                "text": "¿Con qué tipo de datos disfrutas más?",
                "answers": [
                    {"id": "pictures", "label": "Imágenes y cámaras"},
                    {"id": "text", "label": "Documentos y chats"},
                    {"id": "audio", "label": "Audio y voz"},
                    {"id": "machines", "label": "Máquinas que se mueven"},
                    {"id": "tables", "label": "Hojas de cálculo y libros contables"},
                    {"id": "papers", "label": "Artículos y métodos nuevos"},
                ],
            }
        ],
    },
    "ru": {
        "title": "Тестовая викторина: какая роль вам подходит?",
        "intro": "Шесть тестовых вопросов. Победить может любая роль тестового каталога.",
        "questions": [
            {
                "id": "interest",
                "text": "С какими данными вам интереснее всего работать?",
                "answers": [
                    {"id": "pictures", "label": "Изображения и камеры"},
                    {"id": "text", "label": "Документы и переписка"},
                    {"id": "audio", "label": "Аудио и голос"},
                    {"id": "machines", "label": "Движущиеся машины"},
                    {"id": "tables", "label": "Таблицы и бухгалтерские книги"},
                    {"id": "papers", "label": "Статьи и новые методы"},
                ],
            }
        ],
    },
}
"""The quiz's title, intro and first question translated (the other questions stay English)."""


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def write_multilingual(target: Path, source: Path = FIXTURE_CONTENT) -> Path:
    """Write the three-language test folder into ``target`` (a copy of ``source``); return it."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    shipped = bundled_content_dir() / "locales"
    for lang in LANGUAGES:
        folder = target / "locales" / lang
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shipped / lang / "phrases.yaml", folder / "phrases.yaml")
        _dump(folder / "quiz.yaml", {"schema_version": 1, "quiz": QUIZ[lang]})
    return target


def in_language(catalog: Catalog, lang: str) -> Catalog:
    """The catalog of ``lang``, checked to be a translation (not the English fallback)."""
    found = catalog.for_language(lang)
    assert found.language == lang, f"{lang} is not a language of this content"
    return found


def first_line(text: str) -> str:
    """The first line of a message's plain text."""
    return text.split("\n", 1)[0]


def plain_text_of(reply: Reply) -> str:
    """Every word a reply shows: title, blocks, footer (no emphasis)."""
    parts = [reply.title]
    for block in reply.blocks:
        if isinstance(block, Paragraph):
            parts.append(plain_text(block.spans))
        elif isinstance(block, BulletList):
            parts += [plain_text(item) for item in block.items]
        elif isinstance(block, Fields):
            parts += [f"{item.name} {plain_text(item.value)}" for item in block.items]
    parts.append(reply.footer or "")
    return "\n".join(parts)


def largest_russian(folder: Path) -> Core:
    """A core serving the shipped content, whose Russian is complete, replicated 100 times with its
    Russian (the renderers' limits at the largest content; only limits are asserted on it)."""
    return Core(load_catalog(write_synthetic(folder, 100, locales=("ru",))))


async def russian_replies(core: Core, platform: str) -> list[Reply]:
    """Russian replies at the largest content, each checked to be Russian: every pure command
    bare (list pages of 600-1,000 entries; the stateful ones need a store, and their replies do
    not grow with the content), the longest details of each kind and the last replicas', roadmaps,
    a comparison of the first and the last career, a salary question."""
    ru = in_language(core.catalog, "ru")
    texts = [f"/{spec.name}" for spec in core.table if spec.kind == "pure"]
    for kind in ("career", "skill", "example"):
        table = ru.table(kind)
        longest = sorted(table, key=lambda i: len(str(table[i])), reverse=True)[:3]
        texts += [f"/{kind}s {i}" for i in [*longest, *list(table)[-2:]]]
    careers = list(ru.careers)
    texts += [f"/path {i}" for i in careers[:6] + careers[-6:]]
    texts += [f"/compare {careers[0]} vs {careers[-1]}", "сколько зарабатывает инженер nlp?"]
    replies = []
    for text in texts:
        reply = await text_to(core, text, platform=platform, user_id="7", language="ru")
        assert reply is not None, text
        assert not reply.is_error, text
        assert CYRILLIC.search(reply.title), (text, reply.title)
        replies.append(reply)
    return replies


async def russian_stateful_replies(core: Core, platform: str) -> list[Reply]:
    """Russian replies from saved state at ``core``'s content (a memory store of their own): the
    quiz from its first step to its result, roadmaps with their checklists for the last twelve
    careers, a skill ticked on each, and /progress over all those roles; each checked Russian."""
    served = Core(core.catalog, state=StateService(MemoryStore()))
    who: Who = {"platform": platform, "user_id": "8", "conversation": "8", "language": "ru"}
    replies: list[Reply] = []

    async def answer(request: Request | None) -> Reply:
        assert request is not None
        reply = await served.respond(request)
        assert not reply.is_error, reply.title
        assert CYRILLIC.search(reply.title), reply.title
        replies.append(reply)
        return reply

    reply = await answer(Request.from_text("/quiz", **who))
    for _ in core.catalog.quiz.questions:
        reply = await answer(Request.from_button(reply.buttons[-1].packed, **who))
    for career in list(core.catalog.careers)[-12:]:
        path = await answer(Request.from_text(f"/path {career}", **who))
        mark = next(b for b in path.buttons if b.action.command == checklist.COMMAND)
        await answer(Request.from_button(mark.packed, **who))
    await answer(Request.from_text("/progress", **who))
    return replies


def longer_than_a_message(replies: list[Reply]) -> Reply:
    """One Russian reply made of the blocks of many, far longer than any message may be."""
    blocks = tuple(block for reply in replies for block in reply.blocks)
    return Reply(replies[0].title, blocks, replies[0].buttons, replies[0].footer)
