"""The ``careerbot`` command line (also ``python -m bot``).

It only parses the arguments; :func:`adapters.commandline.execute` carries
them out (the composition root, :mod:`adapters.bootstrap`, builds what they
need).  That hand-over is the one place the core imports an adapter.

Exit codes: 0 success, 1 invalid content, 2 configuration or usage error
(one line on stderr naming the setting, no traceback), 3 the store of saved
state could not be reached (``report gaps``; ``run`` waits for it instead).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.errors import ConfigError, ContentError, StoreUnavailable

EXIT_OK, EXIT_CONTENT, EXIT_CONFIG, EXIT_UNAVAILABLE = 0, 1, 2, 3


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
    p_chart = sub.add_parser("chart", help="draw a chart as a PNG file (what Telegram and Discord show)")
    p_chart.add_argument("kind", choices=("salary", "roadmap"), help="the salary ranges or a role's roadmap")
    p_chart.add_argument("--role", help="the role to highlight (salary) or to draw (roadmap): an id or name")
    p_chart.add_argument("--language", default="en", help="a content language code (default: en)")
    p_chart.add_argument(
        "--done", default="", metavar="SKILLS", help="roadmap: skill ids marked as done, comma-separated"
    )
    p_chart.add_argument("--out", required=True, type=Path, metavar="FILE", help="the PNG file to write")
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``careerbot`` script; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    from adapters.commandline import execute  # the one hand-over from the core to the adapters

    try:
        return execute(args)
    except ConfigError as exc:
        print(f"careerbot: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ContentError as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except StoreUnavailable as exc:  # its message masks the password
        print(f"careerbot: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into a command that exited early (| head)
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
