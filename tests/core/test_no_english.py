"""No English left in a fully translated reply, apart from names: Spanish and Russian, shipped content.

For each language the sweep (:func:`sweep`) runs every listed command bare, with every role,
skill, example and command as its argument (by id and by the translated name), with an unknown
argument, comparisons, the quiz from the first question to the result, checklist marks, progress,
/language, /forgetme, errors (unknown command, unreadable argument, stale button), free-text
questions in the language, and presses every button of what it saw.  Each reply's text and
button labels are checked against :data:`ENGLISH`, common English words and the bot's UI words.

Allowed: the words of the content's names in that language (careers, skills, examples: a name
such as "PyTorch" is a name in any language), slash commands and their argument names
(``/salary``: command names stay English everywhere), links, and :data:`ALLOWED`.
The Telegram menus and the Discord localizations are checked against the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import discord
import pytest

from adapters.discord.commands import build_tree, payload, translate_tree
from adapters.telegram.menu import menus
from bot.commands import default_table
from bot.content.catalog import Catalog
from bot.content.index import Kind
from bot.content.loader import bundled_content_dir, load_catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.replies import BulletList, Fields, Paragraph, Reply, plain_text
from bot.request import Request, Who
from bot.store import MemoryStore
from tests.multilingual import in_language

LANGUAGES = ("es", "ru")


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


ENGLISH = words(
    """
    the and or but not yes your you yours our with without for from into onto about above below
    this that these those there here what which who whom whose how where why when while than then
    is are was were be been being have had do does did can could will would should may might
    must it its they them their she his her we us my of to in on at by an as if so up out
    all any each every some more most less least other others one two three first second last
    next back previous more start over again try open share chat help language languages choose
    pick page skill skills role career careers salary salaries pay paid earn earns range
    ranges year years learn learning study education experience degree maths math programming
    machine deep engineer engineers scientist scientists research work works working job jobs
    example examples application applications industry industries question questions answer
    answers quiz match matches best also possible result results progress checklist roadmap
    stage foundation core applied step steps build aim lay ask asked know known sorry wrong
    something expired button buttons message messages command commands unknown mean did
    deleted delete nothing left still yet already mark marks marked got welcome here closest
    compare versus vs same both only higher lower highest lowest number top bottom
    """
)
"""English words that give away an untranslated phrase (none of them is a Spanish word)."""

ALLOWED = words("python pytorch tensorflow keras jax cuda git github kaggle linux docker")
"""Names every language writes as English does (any case)."""
ABBREVIATIONS = words("US USD NLP GPU GPUs IT ML AI CV SQL API LLM AWS")
"""Abbreviations every language writes as English does, in capitals only ("IT-кругах", "US$")."""

WORD = re.compile(r"[^\W\d_]+")
"""A word in any script ("días" is one word, not "d" and "as")."""
SKIP = re.compile(r"https?://\S+|/[a-z_]+(?:\s+[<\[][^>\]]*[>\]])*|\{[^}]*\}|\([A-Za-z][A-Za-z -]*\)")
"""Links, slash commands with their argument names (``/salary [role]``: option names stay English,
as Discord shows them), placeholders, and a term's English original in brackets after its
translation ("aprendizaje profundo (deep learning)"): not words of a reply."""

QUESTIONS = {
    "es": [
        "¿cuánto gana un ingeniero de pln?",
        "¿qué habilidades necesito para visión por computador?",
        "¿y en España?",
        "compara científico de datos frente a ingeniero de pln",
        "¿qué matemáticas necesito?",
        "escríbeme un currículum",
        "soy enfermera y quiero trabajar en imagen médica",
        "qwertyuiop asdf",
    ],
    "ru": [
        "сколько зарабатывает инженер nlp?",
        "какие навыки нужны для компьютерного зрения?",
        "а в Германии?",
        "сравни дата-сайентиста и инженера nlp",
        "какая математика нужна?",
        "напиши мне резюме",
        "я медсестра и хочу работать с медицинскими изображениями",
        "йцукенгшщз фыва",
    ],
}


def english_words(text: str, catalog: Catalog) -> list[str]:
    """The words of ``text`` that are English and not allowed (see the module docstring)."""
    names = allowed_names(catalog)
    words = WORD.findall(SKIP.sub(" ", text))
    return [
        w for w in words if w.casefold() in ENGLISH and w.casefold() not in names and w not in ABBREVIATIONS
    ]


_NAMES: dict[int, frozenset[str]] = {}


def allowed_names(catalog: Catalog) -> frozenset[str]:
    """The words of the names of the careers, skills and examples, in ``catalog``'s language."""
    found = _NAMES.get(id(catalog))
    if found is None:
        words: set[str] = set(ALLOWED)
        for kind in ("career", "skill", "example"):
            for ref in catalog.refs(kind):
                words |= {w.casefold() for w in WORD.findall(ref.name)}
        found = _NAMES[id(catalog)] = frozenset(words)
    return found


OPTIONS = frozenset(
    arg.name for spec in default_table() for arg in (spec.argument, spec.second) if arg is not None
)
"""The option names of the commands: /help shows each with its description, as Discord does."""


def shown(reply: Reply) -> Iterator[str]:
    """Every text a user sees in ``reply``: title, blocks (a field named by an option name without
    that name), footer and button labels."""
    yield reply.title
    for block in reply.blocks:
        if isinstance(block, Paragraph):
            yield plain_text(block.spans)
        elif isinstance(block, BulletList):
            yield from (plain_text(item) for item in block.items)
        elif isinstance(block, Fields):
            for item in block.items:
                yield "" if item.name in OPTIONS else item.name
                yield plain_text(item.value)
    yield reply.footer or ""
    for button in reply.buttons:
        yield button.label


class Sweep:
    """Talks to a core as one user of one language and keeps every reply, by what was asked."""

    def __init__(self, core: Core, lang: str) -> None:
        self.core = core
        self.lang = lang
        self.who: Who = {
            "platform": "telegram",
            "user_id": f"u-{lang}",
            "conversation": f"c-{lang}",
            "language": lang,
        }
        self.replies: dict[str, Reply] = {}

    async def text(self, text: str) -> Reply:
        """Send ``text`` (the platform's tag is the language's)."""
        request = Request.from_text(text, **self.who)
        assert request is not None
        return await self.keep(text, request)

    async def press(self, packed: str, what: str) -> Reply:
        """Press a button carrying ``packed``."""
        return await self.keep(what, Request.from_button(packed, **self.who))

    async def keep(self, what: str, request: Request) -> Reply:
        """Answer ``request`` and keep the reply under ``what``."""
        reply = await self.core.respond(request)
        self.replies[what] = reply
        return reply


async def sweep(core: Core, lang: str) -> dict[str, Reply]:
    """Every reply of the sweep for ``lang`` (see the module docstring)."""
    s = Sweep(core, lang)
    catalog = in_language(core.catalog, lang)
    await s.text(f"/language {lang}")
    await s.text("/language")
    await s.text("/language xx")
    for spec in core.table:
        await s.text(f"/{spec.name}")
        await s.text(f"/help {spec.name}")
        if spec.argument is not None:
            await s.text(f"/{spec.name} zzqxv")
    kinds: tuple[Kind, ...] = ("career", "skill", "example")
    for kind in kinds:
        command = f"{kind}s"
        for ref in catalog.refs(kind):
            await s.text(f"/{command} {ref.id}")
            await s.text(f"/{command} {ref.name}")
    for domain in sorted({d for e in catalog.examples.values() for d in e.domains}):
        await s.text(f"/examples {domain}")
    careers = list(catalog.careers)
    for career in careers:
        await s.text(f"/salary {career}")
        await s.text(f"/path {career}")
    for kind in kinds:
        refs = catalog.refs(kind)
        await s.text(f"/compare {refs[0].id} vs {refs[-1].id}")
    await s.text(f"/compare {careers[0]} vs {next(iter(catalog.skills))}")
    await s.text("/nosuchcommand")
    await s.keep("bad argument", Request.command_of("salary", 42, **s.who))
    await s.press("cb9|garbage", "stale button")
    reply = await s.text("/quiz")
    for step in range(len(core.catalog.quiz.questions) + 1):
        if not reply.buttons or "quiz" not in reply.buttons[0].packed:
            break
        reply = await s.press(reply.buttons[step % len(reply.buttons)].packed, f"quiz step {step}")
    path = await s.text(f"/path {careers[0]}")
    for button in path.buttons[:2]:
        await s.press(button.packed, f"mark {button.label}")
    await s.text("/progress")
    for question in QUESTIONS[lang]:
        await s.text(question)
    seen = {b.packed for r in s.replies.values() for b in r.buttons}
    other = {f"|language|{code}" for code in core.catalog.languages if code != lang}
    for packed in sorted(p for p in seen if not p.endswith(tuple(other))):  # stay in ``lang``
        await s.press(packed, f"press {packed}")
    await s.text("/forgetme")
    await s.text("/forgetme")
    return s.replies


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    """The shipped content with its Spanish and Russian."""
    return load_catalog(bundled_content_dir())


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_no_english_in_translated_replies(shipped: Catalog, lang: str) -> None:
    """Every reply of the sweep in Spanish or Russian, text and button labels, has no English
    words apart from names and the allow-list (the sweep has over 200 replies)."""
    core = Core(shipped, state=StateService(MemoryStore()))
    catalog = in_language(shipped, lang)
    replies = await sweep(core, lang)
    assert len(replies) > 200
    leaks = {}
    for what, reply in replies.items():
        found = [w for text in shown(reply) for w in english_words(text, catalog)]
        if found:
            leaks[what] = sorted(set(found))
    assert not leaks, "\n".join(f"{what}: {words}" for what, words in leaks.items())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_in_the_telegram_menus(shipped: Catalog, lang: str) -> None:
    """The "/" menu registered for Spanish and Russian has no English in its descriptions."""
    core = Core(shipped)
    catalog = in_language(shipped, lang)
    (menu,) = [commands for code, commands in menus(core) if code == lang]
    leaks = {c.command: english_words(c.description, catalog) for c in menu}
    assert not {k: v for k, v in leaks.items() if v}


async def test_no_english_in_the_discord_localizations(shipped: Catalog) -> None:
    """Every Spanish (es-ES, es-419) and Russian (ru) localization of the slash commands, their
    options and choices has no English words."""
    core = Core(shipped)
    tree = build_tree(discord.Client(intents=discord.Intents.none()), core, sink=None)  # type: ignore[arg-type]
    await translate_tree(tree, core)
    sent = await payload(tree)
    locales = {"es-ES": "es", "es-419": "es", "ru": "ru"}
    leaks: list[tuple[str, str, list[str]]] = []
    seen = 0

    def check(item: dict[str, object], where: str) -> None:
        nonlocal seen
        for key in ("description_localizations", "name_localizations"):
            localized = item.get(key) or {}
            assert isinstance(localized, dict)
            for locale, text in localized.items():
                if locale in locales:
                    seen += 1
                    found = english_words(str(text), in_language(shipped, locales[locale]))
                    if found:
                        leaks.append((where, locale, found))
        for option in item.get("options") or []:  # type: ignore[attr-defined]
            check(option, f"{where} {option['name']}")
        for choice in item.get("choices") or []:  # type: ignore[attr-defined]
            check(choice, f"{where}={choice['value']}")

    for command in sent:
        check(command, command["name"])
    assert seen > 3 * len(sent)
    assert not leaks


@pytest.mark.parametrize(
    ("lang", "region"), [("en", "US"), ("es", "Estados Unidos"), ("ru", "Соединенные Штаты")]
)
async def test_salary_regions_are_named_in_the_language_and_figures_stay(
    shipped: Catalog, lang: str, region: str
) -> None:
    """/salary, the salary overview, a comparison's pay heading and a roadmap name the region in
    the user's language (CLDR's territory name; English keeps the content's "US"), the currency
    stays USD and the figures are English's, formatted for the language."""
    core = Core(shipped)
    local = shipped.for_language(lang)
    career = shipped.careers["nlp-engineer"]
    low = local.money(career.salary.low, career.salary.currency)
    for text in ("/salary nlp-engineer", "/salary", "/compare nlp-engineer vs data-scientist"):
        reply = await core.respond(Request.from_text(text, language=lang))  # type: ignore[arg-type]
        assert f"{region}, USD" in reply.text() or f"({region}" in reply.text(), (text, reply.text())
        assert low in reply.text() or text == "/salary", text
    assert career.salary.region == "US"
    assert career.salary.currency == "USD"


async def test_every_reply_says_the_language_it_is_in(shipped: Catalog) -> None:
    """Core.respond's replies carry the code of the language they are in (for what the adapters
    add themselves): es and ru by tag, English for an unsupported tag; a reply built outside an
    answer is English, and answering never leaks its language into the caller's context."""
    core = Core(shipped, state=StateService(MemoryStore()))
    for tag, code in (("es-419", "es"), ("ru", "ru"), ("pt-BR", "en"), ("", "en")):
        for text in ("/salary", "/careers nlp-engineer", "/quiz", "/nosuchcommand", "hola"):
            request = Request.from_text(text, platform="telegram", user_id="5", language=tag)
            assert request is not None
            reply = await core.respond(request)
            assert reply.language == code, (tag, text)
        assert Reply("outside").language == "en"
