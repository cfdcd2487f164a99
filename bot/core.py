"""The core's one way in: :meth:`Core.respond`.

Every answer, from every adapter (console, CLI ``ask``, Telegram messages,
buttons and inline mode, Discord commands, components and mentions), comes
from ``await core.respond(request)``.  It looks the command up in the one
:class:`~bot.commands.CommandTable`, dispatches on the command's kind
(pure, stateful, admin), times the answer, tells the observers (metrics,
request log) and is the one place where errors become replies (see
:func:`failure`).  A stateful command whose store cannot be reached
(:class:`~bot.errors.StoreUnavailable`) is answered "try again in a moment"
(:func:`~bot.flows.service.store_down`), never with the apology.  It never
raises.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.admin import Reloader, admin_key, reload_reply
from bot.commands import Choice, CommandSpec, CommandTable, default_table, unknown
from bot.content.catalog import Catalog
from bot.content.live import LiveCatalog
from bot.errors import StoreUnavailable, UserError
from bot.flows.service import StateService, store_down
from bot.i18n.languages import ANSWERING, DEFAULT_LANGUAGE, language_of
from bot.phrases import EN, Phrases
from bot.replies import Action, Button, Paragraph, Reply, bold, line
from bot.request import STALE, Request
from bot.store.base import user_key
from bot.text import MAX_INPUT_CHARS

log = logging.getLogger("careerbot.core")

REPLY_CACHE_SIZE = 4096
"""Replies of pure handlers kept per catalog (cleared when full or when the catalog changes)."""

MAX_ARGUMENT_CHARS = 200
"""Arguments that name a career, skill or topic are cut to this length (free text is not)."""


def apology(ref: str, p: Phrases = EN) -> Reply:
    """The reply to an unexpected error, carrying its reference id."""
    return Reply(
        p.apology_title,
        (Paragraph(line(p.apology, " ", bold(ref))),),
        (Button(p.btn_start, Action("start")),),
        p.footer_ref.format(ref=ref),
        is_error=True,
    )


def failure(exc: BaseException, what: str, platform: str, p: Phrases = EN) -> Reply:
    """The one error hook: a :class:`UserError` shows its safe message; anything else is
    logged with its traceback and a reference id, and answered with an apology.

    Adapters call it too, for what fails on their side (a send, a render)."""
    if isinstance(exc, UserError):
        return Reply(exc.message, is_error=True)
    ref = secrets.token_hex(4)
    log.error("%s failed (ref %s, platform %s)", what, ref, platform, exc_info=exc)
    return apology(ref, p)


Observer = Callable[[Request, Reply, float], None]
"""Called after every answered request with the reply and the seconds it took (metrics, logs)."""


class Core:
    """Answers requests from any adapter through :meth:`respond`.

    Built once, with everything it uses, by the composition root
    (``adapters.bootstrap``): the catalog (a :class:`LiveCatalog` when content
    can be reloaded), the command table, the state service (``None``
    without a store: stateful commands then give their stateless answer),
    the reloader and admins for ``/reload``, and the observers.
    """

    def __init__(
        self,
        catalog: Catalog | LiveCatalog,
        table: CommandTable | None = None,
        *,
        state: StateService | None = None,
        reloader: Reloader | None = None,
        admins: frozenset[str] = frozenset(),
        observers: Sequence[Observer] = (),
        reply_cache: int = REPLY_CACHE_SIZE,
        default_language: str = DEFAULT_LANGUAGE,
    ) -> None:
        self.content = catalog if isinstance(catalog, LiveCatalog) else LiveCatalog(catalog)
        self.table = table if table is not None else default_table()
        self.state = state
        self.reloader = reloader
        self.admins = admins
        self.observers = tuple(observers)
        self._reply_cache = reply_cache
        self.default_language = default_language
        self._replies: dict[tuple[str, str, str], Reply] = {}
        self._replies_for: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        """The catalog currently served."""
        return self.content.current

    async def respond(self, request: Request) -> Reply:
        """Answer one request, in the user's language; never raises."""
        started = time.perf_counter()
        drop = self.state.read_ahead(request) if self.state is not None and request.command == "ask" else None
        try:
            request = await self._in_language(request)
            return await self._respond(request, started)
        finally:
            if drop is not None:
                drop()

    async def _respond(self, request: Request, started: float) -> Reply:
        """:meth:`respond` once the request's language is known."""
        catalog = self.content.current.for_language(request.language)
        token = ANSWERING.set(catalog.language)  # every Reply built while answering is in it
        try:
            reply = await self._answer(request, catalog)
        finally:
            ANSWERING.reset(token)
        if reply.language != catalog.language:  # one built elsewhere (a shared reply)
            reply = replace(reply, language=catalog.language)
        elapsed = time.perf_counter() - started
        for observer in self.observers:
            try:
                observer(request, reply, elapsed)
            except Exception:
                log.exception("observer failed")
        return reply

    async def _answer(self, request: Request, catalog: Catalog) -> Reply:
        spec = self.table.get(request.command)
        if spec is None or (spec.kind == "admin" and not self._is_admin(request)):
            spec = self.table.get(STALE) if request.origin == "button" else None
        if spec is None:
            return unknown(self.table, request.command, catalog.phrases)
        try:
            reply = await self._dispatch(spec, request, catalog)
        except Exception as exc:
            reply = failure(exc, f"/{spec.name}", request.platform, catalog.phrases)
        if self.state is not None:
            await self.state.remember(request, reply)
        if request.truncated and not reply.is_error:
            characters = catalog.plural(catalog.phrases.ask_characters, MAX_INPUT_CHARS)
            footer = catalog.phrases.ask_truncated_counted.format(characters=characters)
            reply = replace(reply, footer=footer)
        return reply

    async def _in_language(self, request: Request) -> Request:
        """The request with the language to answer in: the user's /language choice, else the
        platform's tag (``es-419`` is Spanish), else ``DEFAULT_LANGUAGE``; unsupported ones fall back."""
        supported = self.content.current.languages
        chosen = await self.state.chosen_language(request) if self.state is not None else None
        code = (
            language_of(chosen, supported)
            or language_of(request.language, supported)
            or language_of(self.default_language, supported)
            or DEFAULT_LANGUAGE
        )
        return replace(
            request, language=code, platform_language=request.platform_language or request.language
        )

    async def _dispatch(self, spec: CommandSpec, request: Request, catalog: Catalog) -> Reply:
        argument = request.argument
        if spec.argument is None or not spec.argument.free_text:
            argument = argument[:MAX_ARGUMENT_CHARS].strip()
        if argument != request.argument or request.command != spec.name:
            request = replace(request, command=spec.name, argument=argument)
        match spec.kind:
            case "admin":
                return await self._reload(request)
            case "stateful" if self.state is not None and spec.stateful is not None:
                try:
                    reply = await spec.stateful(self.state, request, catalog)
                except StoreUnavailable:  # the state service's watch has logged the outage
                    reply = store_down(request, catalog.phrases)
                personal = spec.personal and user_key(request.platform, request.user_id) is not None
                return replace(reply, personal=True) if personal and not reply.personal else reply
            case _:
                return self._pure(spec, request, catalog)

    def _pure(self, spec: CommandSpec, request: Request, catalog: Catalog) -> Reply:
        """A pure handler's reply, memoised per catalog: the same request gets the same reply."""
        key = (catalog.language, spec.name, request.argument)
        if self._replies_for is self.content.current:
            cached = self._replies.get(key)
            if cached is not None:
                return cached
        reply = spec.handler(request, catalog)
        if len(request.argument) <= MAX_ARGUMENT_CHARS and self._reply_cache > 0:
            if self._replies_for is not self.content.current or len(self._replies) >= self._reply_cache:
                self._replies = {}
                self._replies_for = self.content.current
            self._replies[key] = reply
        return reply

    def _is_admin(self, request: Request) -> bool:
        return self.reloader is not None and admin_key(request.platform, request.user_id) in self.admins

    async def _reload(self, request: Request) -> Reply:
        assert self.reloader is not None  # only admins get here, and there are none without a reloader
        log.info("content reload requested by %s", admin_key(request.platform, request.user_id))
        return reload_reply(await self.reloader(), self.content.current.for_language(request.language))

    async def flush(self) -> None:
        """Finish the writes still going on behind replies (conversation contexts); call it before
        the store is closed."""
        if self.state is not None:
            await self.state.flush()

    def complete(self, command: str, partial: str, limit: int = 25) -> list[Choice]:
        """Argument suggestions for autocomplete boxes (never raises)."""
        try:
            return self.table.complete(self.content.current, command, " ".join(partial.split())[:100], limit)
        except Exception:
            log.exception("completion for /%s failed", command)
            return []
