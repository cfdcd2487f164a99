"""Invalid settings and missing tokens: one clear line naming the setting, exit code 2 (real CLI process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.commandline import NO_TOKEN_HINT
from tests.content import FIXTURE_CONTENT


def _run(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    base["CAREERBOT_CONTENT_DIR"] = str(FIXTURE_CONTENT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"HEALTH_PORT": "eighty"}, "HEALTH_PORT"),
        ({"HEALTH_PORT": "70000"}, "HEALTH_PORT"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"TELEGRAM_TOKEN_FILE": "/nonexistent/token"}, "TELEGRAM_TOKEN_FILE"),
        ({"CONTENT_WATCH": "maybe"}, "CONTENT_WATCH"),
        ({"CONTENT_WATCH_INTERVAL": "0"}, "CONTENT_WATCH_INTERVAL"),
        ({"ADMIN_IDS": "alice"}, "ADMIN_IDS"),
        ({"TELEGRAM_BASE_URL": "ftp://x"}, "TELEGRAM_BASE_URL"),
    ],
)
def test_invalid_setting_exits_2_with_one_line_naming_it(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    """Each bad value stops `careerbot run all` before anything starts, with exit 2 and one stderr line."""
    result = _run(tmp_path, {"TELEGRAM_TOKEN": "123456:" + "A" * 35, **env}, "run", "all")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("careerbot: configuration error: ")
    assert named in lines[0]
    assert "A" * 35 not in result.stderr


def test_invalid_setting_in_env_file_is_named_too(tmp_path: Path) -> None:
    """A bad value read from the .env file gives the same one-line error and exit 2."""
    (tmp_path / ".env").write_text("TELEGRAM_TOKEN=1:x\nTELEGRAM_PORT=not-a-port\n", encoding="utf-8")
    result = _run(tmp_path, {}, "run", "all")
    assert result.returncode == 2
    assert "TELEGRAM_PORT" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_run_all_without_any_token_says_how_to_configure_and_exits_2(tmp_path: Path) -> None:
    """No token at all: `run all` explains which variables to set (and where) and exits 2."""
    result = _run(tmp_path, {}, "run", "all")
    assert result.returncode == 2
    assert NO_TOKEN_HINT in result.stderr
    assert "TELEGRAM_TOKEN" in result.stderr
    assert "DISCORD_TOKEN" in result.stderr
