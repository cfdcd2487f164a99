"""The state of the fake Bot API server and its set-up methods, validating parameters like Telegram.

getMe, getUpdates, the webhook and command methods, close and logOut, and the
parameter helpers every method uses; the methods that send and edit messages
and answer queries are in :mod:`tests.fakes.telegram_messages`.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from typing import Any

from tests.fakes import telegram_updates as tu

COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
"""setMyCommands' ``language_code``: a two-letter ISO 639-1 code (or empty: for every language)."""
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
DEFAULT_MAX_CONNECTIONS = 40
"""setWebhook's max_connections when none is given; Telegram takes 1 to 100."""


class ApiError(Exception):
    """A Bot API error answer."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _json(params: dict[str, Any], key: str) -> Any:
    value = params.get(key)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise _bad(f"can't parse {key} JSON object") from None
    return value


def _flag(params: dict[str, Any], key: str) -> bool:
    value = params.get(key)
    return value is True or (isinstance(value, str) and value.casefold() == "true")


def _int(params: dict[str, Any], key: str) -> int | None:
    value = params.get(key)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f"{key} is invalid") from None


class Methods:
    """State of the fake Bot API and its methods (``m_<method>``)."""

    def __init__(self) -> None:
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.updates: list[tuple[dict[str, Any], float]] = []
        self.sent: list[dict[str, Any]] = []
        self.commands: list[dict[str, str]] = []
        """The command list for every language (setMyCommands without ``language_code``)."""
        self.menus: dict[str, list[dict[str, str]]] = {}
        """Every command list set, by ``language_code`` (``""``: the default one)."""
        self.webhook: dict[str, Any] | None = None
        self.webhook_max_connections = DEFAULT_MAX_CONNECTIONS
        self.last_webhook_error: tuple[int, str] | None = None
        """When (Unix time) and why the last webhook delivery failed, for getWebhookInfo."""
        self.callback_queries: dict[str, bool] = {}
        self.inline_queries: dict[str, list[Any] | None] = {}
        self.inline_answers: list[dict[str, Any]] = []
        self._message_ids: dict[int, int] = {}
        self._event = asyncio.Event()
        self.closing = False

    def reset(self) -> None:
        """Forget everything but the chats."""
        self.messages.clear()
        self.updates.clear()
        self.sent.clear()
        self.commands = []
        self.menus = {}
        self.webhook = None
        self.webhook_max_connections = DEFAULT_MAX_CONNECTIONS
        self.last_webhook_error = None
        self.callback_queries.clear()
        self.inline_queries.clear()
        self.inline_answers.clear()
        self._notify()

    def _notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def changed(self, predicate: Callable[[], bool], within: float | None = None) -> bool:
        """Wait until ``predicate()`` holds; ``False`` if ``within`` seconds passed first."""
        loop = asyncio.get_running_loop()
        deadline = None if within is None else loop.time() + within
        while not predicate():
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                return False
            try:
                await asyncio.wait_for(self._event.wait(), left)
            except TimeoutError:
                return predicate()
        return True

    def _next_message_id(self, chat_id: int) -> int:
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def _webhook_changed(self) -> None:
        """Start or stop webhook delivery (the server implements it)."""

    async def m_getme(self, params: dict[str, Any]) -> Any:
        return tu.BOT_USER

    async def m_getupdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _int(params, "offset")
        limit = min(max(_int(params, "limit") or 100, 1), 100)
        timeout = max(0.0, min(float(params.get("timeout") or 0), 50.0))
        if offset is not None and offset > 0:
            self.updates = [(u, t) for u, t in self.updates if u["update_id"] >= offset]
        await self.changed(lambda: bool(self.updates) or self.closing, timeout)
        return [u for u, _ in self.updates[:limit]]

    async def m_setwebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if url and not re.match(r"^https?://[^\s]+$", url):
            raise _bad("bad webhook: invalid webhook URL specified")
        if secret is not None and not SECRET_TOKEN.match(str(secret)):
            raise _bad("secret token contains unallowed characters")
        connections = _int(params, "max_connections")
        if _flag(params, "drop_pending_updates"):
            self.updates.clear()
        self.webhook = {"url": url, "secret_token": secret} if url else None
        # Like Telegram, values outside 1..100 are brought into range rather than refused.
        self.webhook_max_connections = min(max(connections or DEFAULT_MAX_CONNECTIONS, 1), 100)
        self._webhook_changed()
        self._notify()
        return True

    async def m_deletewebhook(self, params: dict[str, Any]) -> Any:
        if _flag(params, "drop_pending_updates"):
            self.updates.clear()
        self.webhook = None
        self._webhook_changed()
        return True

    async def m_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if self.webhook:
            info["max_connections"] = self.webhook_max_connections
        if self.last_webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self.last_webhook_error
        return info

    @staticmethod
    def _language_code(params: dict[str, Any]) -> str:
        """The ``language_code`` of a command method (``""`` when none), checked like Telegram;
        only the default scope is supported."""
        code = str(params.get("language_code") or "")
        if code and not LANGUAGE_CODE.match(code):
            raise _bad("invalid language code specified")
        scope = _json(params, "scope")
        if scope not in (None, {"type": "default"}):
            raise _bad(f"the fake supports the default scope only, got {scope!r}")
        return code

    async def m_setmycommands(self, params: dict[str, Any]) -> Any:
        commands = _json(params, "commands")
        code = self._language_code(params)
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("commands must be an array of at most 100 BotCommand")
        for command in commands:
            if not isinstance(command, dict) or not COMMAND_NAME.match(str(command.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        self.menus[code] = commands
        if not code:
            self.commands = commands
        return True

    async def m_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.menus.get(self._language_code(params), [])

    async def m_deletemycommands(self, params: dict[str, Any]) -> Any:
        code = self._language_code(params)
        self.menus.pop(code, None)
        if not code:
            self.commands = []
        return True

    def menu_for(self, language_code: str | None) -> list[dict[str, str]]:
        """The list a user whose app is in ``language_code`` sees: that language's, else the default."""
        return self.menus.get(language_code or "") or self.menus.get("", [])

    async def m_close(self, params: dict[str, Any]) -> Any:
        return True

    async def m_logout(self, params: dict[str, Any]) -> Any:
        return True
