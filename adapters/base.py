"""What every platform adapter provides to the runtime (see :mod:`adapters.runtime`)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from adapters.config import Config
from adapters.pictures import Pictures
from bot.core import Core


class PlatformRunner(Protocol):
    """One chat platform, connected to the core.

    ``run`` connects, serves until ``stop`` is set, then shuts down cleanly
    (within 5 s).  It raises :class:`bot.errors.ConfigError` for a problem
    that retrying cannot fix (a missing, malformed or rejected token); any
    other exception is treated as transient by the runtime and retried.
    """

    name: str

    @property
    def connected(self) -> bool:
        """True while the platform connection is up (for /healthz)."""
        ...

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set."""
        ...


@runtime_checkable
class ShardedRunner(PlatformRunner, Protocol):
    """A platform whose connection is made of shards (Discord): /healthz and /metrics show each."""

    @property
    def shards(self) -> Mapping[int, bool]:
        """Whether each shard this process runs is connected, by shard id."""
        ...


class RunnerFactory(Protocol):
    """``adapters.<platform>.create``: build a runner from the core and the config (it takes its section),
    with the pictures the platforms share (``None``: text only)."""

    def __call__(self, core: Core, config: Config, pictures: Pictures | None = None) -> PlatformRunner: ...
