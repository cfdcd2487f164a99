"""The fake Discord's wire format: ids, constants and the objects Discord sends (users, messages, JSON).

Shared by the REST and gateway halves of :class:`tests.fakes.discord_api.FakeDiscord`
and by the tests (users to act as, ``EPHEMERAL`` to check flags).
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

import orjson
from aiohttp import web

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GfAkEt.fake-token-for-tests-only-0123456789ab"
APP_ID = 1100000000000000001
BOT_ID = APP_ID
GUILD_ID = 1200000000000000001
CHANNEL_ID = 1300000000000000001
DISCORD_EPOCH = 1420070400000
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)
EPHEMERAL = 64
NAME_RE = re.compile(r"^[-_\w]{1,32}$")
_LOCALE_LIST = """
id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR
ro fi sv-SE vi tr cs el bg ru uk hi th zh-CN ja zh-TW ko
"""
LOCALES = frozenset(_LOCALE_LIST.split())
"""The locales Discord takes in ``*_localizations`` and sends as an interaction's ``locale``."""
JSON = {"Content-Type": "application/json"}

_ids = itertools.count(1)


def snowflake() -> int:
    """A fresh snowflake with the current time."""
    return ((int(time.time() * 1000) - DISCORD_EPOCH) << 22) | (next(_ids) & 0x3FFFFF)


def user(uid: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {
        "id": str(uid),
        "username": name,
        "discriminator": "0",
        "global_name": name.title(),
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
        "verified": True,
        "mfa_enabled": False,
        "locale": "en-US",
    }


BOT_USER = user(BOT_ID, "careerbot", bot=True)


def u16(text: str) -> int:
    """Length as Discord counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


def message_resource(author: dict[str, Any], content: str, **fields: Any) -> dict[str, Any]:
    """A Discord message object with every field discord.py reads; ``fields`` add or override."""
    return {
        "id": str(snowflake()),
        "author": author,
        "content": content,
        "timestamp": _now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        **fields,
    }


def _flag(value: str | None) -> bool:
    """A boolean query parameter as Discord reads it."""
    return (value or "").lower() in ("1", "true")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A response with exactly ``Content-Type: application/json``, as Discord sends."""
    return web.Response(body=orjson.dumps(data), status=status, headers={**JSON, **(headers or {})})


def public(message: dict[str, Any]) -> dict[str, Any]:
    """A message as Discord shows it (without the fake's own ``_`` keys)."""
    return {k: v for k, v in message.items() if k[0] != "_"}
