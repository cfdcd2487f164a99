"""Choosing the store from ``STORE_URL``, and keeping its password out of every message.

* :func:`open_store`: no URL means the SQLite file; ``postgresql://`` (or
  ``postgres://``) means :class:`~bot.store.postgres.PostgresStore`.
* :func:`mask_url`: the URL with its password replaced by ``***``, for messages and logs.
* :func:`open_with_retry`: open a store, retrying while its server is unreachable.
* :func:`store_url_from_env`: ``STORE_URL``, or the contents of the file named by ``STORE_URL_FILE``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from bot.errors import ConfigError, StoreUnavailable
from bot.store.base import Store
from bot.store.sqlite import SqliteStore

log = logging.getLogger("careerbot.store")

SCHEMES = ("postgresql", "postgres")
MASK = "***"
MIN_SECRET = 4
"""Shorter passwords are masked inside URLs but not searched for in free text (it would garble it)."""
_QUERY_PASSWORD = re.compile(r"(?i)(password=)[^&#\s]*")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _split_userinfo(url: str) -> tuple[str, str, str] | None:
    """``(scheme, userinfo, rest)`` when the URL has a userinfo part (up to its last ``@``)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return None
    userinfo, _, after = rest.rpartition("@")
    return scheme, userinfo, after


def password_of(url: str) -> str | None:
    """The password in ``url`` as written (maybe percent-encoded), if there is one."""
    parts = _split_userinfo(url)
    if parts is not None and ":" in parts[1]:
        return parts[1].partition(":")[2]
    for key, value in parse_qsl(url.partition("?")[2]):
        if key.lower() == "password":
            return value
    return None


def mask_url(url: str) -> str:
    """``url`` with its password (in the userinfo or a ``password=`` parameter) replaced by ``***``.

    Works on malformed URLs too: everything up to the last ``@`` is taken as the userinfo,
    so a password holding unencoded ``/``, ``?`` or ``@`` is masked whole.
    """
    parts = _split_userinfo(url)
    if parts is not None:
        scheme, userinfo, after = parts
        user, colon, _ = userinfo.partition(":")
        url = f"{scheme}://{user}{':' + MASK if colon else ''}@{after}"
    return _QUERY_PASSWORD.sub(rf"\g<1>{MASK}", url)


def scrub(text: str, url: str) -> str:
    """``text`` (say, a driver's error message) with the password of ``url`` masked, in any encoding."""
    password = password_of(url)
    if password:
        text = text.replace(url, mask_url(url))
        if len(password) >= MIN_SECRET:
            for form in {password, unquote(password), quote(unquote(password), safe="")}:
                text = text.replace(form, MASK)
    return " ".join(text.split())


def check_url(url: str) -> None:
    """Raise :class:`~bot.errors.ConfigError` (naming ``STORE_URL``, password masked) unless usable."""
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme not in SCHEMES:
        shown = f"{scheme}://" if scheme else "a value without a scheme"
        raise ConfigError(f"STORE_URL must start with postgresql:// or postgres:// (got {shown})")
    parts = _split_userinfo(url)
    if (parts is not None and any(c in parts[1] for c in "/?#@")) or _BAD_ESCAPE.search(url):
        raise ConfigError(
            f"STORE_URL is not a valid URL ({mask_url(url)}): percent-encode special characters"
            " such as / ? # @ % in the user name and password (@ is %40)"
        )
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError as exc:
        raise ConfigError(f"STORE_URL is not a valid URL ({mask_url(url)}): {scrub(str(exc), url)}") from None
    if port == 0:
        raise ConfigError(f"STORE_URL has port 0 ({mask_url(url)}): use the server's port, e.g. 5432")
    query_host = any(key == "host" and value for key, value in parse_qsl(split.query))
    if not split.hostname and not query_host:
        raise ConfigError(
            f"STORE_URL names no host ({mask_url(url)}): postgresql://USER:PASSWORD@HOST:PORT/DB"
        )


def open_store(url: str | None, sqlite_path: Path) -> Store:
    """The store ``STORE_URL`` asks for: SQLite at ``sqlite_path`` when it is unset or empty.

    Only checks the URL (:class:`~bot.errors.ConfigError` naming ``STORE_URL``); connecting
    waits for :meth:`Store.open` (see :func:`open_with_retry`).
    """
    if url is None or not url.strip():
        return SqliteStore(sqlite_path)
    url = url.strip()
    check_url(url)
    from bot.store.postgres import PostgresStore  # psycopg is imported only when it is used

    return PostgresStore(url)


def store_url_from_env(env: Mapping[str, str]) -> str | None:
    """``STORE_URL``, or the first line of the file ``STORE_URL_FILE`` names (a Docker secret); not both."""
    direct = env.get("STORE_URL", "").strip()
    file = env.get("STORE_URL_FILE", "").strip()
    if direct and file:
        raise ConfigError("set STORE_URL or STORE_URL_FILE, not both")
    if not file:
        return direct or None
    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise ConfigError(f"STORE_URL_FILE {file} cannot be read: {exc.__class__.__name__}") from None
    lines = text.strip().splitlines()
    return lines[0].strip() if lines and lines[0].strip() else None


async def open_with_retry(
    store: Store,
    *,
    attempts: int | None = 8,
    delay: float = 1.0,
    max_delay: float = 30.0,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> None:
    """``store.open()``, retried with exponential backoff while it raises StoreUnavailable.

    Waits ``delay``, then twice as long each time up to ``max_delay``, for at most ``attempts``
    tries (``None``: until it opens, or the caller cancels); each retry is logged once at
    WARNING (the message masks the password).  The last :class:`~bot.errors.StoreUnavailable`,
    and any :class:`~bot.errors.ConfigError` at once, propagate.
    """
    wait = delay
    attempt = 0
    while True:
        attempt += 1
        try:
            await store.open()
            return
        except StoreUnavailable as exc:
            if attempts is not None and attempt >= max(1, attempts):
                raise
            of = f" of {attempts}" if attempts is not None else ""
            log.warning("store unavailable (attempt %d%s), retrying in %.1f s: %s", attempt, of, wait, exc)
        await sleep(wait)
        wait = min(wait * 2, max_delay)
