"""Load a content folder: parse, validate every file, cross-check, build a catalog per language.

:func:`load_catalog` either returns a complete :class:`Catalog` (English, with every
translation of ``locales/`` reachable through :meth:`Catalog.for_language`) or raises
:class:`ContentError` listing every problem (file, line, key path, message) of every
language; nothing half-loaded is ever returned.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.content.assemble import Assembled, Parts, assemble, tables
from bot.content.catalog import Catalog, Locales
from bot.content.cues import CueBook, CuesFile, check_cues, compile_cues
from bot.content.localize import Language, check_locales, english_terms, load_language, merge_books
from bot.content.models import (
    FILE_MODELS,
    AboutFile,
    CareersFile,
    ExamplesFile,
    GuidanceFile,
    QuizFile,
    SkillsFile,
)
from bot.content.parsecache import ParseCache
from bot.content.problems import Collector
from bot.content.yamlfile import KeyPath
from bot.errors import ContentError, ContentProblem
from bot.i18n import formatting
from bot.i18n.languages import DEFAULT_LANGUAGE, LOCALES_DIR, discover
from bot.text import key

CONTENT_FILES: dict[str, type[BaseModel]] = {**FILE_MODELS, "cues.yaml": CuesFile}
"""Every content file, with the model its top level must match."""


def bundled_content_dir() -> Path:
    """The content shipped with careerbot (in the wheel, or the source checkout)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_content", here.parent / "content"):
        if candidate.is_dir():
            return candidate
    return here.parent / "content"


def _cross_check(col: Collector, ex: ExamplesFile, sk: SkillsFile, ca: CareersFile) -> None:
    tables: dict[str, tuple[str, str, tuple[Any, ...]]] = {
        "example": ("examples.yaml", "examples", ex.examples),
        "skill": ("skills.yaml", "skills", sk.skills),
        "career": ("careers.yaml", "careers", ca.careers),
    }
    by_id: dict[str, dict[str, Any]] = {}
    owners: dict[str, str] = {}
    for kind, (file, top, items) in tables.items():
        by_id[kind] = {}
        for i, item in enumerate(items):
            if item.id in by_id[kind]:
                col.add(file, (top, i, "id"), f"duplicate {kind} id '{item.id}'")
            by_id[kind].setdefault(item.id, item)
            me = f"{kind} '{item.id}'"
            names: list[tuple[KeyPath, str]] = [((top, i, "id"), item.id.replace("-", " "))]
            names.append(((top, i, "name"), item.name))
            names += [((top, i, "aliases", j), alias) for j, alias in enumerate(item.aliases)]
            own_aliases: set[str] = set()
            for path, text in names:
                k = key(text)
                owner = owners.setdefault(k, me)
                if owner != me:
                    col.add(file, path, f"'{text}' is already used by {owner}")
                elif path[2] == "aliases" and k in own_aliases:
                    col.add(file, path, f"duplicate alias '{text}'")
                if path[2] == "aliases":
                    own_aliases.add(k)

    def refs(file: str, top: str, items: tuple[Any, ...], field: str, kind: str, back: str) -> None:
        for i, item in enumerate(items):
            for j, target in enumerate(getattr(item, field)):
                path: KeyPath = (top, i, field, j)
                other = by_id[kind].get(target)
                if other is None:
                    col.add(file, path, f"unknown {kind} id '{target}'")
                elif item.id not in getattr(other, back):
                    other_file = tables[kind][0]
                    col.add(
                        file,
                        path,
                        f"{kind} '{target}' does not link back: "
                        f"add '{item.id}' to its {back} in {other_file}",
                    )

    refs("careers.yaml", "careers", ca.careers, "skills", "skill", "careers")
    refs("careers.yaml", "careers", ca.careers, "examples", "example", "careers")
    refs("skills.yaml", "skills", sk.skills, "careers", "career", "skills")
    refs("examples.yaml", "examples", ex.examples, "careers", "career", "examples")


def _check_quiz(col: Collector, quiz: QuizFile, careers: CareersFile) -> None:
    known = {c.id for c in careers.careers}
    seen_questions: set[str] = set()
    for i, question in enumerate(quiz.quiz.questions):
        if question.id in seen_questions:
            col.add("quiz.yaml", ("quiz", "questions", i, "id"), f"duplicate question id '{question.id}'")
        seen_questions.add(question.id)
        seen_answers: set[str] = set()
        for j, answer in enumerate(question.answers):
            here: KeyPath = ("quiz", "questions", i, "answers", j)
            if answer.id in seen_answers:
                col.add("quiz.yaml", (*here, "id"), f"duplicate answer id '{answer.id}' in this question")
            seen_answers.add(answer.id)
            for career_id in answer.weights:
                if career_id not in known:
                    col.add("quiz.yaml", (*here, "weights", career_id), f"unknown career id '{career_id}'")


def _fingerprint(folder: Path, read: Mapping[str, bytes]) -> str:
    """The content version: a digest of every content file's name and bytes (those the load
    ``read``, as it read them; any other file from disk)."""
    digest = hashlib.sha256()
    names = sorted(CONTENT_FILES)
    locales = folder / LOCALES_DIR
    if locales.is_dir():
        names += sorted(str(p.relative_to(folder)) for p in locales.glob("*/*.y*ml"))
    for name in names:
        digest.update(name.encode())
        raw = read.get(name)
        if raw is None and (folder / name).is_file():
            raw = (folder / name).read_bytes()
        if raw is not None:
            digest.update(raw)
    return digest.hexdigest()[:12]


def _english(col: Collector, root: Path) -> tuple[dict[str, BaseModel], Any] | None:
    """The validated English files (and cues), or None after reporting their problems."""
    known = set(CONTENT_FILES)
    for extra in sorted(p.name for p in root.iterdir() if p.suffix in {".yaml", ".yml"}):
        if extra not in known:
            col.add(extra, (), f"unknown content file (expected: {', '.join(sorted(known))})")
    about = col.parse(root, "about.yaml", AboutFile)
    examples = col.parse(root, "examples.yaml", ExamplesFile)
    skills = col.parse(root, "skills.yaml", SkillsFile)
    careers = col.parse(root, "careers.yaml", CareersFile)
    guidance = col.parse(root, "guidance.yaml", GuidanceFile)
    quiz = col.parse(root, "quiz.yaml", QuizFile)
    cues = col.parse(root, "cues.yaml", CuesFile)
    if examples and skills and careers:
        _cross_check(col, examples, skills, careers)
        if cues:
            entity_ids = {
                "career": frozenset(c.id for c in careers.careers),
                "skill": frozenset(s.id for s in skills.skills),
                "example": frozenset(e.id for e in examples.examples),
            }
            check_cues(cues.cues, entity_ids, col.reporter("cues.yaml"))
    if quiz and careers:
        _check_quiz(col, quiz, careers)
    if col.problems or not (about and examples and skills and careers and guidance and quiz and cues):
        return None
    files: dict[str, BaseModel] = {
        "about.yaml": about,
        "examples.yaml": examples,
        "skills.yaml": skills,
        "careers.yaml": careers,
        "guidance.yaml": guidance,
        "quiz.yaml": quiz,
    }
    return files, cues.cues


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused (as it was before, after).

    A load builds tens of thousands of objects and leaves no reference cycle behind (a test pins
    it), so the collections its allocations would trigger on the way find nothing of its own to
    free, yet cost a sixth of a load's time.  Freeing by reference counts goes on as ever.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_catalog(folder: Path | str | None = None, cache: ParseCache | None = None) -> Catalog:
    """Load and fully validate a content folder (default: the bundled content), translations included.

    A ``cache`` skips parsing the files whose bytes it has seen (validation always runs).
    """
    with _no_cycle_collection():
        return _load(folder, cache)


def _load(folder: Path | str | None, cache: ParseCache | None) -> Catalog:
    started = time.perf_counter()
    root = Path(folder) if folder is not None else bundled_content_dir()
    if not root.is_dir():
        raise ContentError([ContentProblem(str(root), None, "", "content folder does not exist")])
    for code in (DEFAULT_LANGUAGE, *discover(root)):
        # Babel reads a language's whole CLDR data to keep a little of it: read first, the
        # memory it lets go is filled by the content instead of staying empty.
        formatting.locale(code)
    col = Collector(cache)
    english = _english(col, root)
    terms = english_terms(*english) if english is not None else None
    languages: list[Language] = []
    check_locales(col, root)
    for code in discover(root):
        found = load_language(col, root, code, terms)
        if found is not None:
            languages.append(found)
    if col.problems or english is None:
        raise ContentError(col.problems)
    files, cues = english
    parts = Parts.of_files(files)
    book = compile_cues(cues)
    locales = Locales({lang.code: lang.coverage for lang in languages})
    common: dict[str, Any] = {"version": _fingerprint(root, col.raw), "source": str(root), "locales": locales}

    def build(content: Parts, cue_book: CueBook, made: Assembled, **extra: Any) -> Catalog:
        return Catalog(
            **tables(content),
            **common,
            **extra,
            index=made.index,
            all_refs=made.refs,
            cues=cue_book,
            speller=made.speller,
            passages=made.passages,
            role_joins=made.role_joins,
        )

    def translation(lang: Language) -> Callable[[], Catalog]:
        def built() -> Catalog:
            lang_book = merge_books(book, compile_cues(lang.cues)) if lang.cues is not None else book
            made = assemble(lang.parts, lang_book, parts)
            return build(lang.parts, lang_book, made, language=lang.code, phrases=lang.phrases)

        return built

    for lang in languages:
        locales.add(lang.code, translation(lang))
    made = assemble(parts, book)
    common["load_seconds"] = time.perf_counter() - started
    catalog = build(parts, book, made)
    locales.add("en", catalog)
    return catalog
