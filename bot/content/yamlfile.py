"""Reading one YAML file while remembering the line of every key.

PyYAML's node tree knows where each value starts; :func:`read_yaml` keeps
that as a map from key path (``("careers", 2, "salary", "low")``) to a
1-based line number, so validation errors can name the line.  Duplicate keys,
which plain ``yaml.safe_load`` silently overwrites, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

KeyPath = tuple[str | int, ...]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


def _walk(node: yaml.Node, path: KeyPath, doc: YamlDocument) -> None:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*path, key)
            if key in seen:
                doc.duplicates.append((child, key_node.start_mark.line + 1))
                continue
            seen.add(key)
            doc.lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), doc)


def read_yaml(path: Path) -> YamlDocument:
    """Parse ``path``; raise :class:`YamlReadError` with a line when it is not valid YAML."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlReadError(f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlReadError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlReadError(f"not UTF-8 text (byte {exc.start})") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlReadError(f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlReadError(f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    doc = YamlDocument(data)
    if node is not None:
        _walk(node, (), doc)
    return doc
