"""The Bot API methods of the fake server, validating parameters the way Telegram does."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from typing import Any

from tests.fakes import telegram_updates as tu
from tests.fakes.telegram_html import EntityError, parse_html, utf16_len

MAX_TEXT = 4096
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
OLD_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"


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


def check_text(text: Any, parse_mode: Any) -> str:
    """The plain text Telegram would show; errors as Telegram words them."""
    if not isinstance(text, str) or not text:
        raise _bad("message text is empty")
    plain = text
    if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        try:
            plain = parse_html(text)
        except EntityError as exc:
            raise ApiError(400, str(exc)) from None
    if not plain.strip():
        raise _bad("message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise _bad("message is too long")
    return plain


def check_markup(markup: Any) -> dict[str, Any] | None:
    """Validate an inline keyboard like Telegram (callback_data 1..64 bytes, URLs, one action)."""
    if markup is None:
        return None
    if not isinstance(markup, dict) or not isinstance(markup.get("inline_keyboard"), list):
        raise _bad("can't parse reply keyboard markup JSON object")
    count = 0
    for row in markup["inline_keyboard"]:
        if not isinstance(row, list):
            raise _bad("can't parse inline keyboard button: InlineKeyboardButton row must be an Array")
        for button in row:
            count += 1
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                raise _bad("BUTTON_TEXT_INVALID")
            actions = [k for k in ("url", "callback_data", "switch_inline_query", "login_url") if k in button]
            if len(actions) != 1:
                raise _bad(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise _bad("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.match(r"^(https?|tg)://[^\s]+$", str(url)):
                raise _bad("BUTTON_URL_INVALID")
    if count > 100:
        raise _bad("reply markup is too long")
    return markup


class Methods:
    """State of the fake Bot API and its methods (``m_<method>``)."""

    def __init__(self) -> None:
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.updates: list[tuple[dict[str, Any], float]] = []
        self.sent: list[dict[str, Any]] = []
        self.commands: list[dict[str, str]] = []
        self.webhook: dict[str, Any] | None = None
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
        self.webhook = None
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

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        raw = params.get("chat_id")
        chat_id = _int(params, "chat_id") if not str(raw).startswith("@") else None
        chat = self.chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise _bad("chat not found")
        return chat

    def _record(self, method: str, msg: dict[str, Any], html: str, params: dict[str, Any]) -> None:
        self.sent.append(
            {
                "method": method,
                "chat_id": msg["chat"]["id"],
                "message_id": msg["message_id"],
                "text": msg["text"],
                "html": html,
                "parse_mode": params.get("parse_mode"),
                "reply_markup": msg.get("reply_markup"),
                "reply_to": (msg.get("reply_to_message") or {}).get("message_id"),
                "thread_id": msg.get("message_thread_id"),
                "time": time.monotonic(),
            }
        )

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
        if _flag(params, "drop_pending_updates"):
            self.updates.clear()
        self.webhook = {"url": url, "secret_token": secret} if url else None
        self._webhook_changed()
        return True

    async def m_deletewebhook(self, params: dict[str, Any]) -> Any:
        if _flag(params, "drop_pending_updates"):
            self.updates.clear()
        self.webhook = None
        self._webhook_changed()
        return True

    async def m_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        url = self.webhook["url"] if self.webhook else ""
        return {"url": url, "has_custom_certificate": False, "pending_update_count": len(self.updates)}

    async def m_setmycommands(self, params: dict[str, Any]) -> Any:
        commands = _json(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("commands must be an array of at most 100 BotCommand")
        for command in commands:
            if not isinstance(command, dict) or not COMMAND_NAME.match(str(command.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = commands
        return True

    async def m_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.commands

    async def m_deletemycommands(self, params: dict[str, Any]) -> Any:
        self.commands = []
        return True

    async def m_sendmessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        html = str(params.get("text", ""))
        plain = check_text(params.get("text"), params.get("parse_mode"))
        markup = check_markup(_json(params, "reply_markup"))
        reply_parameters = _json(params, "reply_parameters") or {}
        reply_to = None
        if reply_parameters:
            reply_to = self.messages.get((chat["id"], int(reply_parameters.get("message_id", 0))))
            if reply_to is None and not reply_parameters.get("allow_sending_without_reply"):
                raise _bad("message to be replied not found")
        thread = _int(params, "message_thread_id")
        msg = tu.message(
            self._next_message_id(chat["id"]),
            chat,
            tu.BOT_USER,
            plain,
            reply_to=reply_to,
            thread_id=thread,
            markup=markup,
            with_entities=False,
        )
        self.messages[(chat["id"], msg["message_id"])] = msg
        self._record("sendMessage", msg, html, params)
        return msg

    async def m_editmessagetext(self, params: dict[str, Any]) -> Any:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        chat = self._chat(params)
        msg = self.messages.get((chat["id"], _int(params, "message_id") or 0))
        if msg is None:
            raise _bad("message to edit not found")
        if msg["from"]["id"] != tu.BOT_ID:
            raise _bad("message can't be edited")
        html = str(params.get("text", ""))
        plain = check_text(params.get("text"), params.get("parse_mode"))
        markup = check_markup(_json(params, "reply_markup"))
        if plain == msg["text"] and markup == msg.get("reply_markup"):
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        msg["text"] = plain
        msg["edit_date"] = int(time.time())
        if markup:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        self._record("editMessageText", msg, html, params)
        return msg

    async def m_answercallbackquery(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("callback_query_id", ""))
        if self.callback_queries.get(query_id, True):
            raise ApiError(400, OLD_QUERY)
        if len(str(params.get("text") or "")) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        self.callback_queries[query_id] = True
        return True

    async def m_answerinlinequery(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("inline_query_id", ""))
        if query_id not in self.inline_queries or self.inline_queries[query_id] is not None:
            raise ApiError(400, OLD_QUERY)
        results = _json(params, "results")
        if not isinstance(results, list):
            raise _bad("can't parse results JSON object")
        if len(results) > 50:
            raise _bad("RESULTS_TOO_MUCH")
        ids: set[str] = set()
        for result in results:
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode()) <= 64:
                raise _bad("RESULT_ID_INVALID")
            if result_id in ids:
                raise _bad("RESULT_ID_DUPLICATE")
            ids.add(result_id)
            if result.get("type") != "article" or not str(result.get("title", "")).strip():
                raise _bad("RESULT_TYPE_INVALID")
            content = result.get("input_message_content") or {}
            check_text(content.get("message_text"), content.get("parse_mode"))
            check_markup(result.get("reply_markup"))
        self.inline_queries[query_id] = results
        self.inline_answers.append({"inline_query_id": query_id, "results": results})
        return True

    async def m_sendchataction(self, params: dict[str, Any]) -> Any:
        self._chat(params)
        return True

    async def m_close(self, params: dict[str, Any]) -> Any:
        return True

    async def m_logout(self, params: dict[str, Any]) -> Any:
        return True
