"""What the fake Discord records for tests: gateway sessions, interactions with their answers, user
messages with replies."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


def _interaction_metadata(record: Interaction) -> dict[str, Any]:
    """What Discord attaches to a message sent in answer to an interaction: who triggered it."""
    payload = record.payload
    who = payload["member"]["user"] if "member" in payload else payload["user"]
    metadata: dict[str, Any] = {
        "id": str(record.id),
        "type": record.type,
        "user": who,
        "authorizing_integration_owners": payload.get("authorizing_integration_owners", {}),
    }
    if record.type == 3 and "message" in payload:
        metadata["interacted_message_id"] = payload["message"]["id"]
    return metadata


@dataclass
class Session:
    """One gateway session: its shard, its connection while connected, and what it was sent."""

    shard_id: int
    num_shards: int
    session_id: str
    guilds: list[int]
    """The servers its READY listed (and GUILD_CREATE sent): those routed to its shard."""
    ws: web.WebSocketResponse | None = None
    seq: int = 0
    events: list[tuple[str, int | None]] = field(default_factory=list)
    """Each event dispatched on it after READY: ``(event name, guild id or None)``."""
    identified: float = field(default_factory=time.monotonic)

    @property
    def shard(self) -> list[int]:
        """``[shard_id, num_shards]``, as in IDENTIFY and READY."""
        return [self.shard_id, self.num_shards]

    @property
    def live(self) -> bool:
        """Its connection is open."""
        return self.ws is not None and not self.ws.closed


@dataclass
class Interaction:
    """One dispatched interaction and everything the bot answered to it."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    dispatched: float = field(default_factory=time.monotonic)
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    original: dict[str, Any] | None = None
    followups: list[dict[str, Any]] = field(default_factory=list)
    echo_asked: bool = False
    """The first callback asked for the message back (``with_response``)."""
    shard: int | None = None
    """The shard whose session it was dispatched on."""

    @property
    def deferred(self) -> bool:
        """The first callback was a deferral (type 5, or 6 for a deferred update of the pressed message)."""
        return bool(self.callbacks) and self.callbacks[0]["type"] in (5, 6)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The messages answered, in order (a deferral counts once its original is edited)."""
        first = [self.original] if self.original is not None and not self.original.get("_loading") else []
        return first + self.followups

    @property
    def choices(self) -> list[dict[str, Any]]:
        """The autocomplete suggestions answered (callback type 8)."""
        return [c for cb in self.callbacks if cb["type"] == 8 for c in cb["data"]["choices"]]


@dataclass
class Said:
    """A message a user sent, and the bot's messages in that channel afterwards."""

    payload: dict[str, Any]
    replies: list[dict[str, Any]] = field(default_factory=list)
    shard: int | None = None
    """The shard whose session it was dispatched on."""
