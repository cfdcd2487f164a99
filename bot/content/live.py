"""The catalog being served, swapped atomically when the content is reloaded."""

from __future__ import annotations

from bot.content.catalog import Catalog


class LiveCatalog:
    """Holds the current :class:`Catalog`; the core reads it, the reloader swaps it.

    Built before both of them by the composition root, so neither is changed
    after it was built.  A swap is one reference assignment: readers see the
    old catalog or the new one, never a mix.
    """

    __slots__ = ("current",)

    def __init__(self, catalog: Catalog) -> None:
        self.current = catalog

    def swap(self, catalog: Catalog) -> Catalog:
        """Serve ``catalog`` from now on; return the one it replaces."""
        old, self.current = self.current, catalog
        return old
