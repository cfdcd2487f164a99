"""One frozen settings object, read from the environment (and ``*_FILE`` secrets).

Nothing is read at import time: call :func:`load_settings` once at start-up
(the CLI does) and pass the result down.  Every invalid value raises
:class:`ConfigError` naming the setting, never its secret value.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from bot.errors import ConfigError

_T = TypeVar("_T")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
STORE_FILE_NAME = "careerbot.sqlite3"


class Secret:
    """A secret string that never shows itself in ``repr``, ``str`` or logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself; only for handing to the platform client."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of careerbot; see the table in README.md."""

    content_dir: Path | None = None
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    log_format: str = "text"
    log_user_text: bool = False
    telegram_token: Secret | None = None
    telegram_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: Secret | None = None
    telegram_listen: str = "0.0.0.0"
    telegram_port: int = 8443
    telegram_concurrency: int = 32
    discord_token: Secret | None = None
    discord_guild_ids: tuple[int, ...] = ()
    discord_ephemeral: bool = False
    health_host: str = "0.0.0.0"
    health_port: int | None = None
    admin_ids: frozenset[str] = field(default_factory=frozenset)
    content_watch: bool = False
    content_watch_seconds: int = 5
    store_path: Path | None = None
    quiz_expiry_seconds: int = 86400
    store_questions: bool = True

    @property
    def store_file(self) -> Path:
        """The SQLite file of saved state: ``STORE_PATH``, else ``careerbot.sqlite3`` in ``DATA_DIR``."""
        return self.store_path if self.store_path is not None else self.data_dir / STORE_FILE_NAME

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms that have a token configured."""
        names = []
        if self.telegram_token:
            names.append("telegram")
        if self.discord_token:
            names.append("discord")
        return tuple(names)


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().casefold()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name} must be 1/true/yes/on or 0/false/no/off, not {raw.strip()[:20]!r}")


def _int(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw.strip()[:20]!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _url(name: str, raw: str) -> str:
    value = raw.strip().rstrip("/")
    if not value.startswith(("http://", "https://")) or " " in value:
        raise ConfigError(f"{name} must be an http:// or https:// address")
    return value


def _secret(env: Mapping[str, str], name: str) -> Secret | None:
    file_name = env.get(f"{name}_FILE", "").strip()
    if file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise ConfigError(f"{name}_FILE: cannot read {file_name!r} ({reason})") from None
        if not value:
            raise ConfigError(f"{name}_FILE: {file_name!r} is empty")
        return Secret(value)
    value = env.get(name, "").strip()
    return Secret(value) if value else None


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a ``.env`` file: ``KEY=value`` lines, ``#`` comments, optional quotes."""
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return values
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {type(exc).__name__}") from None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, sep, value = stripped.removeprefix("export ").partition("=")
        if not sep or not name.strip().replace("_", "").isalnum():
            raise ConfigError(f"{path}:{number}: expected KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name.strip()] = value
    return values


def _opt(env: Mapping[str, str], name: str, parse: Callable[[str, str], _T]) -> _T | None:
    raw = env.get(name, "").strip()
    return parse(name, raw) if raw else None


def load_settings(env: Mapping[str, str] | None = None, env_file: Path | None = None) -> Settings:
    """Build :class:`Settings` from ``env`` (default ``os.environ``) over an optional ``.env`` file."""
    merged: dict[str, str] = {}
    if env_file is not None:
        merged.update(read_env_file(env_file))
    merged.update(os.environ if env is None else env)
    e = merged
    level = e.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level[:20]!r}")
    log_format = e.get("LOG_FORMAT", "text").strip().casefold() or "text"
    if log_format not in {"text", "json"}:
        raise ConfigError(f"LOG_FORMAT must be text or json, not {log_format[:20]!r}")
    guilds: list[int] = []
    for part in e.get("DISCORD_GUILD_IDS", "").split(","):
        if part.strip():
            guilds.append(_int("DISCORD_GUILD_IDS", part, 1, 2**64 - 1))
    admins = frozenset(a.strip() for a in e.get("ADMIN_IDS", "").split(",") if a.strip())
    for admin in admins:
        platform, _, ident = admin.partition(":")
        if platform not in {"telegram", "discord", "console"} or not ident.isdigit():
            raise ConfigError(
                f"ADMIN_IDS entries look like telegram:12345 or discord:67890, not {admin[:30]!r}"
            )
    content = e.get("CAREERBOT_CONTENT_DIR", "").strip()
    store_path = e.get("STORE_PATH", "").strip()
    health = e.get("HEALTH_PORT", "").strip()
    return Settings(
        content_dir=Path(content) if content else None,
        data_dir=Path(e.get("DATA_DIR", "").strip() or "data"),
        log_level=level,
        log_format=log_format,
        log_user_text=_bool("LOG_USER_TEXT", e.get("LOG_USER_TEXT", "0")),
        telegram_token=_secret(e, "TELEGRAM_TOKEN"),
        telegram_base_url=_opt(e, "TELEGRAM_BASE_URL", _url),
        telegram_webhook_url=_opt(e, "TELEGRAM_WEBHOOK_URL", _url),
        telegram_webhook_secret=_secret(e, "TELEGRAM_WEBHOOK_SECRET"),
        telegram_listen=e.get("TELEGRAM_LISTEN", "").strip() or "0.0.0.0",
        telegram_port=_int("TELEGRAM_PORT", e.get("TELEGRAM_PORT", "8443"), 1, 65535),
        telegram_concurrency=_int("TELEGRAM_CONCURRENCY", e.get("TELEGRAM_CONCURRENCY", "32"), 1, 1024),
        discord_token=_secret(e, "DISCORD_TOKEN"),
        discord_guild_ids=tuple(guilds),
        discord_ephemeral=_bool("DISCORD_EPHEMERAL", e.get("DISCORD_EPHEMERAL", "0")),
        health_host=e.get("HEALTH_HOST", "").strip() or "0.0.0.0",
        health_port=_int("HEALTH_PORT", health, 0, 65535) if health and health != "0" else None,
        admin_ids=admins,
        content_watch=_bool("CONTENT_WATCH", e.get("CONTENT_WATCH", "0")),
        content_watch_seconds=_int("CONTENT_WATCH_INTERVAL", e.get("CONTENT_WATCH_INTERVAL", "5"), 1, 3600),
        store_path=Path(store_path) if store_path else None,
        quiz_expiry_seconds=_int(
            "QUIZ_EXPIRY_SECONDS", e.get("QUIZ_EXPIRY_SECONDS", "86400"), 60, 90 * 86400
        ),
        store_questions=_bool("STORE_QUESTIONS", e.get("STORE_QUESTIONS", "1")),
    )
