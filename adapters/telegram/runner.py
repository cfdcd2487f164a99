"""The Telegram runner: token checks, start-up, polling or webhook, and a bounded shutdown.

With a store (``core.state``) updates go through the crash-safe intake
(:mod:`adapters.telegram.ledger`): recorded before they are acknowledged, the
ones left unanswered replayed at start and taken over from dead processes while
running, and, at a clean stop, those still unanswered given back for the next start.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError

from adapters.pictures import Pictures
from adapters.telegram.application import TelegramApp, build_application
from adapters.telegram.http import AiohttpRequest
from adapters.telegram.ledger import Ledger, PollingRequest
from adapters.telegram.menu import register_commands
from adapters.telegram.processor import ChatOrderedProcessor
from adapters.telegram.settings import TelegramSettings, derived_secret
from adapters.telegram.webhook import WebhookListener
from adapters.waiting import wait_or_stop
from bot.core import Core
from bot.errors import ConfigError, StoreUnavailable
from bot.intake import PENDING_BATCH, Intake
from bot.store.base import PendingUpdate

log = logging.getLogger("careerbot.telegram")

TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
"""What a Bot API token looks like (BotFather's ``123456789:AA...``)."""
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
"""Telegram's alphabet for a webhook secret_token."""
POLL_TIMEOUT = 10
"""Seconds a getUpdates long poll waits for updates."""
STOP_BUDGET = 4.0
"""Seconds the shutdown may take before in-flight work is cancelled (the runtime promises 5)."""
START_RETRY_MAX = 30.0
CONNECTIONS = 256
"""Connections for sending (as PTB's default): concurrent updates each need one."""
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
WEBHOOK_CONNECTIONS = 40
"""Telegram's default: webhook requests it may send at once."""


def check_token(settings: TelegramSettings) -> str:
    """The token, or a :class:`ConfigError` saying what is wrong (never showing it)."""
    if settings.token is None:
        raise ConfigError("TELEGRAM_TOKEN is not set (or TELEGRAM_TOKEN_FILE names an empty file)")
    token = settings.token.reveal()
    if not TOKEN_SHAPE.match(token):
        raise ConfigError("TELEGRAM_TOKEN is malformed: expected the 123456789:ABC... token from @BotFather")
    return token


def webhook_secret(settings: TelegramSettings, token: str = "") -> str:
    """The configured webhook secret, else one derived from the token (HMAC-SHA256): every replica
    with the same token registers and checks the same secret, and nobody without the token can
    guess it.  (A random one per process would leave all but the last replica refusing Telegram.)"""
    if settings.webhook_secret is None:
        return derived_secret(token) if token else secrets.token_urlsafe(32)
    value = settings.webhook_secret.reveal()
    if not SECRET_SHAPE.match(value):
        raise ConfigError("TELEGRAM_WEBHOOK_SECRET may only use A-Z, a-z, 0-9, _ and - (1 to 256 characters)")
    return value


class TelegramRunner:
    """Serves the core on Telegram until the stop event is set (see :class:`adapters.base.PlatformRunner`)."""

    name = "telegram"

    def __init__(
        self,
        core: Core,
        settings: TelegramSettings,
        *,
        pictures: Pictures | None = None,
        poll_timeout: int = POLL_TIMEOUT,
    ) -> None:
        self.core = core
        self.settings = settings
        self.pictures = pictures
        """Draws the replies' pictures, sent as photos (``None``: text only)."""
        self.poll_timeout = poll_timeout
        self.application: TelegramApp | None = None
        self._polling: PollingRequest | None = None
        self._requests: list[AiohttpRequest] = []
        self._serving = False
        self.ledger: Ledger | None = None
        self._listener: WebhookListener | None = None
        self._upkeep: tuple[asyncio.Event, asyncio.Task[None]] | None = None

    @property
    def connected(self) -> bool:
        """True while serving and (when polling) the last getUpdates reached the Bot API."""
        if not self._serving:
            return False
        return self._polling is None or self._polling.healthy

    async def run(self, stop: asyncio.Event) -> None:
        """Connect, register the commands, serve until ``stop``, shut down within 5 s."""
        token = check_token(self.settings)
        # Opt in to PTB 23's timedelta durations: without it PTB warns on every 429 it parses.
        os.environ.setdefault("PTB_TIMEDELTA", "1")
        webhook = self.settings.webhook_url
        secret = webhook_secret(self.settings, token) if webhook else None
        self._polling = None if webhook else PollingRequest(1)
        self._requests = [AiohttpRequest(CONNECTIONS)]
        if self._polling is not None:
            self._requests.append(self._polling)
        app = build_application(
            self.core,
            token,
            base_url=self.settings.base_url,
            concurrency=self.settings.concurrency,
            request=self._requests[0],
            get_updates_request=self._polling,
            updater=not webhook,
            pictures=self.pictures,
        )
        self.application = app
        try:
            if not await self._initialize(app, stop):
                return
            if self._polling is not None:
                self._polling.healthy = True  # getMe got through; polls update it from now on
            await register_commands(app.bot, self.core)
            self.ledger = self._ledger(app)
            await app.start()
            await self._replay_left_unanswered(app)
            if webhook and secret:
                await self._start_webhook(app, webhook, secret)
            else:
                assert app.updater is not None
                await app.updater.start_polling(
                    timeout=self.poll_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    error_callback=self._polling_error(app),
                )
            if self.ledger is not None:
                upkeep_stop = asyncio.Event()
                upkeep = self.ledger.intake.maintain(upkeep_stop, lambda taken: self._replay(app, taken))
                self._upkeep = (upkeep_stop, asyncio.create_task(upkeep))
            self._serving = True
            log.info("telegram: serving as @%s (%s)", app.bot.username, "webhook" if webhook else "polling")
            if await self._until_stopped_or_rejected(stop):
                raise ConfigError(
                    "TELEGRAM_TOKEN was rejected by the Bot API server while running (revoked or replaced?)"
                )
        except InvalidToken:
            raise ConfigError("TELEGRAM_TOKEN was rejected by the Bot API server (unauthorized)") from None
        finally:
            self._serving = False
            await self._shutdown(app)

    async def _until_stopped_or_rejected(self, stop: asyncio.Event) -> bool:
        """Wait for ``stop``, or for the Bot API to refuse the token (401); ``True`` in that case.

        A token revoked in @BotFather while the bot runs makes every request
        fail; PTB's polling gives up on it, so the platform stops with a clear
        error instead of sitting there looking connected.
        """
        waits = [asyncio.ensure_future(stop.wait())]
        waits += [asyncio.ensure_future(request.rejected.wait()) for request in self._requests]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()
        return not stop.is_set()

    async def _initialize(self, app: TelegramApp, stop: asyncio.Event) -> bool:
        """getMe, retried with backoff while the Bot API is unreachable; ``False`` if stopped meanwhile."""
        delay = 1.0
        while not stop.is_set():
            try:
                await app.initialize()
                return True
            except InvalidToken:
                raise
            except NetworkError as exc:
                log.warning("telegram: Bot API unreachable (%s); retrying in %.0f s", exc, delay)
            if await wait_or_stop(stop, delay):
                break
            delay = min(delay * 2, START_RETRY_MAX)
        return False

    def _ledger(self, app: TelegramApp) -> Ledger | None:
        """The intake's ledger on the core's store, hooked into polling and processing (None: no store)."""
        if self.core.state is None:
            return None
        ledger = Ledger(Intake(self.core.state.store, lease=self.settings.lease_seconds), app.bot.id)
        app.bot.use(ledger)
        if isinstance(app.update_processor, ChatOrderedProcessor):
            app.update_processor.gate = ledger
        return ledger

    async def _replay_left_unanswered(self, app: TelegramApp) -> None:
        """At start, before new updates: forget records too old to matter (Telegram may reuse an update id
        after a week without updates), then answer what was left unanswered (lease over)."""
        if self.ledger is None:
            return
        try:
            await self.ledger.intake.purge()
            while taken := await self.ledger.intake.pending():
                log.info("telegram: answering %d update(s) left unanswered before this start", len(taken))
                await self._replay(app, taken)
                if len(taken) < PENDING_BATCH:
                    break
        except StoreUnavailable as exc:
            log.warning("telegram: could not look for unanswered updates (trying again later): %s", exc)

    async def _replay(self, app: TelegramApp, taken: list[PendingUpdate]) -> None:
        assert self.ledger is not None
        for update in await self.ledger.revive(taken, app.bot):
            await app.update_queue.put(update)

    async def _start_webhook(self, app: TelegramApp, url: str, secret: str) -> None:
        """Listen first, then tell Telegram where (with the secret it must send)."""
        self._listener = WebhookListener(app, secret, urlsplit(url).path, lambda: self.ledger)
        await self._listener.start(self.settings.listen, self.settings.port)
        await app.bot.set_webhook(
            url, allowed_updates=ALLOWED_UPDATES, secret_token=secret, max_connections=WEBHOOK_CONNECTIONS
        )

    @staticmethod
    def _polling_error(app: TelegramApp) -> Callable[[TelegramError], None]:
        """Polling errors go to the application's one error hook, as in ``run_polling``."""

        def report(error: TelegramError) -> None:
            app.create_task(app.process_error(update=None, error=error))

        return report

    async def _shutdown(self, app: TelegramApp) -> None:
        """Stop polling (or the webhook server), finish in-flight updates, close; within the budget.

        Polling may be asleep in a backoff (up to 30 s after errors) and an
        update may wait on a long retry_after: each step gets a share of
        :data:`STOP_BUDGET` and is cancelled when it runs out.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STOP_BUDGET

        async def step(name: str, coro: Awaitable[object], share: float) -> None:
            budget = max(0.1, min(share, deadline - loop.time()))
            try:
                await asyncio.wait_for(coro, timeout=budget)
            except TimeoutError:
                log.warning("telegram: %s took more than %.1f s; cancelled", name, budget)
            except Exception as exc:
                log.warning("telegram: %s failed: %s", name, exc)

        if self._upkeep is not None:
            self._upkeep[0].set()
            await step("stopping lease upkeep", self._upkeep[1], 0.5)
            self._upkeep = None
        app.bot.stop_recording()
        if app.updater is not None and app.updater.running:
            await step("stopping updates", app.updater.stop(), 1.5)
        if self._listener is not None:
            await step("stopping the webhook listener", self._listener.stop(), 1.0)
            self._listener = None
        if app.running:
            await step("finishing updates", app.stop(), 2.0)
        processor = app.update_processor
        if isinstance(processor, ChatOrderedProcessor) and processor.cancel_running():
            log.warning("telegram: cancelled updates still in progress at shutdown")
            await asyncio.sleep(0)
        if self.ledger is not None:
            await step("giving back unanswered updates", self.ledger.intake.release(), 1.0)
        await step("closing the application", app.shutdown(), STOP_BUDGET)
        for request in self._requests:  # also when start-up failed before PTB owned them
            await step("closing connections", request.shutdown(), STOP_BUDGET)
