"""The careerbot command line and the console chat, run as a user runs them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from adapters.console import ConsoleSession, render
from bot.core import Core
from bot.phrases import EN
from tests.cli import ROOT, careerbot
from tests.talk import reply_to

MINIMAL = ROOT / "tests" / "fixtures" / "content_min"


def test_ask_prints_the_answer(tmp_path: Path) -> None:
    """`careerbot ask QUESTION` prints the answer and exits 0."""
    result = careerbot(tmp_path, "ask", "how much does a language engineer earn?")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(EN.salary_role_title.format(name="Language Engineer"))
    assert "$93,000 to $148,000" in result.stdout


def test_content_option_and_env_var(tmp_path: Path) -> None:
    """--content and CAREERBOT_CONTENT_DIR point at another content folder (here the minimal one,
    whose only career is "NLP Engineer", instead of the fixture catalog careerbot() serves)."""
    by_option = careerbot(tmp_path, "--content", str(MINIMAL), "ask", "/careers")
    assert "NLP Engineer" in by_option.stdout
    assert "Data Analyst" not in by_option.stdout
    by_env = careerbot(tmp_path, "ask", "/careers", CAREERBOT_CONTENT_DIR=str(MINIMAL))
    assert by_env.stdout == by_option.stdout


def test_broken_content_exits_1_without_traceback(tmp_path: Path) -> None:
    """Serving broken content fails fast with the error list, exit 1."""
    (tmp_path / "about.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    result = careerbot(tmp_path, "--content", str(tmp_path), "ask", "hi")
    assert result.returncode == 1
    assert "about.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_chat_numbers_press_buttons_and_quit(tmp_path: Path) -> None:
    """In chat, a number presses the last reply's button; /quit leaves with exit 0."""
    result = careerbot(tmp_path, "chat", stdin="/careers\n2\n/quit\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert EN.start_title in out
    assert EN.list_careers_title in out
    assert "Public sector" in out  # the Data Analyst detail, reached by pressing [2]
    assert out.rstrip().endswith("Bye!")


def test_chat_ends_at_end_of_input(tmp_path: Path) -> None:
    """Chat exits cleanly when input ends without /quit."""
    result = careerbot(tmp_path, "chat", stdin="what is deep learning\n")
    assert result.returncode == 0
    assert "Deep Learning (test catalog)" in result.stdout


def test_run_without_token_starts_console_chat(tmp_path: Path) -> None:
    """`careerbot run` with no platform token says so and falls back to console chat."""
    result = careerbot(tmp_path, "run", stdin="/quit\n")
    assert result.returncode == 0, result.stderr
    assert "console chat" in result.stdout


def test_help_lists_subcommands(tmp_path: Path) -> None:
    """`careerbot --help` documents the subcommands."""
    result = careerbot(tmp_path, "--help")
    for word in ("ask", "chat", "content", "run"):
        assert word in result.stdout


def test_render_numbers_buttons(core: Core) -> None:
    """The console renderer shows title, bullets, fields and numbered buttons as plain text."""
    text = render(reply_to(core, "/salary language engineer"))  # type: ignore[arg-type]
    assert text.splitlines()[0] == EN.salary_role_title.format(name="Language Engineer")
    assert "[1] " in text
    assert "  • " in text


async def test_session_ignores_out_of_range_numbers(core: Core) -> None:
    """A number with no such button is treated as a question, not a crash."""
    session = ConsoleSession(core)
    await session.respond("/start")
    answer = await session.respond("99")
    assert answer is not None
    assert answer.startswith(EN.ask_unsure_title)
    assert await session.respond("/quit") is None


def test_wheel_bundles_content(tmp_path: Path) -> None:
    """The built wheel carries content/ byte for byte, and code installed from it serves that content
    by default (as many careers as the bundled careers.yaml lists, whatever the shipped content says)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("careerbot-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        for file in (
            "about.yaml",
            "careers.yaml",
            "examples.yaml",
            "guidance.yaml",
            "quiz.yaml",
            "skills.yaml",
        ):
            assert f"bot/_content/{file}" in names
            assert archive.read(f"bot/_content/{file}") == (ROOT / "content" / file).read_bytes(), file
        bundled_careers = len(yaml.safe_load(archive.read("bot/_content/careers.yaml"))["careers"])
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "from bot.content.loader import bundled_content_dir as d, load_catalog as l; "
        "print(d()); print(len(l().careers))"
    )
    ran = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=elsewhere,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == [str(site / "bot" / "_content"), str(bundled_careers)]
