"""Logs: text or JSON lines, secrets redacted (also inside HTTP library errors), user text opt-in."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator

import aiohttp
import pytest
from aiohttp import web

from adapters.bootstrap import start_logging
from adapters.config import TOKEN_PATTERNS, Config
from adapters.requestlog import RequestLog
from adapters.telegram.settings import TelegramSettings
from bot.content.catalog import Catalog
from bot.core import Core
from bot.logs import REDACTED, redact
from bot.settings import Secret, Settings
from tests.talk import reply_to

TOKEN = "7012345678:AAH-fake_token_for_tests_0123456789xyz"
SHORT_TOKEN = "42:not-token-shaped"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """setup_logging changes process-wide state: put it back after the test."""
    root = logging.getLogger()
    handlers, level, hook = list(root.handlers), root.level, sys.excepthook
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    sys.excepthook = hook
    logging.captureWarnings(False)


async def _http_error_with_token_in_url() -> Exception:
    """A real aiohttp error whose message carries a Bot API URL with the token in it."""

    async def not_found(request: web.Request) -> web.Response:
        return web.Response(status=404)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", not_found)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    caught: Exception | None = None
    try:
        async with aiohttp.ClientSession(raise_for_status=True) as session:
            try:
                async with session.get(f"http://127.0.0.1:{port}/bot{SHORT_TOKEN}/getMe?x={SHORT_TOKEN}"):
                    pass
            except aiohttp.ClientResponseError as exc:
                caught = exc
    finally:
        await runner.cleanup()
    assert caught is not None
    assert SHORT_TOKEN in str(caught)  # the library really puts the token in its message
    return caught


def test_redact_catches_plain_percent_encoded_and_token_shaped_secrets() -> None:
    """Known secrets (also URL-encoded) and anything shaped like a bot token are replaced."""
    text = f"GET /bot{SHORT_TOKEN}/x?t=42%3Anot-token-shaped and {TOKEN} and {TOKEN.replace(':', '%3A')}"
    out = redact(text, [SHORT_TOKEN, TOKEN])
    assert "not-token-shaped" not in out
    assert "AAH-fake" not in out
    assert out.count(REDACTED) == 4
    # token-shaped: caught without being known
    assert "AAH-fake" not in redact(f"url=/bot{TOKEN}/getMe", patterns=TOKEN_PATTERNS)


def test_redact_leaves_messages_readable_around_a_one_letter_secret() -> None:
    """A configured "secret" too short to be a token (TELEGRAM_TOKEN=x) is not replaced inside
    the words of the message that explains it is malformed; real-length secrets still are."""
    message = "TELEGRAM_TOKEN is malformed: expected the 123456789:ABC... token"
    assert redact(message, ["x"]) == message
    assert redact("token=abcd1234", ["abcd1234"]) == f"token={REDACTED}"


async def test_json_logs_are_one_object_per_line_with_the_token_redacted_from_http_errors(
    capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    """LOG_FORMAT=json writes JSON lines; an HTTP library error with the token in its URL is redacted."""
    error = await _http_error_with_token_in_url()
    start_logging(Config(Settings(log_format="json"), TelegramSettings(token=Secret(SHORT_TOKEN))))
    log = logging.getLogger("careerbot.test")
    log.info("started with %s", SHORT_TOKEN)
    try:
        raise RuntimeError("wrapped") from error
    except RuntimeError:
        log.exception("telegram failed")
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert [r["level"] for r in records] == ["INFO", "ERROR"]
    assert records[0]["logger"] == "careerbot.test"
    assert records[0]["message"] == f"started with {REDACTED}"
    assert "ClientResponseError" in records[1]["traceback"]
    assert REDACTED in records[1]["traceback"]
    for line in lines:
        assert "not-token-shaped" not in line


async def test_text_logs_redact_the_token_in_tracebacks(
    capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    """The default human-readable format redacts the token from messages and tracebacks alike."""
    error = await _http_error_with_token_in_url()
    start_logging(Config(telegram=TelegramSettings(token=Secret(SHORT_TOKEN))))
    try:
        raise error
    except aiohttp.ClientResponseError:
        logging.getLogger("careerbot.test").exception("getMe failed")
    err = capsys.readouterr().err
    assert "ERROR   careerbot.test: getMe failed" in err
    assert "Traceback" in err
    assert REDACTED in err
    assert "not-token-shaped" not in err
    with pytest.raises(json.JSONDecodeError):
        json.loads(err.splitlines()[0])


def test_user_text_is_not_logged_unless_log_user_text(
    catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    """The request log names platform and command; the message text and user id only with LOG_USER_TEXT=1."""
    secret_question = "how much does a quantum llama wrangler earn"
    core = Core(catalog, observers=[RequestLog(user_text=False)])
    with caplog.at_level(logging.DEBUG, logger="careerbot.requests"):
        reply_to(core, secret_question, platform="telegram", user_id="5550123")
    assert "telegram /ask" in caplog.text
    assert "llama" not in caplog.text
    assert "5550123" not in caplog.text
    caplog.clear()
    core = Core(catalog, observers=[RequestLog(user_text=True)])
    with caplog.at_level(logging.DEBUG, logger="careerbot.requests"):
        reply_to(core, secret_question, platform="telegram", user_id="5550123")
    assert "llama" in caplog.text
    assert "5550123" in caplog.text
