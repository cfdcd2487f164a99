"""The flows' state in the PostgreSQL store: quiz sessions, checklists, conversation contexts,
message owners and language choices (and forgetting a user's)."""

from __future__ import annotations

from bot.store.base import Checklist, Context, Forgotten, QuizRecord
from bot.store.postgres.pool import PostgresPool


class PostgresState(PostgresPool):
    """The calls of :class:`~bot.store.base.Store` on the state the bot's flows keep per user."""

    # Quiz sessions ----------------------------------------------------------------------------

    async def load_quiz(self, user: str) -> QuizRecord | None:
        """See :class:`~bot.store.base.Store`."""
        rows = await self._fetch(
            "SELECT version, answers, updated FROM quiz_sessions WHERE user_key = %s", (user,)
        )
        if not rows:
            return None
        version, answers, updated = rows[0]
        return QuizRecord(int(version), tuple(answers), float(updated))

    async def save_quiz(self, user: str, record: QuizRecord, expected: int | None) -> bool:
        """See :class:`~bot.store.base.Store` (one conditional statement: atomic)."""
        answers = list(record.answers)
        if expected is None:
            count = await self._execute(
                "INSERT INTO quiz_sessions (user_key, version, answers, updated) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (user_key) DO NOTHING",
                (user, record.version, answers, record.updated),
            )
        else:
            count = await self._execute(
                "UPDATE quiz_sessions SET version = %s, answers = %s, updated = %s"
                " WHERE user_key = %s AND version = %s",
                (record.version, answers, record.updated, user, expected),
            )
        return count == 1

    async def purge_quizzes(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""
        return await self._execute("DELETE FROM quiz_sessions WHERE updated < %s", (updated_before,))

    # Checklists -------------------------------------------------------------------------------

    async def load_checklist(self, user: str) -> Checklist:
        """See :class:`~bot.store.base.Store` (one query)."""
        rows = await self._fetch(
            "SELECT 0, skill_id, 0 FROM skill_marks WHERE user_key = %(u)s"
            " UNION ALL SELECT 1, career_id, position FROM checklists WHERE user_key = %(u)s"
            " ORDER BY 1, 3",
            {"u": user},
        )
        skills = frozenset(str(ref) for kind, ref, _ in rows if kind == 0)
        return Checklist(skills, tuple(str(ref) for kind, ref, _ in rows if kind == 1))

    async def mark_skill(self, user: str, skill: str, have: bool, role: str | None) -> None:
        """See :class:`~bot.store.base.Store` (one statement: the mark and the role together)."""
        mark = (
            "INSERT INTO skill_marks (user_key, skill_id) VALUES (%(u)s, %(s)s) ON CONFLICT DO NOTHING"
            if have
            else "DELETE FROM skill_marks WHERE user_key = %(u)s AND skill_id = %(s)s"
        )
        if role is None:
            await self._execute(mark, {"u": user, "s": skill})
            return
        await self._execute(
            f"WITH mark AS ({mark}) INSERT INTO checklists (user_key, career_id, position)"
            " SELECT %(u)s, %(r)s, COALESCE(MAX(position), 0) + 1 FROM checklists WHERE user_key = %(u)s"
            " ON CONFLICT DO NOTHING",
            {"u": user, "s": skill, "r": role},
        )

    async def forget(self, user: str) -> Forgotten:
        """See :class:`~bot.store.base.Store` (one statement, so all or nothing)."""
        rows = await self._fetch(
            "WITH q AS (DELETE FROM quiz_sessions WHERE user_key = %(u)s RETURNING 1),"
            " s AS (DELETE FROM skill_marks WHERE user_key = %(u)s RETURNING 1),"
            " r AS (DELETE FROM checklists WHERE user_key = %(u)s RETURNING 1),"
            " c AS (DELETE FROM contexts WHERE user_key = %(u)s RETURNING 1),"
            " l AS (DELETE FROM languages WHERE user_key = %(u)s RETURNING 1),"
            " o AS (DELETE FROM message_owners WHERE user_key = %(u)s RETURNING 1)"
            " SELECT (SELECT COUNT(*) FROM q), (SELECT COUNT(*) FROM s), (SELECT COUNT(*) FROM r),"
            " (SELECT COUNT(*) FROM c), (SELECT COUNT(*) FROM l), (SELECT COUNT(*) FROM o)",
            {"u": user},
        )
        quiz, skills, roles, contexts, language, _ = (int(n) for n in rows[0])
        return Forgotten(quiz > 0, skills, roles, contexts, language > 0)

    # Conversation contexts --------------------------------------------------------------------

    async def load_context(self, user: str, conversation: str) -> Context | None:
        """See :class:`~bot.store.base.Store`."""
        rows = await self._fetch(
            "SELECT topics, listed, updated FROM contexts WHERE user_key = %s AND conversation = %s",
            (user, conversation),
        )
        if not rows:
            return None
        topics, listed, updated = rows[0]
        return Context(tuple(topics), tuple(listed), float(updated))

    async def save_context(self, user: str, conversation: str, context: Context) -> None:
        """See :class:`~bot.store.base.Store` (one upsert)."""
        await self._execute(
            "INSERT INTO contexts (user_key, conversation, topics, listed, updated)"
            " VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (user_key, conversation) DO UPDATE SET topics = excluded.topics,"
            " listed = excluded.listed, updated = excluded.updated",
            (user, conversation, list(context.topics), list(context.listed), context.updated),
        )

    async def purge_contexts(self, updated_before: float) -> int:
        """See :class:`~bot.store.base.Store`."""
        return await self._execute("DELETE FROM contexts WHERE updated < %s", (updated_before,))

    # Message owners ---------------------------------------------------------------------------

    async def save_owner(self, message: str, user: str, now: float) -> None:
        """See :class:`~bot.store.base.Store`; trims to ``max_owners`` every ``owner_trim_every`` calls."""
        trim = self._owner_saves % self.owner_trim_every == 0
        self._owner_saves += 1
        await self._execute(
            "INSERT INTO message_owners (message, user_key, created) VALUES (%s, %s, %s)"
            " ON CONFLICT (message) DO UPDATE SET user_key = excluded.user_key,"
            " created = excluded.created",
            (message, user, now),
        )
        if trim:
            await self._execute(
                "DELETE FROM message_owners WHERE message IN (SELECT message FROM message_owners"
                " ORDER BY created DESC, message DESC OFFSET %s)",
                (self.max_owners,),
            )

    async def load_owner(self, message: str) -> str | None:
        """See :class:`~bot.store.base.Store`."""
        rows = await self._fetch("SELECT user_key FROM message_owners WHERE message = %s", (message,))
        return str(rows[0][0]) if rows else None

    # Language choices -------------------------------------------------------------------------

    async def load_language(self, user: str) -> str | None:
        """See :class:`~bot.store.base.Store`."""
        rows = await self._fetch("SELECT language FROM languages WHERE user_key = %s", (user,))
        return str(rows[0][0]) if rows else None

    async def load_language_and_context(
        self, user: str, conversation: str
    ) -> tuple[str | None, Context | None]:
        """See :class:`~bot.store.base.Store` (one query: one round trip, one snapshot)."""
        rows = await self._fetch(
            "SELECT (SELECT language FROM languages WHERE user_key = %s), c.topics, c.listed, c.updated"
            " FROM (SELECT 1) AS one LEFT JOIN contexts AS c ON c.user_key = %s AND c.conversation = %s",
            (user, user, conversation),
        )
        language, topics, listed, updated = rows[0]
        context = None if topics is None else Context(tuple(topics), tuple(listed), float(updated))
        return None if language is None else str(language), context

    async def save_language(self, user: str, language: str | None) -> None:
        """See :class:`~bot.store.base.Store`."""
        if language is None:
            await self._execute("DELETE FROM languages WHERE user_key = %s", (user,))
        else:
            await self._execute(
                "INSERT INTO languages (user_key, language) VALUES (%s, %s)"
                " ON CONFLICT (user_key) DO UPDATE SET language = excluded.language",
                (user, language),
            )
