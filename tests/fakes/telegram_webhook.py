"""Webhook delivery of the fake Bot API, done the way Telegram's Bot API server does it.

While a webhook is set (setWebhook), queued updates are POSTed to its URL as JSON, with the header
``X-Telegram-Bot-Api-Secret-Token`` when a ``secret_token`` was given:

* at most ``max_connections`` requests at once (setWebhook's parameter, 1-100, default 40);
* one chat's updates one at a time and in order: the next update of a queue is sent only once the
  one before it was acknowledged.  The queue of an update is the chat of its message (or of the
  pressed message), else its sender (inline queries, presses on inline messages); an update with
  neither is ordered with nothing;
* any answer other than 2xx, a refused or dropped connection, or no answer within :attr:`timeout`
  seconds is a failure: the update is sent again after a delay that starts at :attr:`retry_delay`
  and doubles up to :attr:`max_retry_delay` (a ``Retry-After`` header in the answer wins), and the
  later updates of its queue wait for it.  An update still undelivered :attr:`give_up_after`
  seconds after it was queued is dropped (Telegram keeps updates for 24 hours);
* the last failure is what getWebhookInfo reports as ``last_error_date`` / ``last_error_message``.

Telegram waits 1 s before the first resend and up to a minute or two later on; the fake's
defaults are shorter so tests do not wait, and each is an attribute a test may change.
Setting the same webhook again (every replica does at start) changes nothing in flight.
Every attempt is kept in :attr:`WebhookDelivery.attempts` for tests to inspect.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from tests.fakes.telegram_methods import Methods

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def queue_of(update: dict[str, Any]) -> Hashable:
    """The delivery queue of an update: its chat, else its sender, else the update itself."""
    for kind in ("message", "edited_message", "channel_post", "callback_query", "inline_query"):
        body = update.get(kind)
        if not isinstance(body, dict):
            continue
        message = body if kind in {"message", "edited_message", "channel_post"} else body.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return ("chat", message["chat"].get("id"))
        sender = body.get("from")
        if isinstance(sender, dict):
            return ("user", sender.get("id"))
    return ("update", update.get("update_id"))


def _retry_after(response: aiohttp.ClientResponse) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class WebhookDelivery:
    """Sends the fake's queued updates to its webhook (see the module docstring)."""

    def __init__(self, fake: Methods) -> None:
        self.fake = fake
        self.timeout = 60.0
        """Seconds to wait for the webhook's answer before the attempt counts as failed."""
        self.retry_delay = 0.2
        """Seconds before the first resend of a failed update; doubled after each failure."""
        self.max_retry_delay = 5.0
        """The longest wait between two attempts (without a Retry-After header)."""
        self.give_up_after = 86400.0
        """Seconds after being queued at which an undelivered update is dropped."""
        self.attempts: list[dict[str, Any]] = []
        """One record per POST: update_id, queue, start, end, status (None: no answer), error."""
        self.dropped: list[dict[str, Any]] = []
        """Updates given up on."""
        self.in_flight = 0
        self.peak_in_flight = 0
        """Requests to the webhook open now, and at most so far."""
        self._busy: set[Hashable] = set()
        self._retry: dict[int, tuple[float, int]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._dispatcher: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    def delivered(self) -> list[int]:
        """The update ids acknowledged with 2xx, in the order the answers came."""
        return [a["update_id"] for a in self.attempts if a["status"] is not None and 200 <= a["status"] < 300]

    def changed(self) -> None:
        """The webhook was set or deleted: start or stop sending (requests in flight finish)."""
        if self.fake.webhook is None:
            if self._dispatcher is not None:
                self._dispatcher.cancel()
                self._dispatcher = None
            self._retry.clear()
        elif self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch())

    async def close(self) -> None:
        """Stop sending, cancel the requests in flight, close the connections."""
        tasks = [t for t in (self._dispatcher, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._dispatcher = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _dispatch(self) -> None:
        while self.fake.webhook is not None:
            wait = self._launch()
            event = self.fake._event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), wait)

    def _launch(self) -> float | None:
        """Start every request that may start now; the seconds until a waiting retry is due."""
        webhook = self.fake.webhook
        assert webhook is not None
        limit = self.fake.webhook_max_connections
        now = time.monotonic()
        seen: set[Hashable] = set()
        due: float | None = None
        expired = []
        for update, queued in self.fake.updates:
            if self.in_flight >= limit:
                break
            key = queue_of(update)
            if key in seen:
                continue  # only the first undelivered update of a queue may be sent
            seen.add(key)
            if key in self._busy:
                continue
            if now - queued > self.give_up_after:
                expired.append(update)
                continue
            not_before = self._retry.get(update["update_id"], (0.0, 0))[0]
            if not_before > now:
                due = not_before if due is None else min(due, not_before)
                continue
            self._start(update, key, webhook["url"], webhook.get("secret_token"))
        for update in expired:
            self._remove(update)
            self.dropped.append(update)
        return None if due is None else max(0.0, due - now)

    def _start(self, update: dict[str, Any], key: Hashable, url: str, secret: str | None) -> None:
        self._busy.add(key)
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        task = asyncio.create_task(self._send(update, key, url, secret))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, update: dict[str, Any], key: Hashable, url: str, secret: str | None) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        record: dict[str, Any] = {
            "update_id": update["update_id"],
            "queue": key,
            "start": time.monotonic(),
            "end": None,
            "status": None,
            "error": None,
        }
        self.attempts.append(record)
        headers = {SECRET_HEADER: secret} if secret else {}
        retry_after = None
        try:
            async with self._session.post(
                url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=self.timeout)
            ) as response:
                await response.read()
                record["status"] = response.status
                if not 200 <= response.status <= 299:
                    record["error"] = f"Wrong response from the webhook: {response.status} {response.reason}"
                    retry_after = _retry_after(response)
        except TimeoutError:
            record["error"] = "Read timeout expired"
        except aiohttp.ClientConnectorError:
            record["error"] = "Connection refused"
        except aiohttp.ClientError:
            record["error"] = "Webhook connection closed"
        finally:
            record["end"] = time.monotonic()
            self._busy.discard(key)
            self.in_flight -= 1
        if record["error"] is None:
            self._retry.pop(update["update_id"], None)
            self._remove(update)
        else:
            failures = self._retry.get(update["update_id"], (0.0, 0))[1] + 1
            delay = min(self.max_retry_delay, self.retry_delay * 2 ** (failures - 1))
            wait = delay if retry_after is None else retry_after
            self._retry[update["update_id"]] = (time.monotonic() + wait, failures)
            self.fake.last_webhook_error = (int(time.time()), record["error"])
        self.fake._notify()

    def _remove(self, update: dict[str, Any]) -> None:
        for i, (queued, _) in enumerate(self.fake.updates):
            if queued is update:
                del self.fake.updates[i]
                return
