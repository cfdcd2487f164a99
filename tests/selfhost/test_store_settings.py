"""STORE_URL and STORE_URL_FILE from the command line (real CLI processes, a real PostgreSQL).

A malformed URL, a wrong password or both settings at once: exit 2 and one stderr line naming the
setting, the password nowhere in the output.  STORE_URL_FILE selects PostgreSQL like STORE_URL.
An unreachable server: ``report gaps`` gives up after a few tries with exit 3 and one line.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.cli import careerbot
from tests.fakes.telegram_api import DEFAULT_TOKEN
from tests.pg import postgres_server, postgres_url

from .conftest import free_port

__all__ = ["postgres_server", "postgres_url"]

SECRET = "Wr0ng-s3cret-Pa55"
COMMANDS = {
    "run telegram": ("run", "telegram"),
    "chat": ("chat",),
    "report gaps": ("report", "gaps"),
    "ask": ("ask", "how much does a language engineer earn?"),
}
"""Every command that opens the store."""
TELEGRAM = {"TELEGRAM_TOKEN": DEFAULT_TOKEN, "TELEGRAM_BASE_URL": "http://127.0.0.1:9"}
"""A token for ``run telegram``; nothing is contacted before the store is open."""


def one_line_naming(result: subprocess.CompletedProcess[str], setting: str, *hidden: str) -> str:
    """The one stderr line, which names ``setting``; nothing in ``hidden`` appears anywhere."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert setting in lines[0]
    assert "Traceback" not in result.stderr
    for secret in hidden:
        assert secret not in result.stdout
        assert secret not in result.stderr
    return lines[0]


MALFORMED = (
    f"mysql://careerbot:{SECRET}@db/careerbot",
    f"postgresql://careerbot:{SECRET}@db:99999/careerbot",
    f"postgresql://careerbot:{SECRET}/x@db/careerbot",
    f"postgresql://careerbot:{SECRET}@/careerbot",
)


@pytest.mark.parametrize(
    ("command", "url"),
    [
        *(("run telegram", url) for url in MALFORMED),
        *((c, MALFORMED[2]) for c in COMMANDS if c != "run telegram"),
    ],
)
def test_a_malformed_store_url_exits_2_with_one_line(tmp_path: Path, command: str, url: str) -> None:
    """Every command that opens the store refuses a malformed STORE_URL before anything starts:
    exit 2, one line naming STORE_URL, the password (or a piece of it) nowhere."""
    result = careerbot(tmp_path, *COMMANDS[command], STORE_URL=url, **TELEGRAM)
    assert result.returncode == 2, result.stderr
    line = one_line_naming(result, "STORE_URL", SECRET, "Pa55")
    assert line.startswith("careerbot: configuration error: ")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_wrong_password_exits_2_with_one_line(tmp_path: Path, postgres_server: str, command: str) -> None:
    """The server refuses the password: exit 2 at once (no retries), one line naming STORE_URL with
    the password masked; neither the wrong nor the real password is shown."""
    real = urlsplit(postgres_server).password
    assert real
    wrong = postgres_server.replace(f":{real}@", f":{SECRET}@", 1)
    result = careerbot(tmp_path, *COMMANDS[command], STORE_URL=wrong, **TELEGRAM)
    assert result.returncode == 2, result.stderr
    line = one_line_naming(result, "STORE_URL", SECRET, real)
    assert "password authentication failed" in line
    assert "careerbot:***@" in line
    assert not (tmp_path / "careerbot.sqlite3").exists()


def test_store_url_file_selects_postgresql(tmp_path: Path, postgres_url: str) -> None:
    """STORE_URL_FILE (a Docker secret) works like STORE_URL: a question the bot is unsure about is
    counted in PostgreSQL (no SQLite file appears) and ``report gaps`` reads it back, naming the
    store with its password masked."""
    secret_file = tmp_path / "store_url"
    secret_file.write_text(postgres_url + "\n", encoding="utf-8")
    password = urlsplit(postgres_url).password
    assert password
    asked = careerbot(
        tmp_path, "ask", "what do zebras think of quantum knitting", STORE_URL_FILE=str(secret_file)
    )
    assert asked.returncode == 0, asked.stderr
    report = careerbot(tmp_path, "report", "gaps", STORE_URL_FILE=str(secret_file))
    assert report.returncode == 0, report.stderr
    assert "what do zebras think of quantum knitting" in report.stdout
    assert "careerbot:***@" in report.stdout
    for result in (asked, report):
        assert password not in result.stdout + result.stderr
    assert not list(tmp_path.rglob("*.sqlite3"))


def test_store_url_and_store_url_file_together_exit_2(tmp_path: Path) -> None:
    """Both settings at once are ambiguous: exit 2 with one line naming both, the password nowhere."""
    secret_file = tmp_path / "store_url"
    secret_file.write_text(f"postgresql://careerbot:{SECRET}@db/careerbot\n", encoding="utf-8")
    result = careerbot(
        tmp_path,
        "run",
        "telegram",
        STORE_URL=f"postgresql://careerbot:{SECRET}@db/careerbot",
        STORE_URL_FILE=str(secret_file),
        **TELEGRAM,
    )
    assert result.returncode == 2
    line = one_line_naming(result, "STORE_URL_FILE", SECRET)
    assert "STORE_URL or STORE_URL_FILE" in line


def test_report_gaps_on_an_unreachable_server_exits_3_with_one_line(tmp_path: Path) -> None:
    """Nothing listens where STORE_URL points: ``report gaps`` retries a few times (logged), then
    exits 3 with one line naming STORE_URL, password masked, no traceback."""
    url = f"postgresql://careerbot:{SECRET}@127.0.0.1:{free_port()}/careerbot"
    result = careerbot(tmp_path, "report", "gaps", STORE_URL=url, LOG_LEVEL="ERROR")
    assert result.returncode == 3, result.stderr
    line = one_line_naming(result, "STORE_URL", SECRET)
    assert "careerbot:***@127.0.0.1" in line
    assert "unavailable" in line
