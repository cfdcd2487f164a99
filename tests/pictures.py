"""Drawing functions for the platform tests: the real one counted, or one that fails.

They are handed to :class:`adapters.pictures.Pictures` through its constructor (``draw=``),
as the composition root would hand the default one: no monkeypatching.
"""

from __future__ import annotations

import threading

from adapters.pictures import draw_png
from bot.pictures import Picture
from tests.fakes.images import png_size

MIN_WIDTH = 1000
"""A chart legible on a phone is at least this wide (the issue's budget)."""
MAX_BYTES = 150_000
"""And at most this large."""


class CountingDraw:
    """The real drawing function, counting its calls (``fail``: raise instead of drawing)."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.calls = 0
        self._lock = threading.Lock()  # it runs in worker threads

    def __call__(self, picture: Picture) -> bytes:
        """Draw ``picture`` (or fail), counting the call."""
        with self._lock:
            self.calls += 1
        if self.fail:
            raise RuntimeError("the drawing library failed")
        return draw_png(picture)


def assert_legible(png: bytes) -> None:
    """``png`` decodes, is at least 1,000 px wide and under 150 KB."""
    width, _ = png_size(png)
    assert width >= MIN_WIDTH
    assert len(png) < MAX_BYTES
