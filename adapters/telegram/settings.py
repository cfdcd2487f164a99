"""The Telegram adapter's settings section and the shape of its token (for log redaction).

:func:`load` reads the ``TELEGRAM_*`` settings from the environment the
composition root read once (:func:`adapters.config.load_config`), with the
core's parsing helpers, so its errors read like every other setting's.
This module imports no platform library.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.settings import Secret, optional, parse_int, parse_url, read_secret

TOKEN_PATTERN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
"""A Bot API token anywhere in a text (also inside ``/bot<token>/`` URLs): redacted from every log line."""


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    """The ``TELEGRAM_*`` settings; see the table in README.md."""

    token: Secret | None = None
    base_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: Secret | None = None
    listen: str = "0.0.0.0"
    port: int = 8443
    concurrency: int = 32
    lease_seconds: int = 10
    """How long an update held by a process that died waits before another (or the restarted one) takes it."""

    def secrets(self) -> tuple[str, ...]:
        """Every configured secret value, and the webhook secret derived from the token (to redact)."""
        values = tuple(s.reveal() for s in (self.token, self.webhook_secret) if s)
        if self.token and self.webhook_secret is None:
            values += (derived_secret(self.token.reveal()),)
        return values


def derived_secret(token: str) -> str:
    """The webhook secret of a bot without TELEGRAM_WEBHOOK_SECRET: HMAC-SHA256 of the token, so
    every replica with the token has the same one and nobody without it can guess it."""
    return hmac.new(token.encode(), b"careerbot webhook secret", hashlib.sha256).hexdigest()


def load(env: Mapping[str, str]) -> TelegramSettings:
    """The Telegram section of ``env``; a :class:`~bot.errors.ConfigError` names a bad setting."""
    return TelegramSettings(
        token=read_secret(env, "TELEGRAM_TOKEN"),
        base_url=optional(env, "TELEGRAM_BASE_URL", parse_url),
        webhook_url=optional(env, "TELEGRAM_WEBHOOK_URL", parse_url),
        webhook_secret=read_secret(env, "TELEGRAM_WEBHOOK_SECRET"),
        listen=env.get("TELEGRAM_LISTEN", "").strip() or "0.0.0.0",
        port=parse_int("TELEGRAM_PORT", env.get("TELEGRAM_PORT", "8443"), 1, 65535),
        concurrency=parse_int("TELEGRAM_CONCURRENCY", env.get("TELEGRAM_CONCURRENCY", "32"), 1, 1024),
        lease_seconds=parse_int("TELEGRAM_LEASE_SECONDS", env.get("TELEGRAM_LEASE_SECONDS", "10"), 1, 600),
    )
