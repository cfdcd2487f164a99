"""The catalog being served, swapped atomically when the content is reloaded."""

from __future__ import annotations

from bot.content.catalog import Catalog


class LiveCatalog:
    """Holds the current :class:`Catalog`; the core reads it, the reloader swaps it.

    Built before both of them by the composition root, so neither is changed
    after it was built.  A swap is one reference assignment: readers see the
    old catalog or the new one, never a mix, in every language: the translations
    travel with the English catalog (``current.for_language``), and are built
    before the catalog is served (in the reloader's worker thread on a reload).
    """

    __slots__ = ("current",)

    def __init__(self, catalog: Catalog) -> None:
        _prepare(catalog)
        self.current = catalog

    def swap(self, catalog: Catalog) -> Catalog:
        """Serve ``catalog`` (and its translations) from now on; return the one it replaces."""
        _prepare(catalog)
        old, self.current = self.current, catalog
        return old

    def for_language(self, language: str | None) -> Catalog:
        """The current catalog in ``language`` (a code or a platform tag; English when unsupported)."""
        return self.current.for_language(language)


def _prepare(catalog: Catalog) -> None:
    if catalog.locales is not None:
        catalog.locales.build_all()
