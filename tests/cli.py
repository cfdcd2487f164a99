"""Running the careerbot command line as a user would, for the CLI tests of every package.

The process serves the fixture catalog (CAREERBOT_CONTENT_DIR), unless a test says otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.content import FIXTURE_CONTENT

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_PREFIXES = ("TELEGRAM_", "DISCORD_", "CAREERBOT_")
STORE_SETTINGS = frozenset({"STORE_PATH", "STORE_QUESTIONS", "DATA_DIR"})


def careerbot(data: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot ARGS`` with no platform token, no .env file, its store in ``data`` and
    the fixture catalog as its content (``env`` may set another CAREERBOT_CONTENT_DIR)."""
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(PLATFORM_PREFIXES) and k not in STORE_SETTINGS
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "--env-file", "/nonexistent/.env", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, "DATA_DIR": str(data), "CAREERBOT_CONTENT_DIR": str(FIXTURE_CONTENT), **env},
        cwd=ROOT,
    )
