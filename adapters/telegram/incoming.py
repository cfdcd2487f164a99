"""Which messages are for the bot, and what they ask: the translation rules for text.

* In a private chat every text message is for the bot: a command, or a
  question for the core's ``ask``.
* In a group the bot answers ``/command@ThisBot``, bare ``/command`` when the
  command is one of its own, messages that mention it and replies to its own
  messages; everything else is other people's chatter and stays unanswered.
* ``/start <payload>`` (a deep link) opens what the payload names.
"""

from __future__ import annotations

from telegram import Message, MessageEntity

from adapters.telegram import links
from bot.core import Core, parse_text
from bot.replies import Reply
from bot.request import Request

PLATFORM = "telegram"


def _mentions(message: Message, username: str, bot_id: int) -> list[str]:
    """The pieces of text that mention this bot."""
    found = []
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, text in entities.items():
        by_name = entity.type == MessageEntity.MENTION and text[1:].casefold() == username.casefold()
        by_id = entity.type == MessageEntity.TEXT_MENTION and entity.user is not None
        if by_name or (by_id and entity.user is not None and entity.user.id == bot_id):
            found.append(text)
    return found


def addressed_text(message: Message, core: Core, username: str, bot_id: int) -> str | None:
    """The text the bot should answer, or ``None`` when the message is not for it."""
    text = message.text or ""
    if not text.strip():
        return None
    if message.chat.type == message.chat.PRIVATE:
        return text
    stripped = text.strip()
    if stripped.startswith("/"):
        parsed = parse_text(stripped, username)
        if parsed.addressed_elsewhere:
            return None
        head = stripped.split(maxsplit=1)[0]
        if "@" in head or core.registry.get(parsed.command) is not None:
            return stripped
        return None
    mentions = _mentions(message, username, bot_id)
    if mentions:
        for mention in mentions:
            text = text.replace(mention, " ")
        return " ".join(text.split()) or "/start"
    replied = message.reply_to_message
    if replied is not None and message.is_topic_message and replied.message_id == message.message_thread_id:
        replied = None  # in a forum topic every message "replies" to the topic's first message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    return None


async def answer_text(core: Core, text: str, user_id: str, username: str | None) -> Reply | None:
    """The core's reply to ``text``, with saved state; ``/start <payload>`` opens what the payload names."""
    parsed = parse_text(text, username)
    if parsed.command == "start" and parsed.argument and not parsed.addressed_elsewhere:
        action = links.decode(parsed.argument, core)
        if action is not None:
            return await core.respond(Request(action.command, action.argument, PLATFORM, user_id))
    return await core.respond_text(text, platform=PLATFORM, user_id=user_id, bot_username=username)
