"""Saved per-user state: quiz sessions, skill checklists and content-gap counts.

:class:`~bot.store.base.Store` is the narrow async interface the core uses;
:class:`~bot.store.sqlite.SqliteStore` is the default implementation (one
SQLite file, queries run on a dedicated thread so the event loop never waits
on disk) and :class:`~bot.store.memory.MemoryStore` keeps everything in a
dict (tests and benchmarks).
"""

from bot.store.base import Checklist, Forgotten, Gap, QuizRecord, Store, user_key
from bot.store.memory import MemoryStore
from bot.store.sqlite import SqliteStore

__all__ = ["Checklist", "Forgotten", "Gap", "MemoryStore", "QuizRecord", "SqliteStore", "Store", "user_key"]
