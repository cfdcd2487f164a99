"""The one error hierarchy of careerbot.

* :class:`UserError` carries a message that is safe to show to the person
  who sent the request (an unknown career, a missing argument...).
* :class:`ContentError` lists every problem found in a content folder.
* :class:`ConfigError` names a setting whose value is unusable.
* :class:`StoreUnavailable` says the store cannot be reached right now (a
  database server that went away, a locked or failing disk): worth retrying.

Anything else raised while handling a request is a bug: the dispatcher logs
it with a reference id and answers with an apology (see :mod:`bot.core`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class CareerbotError(Exception):
    """Base class of every error careerbot raises on purpose."""


class UserError(CareerbotError):
    """A problem with the request itself; ``message`` is safe to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(CareerbotError):
    """A setting is missing or invalid; the message names the setting, never a secret."""


class StoreUnavailable(CareerbotError):
    """The store cannot be used right now (server down, disk locked or failing); a later call may work.

    The message says which store (a database URL with its password masked), never a secret.
    """


@dataclass(frozen=True, slots=True)
class ContentProblem:
    """One problem in one content file, located by line and key path."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        key = f" {self.path}:" if self.path else ""
        return f"{where}:{key} {self.message}"


class ContentError(CareerbotError):
    """Content failed validation; ``problems`` holds every problem found."""

    def __init__(self, problems: Iterable[ContentProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{count} content problem{'s' if count != 1 else ''}:\n{lines}")
