"""Whose message is it: one user's saved state never replaces another user's message.

A reply made from saved state (:attr:`bot.replies.Reply.personal`: a quiz
step, a checklist, /progress) may replace the pressed message only when that
message was made for the person who pressed.  A bot message was made for:

* the other person of a private chat (the chat's id is their user id);
* in a group, the sender of the message it quotes (the bot quotes whoever it
  answers, and edits keep the quote);
* in a group, the presser a message was sent for when a press could not be
  shown in place (it quotes nothing): remembered in the store
  (:meth:`~bot.store.base.Store.save_owner`, keyed ``telegram:<chat>:<message>``),
  so every replica on that store knows, and a restart forgets nothing; the
  most recent :data:`REMEMBERED` are also kept in memory (all there is without
  a store, until the bot restarts).

For anyone else the reply goes out as a new message and the pressed one is
left as it is.  Replies that are the same for everyone (menus, careers) are
still shown in place, as before.  While the store is unavailable, what is in
memory is used (an unknown owner: a new message, never an overwrite).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from telegram import Message

from adapters.telegram.incoming import PLATFORM
from bot.errors import StoreUnavailable
from bot.store.base import Store, user_key

log = logging.getLogger("careerbot.telegram")

REMEMBERED = 10_000
"""Messages sent for presses in groups whose owner is also kept in memory."""


def message_key(message: Message) -> str:
    """The store key of a bot message."""
    return f"{PLATFORM}:{message.chat_id}:{message.message_id}"


class Owners:
    """Decides whether a pressed bot message was made for the user who pressed it."""

    def __init__(
        self, store: Store | None = None, size: int = REMEMBERED, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.size = size
        self.clock = clock
        self._owners: OrderedDict[tuple[int, int], int] = OrderedDict()

    async def remember(self, messages: Iterable[Message], user_id: int) -> None:
        """``messages`` were sent (in a group) for ``user_id``'s press."""
        owner = user_key(PLATFORM, str(user_id))
        for message in messages:
            if message.chat.type == message.chat.PRIVATE:
                continue
            key = (message.chat_id, message.message_id)
            self._owners[key] = user_id
            self._owners.move_to_end(key)
            if self.store is not None and owner is not None:
                try:
                    await self.store.save_owner(message_key(message), owner, self.clock())
                except StoreUnavailable as exc:
                    log.warning("telegram: could not save who a message is for (kept in memory): %s", exc)
        while len(self._owners) > self.size:
            self._owners.popitem(last=False)

    async def made_for(self, message: Message, user_id: int) -> bool:
        """Whether the bot's ``message`` shows something made for ``user_id``."""
        if message.chat.type == message.chat.PRIVATE:
            return message.chat_id == user_id
        quoted = message.reply_to_message
        if quoted is not None and quoted.from_user is not None and not quoted.from_user.is_bot:
            return quoted.from_user.id == user_id
        known = self._owners.get((message.chat_id, message.message_id))
        if known is not None or self.store is None:
            return known == user_id
        try:
            owner = await self.store.load_owner(message_key(message))
        except StoreUnavailable as exc:
            log.warning(
                "telegram: could not look up who a message is for (treated as someone else's): %s", exc
            )
            return False
        return owner is not None and owner == user_key(PLATFORM, str(user_id))
