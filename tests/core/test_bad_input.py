"""Bad input never crashes, never echoes markup as markup, and gets a helpful answer."""

from __future__ import annotations

import logging

import pytest

from bot.content.catalog import Catalog
from bot.core import Core
from bot.phrases import EN
from bot.replies import Reply
from bot.request import Request
from tests.talk import answer, reply_to

NASTY = [
    "",
    "   ",
    "x" * 10_000,
    "how much does a language engineer earn " * 300,
    "\x00\x01\x1b[31mred\x1b[0m\x7f",
    "<b>bold</b> <script>alert(1)</script>",
    "*_`~||spoiler|| [link](http://x) ```code```",
    "@everyone @here <@123456789> <@&987654321>",
    "🤖🔥 مرحبا كيف أصبح مهندس رؤية حاسوبية؟ ‮reversed‬",
    "עברית Language engineer salary",
    "\u200b\u200f\u2066zero width\u2069",
    "/",
    "/ ",
    "//",
    "/salary@",
    "/careers " + "a" * 5000,
    "/skills <b>python</b>",
    "/path @everyone",
]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_text_gets_an_answer(core: Core, text: str) -> None:
    """Every nasty input yields a titled reply with somewhere to go next."""
    reply = reply_to(core, text)
    assert isinstance(reply, Reply)
    assert reply.title
    assert reply.buttons or reply.blocks


@pytest.mark.parametrize("text", NASTY)
def test_nasty_text_as_every_argument(core: Core, text: str) -> None:
    """Every command survives every nasty argument."""
    for spec in core.table:
        assert answer(core, Request.command_of(spec.name, text)).title


def test_control_characters_are_not_echoed(core: Core) -> None:
    """Terminal escapes and bidi overrides in user text do not reach the reply."""
    reply = answer(core, Request.command_of("careers", "\x1b[31mzzz\u202eqqq"))
    assert "\x1b" not in reply.text()
    assert "\u202e" not in reply.text()


def test_long_input_is_cut_and_said_so(core: Core) -> None:
    """A 10,000-character question is answered from its start and the reply says it was cut."""
    reply = reply_to(core, "how much does a language engineer earn? " + "blah " * 2000)
    assert reply is not None
    assert reply.title == EN.salary_role_title.format(name="Language Engineer")
    assert reply.footer == "(Your message was long, so I only read the first 1,000 characters.)"


def test_echoed_text_is_bounded(core: Core) -> None:
    """A did-you-mean reply quotes at most a short piece of what was typed."""
    reply = answer(core, Request.command_of("careers", "q" * 5000))
    assert len(reply.title) < 100


def test_wrong_types_are_user_errors_not_crashes(core: Core) -> None:
    """Adapters passing a non-string argument get an apology, not an exception."""
    reply = answer(core, Request.command_of("careers", 42))  # type: ignore[arg-type]
    assert reply.is_error


def test_handler_bug_becomes_apology_with_reference(
    catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    """An exception inside a handler is logged with a reference id and answered with an apology."""
    from bot.commands import CommandSpec, CommandTable, default_table

    def broken(request: Request, catalog: Catalog) -> Reply:
        raise RuntimeError("boom")

    registry = CommandTable((*default_table().commands, CommandSpec("broken", "A broken command", broken)))
    core = Core(catalog, registry)
    with caplog.at_level(logging.ERROR, logger="careerbot.core"):
        reply = answer(core, Request.command_of("broken"))
    assert reply.is_error
    assert reply.title == EN.apology_title
    assert reply.footer is not None
    ref = reply.footer.rsplit(" ", 1)[-1]
    assert len(ref) == 8
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)
    assert "boom" not in reply.text()
