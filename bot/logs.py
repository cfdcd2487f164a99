"""Logging set-up: human-readable or JSON lines, with secrets redacted everywhere."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from types import TracebackType
from urllib.parse import quote

from bot.settings import Settings

REDACTED = "[REDACTED]"

_TOKEN_PATTERNS = (
    re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}"),  # Telegram bot token, also inside /bot<token>/ URLs
    re.compile(r"[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"),  # Discord bot token
)

MIN_SECRET = 4
"""Shorter configured secrets are not searched for (see :func:`redact`)."""


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with known secrets and anything shaped like a bot token replaced.

    A secret is also caught percent-encoded, as it appears inside a URL that
    an HTTP library put in an exception message (``/bot123%3AABC/getMe``).
    Values shorter than :data:`MIN_SECRET` characters are left alone: no real
    token is that short, and replacing every "x" would garble the very message
    that explains the setting is malformed.
    """
    for secret in secrets:
        if len(secret) >= MIN_SECRET:
            text = text.replace(secret, REDACTED)
            encoded = quote(secret, safe="")
            if encoded != secret:
                text = text.replace(encoded, REDACTED)
    for pattern in _TOKEN_PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats a record (traceback included), then redacts the whole text."""

    def __init__(self, secrets: Iterable[str], json_lines: bool) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
        self.secrets = tuple(s for s in secrets if s)
        self.json_lines = json_lines

    def format(self, record: logging.LogRecord) -> str:
        if not self.json_lines:
            return redact(super().format(record), self.secrets)
        payload = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        # Redact each field before JSON escaping could hide a secret from the search.
        clean = {k: redact(v, self.secrets) for k, v in payload.items()}
        return json.dumps(clean, ensure_ascii=False)


def _log_uncaught(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook``: an uncaught exception goes through the redacting handler too."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    logging.getLogger("careerbot").critical("uncaught exception", exc_info=(kind, value, tb))


def setup_logging(settings: Settings) -> None:
    """Configure the root logger once, from settings."""
    secrets = [s.reveal() for s in (settings.telegram_token, settings.discord_token) if s]
    if settings.telegram_webhook_secret:
        secrets.append(settings.telegram_webhook_secret.reveal())
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(secrets, settings.log_format == "json"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    logging.captureWarnings(True)  # warnings too go through the redacting handler
    sys.excepthook = _log_uncaught
    for noisy in ("httpx", "httpcore", "discord.gateway", "discord.client", "discord.http", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
