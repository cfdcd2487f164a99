"""The fake server's Bot API methods that send and edit messages and answer queries.

sendMessage, editMessageText, answerCallbackQuery, answerInlineQuery and
sendChatAction, with the text and keyboard checks they share (Telegram's
wording for what it rejects).  :class:`MessageMethods` is a mixin over
:class:`tests.fakes.telegram_methods.Methods`, the fake's state.
"""

from __future__ import annotations

import re
import time
from typing import Any

from tests.fakes import telegram_updates as tu
from tests.fakes.telegram_html import EntityError, parse_html, utf16_len
from tests.fakes.telegram_methods import ApiError, Methods, _bad, _flag, _int, _json

MAX_TEXT = 4096
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
OLD_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"


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


class MessageMethods(Methods):
    """The Bot API methods (``m_<method>``) that send and edit messages and answer queries."""

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

    def _editable(self, params: dict[str, Any]) -> dict[str, Any]:
        """The bot's own message an edit names, or Telegram's error for it."""
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        chat = self._chat(params)
        msg = self.messages.get((chat["id"], _int(params, "message_id") or 0))
        if msg is None:
            raise _bad("message to edit not found")
        if msg["from"]["id"] != tu.BOT_ID:
            raise _bad("message can't be edited")
        return msg

    async def m_editmessagetext(self, params: dict[str, Any]) -> Any:
        msg = self._editable(params)
        if "text" not in msg:  # a photo message: only its caption or media can be edited
            raise _bad("there is no text in the message to edit")
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
        self.inline_answers.append(
            {
                "inline_query_id": query_id,
                "results": results,
                "is_personal": _flag(params, "is_personal"),
                "cache_time": _int(params, "cache_time"),
            }
        )
        return True

    async def m_sendchataction(self, params: dict[str, Any]) -> Any:
        self._chat(params)
        return True
