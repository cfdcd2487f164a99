"""Telegram's side of the crash-safe intake (:mod:`bot.intake`): which updates this process answers.

* :class:`Ledger` records Telegram updates (messages and button presses, keyed
  ``telegram:<bot id>:<update_id>``, the payload exactly as Telegram sent it),
  lets through the ones this process holds, drops the duplicates, marks each
  answered, and replays the ones a dead process left unanswered.  Inline queries
  are not recorded: Telegram forgets them within seconds, so a replay could only fail.
* :class:`PollingRequest` keeps the raw updates of the last getUpdates answer, and
  :class:`RecordingBot` records them before returning them to PTB's Updater, which
  acknowledges them (the next offset) only after that.  A store failure is a
  :class:`~telegram.error.NetworkError` there: the Updater retries with backoff and
  acknowledges nothing meanwhile.

Without a store (``core.state`` is ``None``) there is no ledger: updates are
acknowledged when fetched, as PTB does, and a crash loses those in flight.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from telegram import Update
from telegram._utils.types import ODVInput
from telegram.error import NetworkError
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData

from adapters.telegram.http import AiohttpRequest
from bot.errors import StoreUnavailable
from bot.intake import Intake
from bot.store.base import PendingUpdate

log = logging.getLogger("careerbot.telegram")

RECORDED = ("message", "callback_query")
"""The kinds of update recorded (see the module docstring)."""


def recorded_kind(raw: dict[str, Any]) -> bool:
    """Whether a raw update is of a kind the intake records."""
    return any(kind in raw for kind in RECORDED)


class Ledger:
    """The updates this process holds, between the intake and PTB.

    An update held is *waiting* (recorded or taken over, not yet admitted by the processor) or
    *running* (admitted, until done or abandoned); one already waiting or running is never
    admitted a second time, so a duplicate within this process is dropped too.
    """

    def __init__(self, intake: Intake, bot_id: int) -> None:
        self.intake = intake
        self.bot_id = bot_id
        self._waiting: set[int] = set()
        self._running: set[int] = set()

    def key(self, update_id: int) -> str:
        """The store key of an update (update ids are per bot)."""
        return f"telegram:{self.bot_id}:{update_id}"

    def _take(self, ids: set[int]) -> set[int]:
        """Of ``ids`` held in the store, those new to this process (now waiting)."""
        new = ids - self._waiting - self._running
        self._waiting |= new
        return new

    async def record(self, raws: Sequence[dict[str, Any]]) -> set[int]:
        """Record raw updates; return the ids this process must answer (others are duplicates).

        Raises :class:`~bot.errors.StoreUnavailable` when they could not be recorded.
        """
        recorded = [raw for raw in raws if recorded_kind(raw)]
        if not recorded:
            return set()
        ids = {self.key(int(raw["update_id"])): int(raw["update_id"]) for raw in recorded}
        held = await self.intake.record(
            [(self.key(int(raw["update_id"])), json.dumps(raw)) for raw in recorded]
        )
        new = self._take({ids[key] for key in held})
        if len(new) < len(ids):
            log.info(
                "telegram: %d update(s) already answered or being answered; skipped", len(ids) - len(new)
            )
        return new

    def admit(self, update: object) -> bool:
        """Whether to answer ``update`` now: one waiting here, or one of a kind not recorded."""
        if not isinstance(update, Update):
            return True
        if update.update_id in self._waiting:
            self._waiting.discard(update.update_id)
            self._running.add(update.update_id)
            return True
        return (
            update.update_id not in self._running and update.message is None and update.callback_query is None
        )

    async def done(self, update: object) -> None:
        """``update`` was answered: mark it so (nothing for updates not recorded)."""
        if isinstance(update, Update) and update.update_id in self._running:
            try:  # running until marked: a redelivery meanwhile is still a duplicate
                await self.intake.answered(self.key(update.update_id))
            finally:
                self._running.discard(update.update_id)

    def abandon(self, update: object) -> None:
        """``update`` was cancelled unanswered (at stop): it stays recorded for the next start."""
        if isinstance(update, Update):
            self._running.discard(update.update_id)

    async def revive(self, pending: Sequence[PendingUpdate], bot: ExtBot[Any]) -> list[Update]:
        """Updates taken over from the store, parsed, in Telegram's order, now waiting here.

        One that cannot be read back (it never can be) is logged and marked answered."""
        updates = []
        for item in pending:
            try:
                updates.append(Update.de_json(json.loads(item.payload), bot))
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("telegram: the recorded update %s cannot be read (%s); dropped", item.key, exc)
                await self.intake.answered(item.key)
        new = self._take({update.update_id for update in updates})
        return sorted((u for u in updates if u.update_id in new), key=lambda update: update.update_id)


class PollingRequest(AiohttpRequest):
    """The getUpdates transport: keeps the raw result of the last getUpdates call for the ledger."""

    def __init__(self, connections: int = 1) -> None:
        super().__init__(connections)
        self.keep = False
        """Whether to keep what getUpdates fetched (set once a ledger records it)."""
        self.fetched: list[dict[str, Any]] = []

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """The request; a successful getUpdates answer's raw updates are kept in :attr:`fetched`."""
        status, payload = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if self.keep and status == HTTPStatus.OK and url.endswith("/getUpdates"):
            try:
                result = json.loads(payload).get("result")
            except (ValueError, AttributeError):
                result = None
            self.fetched = result if isinstance(result, list) else []
        return status, payload


class RecordingBot(ExtBot[int]):
    """An ExtBot whose getUpdates records what it fetched, once :meth:`use` gave it a ledger.

    (PTB freezes its bots: only underscored attributes may be set.)
    """

    def __init__(self, *args: Any, fetched_by: PollingRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fetched_by = fetched_by
        self._ledger: Ledger | None = None
        self._recording = True

    def use(self, ledger: Ledger) -> None:
        """Record fetched updates in ``ledger`` from now on."""
        self._ledger = ledger
        if self._fetched_by is not None:
            self._fetched_by.keep = True

    def stop_recording(self) -> None:
        """Before the Updater stops: its last getUpdates only acknowledges what was recorded."""
        self._recording = False

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        """Fetch updates; record them before the Updater sees (and so acknowledges) them."""
        updates = await super().get_updates(*args, **kwargs)
        ledger, source = self._ledger, self._fetched_by
        if ledger is None or source is None or not updates or not self._recording:
            return updates
        fetched, source.fetched = source.fetched, []
        raws = {int(raw["update_id"]): raw for raw in fetched if isinstance(raw, dict) and "update_id" in raw}
        batch = [raws.get(u.update_id) or u.to_dict() for u in updates]
        try:
            await ledger.record(batch)
        except Exception as exc:  # PTB's Updater retries a NetworkError with backoff, acknowledging nothing
            if not isinstance(exc, StoreUnavailable):
                log.error("telegram: recording fetched updates failed", exc_info=exc)
            raise NetworkError(
                f"the store could not record the updates, not acknowledging them: {exc}"
            ) from None
        return updates
