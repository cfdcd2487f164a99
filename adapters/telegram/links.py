"""Deep links: ``t.me/<bot>?start=<payload>`` opening one career, skill or example.

A payload is ``<command>-<argument>``, e.g. ``careers-nlp-engineer``: a
registry command (letters and digits only) and an entity id, both within
Telegram's payload alphabet ``[A-Za-z0-9_-]`` and 64 characters.  The
adapter knows nothing of careers: a reply gets a share link when the core
set its ``link`` (the action that shows it again, on detail views).
"""

from __future__ import annotations

import re

from bot.commands import CommandTable
from bot.replies import Action, Reply

MAX_PAYLOAD = 64
_PAYLOAD = re.compile(r"^([a-z0-9]+)-([A-Za-z0-9_-]+)$")
_USERNAME = re.compile(r"^[A-Za-z0-9_]{3,64}$")


def encode(action: Action) -> str | None:
    """The deep-link payload of ``action``, or ``None`` if it cannot be one."""
    payload = f"{action.command}-{action.argument}"
    if len(payload) > MAX_PAYLOAD or not _PAYLOAD.match(payload):
        return None
    return payload


def decode(payload: str, table: CommandTable) -> Action | None:
    """The action a ``/start`` payload names, if it is a well-formed payload for a known command."""
    found = _PAYLOAD.match(payload.strip())
    if found is None or len(payload.strip()) > MAX_PAYLOAD:
        return None
    command, argument = found.groups()
    if command == "start" or table.get(command) is None:
        return None
    return Action(command, argument)


def start_url(username: str, action: Action) -> str | None:
    """``https://t.me/<bot>?start=<payload>`` for ``action``, if it has a payload."""
    payload = encode(action)
    if payload is None or not _USERNAME.match(username):
        return None
    return f"https://t.me/{username}?start={payload}"


def share_url(username: str | None, reply: Reply) -> str | None:
    """The share link of ``reply``: its ``link`` action as a deep link, when it has one."""
    if not username or reply.link is None or reply.is_error:
        return None
    return start_url(username, reply.link)
