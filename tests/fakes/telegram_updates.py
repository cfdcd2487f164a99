"""Building Bot API objects for the fake server: users, chats, messages with entities, updates."""

from __future__ import annotations

import re
import time
from typing import Any

BOT_ID = 7_000_000_001
BOT_USERNAME = "CareerTestBot"
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Careerbot Test",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}

_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}\b")


def utf16(text: str) -> int:
    """Length in UTF-16 code units (Telegram's unit for entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def entities(text: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities Telegram detects in a user's message."""
    found = []
    for kind, pattern in (("bot_command", _COMMAND), ("mention", _MENTION)):
        for match in pattern.finditer(text):
            found.append(
                {"type": kind, "offset": utf16(text[: match.start()]), "length": utf16(match.group(0))}
            )
    return sorted(found, key=lambda e: e["offset"])


def user(user_id: int, name: str = "Tester", language: str | None = None) -> dict[str, Any]:
    """A human user; ``language`` is the IETF tag of their app's language (``language_code``),
    which Telegram leaves out when it does not know it."""
    found: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": name, "username": f"user{user_id}"}
    if language is not None:
        found["language_code"] = language
    return found


def chat(chat_id: int, chat_type: str, title: str | None = None) -> dict[str, Any]:
    """A chat: ``private`` (id = the user's id), ``group`` or ``supergroup`` (negative id)."""
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": "Tester", "username": f"user{chat_id}"}
    return {"id": chat_id, "type": chat_type, "title": title or f"Group {chat_id}"}


def message(
    message_id: int,
    chat_obj: dict[str, Any],
    sender: dict[str, Any],
    text: str,
    *,
    reply_to: dict[str, Any] | None = None,
    thread_id: int | None = None,
    markup: dict[str, Any] | None = None,
    with_entities: bool = True,
) -> dict[str, Any]:
    """A text message as the Bot API shows it."""
    msg: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat_obj,
        "from": sender,
        "text": text,
    }
    found = entities(text) if with_entities else []
    if found:
        msg["entities"] = found
    if reply_to is not None:
        msg["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
    if thread_id is not None:
        msg["message_thread_id"] = thread_id
        msg["is_topic_message"] = True
    if markup:
        msg["reply_markup"] = markup
    return msg
