"""Reading one YAML file while remembering the line of every key.

PyYAML's node tree knows where each value starts; :func:`read_yaml` keeps
that as a map from key path (``("careers", 2, "salary", "low")``) to a
1-based line number, so validation errors can name the line.  Duplicate keys,
which plain ``yaml.safe_load`` silently overwrites, are reported.  The plain flow
lists of the cue words are read without a node per word (:mod:`bot.content.flowlists`),
which gives the same document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.content.flowlists import Lifted, lift
from bot.content.yamlbuild import MAP as _MAP
from bot.content.yamlbuild import MAX_NODES as MAX_NODES
from bot.content.yamlbuild import SEQ as _SEQ
from bot.content.yamlbuild import STR as _STR
from bot.content.yamlbuild import Builder, TooManyNodes, Unlift

if TYPE_CHECKING:
    from bot.content.parsecache import ParseCache

KeyPath = tuple[str | int, ...]

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_Resolvers = tuple[tuple[str, Any], ...]


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader with PyYAML's tag resolution minus what the safe schema never uses.

    libyaml's composer calls :meth:`resolve` for every node and the path-resolver hooks around
    each one; the safe schema has no path resolvers, so the hooks do nothing and a quoted or
    block scalar is always a string.  Resolving here gives the same tags as
    :class:`yaml.resolver.Resolver` with two Python calls fewer per node, and with the implicit
    resolvers of each first character (and those of any) in one tuple, made once per file.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        resolvers = self.yaml_implicit_resolvers
        self._anywhere: _Resolvers = tuple(resolvers.get(None, ()))
        self._by_first: dict[str, _Resolvers] = {
            first: (*pairs, *self._anywhere) for first, pairs in resolvers.items() if first is not None
        }

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first.get(value[:1], self._anywhere):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


MAX_FILE_BYTES = 5 * 1024 * 1024


def format_path(path: KeyPath) -> str:
    """Render a key path as ``careers[2].salary.low``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class YamlDocument:
    """The data of one YAML file plus the line of each key path."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    duplicates: list[tuple[KeyPath, int]] = field(default_factory=list)

    def line_of(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None


class YamlReadError(Exception):
    """The file cannot be read or is not valid YAML."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _parse(text: str, lifted: Lifted | None) -> YamlDocument:
    loader = _Loader(lifted.text if lifted is not None else text)
    doc = YamlDocument(None)
    try:
        node = loader.get_single_node()
        if node is not None:
            builder = Builder(loader, doc, lifted)
            doc.data = builder.build(node, ())
            builder.finish()
        elif lifted is not None:
            raise Unlift
    finally:
        loader.dispose()
    return doc


def parse_yaml(text: str, *, lift_lists: bool = True) -> YamlDocument:
    """Parse ``text``; raise :class:`YamlReadError` with a line when it is not valid YAML.

    With ``lift_lists`` the plain flow lists are read by :mod:`bot.content.flowlists` and
    libyaml composes the rest; whenever that could differ, the text is parsed as written, so
    the document (data, lines, duplicates) or the error is the same either way.
    """
    try:
        lifted = lift(text, _Loader.yaml_implicit_resolvers, _STR) if lift_lists else None
        if lifted is not None:
            try:
                return _parse(text, lifted)
            except (Unlift, yaml.YAMLError, TooManyNodes, RecursionError):
                pass  # read the file as it is written: the same document, or its own error
        return _parse(text, None)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlReadError(f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlReadError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlReadError("invalid YAML: nested too deeply (or an alias that contains itself)") from None
    except TooManyNodes:
        raise YamlReadError(f"the file expands to more than {MAX_NODES} values (aliases?)") from None


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; raise :class:`YamlReadError` when it cannot be read or is too large."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlReadError(f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlReadError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    return raw


def parse_bytes(raw: bytes, cache: ParseCache | None = None) -> YamlDocument:
    """Parse the bytes of a file (UTF-8 YAML); raise :class:`YamlReadError` when they are not.

    With a ``cache``, bytes parsed before are not parsed again.
    """
    cached = cache.get(raw) if cache is not None else None
    if cached is not None:
        return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlReadError(f"not UTF-8 text (byte {exc.start})") from None
    doc = parse_yaml(text)
    if cache is not None:
        cache.put(raw, doc)
    return doc


def read_yaml(path: Path, cache: ParseCache | None = None) -> YamlDocument:
    """Parse ``path``; raise :class:`YamlReadError` with a line when it is not valid YAML.

    With a ``cache``, a file whose exact bytes were parsed before is not parsed again.
    """
    return parse_bytes(read_bytes(path), cache)
