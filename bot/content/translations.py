"""Content translations: ``content/locales/<lang>/<file>.yaml`` laid over the English content.

A translation file has the English file's name, top-level key and ids, and only
its text fields and aliases; everything else (ids as links, numbers, currencies,
stages, salary, weights, links) stays as in English, so it is an error to write
it.  The overlay models are derived from the English models in
:mod:`bot.content.models`: a field is translatable when it holds text (a string
without a fixed pattern, a list of them, or a nested model that has some), so a
new text field in the schema is translatable without code here.  List items are
matched by ``id``; a list of strings is replaced whole; a field left out falls back
to English and counts as a coverage gap.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, create_model
from pydantic.fields import FieldInfo

from bot.content.models import FILE_MODELS, ContentId, _File
from bot.content.yamlfile import KeyPath

TRANSLATED_FILES: tuple[str, ...] = tuple(FILE_MODELS)
"""The content files a translation may have (``cues.yaml`` and ``phrases.yaml`` are separate)."""

NOT_TRANSLATED: frozenset[tuple[str, str]] = frozenset({("Career", "salary"), ("Guidance", "resources")})
"""Model fields kept from English although they hold some text (a salary's region; links)."""

ITEM_KINDS = {"careers": "career", "skills": "skill", "examples": "example", "questions": "question"}

Report = Callable[[KeyPath, str], None]


def _untranslatable(name: str) -> Callable[[object], object]:
    def reject(_: object) -> object:
        raise ValueError(
            f"'{name}' is not translated: only text fields and aliases belong in a translation "
            "(it always comes from the English file)"
        )

    return reject


def _is_text(annotation: Any, metadata: list[Any]) -> bool:
    """Text: a ``str`` whose constraints have no pattern, or a tuple or optional of such."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        return _is_text(base, [*metadata, *meta])
    if annotation is str:
        rules = [m for m in metadata if isinstance(m, StringConstraints)]
        return bool(rules) and all(m.pattern is None for m in rules)
    if origin is tuple:
        args = get_args(annotation)
        return len(args) == 2 and args[1] is Ellipsis and _is_text(args[0], [])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return len(options) == 1 and _is_text(options[0], metadata)
    return False


def _item_model(annotation: Any) -> type[BaseModel] | None:
    """The model of ``tuple[Model, ...]`` when its items have an ``id``."""
    if get_origin(annotation) is tuple:
        args = get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis and isinstance(args[0], type):  # noqa: SIM102
            if issubclass(args[0], BaseModel) and "id" in args[0].model_fields:
                return args[0]
    return None


@dataclass(frozen=True, slots=True)
class Schema:
    """What of one English model a translation may change: text fields, nested models, lists by id."""

    overlay: type[BaseModel]
    texts: tuple[str, ...]
    nested: dict[str, Schema] = field(default_factory=dict)
    items: dict[str, Schema] = field(default_factory=dict)


def _annotated(info: FieldInfo) -> Any:
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


@lru_cache(maxsize=64)
def schema(model: type[BaseModel], keyed: bool = False) -> Schema:
    """The translation schema of an English model (``keyed``: a list item, matched by ``id``)."""
    fields: dict[str, Any] = {}
    texts: list[str] = []
    nested: dict[str, Schema] = {}
    items: dict[str, Schema] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        item = _item_model(annotation)
        if name == "schema_version":
            fields[name] = (Literal[1], ...)
        elif name == "id" and keyed:
            fields[name] = (ContentId, ...)
        elif (model.__name__, name) in NOT_TRANSLATED or name == "id":
            fields[name] = (Annotated[Any, AfterValidator(_untranslatable(name))], None)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            nested[name] = schema(annotation)
            required = issubclass(model, _File)  # a file's top-level key must be there
            fields[name] = (nested[name].overlay, ... if required else None)
        elif item is not None:
            items[name] = schema(item, keyed=True)
            fields[name] = (types.GenericAlias(tuple, (items[name].overlay, Ellipsis)), None)
        elif _is_text(annotation, list(info.metadata)):
            texts.append(name)
            fields[name] = (_annotated(info), None)
        else:
            fields[name] = (Annotated[Any, AfterValidator(_untranslatable(name))], None)
    overlay: type[BaseModel] = create_model(
        f"{model.__name__}Translation", __config__=ConfigDict(extra="forbid", frozen=True), **fields
    )
    return Schema(overlay, tuple(texts), nested, items)


def file_schema(file: str) -> Schema:
    """The translation schema of one content file (``careers.yaml``)."""
    return schema(FILE_MODELS[file])


@dataclass
class Overlay:
    """The outcome of laying one translation file over its English file."""

    merged: BaseModel
    done: int = 0
    total: int = 0
    gaps: list[str] = field(default_factory=list)


def _present(value: object) -> bool:
    return value is not None and value != ()


def _label(path: tuple[str, ...]) -> str:
    return ".".join(path).replace(".[", "[")


class _Merge:
    def __init__(self, report: Report, file: str) -> None:
        self.report = report
        self.file = file
        self.done = 0
        self.total = 0
        self.gaps: list[str] = []

    def model(
        self, english: BaseModel, over: BaseModel | None, spec: Schema, at: KeyPath, label: tuple[str, ...]
    ) -> BaseModel:
        given = over.model_fields_set if over is not None else set()
        update: dict[str, Any] = {}
        for name in spec.texts:
            counted = _present(getattr(english, name))  # coverage counts what English has
            self.total += counted
            if name in given and over is not None:
                self.done += counted
                update[name] = getattr(over, name)
            elif counted:
                self.gaps.append(f"{self.file}: {_label((*label, name))}")
        for name, sub in spec.nested.items():
            inner = getattr(over, name) if name in given and over is not None else None
            merged = self.model(getattr(english, name), inner, sub, (*at, name), (*label, name))
            if merged is not getattr(english, name):
                update[name] = merged
        for name, sub in spec.items.items():
            found = getattr(over, name) if name in given and over is not None else ()
            update[name] = self.items(getattr(english, name), found, sub, (*at, name), (*label, name))
        return english.model_copy(update=update) if update else english

    def items(
        self,
        english: tuple[Any, ...],
        overlay: tuple[Any, ...],
        spec: Schema,
        at: KeyPath,
        label: tuple[str, ...],
    ) -> tuple[Any, ...]:
        known = {e.id: e for e in english}
        kind = ITEM_KINDS.get(str(at[-1]), str(at[-1]).removesuffix("s"))
        by_id: dict[str, BaseModel] = {}
        for i, item in enumerate(overlay):
            if item.id not in known:
                self.report(
                    (*at, i, "id"), f"unknown {kind} id '{item.id}': the English file has no such {kind}"
                )
            elif item.id in by_id:
                self.report((*at, i, "id"), f"duplicate {kind} id '{item.id}' in this translation")
            else:
                by_id[item.id] = item
        index = {item.id: i for i, item in enumerate(overlay)}
        return tuple(
            self.model(
                e, by_id.get(e.id), spec, (*at, index.get(e.id, 0)), (*label[:-1], f"{label[-1]}[{e.id}]")
            )
            for e in english
        )


def overlay(file: str, english: BaseModel, translation: BaseModel | None, report: Report) -> Overlay:
    """``english`` (a validated file model) with ``translation`` laid over it, and its coverage.

    ``translation`` is None when the language has no such file: everything is then a gap.
    Unknown and duplicate ids are reported through ``report`` (key paths into the translation).
    """
    merge = _Merge(report, file)
    merged = merge.model(english, translation, file_schema(file), (), ())
    return Overlay(merged, merge.done, merge.total, merge.gaps)
