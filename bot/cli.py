"""The ``careerbot`` command line (also ``python -m bot``).

This is the composition root: it reads settings, loads content, builds the
:class:`~bot.core.Core` and hands it to an adapter, which it imports lazily.

Exit codes: 0 success, 1 invalid content, 2 configuration or usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from bot import __version__
from bot.content.loader import bundled_content_dir, load_catalog
from bot.core import Core
from bot.errors import ConfigError, ContentError
from bot.logs import setup_logging
from bot.settings import Settings, load_settings
from bot.store.report import format_gaps
from bot.store.sqlite import SqliteStore

_T = TypeVar("_T")

log = logging.getLogger("careerbot.cli")

EXIT_OK, EXIT_CONTENT, EXIT_CONFIG = 0, 1, 2
NO_TOKEN_HINT = (
    "No platform token is configured: set TELEGRAM_TOKEN and/or DISCORD_TOKEN "
    "(or TELEGRAM_TOKEN_FILE / DISCORD_TOKEN_FILE) in the environment or in .env; see SELF_HOSTING.md."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="careerbot",
        description="Career advice for people entering deep learning, on Telegram, Discord or the console.",
    )
    parser.add_argument("--version", action="version", version=f"careerbot {__version__}")
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        help="content folder to serve (default: CAREERBOT_CONTENT_DIR, else the bundled content)",
    )
    parser.add_argument(
        "--env-file", metavar="FILE", type=Path, default=Path(".env"), help="settings file (default: .env)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p_ask = sub.add_parser("ask", help="answer one question and exit")
    p_ask.add_argument("question", nargs="+", help="the question, e.g. 'how much does an NLP engineer earn?'")
    sub.add_parser("chat", help="interactive console chat")
    p_content = sub.add_parser("content", help="content tools")
    content_sub = p_content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    p_check = content_sub.add_parser("check", help="validate a content folder (exit 0 valid, 1 invalid)")
    p_check.add_argument("dir", nargs="?", type=Path, help="folder to check (default: the served content)")
    p_run = sub.add_parser(
        "run", help="run the bot: telegram, discord, all; without a platform, every configured one or chat"
    )
    p_run.add_argument("platform", nargs="?", choices=("telegram", "discord", "all"))
    p_discord = sub.add_parser("discord", help="discord tools")
    discord_sub = p_discord.add_subparsers(dest="discord_command", metavar="ACTION", required=True)
    discord_sub.add_parser("sync", help="register the slash commands with Discord now, even if unchanged")
    p_report = sub.add_parser("report", help="reports for admins")
    report_sub = p_report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    p_gaps = report_sub.add_parser(
        "gaps", help="the questions the bot could not answer confidently, most frequent first"
    )
    p_gaps.add_argument("--limit", type=_limit, default=20, help="how many to show (1-1000, default 20)")
    return parser


def _limit(raw: str) -> int:
    value = int(raw) if raw.strip().isdigit() else 0
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 1000, not {raw[:20]!r}")
    return value


def _core(args: argparse.Namespace, settings: Settings, store: SqliteStore | None) -> Core:
    return Core(
        load_catalog(_content_dir(args, settings)),
        store=store,
        quiz_expiry=settings.quiz_expiry_seconds,
        record_gaps=settings.store_questions,
    )


async def _with_store(store: SqliteStore, work: Callable[[], Awaitable[_T]]) -> _T:
    """Open the store (applying migrations) before ``work``, close it after."""
    try:
        await store.open()
        return await work()
    finally:
        await store.close()


def _report_gaps(settings: Settings, limit: int) -> int:
    path = settings.store_file
    if not path.is_file():
        print(f"No unanswered questions recorded: there is no store at {path} yet.")
        return EXIT_OK
    store = SqliteStore(path)
    gaps = asyncio.run(_with_store(store, lambda: store.top_gaps(limit)))
    print(format_gaps(gaps, source=str(path), counting=settings.store_questions))
    return EXIT_OK


def _content_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return args.content or settings.content_dir or bundled_content_dir()


def _check(folder: Path) -> int:
    try:
        catalog = load_catalog(folder)
    except ContentError as exc:
        print(f"{folder}: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    counts = f"{len(catalog.careers)} careers, {len(catalog.skills)} skills, {len(catalog.examples)} examples"
    print(f"{folder}: content is valid ({counts}; version {catalog.version})")
    return EXIT_OK


def _run(core: Core, settings: Settings, platform: str | None, store: SqliteStore) -> int:
    from adapters.runtime import run_platforms

    names = settings.platforms if platform in (None, "all") else (str(platform),)
    if not names:
        print(NO_TOKEN_HINT, file=sys.stderr)
        return EXIT_CONFIG
    # `run all` (or no platform named) keeps serving what works and retries the rest with backoff.
    retry = platform in (None, "all") or None
    asyncio.run(_with_store(store, lambda: run_platforms(core, settings, names, retry=retry)))
    return EXIT_OK


def _dispatch(args: argparse.Namespace) -> int:
    settings = load_settings(env_file=args.env_file)
    setup_logging(settings)
    if args.command == "content":
        return _check(args.dir or _content_dir(args, settings))
    if args.command == "report":
        return _report_gaps(settings, args.limit)
    if args.command == "discord":
        from adapters.discord import sync_commands

        print(f"discord: {asyncio.run(sync_commands(_core(args, settings, None), settings))}")
        return EXIT_OK
    if args.command == "ask":
        from adapters.console import render

        core = _core(args, settings, None)
        reply = core.handle_text(" ".join(args.question), platform="console") or core.handle_text("/help")
        print(render(reply) if reply is not None else "")
        return EXIT_OK
    store = SqliteStore(settings.store_file)
    core = _core(args, settings, store)
    if args.command == "run" and (args.platform is not None or settings.platforms):
        return _run(core, settings, args.platform, store)
    from adapters.console import chat

    if args.command == "run":
        print("No platform token configured: starting console chat (see README.md to connect a platform).")
    return asyncio.run(_with_store(store, lambda: chat(core)))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``careerbot`` script; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return _dispatch(args)
    except ConfigError as exc:
        print(f"careerbot: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ContentError as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into a command that exited early (| head)
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
