"""The flows' state in the SQLite store: quiz sessions, checklists, conversation contexts,
message owners and language choices (and forgetting a user's)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from bot.store.base import Checklist, Context, Forgotten, QuizRecord
from bot.store.sqlite.connection import SqliteConnection

_LANGUAGE_AND_CONTEXT = (
    "SELECT (SELECT language FROM languages WHERE user_key = ?), c.topics, c.listed, c.updated"
    " FROM (SELECT 1) AS one LEFT JOIN contexts AS c ON c.user_key = ? AND c.conversation = ?"
)
"""One row: the user's language (or NULL) and the conversation's context (or NULLs)."""
_LANGUAGE = "SELECT language FROM languages WHERE user_key = ?"
_CONTEXT = "SELECT topics, listed, updated FROM contexts WHERE user_key = ? AND conversation = ?"
_SEPARATOR = ","


def _refs(text: object) -> tuple[str, ...]:
    """A tuple of refs from its JSON column."""
    return tuple(str(item) for item in json.loads(str(text)))


class SqliteState(SqliteConnection):
    """The calls of :class:`~bot.store.base.Store` on the state the bot's flows keep per user."""

    # Quiz sessions ----------------------------------------------------------------------------

    async def load_quiz(self, user: str) -> QuizRecord | None:
        """See :class:`~bot.store.base.Store`."""

        def load() -> QuizRecord | None:
            row = (
                self._db()
                .execute("SELECT version, answers, updated FROM quiz_sessions WHERE user_key = ?", (user,))
                .fetchone()
            )
            if row is None:
                return None
            answers = tuple(a for a in str(row[1]).split(_SEPARATOR) if a)
            return QuizRecord(int(row[0]), answers, float(row[2]))

        return await self._run(load)

    async def save_quiz(self, user: str, record: QuizRecord, expected: int | None) -> bool:
        """See :class:`~bot.store.base.Store` (one conditional statement: atomic)."""
        answers = _SEPARATOR.join(record.answers)

        def save(conn: sqlite3.Connection) -> bool:
            if expected is None:
                cursor = conn.execute(
                    "INSERT INTO quiz_sessions (user_key, version, answers, updated) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (user_key) DO NOTHING",
                    (user, record.version, answers, record.updated),
                )
            else:
                cursor = conn.execute(
                    "UPDATE quiz_sessions SET version = ?, answers = ?, updated = ?"
                    " WHERE user_key = ? AND version = ?",
                    (record.version, answers, record.updated, user, expected),
                )
            return cursor.rowcount == 1

        return await self._run(self._write, save)

    async def purge_quizzes(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""

        def purge(conn: sqlite3.Connection) -> int:
            return conn.execute("DELETE FROM quiz_sessions WHERE updated < ?", (updated_before,)).rowcount

        return await self._run(self._write, purge)

    # Checklists -------------------------------------------------------------------------------

    async def load_checklist(self, user: str) -> Checklist:
        """See :class:`~bot.store.base.Store`."""

        def load() -> Checklist:
            conn = self._db()
            skills = conn.execute("SELECT skill_id FROM skill_marks WHERE user_key = ?", (user,)).fetchall()
            roles = conn.execute(
                "SELECT career_id FROM checklists WHERE user_key = ? ORDER BY position", (user,)
            ).fetchall()
            return Checklist(frozenset(str(s[0]) for s in skills), tuple(str(r[0]) for r in roles))

        return await self._run(load)

    async def mark_skill(self, user: str, skill: str, have: bool, role: str | None) -> None:
        """See :class:`~bot.store.base.Store`."""

        def mark(conn: sqlite3.Connection) -> None:
            if have:
                conn.execute(
                    "INSERT INTO skill_marks (user_key, skill_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (user, skill),
                )
            else:
                conn.execute("DELETE FROM skill_marks WHERE user_key = ? AND skill_id = ?", (user, skill))
            if role is not None:
                conn.execute(
                    "INSERT INTO checklists (user_key, career_id, position) VALUES (?, ?,"
                    " (SELECT COALESCE(MAX(position), 0) + 1 FROM checklists WHERE user_key = ?))"
                    " ON CONFLICT DO NOTHING",
                    (user, role, user),
                )

        await self._run(self._write, mark)

    async def forget(self, user: str) -> Forgotten:
        """See :class:`~bot.store.base.Store` (one transaction)."""

        def forget(conn: sqlite3.Connection) -> Forgotten:
            quiz = conn.execute("DELETE FROM quiz_sessions WHERE user_key = ?", (user,)).rowcount
            skills = conn.execute("DELETE FROM skill_marks WHERE user_key = ?", (user,)).rowcount
            roles = conn.execute("DELETE FROM checklists WHERE user_key = ?", (user,)).rowcount
            contexts = conn.execute("DELETE FROM contexts WHERE user_key = ?", (user,)).rowcount
            language = conn.execute("DELETE FROM languages WHERE user_key = ?", (user,)).rowcount
            conn.execute("DELETE FROM message_owners WHERE user_key = ?", (user,))
            return Forgotten(quiz > 0, skills, roles, contexts, language > 0)

        return await self._run(self._write, forget)

    # Conversation contexts --------------------------------------------------------------------

    async def load_context(self, user: str, conversation: str) -> Context | None:
        """See :class:`~bot.store.base.Store` (read in the calling thread when it can be)."""

        def shape(rows: list[Any]) -> Context | None:
            return Context(_refs(rows[0][0]), _refs(rows[0][1]), float(rows[0][2])) if rows else None

        return await self._read(_CONTEXT, (user, conversation), shape)

    async def save_context(self, user: str, conversation: str, context: Context) -> None:
        """See :class:`~bot.store.base.Store` (one upsert)."""
        topics, listed = json.dumps(list(context.topics)), json.dumps(list(context.listed))

        def save(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO contexts (user_key, conversation, topics, listed, updated)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (user_key, conversation) DO UPDATE SET topics = excluded.topics,"
                " listed = excluded.listed, updated = excluded.updated",
                (user, conversation, topics, listed, context.updated),
            )

        await self._run(self._write, save)

    async def purge_contexts(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""

        def purge(conn: sqlite3.Connection) -> int:
            return conn.execute("DELETE FROM contexts WHERE updated < ?", (updated_before,)).rowcount

        return await self._run(self._write, purge)

    # Message owners ---------------------------------------------------------------------------

    async def save_owner(self, message: str, user: str, now: float) -> None:
        """See :class:`~bot.store.base.Store`; trims to ``max_owners`` every ``owner_trim_every`` calls."""
        trim = self._owner_saves % self.owner_trim_every == 0
        self._owner_saves += 1

        def save(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO message_owners (message, user_key, created) VALUES (?, ?, ?)"
                " ON CONFLICT (message) DO UPDATE SET user_key = excluded.user_key,"
                " created = excluded.created",
                (message, user, now),
            )
            if trim:
                conn.execute(
                    "DELETE FROM message_owners WHERE message IN (SELECT message FROM message_owners"
                    " ORDER BY created DESC, message DESC LIMIT -1 OFFSET ?)",
                    (self.max_owners,),
                )

        await self._run(self._write, save)

    async def load_owner(self, message: str) -> str | None:
        """See :class:`~bot.store.base.Store`."""

        def load() -> str | None:
            row = (
                self._db()
                .execute("SELECT user_key FROM message_owners WHERE message = ?", (message,))
                .fetchone()
            )
            return None if row is None else str(row[0])

        return await self._run(load)

    # Language choices -------------------------------------------------------------------------

    async def load_language(self, user: str) -> str | None:
        """See :class:`~bot.store.base.Store` (read in the calling thread when it can be)."""
        return await self._read(_LANGUAGE, (user,), lambda rows: str(rows[0][0]) if rows else None)

    async def load_language_and_context(
        self, user: str, conversation: str
    ) -> tuple[str | None, Context | None]:
        """See :class:`~bot.store.base.Store` (one query; read in the calling thread when it can be,
        else one trip to the store thread)."""

        def shape(rows: list[Any]) -> tuple[str | None, Context | None]:
            language, topics, listed, updated = rows[0]
            context = None if topics is None else Context(_refs(topics), _refs(listed), float(updated))
            return None if language is None else str(language), context

        return await self._read(_LANGUAGE_AND_CONTEXT, (user, user, conversation), shape)

    async def save_language(self, user: str, language: str | None) -> None:
        """See :class:`~bot.store.base.Store`."""

        def save(conn: sqlite3.Connection) -> None:
            if language is None:
                conn.execute("DELETE FROM languages WHERE user_key = ?", (user,))
            else:
                conn.execute(
                    "INSERT INTO languages (user_key, language) VALUES (?, ?)"
                    " ON CONFLICT (user_key) DO UPDATE SET language = excluded.language",
                    (user, language),
                )

        await self._run(self._write, save)
