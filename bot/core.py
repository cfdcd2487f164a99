"""The core's single entry point for adapters.

:class:`Core` owns the current catalog (swapped atomically on reload), parses
text into requests, unpacks button actions, dispatches to the pure handlers
of the registry, and is the one place where handler errors become replies:
a :class:`UserError` shows its safe message, anything else is logged with a
reference id and answered with an apology.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.admin import RELOAD_COMMAND, Reloader, admin_key, reload_reply
from bot.commands import REGISTRY, Choice, Registry
from bot.content.catalog import Catalog
from bot.errors import UserError
from bot.flows.service import HIDDEN_COMMANDS, StateService
from bot.phrases import EN
from bot.replies import Action, BulletList, Button, Paragraph, Reply, bold, line
from bot.request import Request
from bot.store.base import Store, user_key
from bot.text import clean_input

log = logging.getLogger("careerbot.core")

REPLY_CACHE_SIZE = 4096
"""Replies of pure handlers kept per catalog (cleared when full or when the catalog changes)."""

MAX_ARGUMENT_CHARS = 200
"""Arguments that name a career, skill or topic are cut to this length."""


@dataclass(frozen=True, slots=True)
class ParsedText:
    """A chat message split into command and argument (``command`` empty for plain text)."""

    command: str
    argument: str
    addressed_elsewhere: bool = False


def parse_text(text: str, bot_username: str | None = None) -> ParsedText:
    """Split ``/cmd@Bot arg`` or plain text.

    ``addressed_elsewhere`` is true for ``/cmd@OtherBot``: a command for
    another bot in the same group, which should be ignored.
    """
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) == 1 or stripped[1].isspace():
        return ParsedText("", stripped)
    head, _, rest = stripped[1:].partition(" ")
    name, _, target = head.partition("@")
    if target and bot_username and target.casefold() != bot_username.casefold():
        return ParsedText(name.casefold(), rest.strip(), addressed_elsewhere=True)
    return ParsedText(name.casefold(), rest.strip())


def apology(ref: str) -> Reply:
    """The reply to an unexpected error, carrying its reference id."""
    return Reply(
        EN.apology_title,
        (Paragraph(line(EN.apology, " ", bold(ref))),),
        (Button(EN.btn_start, Action("start")),),
        EN.footer_ref.format(ref=ref),
        is_error=True,
    )


def failure(exc: Exception, what: str, platform: str) -> Reply:
    """The one error hook: a :class:`UserError` shows its safe message; anything else is
    logged with its traceback and a reference id, and answered with an apology."""
    if isinstance(exc, UserError):
        return Reply(exc.message, is_error=True)
    ref = secrets.token_hex(4)
    log.error("%s failed (ref %s, platform %s)", what, ref, platform, exc_info=exc)
    return apology(ref)


Observer = Callable[[Request, Reply, float], None]
"""Called after every handled request with the reply and the seconds it took (metrics, logs)."""


class Core:
    """Answers requests from any adapter.  Thread-safe for reads; see :meth:`swap`.

    Adapters call the async entry points (:meth:`respond_text`,
    :meth:`respond_action`, :meth:`respond`): with a ``store`` they also serve
    the stateful commands (the quiz, skill checklists, /progress, /forgetme),
    whose replies are marked :attr:`~bot.replies.Reply.personal`, and count
    the questions ``ask`` was unsure about.  The sync ones
    (:meth:`handle_text`, :meth:`handle_action`, :meth:`handle`) answer
    everything that needs no saved state.
    """

    def __init__(
        self,
        catalog: Catalog,
        registry: Registry = REGISTRY,
        observers: Sequence[Observer] = (),
        *,
        reloader: Reloader | None = None,
        admins: frozenset[str] = frozenset(),
        store: Store | None = None,
        quiz_expiry: float = 86400.0,
        record_gaps: bool = True,
        clock: Callable[[], float] = time.time,
        reply_cache: int = REPLY_CACHE_SIZE,
    ) -> None:
        self._catalog = catalog
        self.registry = registry
        self._replies: dict[tuple[str, str], Reply] = {}
        self._replies_for: Catalog | None = None
        self._reply_cache = reply_cache
        """How many replies of pure handlers to keep (0: none; see :meth:`_remember`)."""
        self.observers: list[Observer] = list(observers)
        self.reloader = reloader
        """Called by ``/reload`` from an admin; ``None`` disables the command."""
        self.admins = admins
        """Users allowed to ``/reload``, as ``platform:user_id`` (see :func:`admin_key`)."""
        self.state = (
            StateService(store, quiz_expiry=quiz_expiry, record_gaps=record_gaps, clock=clock)
            if store is not None
            else None
        )
        """Loads and saves per-user state; ``None`` without a store (stateful commands say so)."""

    @property
    def catalog(self) -> Catalog:
        """The catalog currently served."""
        return self._catalog

    def swap(self, catalog: Catalog) -> Catalog:
        """Serve ``catalog`` from now on (one reference assignment: atomic); return the old one."""
        old, self._catalog = self._catalog, catalog
        return old

    def handle(self, request: Request) -> Reply:
        """Answer one request; never raises."""
        started = time.perf_counter()
        reply = self._handle(request)
        elapsed = time.perf_counter() - started
        self._observe(request, reply, elapsed)
        return reply

    def _observe(self, request: Request, reply: Reply, elapsed: float) -> None:
        for observer in self.observers:
            try:
                observer(request, reply, elapsed)
            except Exception:
                log.exception("observer failed")

    def _handle(self, request: Request) -> Reply:
        spec = self.registry.get(request.command)
        if spec is None and request.command == RELOAD_COMMAND and self._is_admin(request):
            return self._reload(request)
        if spec is None:
            return self._unknown_command(request.command)
        limit = None if spec.argument is not None and spec.argument.free_text else MAX_ARGUMENT_CHARS
        catalog = self._catalog
        try:
            if not isinstance(request.argument, str):
                raise UserError(EN.bad_argument)
            argument = request.argument if limit is None else clean_input(request.argument, limit)
            key = (spec.name, argument)
            cached = self._replies.get(key) if self._replies_for is catalog else None
            if cached is not None:
                return cached
            reply = spec.handler(Request(spec.name, argument, request.platform, request.user_id), catalog)
            self._remember(catalog, key, reply)
            return reply
        except Exception as exc:
            return failure(exc, f"handler /{spec.name}", request.platform)

    def _remember(self, catalog: Catalog, key: tuple[str, str], reply: Reply) -> None:
        """Keep a handler's reply: handlers are pure, so the same request on the same catalog
        gets the same reply (popular questions and menus then cost a dict lookup)."""
        if len(key[1]) > MAX_ARGUMENT_CHARS or self._reply_cache <= 0:
            return
        if self._replies_for is not catalog or len(self._replies) >= self._reply_cache:
            self._replies = {}
            self._replies_for = catalog
        self._replies[key] = reply

    def _is_admin(self, request: Request) -> bool:
        return self.reloader is not None and admin_key(request.platform, request.user_id) in self.admins

    def _reload(self, request: Request) -> Reply:
        assert self.reloader is not None
        log.info("content reload requested by %s", admin_key(request.platform, request.user_id))
        try:
            result = self.reloader()
        except Exception as exc:
            return failure(exc, "content reload", request.platform)
        return reload_reply(result)

    def handle_text(
        self, text: str, *, platform: str = "console", user_id: str = "", bot_username: str | None = None
    ) -> Reply | None:
        """Answer a chat message: a ``/command`` or a free-text question.

        Returns ``None`` for a command addressed to another bot.
        """
        parsed = parse_text(text, bot_username)
        if parsed.addressed_elsewhere:
            return None
        command = parsed.command or "ask"
        return self.handle(Request(command, parsed.argument, platform, user_id))

    def handle_action(self, packed: str, *, platform: str = "console", user_id: str = "") -> Reply:
        """Answer a button press; an old or forged button gets the start menu."""
        action = Action.unpack(packed)
        if action is None or self.registry.get(action.command) is None:
            start = self.handle(Request("start", "", platform, user_id))
            return Reply(
                EN.stale_button_title,
                (Paragraph(line(EN.stale_button)), *start.blocks),
                start.buttons,
                is_error=True,
            )
        return self.handle(Request(action.command, action.argument, platform, user_id))

    # Async entry points: everything above, plus saved state ------------------------------------

    async def respond(self, request: Request) -> Reply:
        """Answer one request like :meth:`handle`, with saved state if a store is configured; never raises."""
        state = self.state
        command = request.command.casefold()
        if (
            state is None
            or not isinstance(request.argument, str)
            or not state.handles(command, request.argument)
        ):
            reply = self.handle(request)
            if state is not None and command == "ask" and reply.unsure and isinstance(request.argument, str):
                await state.count_gap(request.argument)
            return reply
        started = time.perf_counter()
        request = Request(
            command, clean_input(request.argument, MAX_ARGUMENT_CHARS), request.platform, request.user_id
        )
        try:
            reply = await state.respond(request, self._catalog)
        except Exception as exc:
            reply = failure(exc, f"stateful /{command}", request.platform)
        if user_key(request.platform, request.user_id) is not None:
            # Made from (or about) this user's saved state: see Reply.personal for what adapters do with it.
            reply = replace(reply, personal=True)
        elapsed = time.perf_counter() - started
        self._observe(request, reply, elapsed)
        return reply

    async def respond_text(
        self, text: str, *, platform: str = "console", user_id: str = "", bot_username: str | None = None
    ) -> Reply | None:
        """Async :meth:`handle_text` with saved state; ``None`` for a command addressed to another bot."""
        parsed = parse_text(text, bot_username)
        if parsed.addressed_elsewhere:
            return None
        return await self.respond(Request(parsed.command or "ask", parsed.argument, platform, user_id))

    async def respond_action(self, packed: str, *, platform: str = "console", user_id: str = "") -> Reply:
        """Async :meth:`handle_action` with saved state (quiz steps, checklist marks)."""
        action = Action.unpack(packed)
        known = action is not None and (
            self.registry.get(action.command) is not None
            or (self.state is not None and action.command in HIDDEN_COMMANDS)
        )
        if action is None or not known:
            return self.handle_action(packed, platform=platform, user_id=user_id)
        return await self.respond(Request(action.command, action.argument, platform, user_id))

    def complete(self, command: str, partial: str, limit: int = 25) -> list[Choice]:
        """Argument suggestions for autocomplete boxes."""
        try:
            return self.registry.complete(self._catalog, command, clean_input(partial, 100), limit)
        except Exception:
            log.exception("completion for /%s failed", command)
            return []

    def _unknown_command(self, name: str) -> Reply:
        items = tuple(line(bold(spec.usage), f": {spec.description}") for spec in self.registry)
        shown = clean_input(name, 40)
        return Reply(
            EN.unknown_command_title,
            (Paragraph(line(EN.unknown_command.format(name=shown))), BulletList(items)),
            (Button("/help", Action("help")), Button("/start", Action("start"))),
            is_error=True,
        )
