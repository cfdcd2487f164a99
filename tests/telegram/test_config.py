"""Tokens, base URL, webhook mode and the process life cycle (CLI exit codes, SIGTERM)."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import socket
import sys
from pathlib import Path

import pytest
from aiohttp import ClientSession

from adapters.config import load_config
from adapters.telegram.runner import TelegramRunner
from adapters.telegram.settings import TelegramSettings, load
from bot.cli import main
from bot.core import Core
from bot.errors import ConfigError
from bot.logs import RedactingFormatter
from tests.content import FIXTURE_CONTENT
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import TOKEN, eventually, say, start_bot, telegram_settings
from tests.waiting import finishes

OTHER_TOKEN = "7000000002:AAOtherTokenTheFakeDoesNotKnow_abcdefgh"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TELEGRAM_TOKEN is not set"),
        ({"TELEGRAM_TOKEN": "not-a-token"}, "TELEGRAM_TOKEN is malformed"),
        ({"TELEGRAM_TOKEN": "123:short"}, "TELEGRAM_TOKEN is malformed"),
    ],
)
async def test_missing_or_malformed_token_is_a_config_error(
    core: Core, env: dict[str, str], message: str
) -> None:
    """No token or a malformed one stops the runner with one clear ConfigError line, never the token."""
    runner = TelegramRunner(core, load(env=env))
    with pytest.raises(ConfigError, match=message) as caught:
        await runner.run(asyncio.Event())
    assert "\n" not in str(caught.value)
    for value in env.values():
        assert value not in str(caught.value)


async def test_rejected_token_is_a_config_error_and_never_logged(core: Core, fake: FakeTelegram) -> None:
    """A token the Bot API rejects (401) is a ConfigError; no log line (PTB logs its URL) shows it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter([OTHER_TOKEN], json_lines=False))
    raw: list[str] = []
    spy = logging.Handler()
    spy.emit = lambda record: raw.append(record.getMessage())  # type: ignore[method-assign]
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.addHandler(spy)
    root.setLevel(logging.DEBUG)
    try:
        runner = TelegramRunner(core, telegram_settings(fake, TELEGRAM_TOKEN=OTHER_TOKEN))
        with pytest.raises(ConfigError, match="rejected") as caught:
            await runner.run(asyncio.Event())
    finally:
        root.removeHandler(handler)
        root.removeHandler(spy)
        root.setLevel(old_level)
    assert OTHER_TOKEN not in str(caught.value)
    assert any(OTHER_TOKEN in line for line in raw)  # PTB did log its API URL with the token...
    assert OTHER_TOKEN not in stream.getvalue()  # ...and the formatter careerbot installs redacted them
    assert "[REDACTED]" in stream.getvalue()


async def test_base_url_is_the_root_of_a_bot_api_server(core: Core, fake: FakeTelegram) -> None:
    """TELEGRAM_BASE_URL is a server root: methods at {root}/bot<token>/, files at {root}/file/bot<token>/."""
    running = await start_bot(core, telegram_settings(fake, TELEGRAM_BASE_URL=fake.base_url + "/"), fake)
    try:
        app = running.runner.application
        assert app is not None
        assert app.bot.base_url == f"{fake.base_url}/bot{TOKEN}"
        assert app.bot.base_file_url == f"{fake.base_url}/file/bot{TOKEN}"
        assert (await say(fake, "/start"))[0]["text"].startswith("Welcome")
    finally:
        await running.stop()


async def test_unreachable_bot_api_is_retried_until_stopped(
    core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing listening at the base URL: the runner says getMe failed and it will retry, keeps
    running without being connected, and stops within 1 s of the stop event."""
    settings = load(env={"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_BASE_URL": f"http://127.0.0.1:{free_port()}"})
    runner = TelegramRunner(core, settings)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    await eventually(lambda: any("Bot API unreachable" in r.getMessage() for r in caplog.records))
    assert not task.done()
    assert not runner.connected
    stop.set()
    await finishes(task, 1.0, "run() after the stop event")


async def test_webhook_mode_checks_the_secret(core: Core, fake: FakeTelegram) -> None:
    """Webhook mode registers its URL and secret; requests with a wrong or no secret are refused."""
    port = free_port()
    hook = f"http://127.0.0.1:{port}/tg-hook"
    settings = telegram_settings(
        fake,
        TELEGRAM_WEBHOOK_URL=hook,
        TELEGRAM_WEBHOOK_SECRET="s3cret_value-1",
        TELEGRAM_LISTEN="127.0.0.1",
        TELEGRAM_PORT=str(port),
    )
    running = await start_bot(core, settings, fake)
    try:
        assert fake.webhook == {"url": hook, "secret_token": "s3cret_value-1"}
        update = {"update_id": 999, "message": fake.message("/about", 4242)["message"]}
        fake.updates.clear()  # deliver this one by hand only
        async with ClientSession() as session:
            for headers in ({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {}):
                async with session.post(hook, json=update, headers=headers) as response:
                    assert response.status == 403
        sent = await say(fake, "/start", 4242)  # the fake delivers it with the right secret
        assert sent[0]["text"].startswith("Welcome")
        # had a refused /about been taken, it would have been answered first (one chat, in order)
        assert len(fake.sent) == 1
    finally:
        await running.stop(within=5.0)


async def test_token_revoked_while_running_stops_the_platform(core: Core, fake: FakeTelegram) -> None:
    """A token revoked while the bot runs (the Bot API starts answering 401) stops the Telegram
    platform with one ConfigError line naming TELEGRAM_TOKEN (never the token), instead of the bot
    sitting there reported as connected."""
    bot = await start_bot(core, telegram_settings(fake), fake, poll_timeout=1)
    assert bot.runner.connected
    fake.token = OTHER_TOKEN
    with pytest.raises(ConfigError, match=r"TELEGRAM_TOKEN was rejected .* while running") as caught:
        await finishes(bot.task, 30, "the platform after its token was revoked")
    assert not bot.runner.connected
    assert TOKEN not in str(caught.value)


def test_cli_without_token_exits_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`careerbot run telegram` with no token prints one configuration error line and exits with 2."""
    for name in ("TELEGRAM_TOKEN", "TELEGRAM_TOKEN_FILE", "DISCORD_TOKEN", "HEALTH_PORT"):
        monkeypatch.delenv(name, raising=False)
    args = ["--env-file", str(tmp_path / "none.env"), "--content", str(FIXTURE_CONTENT), "run", "telegram"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "TELEGRAM_TOKEN" in err


async def _run_cli(fake: FakeTelegram, tmp_path: Path, token: str) -> asyncio.subprocess.Process:
    token_file = tmp_path / "token"
    token_file.write_text(token + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "HEALTH_"))}
    env.update(
        {"TELEGRAM_TOKEN_FILE": str(token_file), "TELEGRAM_BASE_URL": fake.base_url, "LOG_LEVEL": "DEBUG"}
    )
    env["CAREERBOT_CONTENT_DIR"] = str(FIXTURE_CONTENT)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--env-file", str(tmp_path / "none.env"), "run", "telegram",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_cli_serves_from_a_token_file_and_stops_on_sigterm(fake: FakeTelegram, tmp_path: Path) -> None:
    """`python -m bot run telegram` with TELEGRAM_TOKEN_FILE answers /start, exits 0 within 5 s of SIGTERM."""
    process = await _run_cli(fake, tmp_path, TOKEN)
    try:
        await eventually(lambda: any(c["method"] == "getUpdates" for c in fake.calls), 20)
        assert (await say(fake, "/start"))[0]["text"].startswith("Welcome")
        process.send_signal(signal.SIGTERM)
        code = await finishes(process.wait(), 5.0, "careerbot after SIGTERM")
        assert code == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    _, err = await process.communicate()
    assert TOKEN not in err.decode()


async def test_cli_with_rejected_token_exits_2_without_showing_it(fake: FakeTelegram, tmp_path: Path) -> None:
    """A token the server rejects: exit code 2, one error line naming TELEGRAM_TOKEN, the token nowhere."""
    process = await _run_cli(fake, tmp_path, OTHER_TOKEN)
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    text = out.decode() + err.decode()
    assert "TELEGRAM_TOKEN was rejected" in text
    assert OTHER_TOKEN not in text
    assert OTHER_TOKEN.split(":")[1] not in text


def test_settings_default_concurrency_and_limits() -> None:
    """TELEGRAM_CONCURRENCY defaults to 32 and must be 1..1024."""
    assert TelegramSettings().concurrency == 32
    with pytest.raises(ConfigError, match="TELEGRAM_CONCURRENCY"):
        load_config(env={"TELEGRAM_CONCURRENCY": "0"})
