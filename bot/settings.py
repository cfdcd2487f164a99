"""The core's frozen settings, and the parsing every settings section uses.

Nothing is read at import time: the composition root reads the environment
once (:func:`environment`: ``os.environ`` over an optional ``.env`` file)
and hands it to each section's loader, :func:`load_settings` for the core's
platform-neutral settings and one per platform adapter.  Every invalid value
raises :class:`ConfigError` naming the setting, never its secret value; the
parsing helpers here (:func:`parse_bool`, :func:`parse_int`,
:func:`parse_url`, :func:`read_secret`, :func:`optional`) are what every
section builds on, so all of them word their errors alike.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from bot.errors import ConfigError
from bot.i18n.languages import base_language
from bot.store.url import check_url, password_of, store_url_from_env

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
    """The core's platform-neutral settings; see the table in README.md.

    Each platform's own settings are a section of its adapter
    (``adapters.telegram.settings``, ``adapters.discord.settings``).
    """

    content_dir: Path | None = None
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    log_format: str = "text"
    log_user_text: bool = False
    health_host: str = "0.0.0.0"
    health_port: int | None = None
    admin_ids: frozenset[str] = field(default_factory=frozenset)
    content_watch: bool = False
    content_watch_seconds: int = 5
    store_path: Path | None = None
    store_url: Secret | None = None
    """``STORE_URL`` (or the file ``STORE_URL_FILE`` names): PostgreSQL; ``None`` means the SQLite file."""
    quiz_expiry_seconds: int = 86400
    store_questions: bool = True
    default_language: str = "en"
    """``DEFAULT_LANGUAGE``: the language for users whose platform says none careerbot speaks."""
    content_cache_dir: Path | None = None
    """``CONTENT_CACHE``: where parsed content files are kept; ``None`` (``off``) parses each load.

    Unset, it is ``content-cache`` in ``DATA_DIR`` (see :attr:`content_cache`).
    """
    content_cache_off: bool = False

    @property
    def content_cache(self) -> Path | None:
        """The folder of the content parse cache, or None when ``CONTENT_CACHE=off``."""
        if self.content_cache_off:
            return None
        default = self.data_dir / "content-cache"
        return self.content_cache_dir if self.content_cache_dir is not None else default

    @property
    def store_file(self) -> Path:
        """The SQLite file of saved state: ``STORE_PATH``, else ``careerbot.sqlite3`` in ``DATA_DIR``."""
        return self.store_path if self.store_path is not None else self.data_dir / STORE_FILE_NAME

    def secrets(self) -> tuple[str, ...]:
        """The core's secret values (the store URL and its password), for the logs to redact."""
        if self.store_url is None:
            return ()
        url = self.store_url.reveal()
        password = password_of(url)
        return (url, password) if password else (url,)


def parse_bool(name: str, raw: str) -> bool:
    """``raw`` as a yes/no setting (1/true/yes/on, 0/false/no/off or empty)."""
    value = raw.strip().casefold()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name} must be 1/true/yes/on or 0/false/no/off, not {raw.strip()[:20]!r}")


def parse_int(name: str, raw: str, low: int, high: int) -> int:
    """``raw`` as a whole number from ``low`` to ``high``."""
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw.strip()[:20]!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


def parse_url(name: str, raw: str) -> str:
    """``raw`` as an http(s) address, without a trailing slash."""
    value = raw.strip().rstrip("/")
    if not value.startswith(("http://", "https://")) or " " in value:
        raise ConfigError(f"{name} must be an http:// or https:// address")
    return value


def read_secret(env: Mapping[str, str], name: str) -> Secret | None:
    """The secret ``name``: read from the file ``{name}_FILE`` names, else the value of ``name``."""
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


def optional(env: Mapping[str, str], name: str, parse: Callable[[str, str], _T]) -> _T | None:
    """``parse(name, value)`` when ``name`` is set (and not empty), else ``None``."""
    raw = env.get(name, "").strip()
    return parse(name, raw) if raw else None


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


def environment(env: Mapping[str, str] | None = None, env_file: Path | None = None) -> dict[str, str]:
    """The settings' environment: ``env`` (default ``os.environ``) over an optional ``.env`` file."""
    merged: dict[str, str] = {}
    if env_file is not None:
        merged.update(read_env_file(env_file))
    merged.update(os.environ if env is None else env)
    return merged


def load_settings(env: Mapping[str, str] | None = None, env_file: Path | None = None) -> Settings:
    """Build the core's :class:`Settings` from :func:`environment` (``env`` over ``env_file``)."""
    e = environment(env, env_file)
    level = e.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level[:20]!r}")
    log_format = e.get("LOG_FORMAT", "text").strip().casefold() or "text"
    if log_format not in {"text", "json"}:
        raise ConfigError(f"LOG_FORMAT must be text or json, not {log_format[:20]!r}")
    admins = frozenset(a.strip() for a in e.get("ADMIN_IDS", "").split(",") if a.strip())
    for admin in admins:
        platform, _, ident = admin.partition(":")
        if platform not in {"telegram", "discord", "console"} or not ident.isdigit():
            raise ConfigError(
                f"ADMIN_IDS entries look like telegram:12345 or discord:67890, not {admin[:30]!r}"
            )
    content = e.get("CAREERBOT_CONTENT_DIR", "").strip()
    store_path = e.get("STORE_PATH", "").strip()
    store_url = _store_url(e)
    health = e.get("HEALTH_PORT", "").strip()
    cache = e.get("CONTENT_CACHE", "").strip()
    cache_off = cache.casefold() in {"off", "0", "no", "false", "none"}
    return Settings(
        content_dir=Path(content) if content else None,
        data_dir=Path(e.get("DATA_DIR", "").strip() or "data"),
        log_level=level,
        log_format=log_format,
        log_user_text=parse_bool("LOG_USER_TEXT", e.get("LOG_USER_TEXT", "0")),
        health_host=e.get("HEALTH_HOST", "").strip() or "0.0.0.0",
        health_port=parse_int("HEALTH_PORT", health, 0, 65535) if health and health != "0" else None,
        admin_ids=admins,
        content_watch=parse_bool("CONTENT_WATCH", e.get("CONTENT_WATCH", "0")),
        content_watch_seconds=parse_int(
            "CONTENT_WATCH_INTERVAL", e.get("CONTENT_WATCH_INTERVAL", "5"), 1, 3600
        ),
        store_path=Path(store_path) if store_path else None,
        store_url=store_url,
        quiz_expiry_seconds=parse_int(
            "QUIZ_EXPIRY_SECONDS", e.get("QUIZ_EXPIRY_SECONDS", "86400"), 60, 90 * 86400
        ),
        store_questions=parse_bool("STORE_QUESTIONS", e.get("STORE_QUESTIONS", "1")),
        default_language=_language(e.get("DEFAULT_LANGUAGE", "")),
        content_cache_dir=Path(cache) if cache and not cache_off else None,
        content_cache_off=cache_off,
    )


def _store_url(env: Mapping[str, str]) -> Secret | None:
    """``STORE_URL`` (or the file ``STORE_URL_FILE`` names), checked; ``None`` when neither is set."""
    url = store_url_from_env(env)
    if url is None:
        return None
    check_url(url)
    return Secret(url)


def _language(raw: str) -> str:
    """``DEFAULT_LANGUAGE``: a base language tag such as ``en``, ``es`` or ``ru`` (default ``en``)."""
    value = raw.strip()
    if not value:
        return "en"
    code = base_language(value)
    if code is None:
        raise ConfigError(
            f"DEFAULT_LANGUAGE must be a language code such as en, es or ru, not {value[:20]!r}"
        )
    return code
