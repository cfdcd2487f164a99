"""Telegram's HTML parse mode, as strictly as the Bot API applies it (for the fake server).

:func:`parse_html` turns message text sent with ``parse_mode=HTML`` into the
plain text Telegram would show, or raises :class:`EntityError` with the
message Telegram answers (``can't parse entities: ...``).  Rules:

* tags: b strong i em u ins s strike del tg-spoiler span(class=tg-spoiler)
  a(href) code pre blockquote(expandable) tg-emoji(emoji-id); anything else
  is an "Unsupported start tag";
* ``<``, and ``&`` that does not start ``&lt; &gt; &amp; &quot;`` or a numeric
  entity, must be escaped; a bare ``>`` is allowed (as on Telegram);
* tags nest properly; ``code``/``pre`` contain no other tag (except ``code``
  directly inside ``pre``); links contain no links; blockquotes do not nest.
"""

from __future__ import annotations

import re

ALLOWED = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "span", "a", "code", "pre"}
    | {"blockquote", "tg-emoji"}
)
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTR = re.compile(r"\s*([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")


class EntityError(ValueError):
    """The text is not valid Telegram HTML; ``str()`` is Telegram's description."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Bad Request: can't parse entities: {detail}")


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _unescape_attr(value: str) -> str:
    return _ENTITY.sub(lambda m: _entity_char(m) or m.group(0), value)


def _entity_char(match: re.Match[str]) -> str | None:
    dec, hexa, name = match.groups()
    if name is not None:
        return _NAMED.get(name)
    code = int(dec) if dec is not None else int(hexa, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None


def _check_nesting(name: str, attrs: dict[str, str], stack: list[str], text: str, at: int) -> None:
    if name == "a" and not attrs.get("href", "").strip():
        raise EntityError(f'Tag "a" must have attribute "href" at byte offset {_offset(text, at)}')
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityError(f'Tag "span" must have class "tg-spoiler" at byte offset {_offset(text, at)}')
    for outer in stack:
        if outer in {"code", "pre"} and not (outer == "pre" and name == "code" and stack[-1] == "pre"):
            raise EntityError(
                f'Entity "{name}" can\'t be inside "{outer}" at byte offset {_offset(text, at)}'
            )
        if outer == name == "a" or outer == name == "blockquote":
            raise EntityError(f'Entity "{name}" can\'t be nested at byte offset {_offset(text, at)}')
        if name in {"code", "pre"} and outer == "a":
            raise EntityError(f'Entity "{name}" can\'t be inside "a" at byte offset {_offset(text, at)}')


def _start_tag(text: str, i: int, stack: list[str]) -> int:
    """Parse a start tag at ``text[i] == '<'``; push it; return the index after it."""
    name_match = _NAME.match(text, i + 1)
    if name_match is None:
        raise EntityError(f"Unexpected start tag at byte offset {_offset(text, i)}")
    name = name_match.group(0).lower()
    if name not in ALLOWED:
        raise EntityError(f'Unsupported start tag "{name}" at byte offset {_offset(text, i)}')
    j = name_match.end()
    attrs: dict[str, str] = {}
    while True:
        while j < len(text) and text[j].isspace():
            j += 1
        if j >= len(text):
            raise EntityError(f'Unclosed start tag "{name}" at byte offset {_offset(text, i)}')
        if text[j] == ">":
            break
        attr = _ATTR.match(text, j)
        if attr is None or attr.end() == j:
            raise EntityError(f"Expected equal sign in declaration of an attribute of tag {name!r}")
        value = next((g for g in attr.groups()[1:] if g is not None), "")
        attrs[attr.group(1).lower()] = _unescape_attr(value)
        j = attr.end()
    _check_nesting(name, attrs, stack, text, i)
    stack.append(name)
    return j + 1


def parse_html(text: str) -> str:
    """The plain text of ``text`` in HTML parse mode; :class:`EntityError` if Telegram rejects it."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            if text.startswith("</", i):
                end = text.find(">", i)
                name = text[i + 2 : end].strip().lower() if end != -1 else ""
                if end == -1 or not stack or name != stack[-1]:
                    raise EntityError(f'Unexpected end tag "{name}" at byte offset {_offset(text, i)}')
                stack.pop()
                i = end + 1
            else:
                i = _start_tag(text, i, stack)
        elif ch == "&":
            match = _ENTITY.match(text, i)
            char = _entity_char(match) if match else None
            if match is None or char is None:
                raise EntityError(f"Can't find end of the entity starting at byte offset {_offset(text, i)}")
            out.append(char)
            i = match.end()
        else:
            out.append(ch)
            i += 1
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2
