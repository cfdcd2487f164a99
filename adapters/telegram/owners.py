"""Whose message is it: one user's saved state never replaces another user's message.

A reply made from saved state (:attr:`bot.replies.Reply.personal`: a quiz
step, a checklist, /progress) may replace the pressed message only when that
message was made for the person who pressed.  A bot message was made for:

* the other person of a private chat (the chat's id is their user id);
* in a group, the sender of the message it quotes (the bot quotes whoever it
  answers, and edits keep the quote);
* in a group, the presser a message was sent for when a press could not be
  shown in place (it quotes nothing): remembered here for the most recent
  :data:`REMEMBERED` such messages, until the bot restarts.

For anyone else the reply goes out as a new message and the pressed one is
left as it is.  Replies that are the same for everyone (menus, careers) are
still shown in place, as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from telegram import Message

REMEMBERED = 10_000
"""Messages sent for presses in groups whose owner is kept in memory."""


class Owners:
    """Decides whether a pressed bot message was made for the user who pressed it."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self.size = size
        self._owners: OrderedDict[tuple[int, int], int] = OrderedDict()

    def remember(self, messages: Iterable[Message], user_id: int) -> None:
        """``messages`` were sent (in a group) for ``user_id``'s press."""
        for message in messages:
            if message.chat.type == message.chat.PRIVATE:
                continue
            key = (message.chat_id, message.message_id)
            self._owners[key] = user_id
            self._owners.move_to_end(key)
        while len(self._owners) > self.size:
            self._owners.popitem(last=False)

    def made_for(self, message: Message, user_id: int) -> bool:
        """Whether the bot's ``message`` shows something made for ``user_id``."""
        if message.chat.type == message.chat.PRIVATE:
            return message.chat_id == user_id
        quoted = message.reply_to_message
        if quoted is not None and quoted.from_user is not None and not quoted.from_user.is_bot:
            return quoted.from_user.id == user_id
        return self._owners.get((message.chat_id, message.message_id)) == user_id
