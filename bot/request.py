"""What an adapter hands the core: one command with its argument."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Request:
    """A platform-neutral request.

    ``command`` is a registry name (``salary``), ``argument`` the raw text
    after it (may be empty).  ``platform`` and ``user_id`` identify who asks,
    for logs, metrics and per-user state; handlers of static content ignore them.
    """

    command: str
    argument: str = ""
    platform: str = "console"
    user_id: str = ""
