"""The fake Bot API delivers webhooks as Telegram does: at most max_connections requests at once,
one chat's updates one at a time and in order, the secret token header, and a failed or timed-out
delivery sent again (the chat's later updates waiting for it); and the test balancer in front of
replicas.  The replica tests rely on both, so they are pinned here against a plain HTTP receiver
that records and holds what it gets."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp import ClientSession, web

from tests.fakes.balancer import Balancer
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_webhook import SECRET_HEADER
from tests.telegram.conftest import TOKEN
from tests.telegram.replicas import free_port
from tests.waiting import eventually


class Receiver:
    """A webhook endpoint: records every request; ``answer`` decides its status (it may wait first)."""

    def __init__(self) -> None:
        self.got: list[dict[str, Any]] = []
        self.open: dict[int, int] = {}
        """Requests being answered now, per chat."""
        self.peak = 0
        self.peak_per_chat = 0
        self.gate = asyncio.Event()
        self.gate.set()
        self.answer: Callable[[dict[str, Any], int], int] = lambda update, attempt: 200
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/hook", self._hook)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/hook"
        return self.url

    async def close(self) -> None:
        self.gate.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def ids(self, chat_id: int | None = None) -> list[int]:
        """Update ids received (every attempt), optionally of one chat."""
        return [g["update"]["update_id"] for g in self.got if chat_id in (None, g["chat"])]

    async def _hook(self, request: web.Request) -> web.Response:
        update = await request.json()
        chat = update["message"]["chat"]["id"]
        attempt = sum(1 for g in self.got if g["update"]["update_id"] == update["update_id"])
        self.got.append({"update": update, "chat": chat, "secret": request.headers.get(SECRET_HEADER)})
        self.open[chat] = self.open.get(chat, 0) + 1
        self.peak = max(self.peak, sum(self.open.values()))
        self.peak_per_chat = max(self.peak_per_chat, self.open[chat])
        try:
            await self.gate.wait()
            status = self.answer(update, attempt)
            if status < 0:  # hang (longer than any test's timeout)
                await asyncio.sleep(30)
            return web.Response(status=status, headers={"Retry-After": "0.5"} if status == 429 else {})
        finally:
            self.open[chat] -= 1


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A started webhook receiver."""
    hook = Receiver()
    await hook.start()
    try:
        yield hook
    finally:
        await hook.close()


async def set_webhook(fake: FakeTelegram, **params: Any) -> dict[str, Any]:
    """Call setWebhook over HTTP as a bot would; return the Bot API's answer."""
    async with (
        ClientSession() as session,
        session.post(f"{fake.base_url}/bot{TOKEN}/setWebhook", data=params) as response,
    ):
        return dict(await response.json())


async def webhook_info(fake: FakeTelegram) -> dict[str, Any]:
    """getWebhookInfo's result."""
    async with (
        ClientSession() as session,
        session.get(f"{fake.base_url}/bot{TOKEN}/getWebhookInfo") as answer,
    ):
        return dict((await answer.json())["result"])


async def test_at_most_max_connections_requests_at_once(fake: FakeTelegram, receiver: Receiver) -> None:
    """With updates of 12 chats waiting, only max_connections (here 3) requests are open at once;
    without the parameter the limit is Telegram's default of 40; every update arrives once."""
    receiver.gate.clear()
    assert (await set_webhook(fake, url=receiver.url, max_connections="3"))["ok"]
    for chat in range(12):
        fake.message("/help", 500 + chat)
    await eventually(lambda: sum(receiver.open.values()) == 3)
    assert (await webhook_info(fake))["max_connections"] == 3
    receiver.gate.set()
    await eventually(lambda: not fake.updates)
    assert receiver.peak == 3
    assert len(set(receiver.ids())) == len(receiver.ids()) == 12

    receiver.gate.clear()
    receiver.peak = 0
    assert (await set_webhook(fake, url=receiver.url))["ok"]
    for chat in range(45):
        fake.message("/help", 600 + chat)
    await eventually(lambda: sum(receiver.open.values()) == 40)
    receiver.gate.set()
    await eventually(lambda: not fake.updates)
    assert receiver.peak == 40
    assert (await webhook_info(fake))["max_connections"] == 40


async def test_one_chat_one_update_at_a_time_in_order(fake: FakeTelegram, receiver: Receiver) -> None:
    """Updates of one chat are sent one after another, each once the one before was answered, in
    the order they were queued; other chats' updates go meanwhile."""
    await set_webhook(fake, url=receiver.url)
    receiver.gate.clear()
    queued = {chat: [fake.message(f"/help {i}", chat)["update_id"] for i in range(5)] for chat in (701, 702)}
    await eventually(lambda: receiver.open.get(701) == 1 and receiver.open.get(702) == 1)
    assert len(receiver.got) == 2  # the second update of a chat waits for the first one's answer
    receiver.gate.set()
    await eventually(lambda: not fake.updates)
    assert receiver.peak_per_chat == 1
    assert receiver.ids(701) == queued[701]
    assert receiver.ids(702) == queued[702]


async def test_the_secret_token_comes_with_every_request(fake: FakeTelegram, receiver: Receiver) -> None:
    """Every request carries X-Telegram-Bot-Api-Secret-Token with the secret given to setWebhook;
    without a secret the header is absent."""
    await set_webhook(fake, url=receiver.url, secret_token="tok_en-1")
    for chat in (801, 802, 801):
        fake.message("/help", chat)
    await eventually(lambda: len(receiver.got) == 3)
    assert {g["secret"] for g in receiver.got} == {"tok_en-1"}
    await set_webhook(fake, url=receiver.url)
    fake.message("/help", 803)
    await eventually(lambda: len(receiver.got) == 4)
    assert receiver.got[-1]["secret"] is None


async def test_an_update_not_answered_2xx_is_sent_again(fake: FakeTelegram, receiver: Receiver) -> None:
    """A 500 answer is a failure: the update is sent again (after Retry-After when a 429 gives
    one), the chat's next update waits for it, another chat's does not; getWebhookInfo shows the
    error; an update answered 2xx is never sent again."""
    first = fake.message("/help", 901)["update_id"]
    later = fake.message("/about", 901)["update_id"]
    refused = {first: [500, 429]}
    receiver.answer = lambda update, attempt: (
        refused[update["update_id"]][attempt]
        if update["update_id"] in refused and attempt < len(refused[update["update_id"]])
        else 200
    )
    await set_webhook(fake, url=receiver.url)
    await eventually(lambda: len(receiver.got) == 2)
    other = fake.message("/help", 902)["update_id"]
    await eventually(lambda: other in receiver.ids())
    assert receiver.ids(901) == [first, first]  # the later update of 901 still waits
    await eventually(lambda: not fake.updates)
    assert receiver.ids(901) == [first, first, first, later]
    tries = [a for a in fake.delivery.attempts if a["update_id"] == first]
    assert tries[2]["start"] - tries[1]["end"] >= 0.5  # the 429's Retry-After
    info = await webhook_info(fake)
    assert info["last_error_message"].startswith("Wrong response from the webhook: 429")
    assert info["pending_update_count"] == 0
    assert abs(info["last_error_date"] - time.time()) < 60


async def test_no_answer_in_time_is_a_failure_too(fake: FakeTelegram, receiver: Receiver) -> None:
    """A webhook that does not answer within the timeout gets the update again."""
    fake.delivery.timeout = 0.3
    update = fake.message("/help", 1101)["update_id"]
    receiver.answer = lambda u, attempt: -1 if attempt == 0 else 200
    await set_webhook(fake, url=receiver.url)
    await eventually(lambda: not fake.updates)
    assert receiver.ids() == [update, update]
    assert fake.delivery.attempts[0]["error"] == "Read timeout expired"
    assert fake.delivery.delivered() == [update]


async def test_setting_the_same_webhook_again_disturbs_nothing(
    fake: FakeTelegram, receiver: Receiver
) -> None:
    """setWebhook with the same URL and secret (every replica calls it at start) while requests
    are in flight: each update is still delivered exactly once."""
    await set_webhook(fake, url=receiver.url, secret_token="same")
    receiver.gate.clear()
    ids = [fake.message("/help", 1200 + chat)["update_id"] for chat in range(10)]
    await eventually(lambda: len(receiver.got) == 10)
    for _ in range(3):
        assert (await set_webhook(fake, url=receiver.url, secret_token="same"))["ok"]
    receiver.gate.set()
    await eventually(lambda: not fake.updates)
    assert sorted(receiver.ids()) == ids
    assert sorted(fake.delivery.delivered()) == ids


async def test_the_balancer_takes_turns_and_passes_over_a_dead_backend(receiver: Receiver) -> None:
    """The test balancer sends requests to its backends in turn, with the secret header; a backend
    that refuses connections is passed over (the request goes to the next one, nothing is lost);
    a backend that drops a request it received is not retried elsewhere: the client gets 502."""
    root = receiver.url.removesuffix("/hook")
    dead = f"http://127.0.0.1:{free_port()}"
    balancer = Balancer([root, dead, root])
    await balancer.start()
    update = {"update_id": 1, "message": {"chat": {"id": 1}}}
    try:
        for _ in range(6):
            assert await post_json(balancer.url + "/hook", update, {SECRET_HEADER: "s"}) == 200
        assert balancer.counts() == [3, 0, 3]
        assert {g["secret"] for g in receiver.got} == {"s"}
        receiver.answer = lambda u, attempt: -1
        receiver.got.clear()
        balancer.timeout = 0.3
        assert await post_json(balancer.url + "/hook", update, {}) == 504
        assert len(receiver.got) == 1
    finally:
        await balancer.close()


async def post_json(url: str, body: dict[str, Any], headers: dict[str, str]) -> int:
    """POST ``body`` as JSON; the status."""
    async with ClientSession() as session, session.post(url, json=body, headers=headers) as answer:
        return answer.status
