"""Which messages are for the bot, and what they ask: the translation rules for text.

* In a private chat every text message is for the bot: a command, or a
  question for the core's ``ask``.
* In a group the bot answers ``/command@ThisBot``, bare ``/command`` when the
  command is one of its own, messages that mention it and replies to its own
  messages; everything else is other people's chatter and stays unanswered.
* ``/start <payload>`` (a deep link) opens what the payload names.
"""

from __future__ import annotations

from telegram import Message, MessageEntity, User

from adapters.telegram import links
from bot.commands import CommandTable
from bot.request import START, Request

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


def addressed_text(message: Message, table: CommandTable, username: str, bot_id: int) -> str | None:
    """The text the bot should answer, or ``None`` when the message is not for it.

    What is left of a message that only mentions the bot is empty, which
    :meth:`Request.from_text` reads as ``/start``.
    """
    text = message.text or ""
    if not text.strip():
        return None
    if message.chat.type == message.chat.PRIVATE:
        return text
    stripped = text.strip()
    if stripped.startswith("/"):
        head = stripped.split(maxsplit=1)[0]
        name, _, target = head[1:].partition("@")
        if target:
            return stripped if target.casefold() == username.casefold() else None
        spec = table.get(name)
        return stripped if spec is not None and spec.listed else None
    mentions = _mentions(message, username, bot_id)
    if mentions:
        for mention in mentions:
            text = text.replace(mention, " ")
        return text
    replied = message.reply_to_message
    if replied is not None and message.is_topic_message and replied.message_id == message.message_thread_id:
        replied = None  # in a forum topic every message "replies" to the topic's first message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    return None


def request_of(
    message: Message, user: User, table: CommandTable, username: str, bot_id: int
) -> Request | None:
    """The request a message makes, or ``None`` when it is not for the bot.

    ``/start <payload>`` (a deep link) opens what the payload names.
    """
    text = addressed_text(message, table, username, bot_id)
    if text is None:
        return None
    request = Request.from_text(
        text,
        platform=PLATFORM,
        user_id=str(user.id),
        conversation=str(message.chat.id),
        language=user.language_code or "",
        bot_username=username,
    )
    if request is not None and request.command == START and request.argument:
        action = links.decode(request.argument, table)
        if action is not None:  # its argument is an id within the payload alphabet: nothing to clean
            return request.with_command(action.command, action.argument)
    return request
