"""The conversation's memory: its context and the user's language choice, read and written.

:class:`ConversationMemory` is the part of :class:`~bot.flows.service.StateService`
that serves free text.  A free-text question's /language choice and its
conversation's context are read in one store call
(:meth:`ConversationMemory.read_ahead`), made when the core asks for the
language and kept for ``ask``; after the reply :meth:`ConversationMemory.remember`
keeps the reply's topics (refs only, never message text) as the next context,
written behind the reply by :class:`~bot.flows.contexts.ContextWrites`.  A
context older than 30 minutes is not used, and hourly the old ones are
deleted.  Nothing here raises: without the store a question is answered on its
own and the platform's language tag is used.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from bot.errors import StoreUnavailable
from bot.flows.contexts import ContextWrites
from bot.replies import Reply
from bot.request import Request
from bot.store.base import Context, Store, user_key
from bot.store.watch import StoreWatch
from bot.understanding.recall import TTL_SECONDS, Recall

log = logging.getLogger("careerbot.state")

MAX_CONVERSATION_CHARS = 64
PURGE_EVERY_SECONDS = 3600.0

_T = TypeVar("_T")


class StoreCall(Protocol):
    """How the memory calls the store: ``await use(call)``, through the service's watch."""

    def __call__(self, call: Callable[[], Awaitable[_T]], /) -> Awaitable[_T]: ...


class ConversationMemory:
    """Per conversation and user: the last answer's topics and list, and the /language choice."""

    def __init__(
        self,
        store: Store,
        *,
        use: StoreCall,
        watch: StoreWatch,
        clock: Callable[[], float],
    ) -> None:
        self.store = store
        self.use = use
        """The owning service's :meth:`~bot.flows.service.StateService.use` (the watch sees every call)."""
        self.watch = watch
        self.clock = clock
        self._last_context_purge = float("-inf")
        self._recalled: dict[Request, Recall | None] = {}
        """Contexts read by :meth:`context_for`, handed to :meth:`remember` for the same request."""
        self._writes = ContextWrites()
        self._early: dict[tuple[str, str, str, str], _Ahead] = {}
        """Free-text questions whose language and context are read in one call (see :meth:`read_ahead`)."""

    async def settled_user(self, user: str) -> None:
        """Wait for the user's context writes in flight (before /forgetme deletes everything)."""
        await self._writes.settled_user(user)

    def read_ahead(self, request: Request) -> Callable[[], None]:
        """Have the user's /language choice and the conversation's context, what a free-text question
        needs, read in one store call (:meth:`Store.load_language_and_context`): made by
        :meth:`chosen_language` (the core, choosing the language to answer in) and kept for
        :meth:`context_for`.  No task is started: a store that answers without waiting (the SQLite
        store's reads, the memory store) costs no trip through the event loop.  Returns the function
        that drops what was kept if the question never reached :meth:`context_for` (an admin-only
        or unknown command)."""
        key = _ahead_key(request)
        if key in self._early:  # the same question already asked: it shares that read
            return _nothing
        ahead = self._early[key] = _Ahead()

        def drop() -> None:
            if self._early.get(key) is ahead:
                del self._early[key]

        return drop

    async def chosen_language(self, request: Request) -> str | None:
        """The language the user chose with /language, if any: with the context when
        :meth:`read_ahead` was called for this request, else on its own (never raises: None when
        unreadable; while the store is known to be down it is not asked, and the platform's tag
        will do)."""
        ahead = self._early.get(_ahead_key(request))
        if ahead is None:
            return await self._chosen_now(request)
        if ahead.both is None:
            both = await self._read_ahead(request)
            if ahead.both is None:  # else the same question, asked at once, was read first
                ahead.both = both
        return ahead.both[0]

    async def context_for(self, request: Request) -> Recall | None:
        """The context ``ask`` answers ``request`` in: the one :meth:`chosen_language` read with the
        language, else read now; kept for :meth:`remember`, which builds the next context on it (one
        read per question)."""
        ahead = self._early.pop(_ahead_key(request), None)
        recall = ahead.both[1] if ahead is not None and ahead.both is not None else await self.recall(request)
        self._recalled[request] = recall
        return recall

    async def recall(self, request: Request) -> Recall | None:
        """The conversation's context, if the user has one from the last 30 minutes (never raises:
        without it the question is answered on its own)."""
        user = user_key(request.platform, request.user_id)
        if user is None or not request.conversation:
            return None
        conversation = request.conversation[:MAX_CONVERSATION_CHARS]
        await self._writes.settled((user, conversation))
        try:
            stored = await self.use(lambda: self.store.load_context(user, conversation))
        except StoreUnavailable:  # the watch has logged the outage
            return None
        except Exception as exc:
            log.warning("conversation context unavailable: %s", type(exc).__name__)
            return None
        return self._fresh(stored)

    async def _read_ahead(self, request: Request) -> tuple[str | None, Recall | None]:
        """:meth:`chosen_language` and :meth:`recall` of one request, in one store call when it
        needs both (never raises)."""
        user = user_key(request.platform, request.user_id)
        if user is None or not request.conversation or self.watch.up is False:
            # One read or none: the store down, the language is not asked (see chosen_language).
            return await self._chosen_now(request), await self.recall(request)
        conversation = request.conversation[:MAX_CONVERSATION_CHARS]
        await self._writes.settled((user, conversation))
        try:
            both = await self.use(lambda: self.store.load_language_and_context(user, conversation))
        except StoreUnavailable:  # the watch has logged the outage
            return None, None
        except Exception as exc:
            log.warning("language choice and conversation context unavailable: %s", type(exc).__name__)
            return None, None
        return both[0], self._fresh(both[1])

    async def _chosen_now(self, request: Request) -> str | None:
        """:meth:`chosen_language`, not waiting for a read started ahead."""
        user = user_key(request.platform, request.user_id)
        if user is None or self.watch.up is False:
            return None
        try:
            return await self.use(lambda: self.store.load_language(user))
        except StoreUnavailable:  # the watch has logged the outage
            return None
        except Exception as exc:
            log.warning("language choice unavailable: %s", type(exc).__name__)
            return None

    def _fresh(self, stored: Context | None) -> Recall | None:
        """A stored context as a :class:`Recall`, unless it is older than its 30 minutes."""
        if stored is None or stored.updated < self.clock() - TTL_SECONDS:
            return None
        return Recall.from_stored(stored.topics, stored.listed)

    async def remember(self, request: Request, reply: Reply) -> None:
        """Keep what ``reply`` was about as the conversation's context (topic refs only); a reply
        without a list of its own keeps the list shown before.  The write goes on behind the reply
        (:class:`~bot.flows.contexts.ContextWrites`).  Never raises."""
        meaning = reply.meaning
        user = user_key(request.platform, request.user_id)
        if user is None or not request.conversation or not (meaning.topics or meaning.listed):
            self._recalled.pop(request, None)
            return
        conversation = request.conversation[:MAX_CONVERSATION_CHARS]
        try:
            before = self._recalled.pop(request) if request in self._recalled else await self.recall(request)
            recall = Recall.of(meaning, before)
            await self._purge_contexts()
            context = Context(recall.stored(), recall.listed, self.clock())
            self._writes.start(
                (user, conversation),
                lambda: self.use(lambda: self.store.save_context(user, conversation, context)),
            )
        except StoreUnavailable:  # the watch has logged the outage
            pass
        except Exception as exc:
            log.warning("could not keep the conversation context: %s", type(exc).__name__)

    async def flush(self) -> None:
        """Finish the context writes still in flight (call before closing the store)."""
        await self._writes.flush()

    async def _purge_contexts(self) -> None:
        """Hourly: delete conversation contexts older than their 30 minutes."""
        now = self.clock()
        if now - self._last_context_purge < PURGE_EVERY_SECONDS:
            return
        self._last_context_purge = now
        purged = await self.use(lambda: self.store.purge_contexts(now - TTL_SECONDS))
        if purged:
            log.info("purged %d expired conversation context(s)", purged)


class _Ahead:
    """A read-ahead's result once made: the language choice and the fresh context."""

    __slots__ = ("both",)

    def __init__(self) -> None:
        self.both: tuple[str | None, Recall | None] | None = None


def _nothing() -> None:
    """The drop of a question that shares another's read: nothing of its own to drop."""


def _ahead_key(request: Request) -> tuple[str, str, str, str]:
    """What a request is, whatever language it is answered in (the core sets that in between)."""
    return request.platform, request.user_id or "", request.conversation or "", request.argument
