"""PNG pictures for the platforms that show images (Telegram, Discord), cached.

:class:`Pictures` turns a :data:`~bot.pictures.Picture` into PNG bytes: drawn once per
picture (the picture is its own cache key, so each catalog version, language and highlighted
role is drawn once and a content reload that changes a figure or a label draws anew), in a
worker thread so the event loop never waits for Pillow, and kept in a bounded LRU cache.
Pillow is imported by :mod:`adapters.pictures.draw` only, on the first render; importing
this package costs nothing.  A failed render is one WARNING and ``None``: the adapter then
sends the text answer alone.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.pictures import Picture

if TYPE_CHECKING:  # asyncio is imported where it runs: the drawing worker process never needs it
    import asyncio

log = logging.getLogger(__name__)

Draw = Callable[[Picture], bytes]
"""A function drawing one picture as PNG bytes (it runs in a worker thread)."""

CACHE_SIZE = 128
"""Pictures kept: a few charts per language and role, with room for a reload's new versions."""


def draw_png(picture: Picture) -> bytes:
    """The default :data:`Draw`: Pillow, imported here on first use."""
    from adapters.pictures.draw import render

    return render(picture)


class Pictures:
    """Rendered PNGs, cached by picture.

    ``draw`` is the drawing function (default :func:`draw_png`; tests pass one that counts
    calls or fails); ``size`` the number of pictures the LRU cache keeps.
    """

    def __init__(self, draw: Draw = draw_png, *, size: int = CACHE_SIZE) -> None:
        self._draw = draw
        self._size = max(1, size)
        self._cache: OrderedDict[Picture, bytes] = OrderedDict()
        self._pending: dict[Picture, asyncio.Future[bytes | None]] = {}

    def cached(self, picture: Picture) -> bytes | None:
        """The PNG of ``picture`` if it is drawn already, else ``None`` (never draws)."""
        png = self._cache.get(picture)
        if png is not None:
            self._cache.move_to_end(picture)
        return png

    async def png(self, picture: Picture) -> bytes | None:
        """The PNG of ``picture`` (drawn in a worker thread the first time), or ``None`` if it fails.

        Concurrent requests for a picture being drawn wait for that one drawing.  A failure is
        one WARNING line (for the drawing, however many requests waited for it) and is not
        cached, so a later request tries again.
        """
        import asyncio  # here, not at the top: see the imports

        png = self.cached(picture)
        if png is not None:
            return png
        pending = self._pending.get(picture)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()
        self._pending[picture] = future
        png = None
        try:
            png = await asyncio.to_thread(self._draw, picture)
        except Exception as exc:
            log.warning("could not draw %s: %s: %s", type(picture).__name__, type(exc).__name__, exc)
        finally:  # also when this request is cancelled: whoever waits gets the text answer alone
            del self._pending[picture]
            future.set_result(png)
        if png is not None:
            self._cache[picture] = png
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return png

    def __len__(self) -> int:
        return len(self._cache)
