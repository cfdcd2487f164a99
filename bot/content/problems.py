"""Collecting content problems: parse a YAML file against a model, naming file, line and key path.

One :class:`Collector` gathers every problem of a load (English files and every
translation) so the admin sees them all at once; :mod:`bot.content.loader`
raises them together as a :class:`bot.errors.ContentError`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.content.parsecache import ParseCache
from bot.content.yamlfile import KeyPath, YamlDocument, YamlReadError, format_path, parse_bytes, read_bytes
from bot.errors import ContentProblem

_M = TypeVar("_M", bound=BaseModel)

Describe = Callable[[Any], str]
"""Turns one pydantic error (a dict with ``type``, ``loc``, ``msg``, ``input``) into a message."""


def describe(error: Any) -> str:
    """The message for one pydantic error, in the words of content/README.md."""
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key (check its spelling; see content/README.md for the allowed keys)"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error" and error.get("loc", ())[-1:] == ("schema_version",):
        return "schema_version must be 1"
    msg = str(error.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


class Collector:
    """Every problem found so far, plus the parsed documents (for the line of a key path)."""

    def __init__(self, cache: ParseCache | None = None) -> None:
        self.problems: list[ContentProblem] = []
        self.docs: dict[str, YamlDocument] = {}
        self.raw: dict[str, bytes] = {}
        """The bytes of every file read, by name (the content version is their digest)."""
        self.cache = cache

    def add(self, file: str, path: KeyPath, message: str, line: int | None = None) -> None:
        """Record a problem at ``path`` of ``file`` (its line looked up when not given)."""
        if line is None and file in self.docs:
            line = self.docs[file].line_of(path)
        self.problems.append(ContentProblem(file, line, format_path(path), message))

    def reporter(self, file: str) -> Callable[[KeyPath, str], None]:
        """A function reporting problems inside one file."""
        return lambda path, message: self.add(file, path, message)

    def read(self, folder: Path, name: str) -> YamlDocument | None:
        """Read ``folder / name`` (``name`` may be a relative path); None after reporting why not."""
        path = folder / name
        if not path.is_file():
            self.add(name, (), "file is missing")
            return None
        try:
            raw = self.raw[name] = read_bytes(path)
            doc = parse_bytes(raw, self.cache)
        except YamlReadError as exc:
            self.add(name, (), exc.message, exc.line)
            return None
        self.docs[name] = doc
        for dup_path, dup_line in doc.duplicates:
            self.add(name, dup_path, "duplicate key (the same key appears twice)", dup_line)
        if not isinstance(doc.data, dict):
            self.add(name, (), "the file must be a mapping with schema_version and its content key")
            return None
        return doc

    def validate(self, name: str, data: Any, model: type[_M], explain: Describe = describe) -> _M | None:
        """``data`` validated by ``model``; None after reporting every error."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
            deep = [tuple(e["loc"]) for e in errors if e["type"] != "too_short"]
            for error in errors:
                loc = tuple(error["loc"])
                # A list whose only item failed is also "too short": that echo adds nothing.
                if error["type"] == "too_short" and any(d[: len(loc)] == loc and d != loc for d in deep):
                    continue
                self.add(name, loc, explain(error))
            return None

    def parse(self, folder: Path, name: str, model: type[_M], explain: Describe = describe) -> _M | None:
        """Read and validate one file; None after reporting why it is not valid."""
        doc = self.read(folder, name)
        return self.validate(name, doc.data, model, explain) if doc is not None else None
