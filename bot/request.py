"""What an adapter hands the core: one request, built once by a pure constructor.

A :class:`Request` names a command of the command table with its argument
and says who asks, where and in which language.  Adapters never split text
or unpack buttons themselves: :meth:`Request.from_text` parses a chat message
(``/cmd@Bot arg``, a command for another bot, a bare mention meaning
``/start``) and :meth:`Request.from_button` unpacks a pressed button; both
clean the text once, here, so no handler cleans it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

from bot.replies import Action
from bot.text import MAX_INPUT_CHARS, clean_input

Origin = Literal["text", "command", "button", "inline"]
"""How the request reached the bot: a chat message, a slash command, a button press, an inline query."""

ASK = "ask"
"""The command a plain-text message becomes."""
START = "start"
"""The command a bare mention of the bot becomes."""
STALE = "stale"
"""The hidden command an unreadable (old or forged) button becomes."""


class Who(TypedDict):
    """Who asks, where and in which language: what an adapter reads off a platform event."""

    platform: str
    user_id: str
    conversation: str
    language: str


@dataclass(frozen=True, slots=True)
class Request:
    """A platform-neutral request.

    ``command`` is a command-table name (``salary``); ``argument`` the text
    after it, already cleaned (control characters dropped, whitespace
    folded, cut to :data:`~bot.text.MAX_INPUT_CHARS`; ``truncated`` says
    whether it was cut).  ``platform`` and ``user_id`` identify who asks;
    ``conversation`` is where (a chat, channel or DM id: follow-ups are
    remembered per conversation and user); ``language`` is the platform's
    language tag for the user (``es-ES``, ``ru``; empty when unknown) until the
    core has chosen the language to answer in: from then on it is that
    language's code (``es``), and ``platform_language`` keeps the tag.
    """

    command: str
    argument: str = ""
    platform: str = "console"
    user_id: str = ""
    conversation: str = ""
    language: str = ""
    origin: Origin = "command"
    truncated: bool = False
    platform_language: str = ""

    @classmethod
    def command_of(
        cls,
        command: str,
        argument: object = "",
        *,
        platform: str = "console",
        user_id: str = "",
        conversation: str = "",
        language: str = "",
        origin: Origin = "command",
    ) -> Request:
        """A request for a named command (a slash command, a deep link); the argument is cleaned.

        An argument that is not a string (a platform sent a number or a
        list) becomes the hidden ``bad-argument`` marker, answered with a
        clear message instead of a crash.
        """
        if not isinstance(argument, str):
            return cls(
                BAD_ARGUMENT, "", platform, user_id, conversation, language, origin
            )  # a wrong type from a platform: answered "I could not read that"
        full = clean_input(argument[: MAX_INPUT_CHARS * 4], MAX_INPUT_CHARS * 4)
        text = full[:MAX_INPUT_CHARS].strip()
        truncated = len(full) > MAX_INPUT_CHARS
        return cls(
            command.strip().casefold(), text, platform, user_id, conversation, language, origin, truncated
        )

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        platform: str = "console",
        user_id: str = "",
        conversation: str = "",
        language: str = "",
        bot_username: str | None = None,
    ) -> Request | None:
        """The request a chat message makes, or ``None`` for ``/cmd@OtherBot`` (not for this bot).

        ``/cmd@ThisBot arg`` and ``/cmd arg`` name a command; anything else is
        a question for ``ask``; an empty message (what is left of a bare
        mention of the bot) means ``/start``.
        """
        stripped = text.strip() if isinstance(text, str) else ""
        keep = {"platform": platform, "user_id": user_id, "conversation": conversation, "language": language}
        if not stripped.startswith("/") or len(stripped) == 1 or stripped[1].isspace():
            if not clean_input(stripped, 10):
                return cls.command_of(START, "", origin="text", **keep)
            return cls.command_of(ASK, stripped, origin="text", **keep)
        head, _, rest = stripped[1:].partition(" ")
        name, _, target = head.partition("@")
        if target and bot_username and target.casefold() != bot_username.casefold():
            return None
        return cls.command_of(name, rest, origin="text", **keep)

    @classmethod
    def from_button(
        cls,
        packed: str,
        *,
        platform: str = "console",
        user_id: str = "",
        conversation: str = "",
        language: str = "",
    ) -> Request:
        """The request a pressed button makes; an unreadable one becomes the hidden ``stale`` command."""
        action = Action.unpack(packed) if isinstance(packed, str) else None
        if action is None:
            return cls(STALE, "", platform, user_id, conversation, language, "button")
        return cls.command_of(
            action.command,
            action.argument,
            platform=platform,
            user_id=user_id,
            conversation=conversation,
            language=language,
            origin="button",
        )

    def with_command(self, command: str, argument: str = "") -> Request:
        """The same asker, place and language asking for another command (already clean)."""
        return Request(
            command,
            argument,
            self.platform,
            self.user_id,
            self.conversation,
            self.language,
            self.origin,
        )


BAD_ARGUMENT = "bad-argument"
"""The hidden command a request with an unreadable argument becomes."""
