"""Load a content folder: parse, validate every file, cross-check, build a catalog.

:func:`load_catalog` either returns a complete :class:`Catalog` or raises
:class:`ContentError` listing every problem (file, line, key path, message);
nothing half-loaded is ever returned.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.content.catalog import Catalog
from bot.content.cues import CuesFile, check_cues, compile_cues
from bot.content.index import EntityIndex, IndexEntry, Ref
from bot.content.models import (
    FILE_MODELS,
    AboutFile,
    CareersFile,
    ExamplesFile,
    GuidanceFile,
    QuizFile,
    SkillsFile,
)
from bot.content.passages import Passage, Passages
from bot.content.speller import Speller
from bot.content.yamlfile import KeyPath, YamlDocument, YamlReadError, format_path, read_yaml
from bot.errors import ContentError, ContentProblem
from bot.text import key

CONTENT_FILES: dict[str, type[BaseModel]] = {**FILE_MODELS, "cues.yaml": CuesFile}
"""Every content file, with the model its top level must match."""

_M = TypeVar("_M", bound=BaseModel)


def bundled_content_dir() -> Path:
    """The content shipped with careerbot (in the wheel, or the source checkout)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_content", here.parent / "content"):
        if candidate.is_dir():
            return candidate
    return here.parent / "content"


def _describe(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key (check its spelling; see content/README.md for the allowed keys)"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error" and error.get("loc", ())[-1:] == ("schema_version",):
        return "schema_version must be 1"
    msg = str(error.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


class _Collector:
    def __init__(self) -> None:
        self.problems: list[ContentProblem] = []
        self.docs: dict[str, YamlDocument] = {}

    def add(self, file: str, path: KeyPath, message: str, line: int | None = None) -> None:
        if line is None and file in self.docs:
            line = self.docs[file].line_of(path)
        self.problems.append(ContentProblem(file, line, format_path(path), message))

    def parse(self, folder: Path, name: str, model: type[_M]) -> _M | None:
        path = folder / name
        if not path.is_file():
            self.add(name, (), "file is missing")
            return None
        try:
            doc = read_yaml(path)
        except YamlReadError as exc:
            self.add(name, (), exc.message, exc.line)
            return None
        self.docs[name] = doc
        for dup_path, dup_line in doc.duplicates:
            self.add(name, dup_path, "duplicate key (the same key appears twice)", dup_line)
        if not isinstance(doc.data, dict):
            self.add(name, (), "the file must be a mapping with schema_version and its content key")
            return None
        try:
            return model.model_validate(doc.data)
        except ValidationError as exc:
            errors = exc.errors()
            deep = [tuple(e["loc"]) for e in errors if e["type"] != "too_short"]
            for error in errors:
                loc = tuple(error["loc"])
                # A list whose only item failed is also "too short": that echo adds nothing.
                if error["type"] == "too_short" and any(d[: len(loc)] == loc and d != loc for d in deep):
                    continue
                self.add(name, loc, _describe(error))
            return None


def _cross_check(col: _Collector, ex: ExamplesFile, sk: SkillsFile, ca: CareersFile) -> None:
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


def _check_quiz(col: _Collector, quiz: QuizFile, careers: CareersFile) -> None:
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


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in sorted(CONTENT_FILES):
        path = folder / name
        digest.update(name.encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_catalog(folder: Path | str | None = None) -> Catalog:
    """Load and fully validate a content folder (default: the bundled content)."""
    started = time.perf_counter()
    root = Path(folder) if folder is not None else bundled_content_dir()
    if not root.is_dir():
        raise ContentError([ContentProblem(str(root), None, "", "content folder does not exist")])
    col = _Collector()
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
            check_cues(cues.cues, entity_ids, lambda path, message: col.add("cues.yaml", path, message))
    if quiz and careers:
        _check_quiz(col, quiz, careers)
    if col.problems or not (about and examples and skills and careers and guidance and quiz and cues):
        raise ContentError(col.problems)
    entries = [
        *(IndexEntry(Ref("career", c.id, c.name), c.aliases, c.workplaces) for c in careers.careers),
        *(IndexEntry(Ref("skill", s.id, s.name), s.aliases) for s in skills.skills),
        *(IndexEntry(Ref("example", e.id, e.name), e.aliases, e.domains) for e in examples.examples),
    ]
    refs = {
        kind: tuple(e.ref for e in entries if e.ref.kind == kind) for kind in ("career", "skill", "example")
    }
    index = EntityIndex(entries)
    book = compile_cues(cues.cues)
    passages = Passages(_passages(about, examples, skills, careers, guidance))
    return Catalog(
        about=about.about,
        examples=MappingProxyType({e.id: e for e in examples.examples}),
        skills=MappingProxyType({s.id: s for s in skills.skills}),
        careers=MappingProxyType({c.id: c for c in careers.careers}),
        guidance=guidance.guidance,
        index=index,
        version=_fingerprint(root),
        source=str(root),
        load_seconds=time.perf_counter() - started,
        all_refs=MappingProxyType(refs),
        quiz=quiz.quiz,
        cues=book,
        speller=Speller(index.vocabulary | book.vocabulary, book.kept),
        passages=passages,
    )


def _passages(
    about: AboutFile, examples: ExamplesFile, skills: SkillsFile, careers: CareersFile, guidance: GuidanceFile
) -> list[Passage]:
    """Every passage of prose, with the topic it answers (for the full-text fallback)."""
    a, g = about.about, guidance.guidance
    out = [
        Passage("topic:about", " ".join((a.summary, a.definition, a.neural_networks, *a.uses, *a.context)))
    ]
    out.append(Passage("topic:about", a.data_volume.text))
    e, x = g.education, g.experience
    out.append(Passage("topic:education", " ".join((e.summary, *e.maths, e.programming, e.machine_learning))))
    out.append(Passage("topic:education", " ".join((e.degree, e.self_study))))
    out.append(Passage("topic:experience", " ".join((x.summary, *x.counts, x.hands_on))))
    out.append(Passage("topic:experience", " ".join((*x.ways, x.transfer))))
    for c in careers.careers:
        out.append(Passage(f"career:{c.id}", " ".join((c.name, c.summary, c.work, *c.workplaces))))
    for s in skills.skills:
        out.append(Passage(f"skill:{s.id}", " ".join((s.name, s.summary, s.why, *s.start))))
    for ex in examples.examples:
        out.append(
            Passage(f"example:{ex.id}", " ".join((ex.name, ex.summary, ex.details or "", *ex.domains)))
        )
    return out
