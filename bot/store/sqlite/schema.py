"""The SQLite store's schema: its migrations, versioned with ``PRAGMA user_version``."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence

from bot.errors import ConfigError

log = logging.getLogger("careerbot.store")

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: quiz sessions and skill checklists.
    (
        "CREATE TABLE quiz_sessions (user_key TEXT PRIMARY KEY, version INTEGER NOT NULL,"
        " answers TEXT NOT NULL, updated REAL NOT NULL) WITHOUT ROWID",
        "CREATE INDEX quiz_sessions_updated ON quiz_sessions (updated)",
        "CREATE TABLE skill_marks (user_key TEXT NOT NULL, skill_id TEXT NOT NULL,"
        " PRIMARY KEY (user_key, skill_id)) WITHOUT ROWID",
        "CREATE TABLE checklists (user_key TEXT NOT NULL, career_id TEXT NOT NULL,"
        " position INTEGER NOT NULL, PRIMARY KEY (user_key, career_id)) WITHOUT ROWID",
    ),
    # 2: content gaps (questions answered unsure; no user ids).
    (
        "CREATE TABLE gaps (question TEXT PRIMARY KEY, count INTEGER NOT NULL,"
        " first_seen REAL NOT NULL, last_seen REAL NOT NULL)",
        "CREATE INDEX gaps_rank ON gaps (count DESC, last_seen DESC)",
    ),
    # 3: conversation contexts, claimed platform updates, message owners, language choices.
    (
        "CREATE TABLE contexts (user_key TEXT NOT NULL, conversation TEXT NOT NULL, topics TEXT NOT NULL,"
        " listed TEXT NOT NULL, updated REAL NOT NULL, PRIMARY KEY (user_key, conversation)) WITHOUT ROWID",
        "CREATE INDEX contexts_updated ON contexts (updated)",
        "CREATE TABLE claimed_updates (update_key TEXT PRIMARY KEY, claimed REAL NOT NULL) WITHOUT ROWID",
        "CREATE INDEX claimed_updates_claimed ON claimed_updates (claimed)",
        "CREATE TABLE message_owners (message TEXT PRIMARY KEY, user_key TEXT NOT NULL,"
        " created REAL NOT NULL) WITHOUT ROWID",
        "CREATE INDEX message_owners_created ON message_owners (created, message)",
        "CREATE INDEX message_owners_user ON message_owners (user_key)",
        "CREATE TABLE languages (user_key TEXT PRIMARY KEY, language TEXT NOT NULL) WITHOUT ROWID",
    ),
    # 4: recorded incoming updates (crash-safe intake: held under a lease until answered).
    (
        "CREATE TABLE intake (update_key TEXT PRIMARY KEY, payload TEXT NOT NULL, received REAL NOT NULL,"
        " holder TEXT NOT NULL, lease_until REAL NOT NULL, answered REAL)",
        "CREATE INDEX intake_received ON intake (received)",
        "CREATE INDEX intake_open ON intake (lease_until) WHERE answered IS NULL",
        "CREATE INDEX intake_holder ON intake (holder) WHERE answered IS NULL",
    ),
)
"""Schema migrations: migration ``n`` (1-based) brings ``user_version`` from ``n - 1`` to ``n``."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> int:
    """Apply the pending migrations to an autocommit connection; return the schema version."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current > len(migrations):
                raise ConfigError(
                    f"the store's schema version is {current}, newer than this careerbot knows "
                    f"({len(migrations)}): upgrade careerbot or point STORE_PATH elsewhere"
                )
            if current == len(migrations):
                conn.execute("COMMIT")
                return current
            for statement in migrations[current]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
            log.info("store schema migrated to version %d", current + 1)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
