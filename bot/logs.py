"""Logging set-up: human-readable or JSON lines, with secrets redacted everywhere.

The core knows no platform's token shape: the composition root passes the
configured secrets and every adapter's token pattern to :func:`setup_logging`.
"""

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

MIN_SECRET = 4
"""Shorter configured secrets are not searched for (see :func:`redact`)."""


def redact(text: str, secrets: Iterable[str] = (), patterns: Iterable[re.Pattern[str]] = ()) -> str:
    """``text`` with known ``secrets`` and anything matching a token ``pattern`` replaced.

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
    for pattern in patterns:
        text = pattern.sub(REDACTED, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats a record (traceback included), then redacts the whole text."""

    def __init__(
        self, secrets: Iterable[str], json_lines: bool, patterns: Iterable[re.Pattern[str]] = ()
    ) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
        self.secrets = tuple(s for s in secrets if s)
        self.patterns = tuple(patterns)
        self.json_lines = json_lines

    def _redact(self, text: str) -> str:
        return redact(text, self.secrets, self.patterns)

    def format(self, record: logging.LogRecord) -> str:
        if not self.json_lines:
            return self._redact(super().format(record))
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
        clean = {k: self._redact(v) for k, v in payload.items()}
        return json.dumps(clean, ensure_ascii=False)


def _log_uncaught(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook``: an uncaught exception goes through the redacting handler too."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    logging.getLogger("careerbot").critical("uncaught exception", exc_info=(kind, value, tb))


def setup_logging(
    settings: Settings, secrets: Iterable[str] = (), token_patterns: Iterable[re.Pattern[str]] = ()
) -> None:
    """Configure the root logger once: level and format from ``settings``; ``secrets`` (every
    configured secret value) and anything matching ``token_patterns`` redacted from every line."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(secrets, settings.log_format == "json", token_patterns))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    logging.captureWarnings(True)  # warnings too go through the redacting handler
    sys.excepthook = _log_uncaught
    for noisy in ("httpx", "httpcore", "discord.gateway", "discord.client", "discord.http", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
