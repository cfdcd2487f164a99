"""Pure handlers: ``(request, catalog) -> Reply``."""
