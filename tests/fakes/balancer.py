"""A small round-robin HTTP reverse proxy for tests: one URL in front of several bot replicas.

It behaves like nginx's ``upstream`` with its defaults: each request goes to the next backend in
turn; a backend that refuses the connection is marked down for :attr:`Balancer.fail_timeout`
seconds and the request is passed to the next one (nothing was sent yet, so that is safe for a
POST); a backend that fails after the request was sent (the connection dropped, no answer within
:attr:`Balancer.timeout`) is not retried: the client gets 502 or 504, as from nginx, and decides
(Telegram sends the update again).  Headers are passed on (the webhook's secret token too), except
the hop-by-hop ones; the answer's status, body and content type come back.

In tests: ``balancer = Balancer([url1, url2]); root = await balancer.start()``; ``balancer.routed``
lists ``(backend index, path, status)`` per request.  Standalone::

    python -m tests.fakes.balancer --backend http://127.0.0.1:8001 --backend http://127.0.0.1:8002 [--port 0]

prints ``balancer ready on http://HOST:PORT`` once listening; ``GET /_balancer/stats`` gives the
requests each backend answered.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.serving import until_signalled

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)

PASSED_BACK = frozenset({"content-type", "retry-after"})


class Balancer:
    """Round robin over ``backends`` (root URLs such as ``http://127.0.0.1:8001``), skipping dead ones."""

    def __init__(self, backends: list[str], *, fail_timeout: float = 10.0, timeout: float = 60.0) -> None:
        self.backends = [b.rstrip("/") for b in backends]
        self.fail_timeout = fail_timeout
        """Seconds a backend that refused a connection is left out (nginx's default: 10)."""
        self.timeout = timeout
        """Seconds to wait for a backend's answer (nginx's proxy_read_timeout default: 60)."""
        self.routed: list[tuple[int, str, int]] = []
        """Per request: the backend that answered (-1: none could), the path, the status sent back."""
        self.down_until = [0.0] * len(self.backends)
        self._turn = itertools.count()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.url = ""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on ``host:port`` (0: any free port); return the root URL."""
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_get("/_balancer/stats", self._stats)
        app.router.add_route("*", "/{path:.*}", self._proxy)
        self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound = self._runner.addresses[0][1] if self._runner.addresses else port
        self.url = f"http://{host}:{bound}"
        return self.url

    async def close(self) -> None:
        """Stop listening and close the connections to the backends."""
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    def counts(self) -> list[int]:
        """Requests each backend answered so far."""
        tally = [0] * len(self.backends)
        for index, _, _ in self.routed:
            if index >= 0:
                tally[index] += 1
        return tally

    def _order(self) -> list[int]:
        """The backends to try for the next request: the live ones, starting with the next in
        turn, then the ones marked down (all of them when every one is)."""
        now = time.monotonic()
        live = [i for i in range(len(self.backends)) if self.down_until[i] <= now]
        down = [i for i in range(len(self.backends)) if i not in live]
        if not live:
            return down
        start = next(self._turn) % len(live)
        return live[start:] + live[:start] + down

    async def _proxy(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.casefold() not in HOP_BY_HOP}
        headers["X-Forwarded-For"] = request.remote or ""
        path = request.rel_url.raw_path_qs
        for index in self._order():
            try:
                async with self._session.request(
                    request.method,
                    self.backends[index] + path,
                    data=body,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=self.timeout),
                    allow_redirects=False,
                ) as answer:
                    payload = await answer.read()
            except aiohttp.ClientConnectorError:
                self.down_until[index] = time.monotonic() + self.fail_timeout
                continue  # nothing reached the backend: the next one may take it
            except TimeoutError:
                return self._answer(index, path, 504, b"504 Gateway Time-out")
            except aiohttp.ClientError:
                return self._answer(index, path, 502, b"502 Bad Gateway")
            self.routed.append((index, path, answer.status))
            kept = {
                k: v for k, v in answer.headers.items() if k.casefold() in {"content-type", "retry-after"}
            }
            return web.Response(status=answer.status, body=payload, headers=kept)
        return self._answer(-1, path, 502, b"502 Bad Gateway")

    def _answer(self, index: int, path: str, status: int, body: bytes) -> web.Response:
        self.routed.append((index, path, status))
        return web.Response(status=status, body=body, content_type="text/plain")

    async def _stats(self, request: web.Request) -> web.Response:
        result: dict[str, Any] = {"backends": self.backends, "answered": self.counts()}
        return web.json_response({"ok": True, "result": result})


async def _serve(backends: list[str], host: str, port: int) -> None:
    balancer = Balancer(backends)
    url = await balancer.start(host, port)
    await until_signalled(balancer, f"balancer ready on {url}")


def main(argv: list[str] | None = None) -> None:
    """Run the balancer until SIGINT/SIGTERM."""
    parser = argparse.ArgumentParser(description="Round-robin HTTP reverse proxy for tests")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--backend", action="append", required=True, help="root URL of a backend (repeat)")
    args = parser.parse_args(argv)
    asyncio.run(_serve(args.backend, args.host, args.port))


if __name__ == "__main__":
    main()
