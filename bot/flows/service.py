"""The one async service between the pure flows and the store.

:class:`StateService` holds the stateful handlers of the command table
(``/quiz`` and its buttons, ``/path <role>`` with its checklist, checklist
marks, ``/progress``, ``/forgetme``, and ``ask``'s gap counting): each loads
the user's state, calls the pure flow, and saves what changed.  Quiz writes
are compare-and-swap on the session version, so of two concurrent presses
only one is applied; the other is answered "this step has changed".

Every store call goes through :meth:`StateService.use`, which tells the
service's :class:`~bot.store.watch.StoreWatch` how it went and, while the
store is known to be down, raises :class:`~bot.errors.StoreUnavailable` at
once instead of waiting on it.  The stateful handlers let that error out (the
core answers :func:`store_down`: "try again in a moment"); ``ask`` and the
conversation context go on without the store.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.ask import ask_in_context
from bot.content.catalog import Catalog
from bot.errors import StoreUnavailable
from bot.flows import checklist, quiz
from bot.flows.memory import PURGE_EVERY_SECONDS, ConversationMemory
from bot.flows.quiz import QuizState
from bot.handlers import guidance
from bot.handlers.common import page_of, resolve
from bot.phrases import EN, Phrases
from bot.replies import Action, Button, Paragraph, Reply, line
from bot.request import Request
from bot.store.base import Forgotten, QuizRecord, Store, user_key
from bot.store.watch import StoreWatch
from bot.text import normalize

log = logging.getLogger("careerbot.state")

MAX_GAP_CHARS = 200

_T = TypeVar("_T")


def unavailable(p: Phrases = EN) -> Reply:
    """The reply to a stateful command when there is no store or no user id."""
    return Reply(p.state_unavailable_title, (Paragraph(line(p.state_unavailable)),))


def store_down(request: Request, p: Phrases = EN) -> Reply:
    """The reply to a stateful command while the store cannot be reached: try again in a moment,
    with a button that repeats the request (a quiz answer, a checklist mark) when it fits one."""
    try:
        buttons: tuple[Button, ...] = (Button(p.btn_try_again, Action(request.command, request.argument)),)
    except ValueError:  # too long for a button: sending the command again does the same
        buttons = ()
    return Reply(p.store_down_title, (Paragraph(line(p.store_down)),), buttons, is_error=True)


def forget_reply(forgotten: Forgotten, catalog: Catalog) -> Reply:
    """What /forgetme says it deleted, counted in the catalog's language (CLDR plural forms)."""
    p = catalog.phrases
    if not forgotten.anything:
        return Reply(p.forget_title, (Paragraph(line(p.forget_nothing)),))
    text = p.forget_done_counted.format(
        quiz=p.forget_quiz_yes if forgotten.quiz else p.forget_quiz_no,
        skills=catalog.plural(p.forget_skills, forgotten.skills),
        checklists=catalog.plural(p.forget_checklists, forgotten.roles),
    )
    return Reply(p.forget_title, (Paragraph(line(text)),), (Button(p.btn_start, Action("start")),))


def gap_key(text: str) -> str:
    """How a (cleaned) question is counted: case-folded, punctuation removed, cut to 200 characters."""
    return normalize(text)[:MAX_GAP_CHARS].strip()


class StateService:
    """Loads and saves per-user state through a :class:`~bot.store.base.Store` around the pure flows."""

    def __init__(
        self,
        store: Store,
        *,
        quiz_expiry: float = 86400.0,
        record_gaps: bool = True,
        clock: Callable[[], float] = time.time,
        watch: StoreWatch | None = None,
    ) -> None:
        self.store = store
        self.watch = watch if watch is not None else StoreWatch(store)
        """Whether the store answers (shared with /healthz in a running bot)."""
        self.quiz_expiry = quiz_expiry
        self.record_gaps = record_gaps
        self.clock = clock
        self._last_purge = float("-inf")
        self.memory = ConversationMemory(store, use=self.use, watch=self.watch, clock=clock)
        """The conversation's context and the /language choice (free text's state)."""

    async def use(self, call: Callable[[], Awaitable[_T]]) -> _T:
        """``await call()`` (one store call), its outcome told to the watch; while the store is
        known to be down, :class:`~bot.errors.StoreUnavailable` at once, without calling it."""
        if not self.watch.usable():
            raise StoreUnavailable(f"the {self.watch.kind} store is down")
        try:
            result = await call()
        except StoreUnavailable as exc:
            self.watch.failed(exc)
            raise
        self.watch.succeeded()
        return result

    async def quiz(self, request: Request, catalog: Catalog) -> Reply:
        """/quiz and its buttons: load the session, apply the step, save it compare-and-swap."""
        user = user_key(request.platform, request.user_id)
        if user is None:
            return unavailable(catalog.phrases)
        return await self._quiz(user, request, catalog)

    async def forget(self, request: Request, catalog: Catalog) -> Reply:
        """/forgetme: delete everything stored about the user, and say what."""
        user = user_key(request.platform, request.user_id)
        if user is None:
            return unavailable(catalog.phrases)
        await self.memory.settled_user(user)  # a context still being written is deleted too
        forgotten = await self.use(lambda: self.store.forget(user))
        log.info("forgot a user on request (%s)", request.platform)
        return forget_reply(forgotten, catalog)

    async def progress(self, request: Request, catalog: Catalog) -> Reply:
        """/progress: per role, the skills marked and those left."""
        user = user_key(request.platform, request.user_id)
        if user is None:
            return unavailable(catalog.phrases)
        marks = await self.use(lambda: self.store.load_checklist(user))
        return checklist.progress(request, catalog, marks)

    async def path(self, request: Request, catalog: Catalog) -> Reply:
        """/path <role> with the user's checklist; the plain roadmap (or the pick list) otherwise."""
        user = user_key(request.platform, request.user_id)
        if user is None or not request.argument or page_of(request.argument) is not None:
            return guidance.path(request, catalog)
        found = resolve(catalog, "career", request.argument)
        if isinstance(found, Reply):
            return found
        marks = await self.use(lambda: self.store.load_checklist(user))
        return checklist.roadmap_with_checklist(catalog, catalog.careers[found.id], marks)

    async def mark(self, request: Request, catalog: Catalog) -> Reply:
        """A checklist button: set or unset one skill (one store call), show the updated roadmap."""
        user = user_key(request.platform, request.user_id)
        if user is None:
            return unavailable(catalog.phrases)
        marks = await self.use(lambda: self.store.load_checklist(user))
        reply, new = checklist.mark(request, catalog, marks)
        if new is not marks:  # one skill set or unset, and maybe a new role: one store call
            skill = request.argument.partition(".")[0]
            added_role = next((r for r in new.roles if r not in marks.roles), None)
            have = skill in new.skills
            await self.use(lambda: self.store.mark_skill(user, skill, have, added_role))
        return reply

    async def _quiz(self, user: str, request: Request, catalog: Catalog) -> Reply:
        now = self.clock()
        await self._purge(now)
        stored = await self.use(lambda: self.store.load_quiz(user))
        live = stored is not None and stored.updated >= now - self.quiz_expiry
        if stored is None:
            state = QuizState(secrets.randbelow(36**4) + 1)
        else:
            state = QuizState(stored.version, stored.answers if live else (), live)
        reply, new = quiz.step(request, catalog, state)
        if new is state:
            return reply
        record = QuizRecord(new.version, new.answers, now)
        expected = stored.version if stored is not None else None
        if await self.use(lambda: self.store.save_quiz(user, record, expected)):
            return reply
        # Another press of the same user was saved between our read and write.
        latest = await self.use(lambda: self.store.load_quiz(user))
        if latest is None:
            return quiz.expired(catalog.phrases)
        fresh = latest.updated >= now - self.quiz_expiry
        return quiz.changed(catalog, QuizState(latest.version, latest.answers if fresh else (), fresh))

    async def _purge(self, now: float) -> None:
        if now - self._last_purge < min(PURGE_EVERY_SECONDS, self.quiz_expiry):
            return
        self._last_purge = now
        purged = await self.use(lambda: self.store.purge_quizzes(now - self.quiz_expiry))
        if purged:
            log.info("purged %d expired quiz session(s)", purged)

    def read_ahead(self, request: Request) -> Callable[[], None]:
        """Start reading a free-text question's language choice and context now (one store call);
        returns the function that drops the read (see :meth:`ConversationMemory.read_ahead`)."""
        return self.memory.read_ahead(request)

    async def chosen_language(self, request: Request) -> str | None:
        """The language the user chose with /language, if any (never raises)."""
        return await self.memory.chosen_language(request)

    async def remember(self, request: Request, reply: Reply) -> None:
        """Keep what ``reply`` was about as the conversation's context (never raises)."""
        await self.memory.remember(request, reply)

    async def flush(self) -> None:
        """Finish the context writes still in flight (call before closing the store)."""
        await self.memory.flush()

    async def ask(self, request: Request, catalog: Catalog) -> Reply:
        """A free-text question, read against the conversation's context; one the bot was unsure
        about is counted for the gap report."""
        reply = ask_in_context(request, catalog, await self.memory.context_for(request))
        if reply.unsure:
            await self.count_gap(request.argument)
        return reply

    async def count_gap(self, question: str) -> None:
        """Count a question ``ask`` was unsure about (no user id is stored); never raises."""
        if not self.record_gaps:
            return
        text = gap_key(question)
        if not text:
            return
        try:
            await self.use(lambda: self.store.record_gap(text, self.clock()))
        except StoreUnavailable:  # the watch has logged the outage; the gap is not counted
            return
        except Exception:
            log.exception("could not count an unanswered question")
