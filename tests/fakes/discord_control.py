"""The fake Discord driven over HTTP: ``/_test/`` endpoints and the standalone server.

A bot in another process (a container in the Docker smoke test) cannot be driven
by calling :meth:`FakeDiscord.slash` in-process, so the fake also answers, next
to Discord's own API::

    python -m tests.fakes.discord_api --port 8082 [--host 127.0.0.1] [--token T]
        [--guild ID ...] [--shards N] [--min-shards N] [--max-concurrency N] [--limit-identifies]

prints ``fake-discord ready on http://HOST:PORT`` once listening and serves until
SIGINT/SIGTERM.  Only ``--token`` (default :data:`tests.fakes.discord_wire.TOKEN`)
is accepted.  ``--guild`` (repeatable) names the servers the bot is in (default
:data:`~tests.fakes.discord_wire.GUILD_ID`); ``--shards`` is the count GET
/gateway/bot recommends, ``--min-shards`` the fewest accepted (else 4011),
``--max-concurrency`` the session start limit's, and ``--limit-identifies``
enforces it (see :mod:`tests.fakes.discord_gateway`).  Test endpoints (JSON in, JSON out):

* ``GET /_test/state``: ``{"online": bool, "identifies": N, "resumes": N,
  "commands": {"global"|"<guild id>": ["start", ...]}, "command_puts": [{"scope",
  "names"}, ...] (every bulk-overwrite PUT, in order), "interactions": N,
  "rejections": [...], "sessions": [{"shard": [id, count], "online": bool,
  "guilds": ["<guild id>", ...], "events": N}, ...], "closes": [[code, reason], ...],
  "invalid_sessions": [[id, count], ...]}``.
* ``POST /_test/slash``: ``{"name": "start", "options": {...}, "user_id": 4242,
  "dm": false, "guild": <guild id>}`` dispatches a slash command (:meth:`FakeDiscord.slash`)
  on the shard of its server and answers ``{"id": "<interaction id>", "shard": N}``;
  404 for a command never synced or a server the bot is not in, 409 when no bot is
  online on that shard within 5 s.
* ``GET /_test/interactions/<id>``: ``{"id", "type", "shard", "callbacks": [...],
  "messages": [...], "deferred": bool}``, what the bot answered so far.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import orjson
from aiohttp import web

from tests.fakes.discord_records import Interaction
from tests.fakes.discord_state import DiscordState
from tests.fakes.discord_wire import TOKEN, json_response, public, user
from tests.fakes.serving import until_signalled

if TYPE_CHECKING:
    from tests.fakes.discord_api import FakeDiscord


def _scope(guild: int | None) -> str:
    return "global" if guild is None else str(guild)


def _error(status: int, message: str) -> web.Response:
    return json_response({"error": message}, status)


class ControlMixin(DiscordState):
    """The ``/_test/`` endpoints of :class:`tests.fakes.discord_api.FakeDiscord`."""

    def _control_routes(self, app: web.Application) -> None:
        app.router.add_get("/_test/state", self._t_state)
        app.router.add_post("/_test/slash", self._t_slash)
        app.router.add_get("/_test/interactions/{iid}", self._t_interaction)

    async def _t_state(self, request: web.Request) -> web.Response:
        fake = cast("FakeDiscord", self)
        state = {
            "online": fake.online,
            "identifies": len(self.identifies),
            "resumes": len(self.resumes),
            "commands": {_scope(g): [c["name"] for c in cmds] for g, cmds in self.commands.items()},
            "command_puts": [
                {"scope": _scope(g), "names": [c["name"] for c in cmds]} for g, cmds in self.command_puts
            ],
            "interactions": len(self.interactions),
            "rejections": self.rejections,
            "sessions": [
                {
                    "shard": s.shard,
                    "online": s.live,
                    "guilds": [str(g) for g in s.guilds],
                    "events": len(s.events),
                }
                for s in self.sessions
            ],
            "closes": [list(close) for close in self.closes],
            "invalid_sessions": self.invalid_sessions,
        }
        return json_response(state)

    async def _t_slash(self, request: web.Request) -> web.Response:
        fake = cast("FakeDiscord", self)
        try:
            body = orjson.loads(await request.read())
            name = str(body["name"])
            options = dict(body.get("options") or {})
            who = user(int(body.get("user_id", 4242)), str(body.get("username", "alice")))
            dm = bool(body.get("dm", False))
            guild = int(body["guild"]) if body.get("guild") is not None else None
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            return _error(400, f"expected {{'name': ..., 'options': {{}}, 'user_id': N, 'dm': false}}: {exc}")
        try:
            record = await fake.slash(name, options, who=who, dm=dm, guild=guild)
        except AssertionError as exc:  # the command was never synced, or no such server
            return _error(404, str(exc))
        except TimeoutError:
            return _error(409, "no bot is online on the gateway (on that server's shard)")
        return json_response({"id": str(record.id), "shard": record.shard})

    async def _t_interaction(self, request: web.Request) -> web.Response:
        try:
            record: Interaction | None = self.interactions.get(int(request.match_info["iid"]))
        except ValueError:
            record = None
        if record is None:
            return _error(404, "unknown interaction")
        answer = {
            "id": str(record.id),
            "type": record.type,
            "shard": record.shard,
            "callbacks": record.callbacks,
            "messages": [public(m) for m in record.messages],
            "deferred": record.deferred,
        }
        return json_response(answer)


async def _serve(factory: Callable[[str], FakeDiscord], args: argparse.Namespace) -> None:
    fake = factory(args.token)
    fake.guilds = list(args.guild or fake.guilds)
    fake.recommended_shards = args.shards
    fake.min_shards = args.min_shards
    fake.max_concurrency = args.max_concurrency
    fake.limit_identifies = args.limit_identifies
    await fake.start(args.host, args.port)
    await until_signalled(fake, f"fake-discord ready on http://{fake.host}:{fake.port}")


def serve(factory: Callable[[str], FakeDiscord], argv: list[str] | None = None) -> None:
    """Parse the command line and serve ``factory(token)`` until SIGINT/SIGTERM."""
    parser = argparse.ArgumentParser(description="Fake Discord (REST API v10 and gateway) for tests")
    parser.add_argument("--host", default="127.0.0.1", help="IPv4 address to listen on")
    parser.add_argument("--port", type=int, default=8082, help="0 picks a free port")
    parser.add_argument("--token", default=TOKEN, help="the one bot token accepted")
    parser.add_argument("--guild", type=int, action="append", help="a server the bot is in (repeatable)")
    parser.add_argument("--shards", type=int, default=1, help="shard count GET /gateway/bot recommends")
    parser.add_argument("--min-shards", type=int, default=1, help="fewer shards are closed with 4011")
    parser.add_argument("--max-concurrency", type=int, default=1, help="session starts per 5 s")
    parser.add_argument("--limit-identifies", action="store_true", help="op 9 to an IDENTIFY too soon")
    args = parser.parse_args(argv)
    asyncio.run(_serve(factory, args))
