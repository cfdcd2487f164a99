"""Building a parsed YAML document from libyaml's node tree: the data, the line of every key path
and the duplicate keys (see :mod:`bot.content.yamlfile`), with lifted flow lists put back
(see :mod:`bot.content.flowlists`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from bot.content.flowlists import Lifted
    from bot.content.yamlfile import KeyPath, YamlDocument

STR, SEQ, MAP = (
    str(yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG),
    str(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG),
    str(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG),
)
"""The tags of a plain string, list and mapping."""

MAX_NODES = 250_000
"""Aliases can make a small file expand to a huge tree; past this many nodes it is refused."""

_Scalar = yaml.ScalarNode


class TooManyNodes(Exception):
    """The document expands to more than :data:`MAX_NODES` values."""


class Unlift(Exception):
    """A lifted flow list did not come back as written: parse the file as it is instead."""


def walk(node: yaml.Node, path: KeyPath, doc: YamlDocument) -> None:
    """Record the lines and duplicate keys under ``node`` (whose data the safe constructor built)."""
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
            walk(value_node, child, doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            walk(item, (*path, index), doc)


class Builder:
    """Builds the data and the line map in one pass over the node tree.

    Plain mappings, sequences and strings (nearly all of the content) are built here;
    any other node (numbers, booleans, merge keys, explicit tags) is built by PyYAML's
    safe constructor, so the data is what ``yaml.safe_load`` returns.  Of a duplicate
    key the first value is kept (a duplicate is reported as an error anyway).

    With ``lifted`` (see :mod:`bot.content.flowlists`), each placeholder is replaced by its
    list; :class:`Unlift` is raised when one is met twice, as a key, in a node the safe
    constructor builds, or not at all (:meth:`finish`).
    """

    def __init__(self, loader: yaml.SafeLoader, doc: YamlDocument, lifted: Lifted | None = None) -> None:
        self.loader = loader
        self.doc = doc
        self.nodes = 0
        self.lifted = dict(lifted.lists) if lifted is not None else {}
        self.names = frozenset(self.lifted)

    def _count(self, nodes: int = 1) -> None:
        """Count ``nodes`` more values; past :data:`MAX_NODES` the file is refused."""
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            raise TooManyNodes

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        """The data of ``node``, found at ``path``; its lines and duplicates go to the document."""
        self._count()
        lines = self.doc.lines
        lines.setdefault(path, node.start_mark.line + 1)
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag != STR:
                return self.loader.construct_object(node, deep=True)
            value = node.value
            return self._put_back(value, node, path) if value in self.names else value
        names = self.names
        if isinstance(node, yaml.SequenceNode) and tag == SEQ:
            items: list[Any] = []
            for i, item in enumerate(node.value):
                if type(item) is _Scalar and item.tag == STR and item.value not in names:
                    self.nodes += 1  # a string item, built here rather than by a call
                    if self.nodes > MAX_NODES:
                        self._count(0)
                    lines.setdefault((*path, i), item.start_mark.line + 1)
                    items.append(item.value)
                else:
                    items.append(self.build(item, (*path, i)))
            return items
        if isinstance(node, yaml.MappingNode) and tag == MAP and all(k.tag == STR for k, _ in node.value):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if key in names:
                    raise Unlift
                child = (*path, key)
                if key in out:
                    self.doc.duplicates.append((child, key_node.start_mark.line + 1))
                    continue
                lines[child] = key_node.start_mark.line + 1
                if type(value_node) is _Scalar and value_node.tag == STR and value_node.value not in names:
                    self.nodes += 1  # a string value (its line is the key's), built here
                    if self.nodes > MAX_NODES:
                        self._count(0)
                    out[key] = value_node.value
                else:
                    out[key] = self.build(value_node, child)
            return out
        if self.names:
            raise Unlift
        value = self.loader.construct_object(node, deep=True)
        walk(node, path, self.doc)  # after construction, which flattens merge keys (<<) in the nodes
        return value

    def _put_back(self, name: str, node: yaml.ScalarNode, path: KeyPath) -> list[str]:
        found = self.lifted.pop(name, None)
        if found is None or node.style != "":
            raise Unlift
        words, word_lines = found
        self._count(len(words))
        lines = self.doc.lines
        for i, line in enumerate(word_lines):
            lines.setdefault((*path, i), line)
        return words

    def finish(self) -> None:
        """Raise :class:`Unlift` unless every lifted list was put back."""
        if self.lifted:
            raise Unlift
