"""Saved per-user state: quiz sessions, skill checklists and content-gap counts.

:class:`~bot.store.base.Store` is the narrow async interface the core uses;
:class:`~bot.store.sqlite.SqliteStore` is the default implementation (one
SQLite file, written on a dedicated thread so the event loop never waits on a
write; a free-text question's point reads are made in the loop, on a read-only
connection) and :class:`~bot.store.memory.MemoryStore` keeps everything in a
dict (tests and benchmarks).  :class:`~bot.store.postgres.PostgresStore`
keeps it on a PostgreSQL server, shared by several replicas; it is imported
from :mod:`bot.store.postgres` (or made by :func:`~bot.store.url.open_store`
from ``STORE_URL``) so psycopg loads only when it is used.
"""

from bot.store.base import Checklist, Context, Forgotten, Gap, PendingUpdate, QuizRecord, Store, user_key
from bot.store.memory import MemoryStore
from bot.store.sqlite import SqliteStore
from bot.store.url import mask_url, open_store, open_with_retry

__all__ = [
    "Checklist",
    "Context",
    "Forgotten",
    "Gap",
    "MemoryStore",
    "PendingUpdate",
    "QuizRecord",
    "SqliteStore",
    "Store",
    "mask_url",
    "open_store",
    "open_with_retry",
    "user_key",
]
