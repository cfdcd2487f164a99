"""What each ``careerbot`` subcommand does, once :mod:`bot.cli` has parsed the arguments.

Every subcommand reads the one config and builds what it needs through the
composition root (:func:`adapters.bootstrap.configure`, then
:func:`adapters.bootstrap.bootstrap`) and opens the store around the work,
so ``careerbot ask`` answers exactly like a chat (with saved state and gap
counting) and ``careerbot run`` serves every configured platform.  Errors
propagate to :func:`bot.cli.main`, which turns them into exit codes.

When the store's server cannot be reached: ``run`` waits for it as long as
it takes (see :func:`adapters.runtime.open_state`); ``chat`` and ``ask``
answer without saved state (``chat`` picks it up once the server is back);
``report gaps`` tries a few times, then fails (exit 3).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from adapters.bootstrap import App, bootstrap, configure, content_dir_of, open_store
from adapters.config import Config
from adapters.console import chat, render
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.errors import ConfigError, ContentError, StoreUnavailable
from bot.handlers.charts import chart_warnings
from bot.request import Request
from bot.settings import Settings
from bot.store.base import Gap, Store
from bot.store.report import format_gaps
from bot.store.url import mask_url, open_with_retry

EXIT_OK, EXIT_CONTENT, EXIT_CONFIG = 0, 1, 2
GAPS_SHOWN = 6
"""Untranslated fields `content check` names per file and language (the rest are counted)."""
REPORT_ATTEMPTS = 3
"""Tries of ``report gaps`` to reach the store's server (1 s, then 2 s apart)."""
NO_TOKEN_HINT = (
    "No platform token is configured: set TELEGRAM_TOKEN and/or DISCORD_TOKEN "
    "(or TELEGRAM_TOKEN_FILE / DISCORD_TOKEN_FILE) in the environment or in .env; see SELF_HOSTING.md."
)


def _check(folder: Path) -> int:
    try:
        catalog = load_catalog(folder)
    except ContentError as exc:
        print(f"{folder}: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    counts = f"{len(catalog.careers)} careers, {len(catalog.skills)} skills, {len(catalog.examples)} examples"
    print(f"{folder}: content is valid ({counts}; version {catalog.version})")
    print(f"languages: {', '.join(catalog.languages)} (en is the source)")
    for coverage in catalog.coverage.values():
        print(f"  {coverage.summary()}")
        by_file: dict[str, list[str]] = {}
        for gap in coverage.gaps:
            file, _, where = gap.partition(": ")
            by_file.setdefault(file, []).append(where)
        for file, gaps in by_file.items():
            more = f", ...{len(gaps) - GAPS_SHOWN} more" if len(gaps) > GAPS_SHOWN else ""
            print(f"    still English in {file} ({len(gaps)}): {', '.join(gaps[:GAPS_SHOWN])}{more}")
    for warning in _chart_warnings(catalog):
        print(f"warning: {warning}")
    return EXIT_OK


def _chart_warnings(catalog: Catalog) -> list[str]:
    """What would not fit on a chart, in any language (each warning once, its languages named)."""
    by_warning: dict[str, list[str]] = {}
    for code in catalog.languages:
        for warning in chart_warnings(catalog.for_language(code)):
            by_warning.setdefault(warning, []).append(code)
    return [f"{w} ({', '.join(codes)})" for w, codes in by_warning.items()]


def _report_gaps(settings: Settings, limit: int) -> int:
    path = settings.store_file
    if settings.store_url is not None:
        source = mask_url(settings.store_url.reveal())
    elif not path.is_file():
        print(f"No unanswered questions recorded: there is no store at {path} yet.")
        return EXIT_OK
    else:
        source = str(path)
    store = open_store(settings)

    async def report() -> list[Gap]:
        try:
            await open_with_retry(store, attempts=REPORT_ATTEMPTS)
            return await store.top_gaps(limit)
        finally:
            await store.close()

    gaps = asyncio.run(report())
    print(format_gaps(gaps, source=source, counting=settings.store_questions))
    return EXIT_OK


async def _ask_once(config: Config, content_dir: Path | None, question: str) -> str:
    """``careerbot ask``: with saved state when the store opens (gaps are counted), else without
    it, saying so on stderr, so a read-only machine still gets its answer."""
    store: Store | None = open_store(config.core)
    assert store is not None
    try:
        await store.open()
    except (ConfigError, StoreUnavailable, OSError) as exc:
        if isinstance(exc, ConfigError) and config.core.store_url is not None:
            raise  # a wrong STORE_URL is an error to fix, not a read-only disk to live with
        print(f"careerbot: answering without saved state: {exc}", file=sys.stderr)
        await store.close()
        store = None
    app = bootstrap(config, content_dir=content_dir, store=store)
    try:
        return await _ask(app, question)
    finally:
        await app.core.flush()
        if store is not None:
            await store.close()


async def _ask(app: App, question: str) -> str:
    request = Request.from_text(question, platform="console", user_id="local", conversation="cli")
    reply = await app.core.respond(request or Request("help", platform="console"))
    return render(reply)


def _run(app: App, platform: str | None) -> int:
    from adapters.runtime import run_platforms

    names = app.config.platforms if platform in (None, "all") else (str(platform),)
    if not names:
        print(NO_TOKEN_HINT, file=sys.stderr)
        return EXIT_CONFIG
    # `run all` (or no platform named) keeps serving what works and retries the rest with backoff.
    retry = platform in (None, "all") or None
    asyncio.run(run_platforms(app, names, retry=retry))  # opens the store, waiting for it if need be
    return EXIT_OK


async def _chat(app: App) -> int:
    """Console chat; a store whose server is away is picked up when it comes back."""
    store = app.store
    try:
        if store is not None:
            try:
                await store.open()
            except StoreUnavailable as exc:
                if app.watch is not None:
                    app.watch.failed(exc)
                print(f"careerbot: saved state unavailable for now: {exc}", file=sys.stderr)
        return await chat(app.core)
    finally:
        await app.core.flush()
        if store is not None:
            await store.close()


def execute(args: argparse.Namespace) -> int:
    """Carry out the parsed command line; returns the exit code (errors propagate)."""
    config = configure(env_file=args.env_file)
    settings = config.core
    if args.command == "content":
        return _check(args.dir or content_dir_of(settings, args.content))
    if args.command == "report":
        return _report_gaps(settings, args.limit)
    if args.command == "chart":
        from adapters.pictures.command import write_chart

        catalog = load_catalog(content_dir_of(settings, args.content))
        return write_chart(catalog, args.kind, args.role, args.language, args.out, args.done)
    if args.command == "discord":
        from adapters.discord import sync_commands

        app = bootstrap(config, content_dir=args.content)
        print(f"discord: {asyncio.run(sync_commands(app.core, config))}")
        return EXIT_OK
    platform = getattr(args, "platform", None)
    running = args.command == "run" and bool(platform is not None or config.platforms)
    names = config.platforms if platform in (None, "all") else (str(platform),)
    if args.command != "ask":
        app = bootstrap(
            config, content_dir=args.content, store=open_store(settings), platforms=names if running else ()
        )
    if args.command == "ask":
        print(asyncio.run(_ask_once(config, args.content, " ".join(args.question))))
        return EXIT_OK
    if running:
        return _run(app, platform)
    if args.command == "run":
        print("No platform token configured: starting console chat (see README.md to connect a platform).")
    return asyncio.run(_chat(app))
