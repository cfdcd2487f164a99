"""The PostgreSQL store's schema: its migrations, recorded in the table ``schema_migrations``."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

import psycopg
from psycopg.rows import TupleRow

from bot.errors import ConfigError

log = logging.getLogger("careerbot.store")

Connection = psycopg.AsyncConnection[TupleRow]
"""A connection of the store (autocommit; rows as tuples)."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: quiz sessions and skill checklists.
    (
        "CREATE TABLE quiz_sessions (user_key TEXT PRIMARY KEY, version BIGINT NOT NULL,"
        " answers TEXT[] NOT NULL, updated DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX quiz_sessions_updated ON quiz_sessions (updated)",
        "CREATE TABLE skill_marks (user_key TEXT NOT NULL, skill_id TEXT NOT NULL,"
        " PRIMARY KEY (user_key, skill_id))",
        "CREATE TABLE checklists (user_key TEXT NOT NULL, career_id TEXT NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (user_key, career_id))",
    ),
    # 2: content gaps (questions answered unsure; no user ids).
    (
        "CREATE TABLE gaps (question TEXT PRIMARY KEY, count INTEGER NOT NULL,"
        " first_seen DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX gaps_rank ON gaps (count DESC, last_seen DESC)",
    ),
    # 3: conversation contexts, claimed platform updates, message owners, language choices.
    (
        "CREATE TABLE contexts (user_key TEXT NOT NULL, conversation TEXT NOT NULL, topics TEXT[] NOT NULL,"
        " listed TEXT[] NOT NULL, updated DOUBLE PRECISION NOT NULL, PRIMARY KEY (user_key, conversation))",
        "CREATE INDEX contexts_updated ON contexts (updated)",
        "CREATE TABLE claimed_updates (update_key TEXT PRIMARY KEY, claimed DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX claimed_updates_claimed ON claimed_updates (claimed)",
        "CREATE TABLE message_owners (message TEXT PRIMARY KEY, user_key TEXT NOT NULL,"
        " created DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX message_owners_created ON message_owners (created, message)",
        "CREATE INDEX message_owners_user ON message_owners (user_key)",
        "CREATE TABLE languages (user_key TEXT PRIMARY KEY, language TEXT NOT NULL)",
    ),
    # 4: recorded incoming updates (crash-safe intake: held under a lease until answered).
    (
        "CREATE TABLE intake (update_key TEXT PRIMARY KEY, payload TEXT NOT NULL,"
        " received DOUBLE PRECISION NOT NULL, holder TEXT NOT NULL, lease_until DOUBLE PRECISION NOT NULL,"
        " answered DOUBLE PRECISION)",
        "CREATE INDEX intake_received ON intake (received)",
        "CREATE INDEX intake_open ON intake (lease_until, received) WHERE answered IS NULL",
        "CREATE INDEX intake_holder ON intake (holder) WHERE answered IS NULL",
    ),
)
"""Schema migrations: migration ``n`` (1-based) is recorded as version ``n`` in ``schema_migrations``."""

SCHEMA_VERSION = len(MIGRATIONS)
MIGRATION_LOCK = int.from_bytes(b"careerbt", "big")
"""The ``pg_advisory_xact_lock`` key held while migrating (per database)."""


async def migrate(conn: Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> int:
    """Apply pending migrations (autocommit connection; holds the advisory lock); return the version."""
    applied: list[int] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
            " applied DOUBLE PRECISION NOT NULL)"
        )
        cursor = await conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        row = await cursor.fetchone()
        current = int(row[0]) if row is not None else 0
        if current > len(migrations):
            raise ConfigError(
                f"the store's schema version is {current}, newer than this careerbot knows "
                f"({len(migrations)}): upgrade careerbot or point STORE_URL elsewhere"
            )
        for version in range(current + 1, len(migrations) + 1):
            for statement in migrations[version - 1]:
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_migrations (version, applied) VALUES (%s, %s)", (version, time.time())
            )
            applied.append(version)
    for version in applied:
        log.info("store schema migrated to version %d", version)
    return len(migrations)
