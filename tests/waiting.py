"""Waiting in async tests for a condition that other tasks make true, or for work that must end
in time.  Both fail the test on their deadline, so neither can pass by waiting "long enough"."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

_T = TypeVar("_T")


async def eventually(predicate: Callable[[], bool], within: float = 5.0) -> None:
    """Poll ``predicate`` until it holds; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


async def finishes(awaitable: Awaitable[_T], within: float, what: str = "the awaited work") -> _T:
    """Await ``awaitable`` and return its result; fail the test if it takes longer than ``within``
    seconds (it is cancelled then)."""
    try:
        async with asyncio.timeout(within) as scope:
            return await awaitable
    except TimeoutError:
        if scope.expired():
            raise AssertionError(f"{what} did not finish within {within:g} s") from None
        raise
