"""The composition root: everything careerbot runs on is built here, once, through constructors.

The settings come first: :func:`configure` reads them once into one
:class:`~adapters.config.Config` (the core's settings and each platform's
section, :func:`adapters.config.load_config`) and sets up logging with
every configured secret and every adapter's token shape to redact
(:func:`start_logging`).
:func:`bootstrap` then loads the content and builds, in dependency order,
the live catalog, the command table, the store's watch (whether it
answers, shared by the state service and /healthz) and state service, the
metrics, the content reloader, the core and the pictures (one
:class:`~adapters.pictures.Pictures`, the PNG cache both Telegram and Discord
are handed by constructor), each handed what it needs when it is built;
nothing is attached to a built object afterwards.  The CLI
(:mod:`adapters.commandline`) and the tests call it; the runtime
(:mod:`adapters.runtime`) serves the finished :class:`App`, each platform
runner built from its own section of the config.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from adapters.config import TOKEN_PATTERNS, Config, load_config
from adapters.health import Metrics
from adapters.pictures import Pictures
from adapters.pictures.worker import WorkerDraw
from adapters.reload import ContentReloader
from adapters.requestlog import RequestLog
from bot.commands import CommandTable, default_table
from bot.content.live import LiveCatalog
from bot.content.loader import bundled_content_dir, load_catalog
from bot.content.parsecache import ParseCache
from bot.core import Core, Observer
from bot.flows.service import StateService
from bot.logs import setup_logging
from bot.settings import Settings
from bot.store.base import Store
from bot.store.url import open_store as store_for
from bot.store.watch import StoreWatch


@dataclass(frozen=True, slots=True)
class App:
    """What :func:`bootstrap` built: the core and the parts the runtime serves around it."""

    config: Config
    content: LiveCatalog
    table: CommandTable
    core: Core
    store: Store | None
    watch: StoreWatch | None
    """Whether ``store`` answers (``None`` without a store)."""
    metrics: Metrics
    reloader: ContentReloader
    pictures: Pictures
    """The replies' pictures as PNGs, drawn off the event loop and cached; shared by the platforms."""


def content_dir_of(settings: Settings, override: Path | None = None) -> Path:
    """The content folder to serve: ``--content``, else ``CAREERBOT_CONTENT_DIR``, else the bundled one."""
    return override or settings.content_dir or bundled_content_dir()


def open_store(settings: Settings) -> Store:
    """The store of saved state that ``settings`` name (not opened yet): PostgreSQL when
    ``STORE_URL`` is set, else the SQLite file."""
    url = settings.store_url.reveal() if settings.store_url is not None else None
    return store_for(url, settings.store_file)


def start_logging(config: Config) -> None:
    """Set up logging for ``config``: every configured secret and every platform's token shape redacted.

    The PostgreSQL pool's own messages (one per failed reconnection while the server is away) show
    only at ``LOG_LEVEL=DEBUG``: the store's watch logs an outage once, when it starts and ends.
    """
    setup_logging(config.core, config.secrets(), TOKEN_PATTERNS)
    pool = logging.getLogger("psycopg.pool")
    pool.setLevel(logging.DEBUG if config.core.log_level == "DEBUG" else logging.CRITICAL)


def configure(env: Mapping[str, str] | None = None, env_file: Path | None = None) -> Config:
    """The config (``env``, default ``os.environ``, over ``env_file``), with logging set up for it."""
    config = load_config(env, env_file)
    start_logging(config)
    return config


def bootstrap(
    config: Config,
    *,
    content_dir: Path | None = None,
    store: Store | None = None,
    platforms: tuple[str, ...] = (),
    observers: tuple[Observer, ...] = (),
    pictures: Pictures | None = None,
) -> App:
    """Build the whole object graph for ``config`` (the core uses its platform-neutral settings).

    ``store`` is the (unopened) store of saved state, or ``None`` for a core
    without saved state; ``platforms`` are the metrics' platform labels;
    ``observers`` are extra observers after the metrics and the request log;
    ``pictures`` the PNG drawer the platforms share (default: a :class:`Pictures` drawing in
    short-lived worker processes, so Pillow's memory never stays in the bot's process; tests
    pass one with their own draw function).
    Raises :class:`~bot.errors.ContentError` for invalid content.
    """
    settings = config.core
    parsed = ParseCache(settings.content_cache) if settings.content_cache is not None else None
    content = LiveCatalog(load_catalog(content_dir_of(settings, content_dir), parsed))
    table = default_table()
    watch = StoreWatch(store) if store is not None else None
    state = (
        StateService(
            store,
            quiz_expiry=settings.quiz_expiry_seconds,
            record_gaps=settings.store_questions,
            watch=watch,
        )
        if store is not None
        else None
    )
    metrics = Metrics(table, platforms)
    metrics.content_loaded(content.current)
    reloader = ContentReloader(
        content, cache=parsed, on_loaded=metrics.content_loaded, on_attempt=metrics.reloaded
    )
    core = Core(
        content,
        table,
        state=state,
        reloader=reloader,
        admins=settings.admin_ids,
        observers=(metrics.observe, RequestLog(settings.log_user_text), *observers),
        default_language=settings.default_language,
    )
    pictures = pictures if pictures is not None else Pictures(WorkerDraw())
    return App(config, content, table, core, store, watch, metrics, reloader, pictures)
