"""The one pipeline: request constructors, the one command table, typed payloads, the one entry point."""

from __future__ import annotations

import pytest

from bot.commands import CommandTable, default_table
from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.payloads import AnswerStep, BackStep, ChecklistMark, Page, RestartStep, quiz_payload
from bot.phrases import EN
from bot.replies import Action, Button, Reply
from bot.request import ASK, BAD_ARGUMENT, STALE, START, Request
from bot.store import MemoryStore
from bot.text import MAX_INPUT_CHARS

WHO = {"platform": "telegram", "user_id": "7", "conversation": "-100", "language": "es-ES"}


def test_from_text_parses_commands_questions_and_mentions() -> None:
    """``/cmd@Bot arg`` names a command, plain text is a question, an empty message (a bare mention)
    means /start, and a command for another bot is no request at all."""
    cmd = Request.from_text("/Salary@CareerBot  nlp   engineer ", bot_username="careerbot", **WHO)
    assert cmd == Request("salary", "nlp engineer", "telegram", "7", "-100", "es-ES", "text")
    assert Request.from_text("/salary@OtherBot x", bot_username="CareerBot", **WHO) is None
    question = Request.from_text("  how much\tdo they earn? ", **WHO)
    assert question is not None
    assert (question.command, question.argument) == (ASK, "how much do they earn?")
    for empty in ("", "   ", "\u200b"):
        bare = Request.from_text(empty, **WHO)
        assert bare is not None
        assert (bare.command, bare.argument) == (START, "")
    assert Request.from_text("/ what", **WHO).command == ASK  # type: ignore[union-attr]


def test_text_is_cleaned_once_and_long_text_is_marked_truncated() -> None:
    """Control and bidi characters go and whitespace folds in the constructor; a message over the
    input limit is cut to it and marked, so the core can say so."""
    request = Request.from_text("why\x1b[31m \u202edeep\x00 learning", **WHO)
    assert request is not None
    assert request.argument == "why [31m deep learning"
    long = Request.from_text("salary " * 400, **WHO)
    assert long is not None
    assert long.truncated
    assert len(long.argument) <= MAX_INPUT_CHARS


def test_from_button_unpacks_and_marks_unreadable_buttons_stale() -> None:
    """A packed action becomes its command; garbage, an old prefix or a wrong type becomes ``stale``."""
    pressed = Request.from_button(Action("careers", "nlp-engineer").pack(), **WHO)
    assert (pressed.command, pressed.argument, pressed.origin) == ("careers", "nlp-engineer", "button")
    for junk in ("", "nope", "cb0|careers|x", "x" * 100, 42):
        assert Request.from_button(junk, **WHO).command == STALE  # type: ignore[arg-type]


def test_a_non_text_argument_becomes_a_clear_error() -> None:
    """An argument of the wrong type (a platform bug) is answered, never crashes."""
    assert Request.command_of("careers", 42, **WHO).command == BAD_ARGUMENT  # type: ignore[arg-type]


def test_payloads_pack_and_unpack_in_the_formats_buttons_carry() -> None:
    """Typed payloads round-trip and keep the packed forms that buttons already in chats carry."""
    assert AnswerStep("1z", "images").pack() == "a.1z.images"
    assert quiz_payload("a.1z.images") == AnswerStep("1z", "images")
    assert quiz_payload("b.1z") == BackStep("1z")
    assert quiz_payload("r.1z") == RestartStep("1z")
    assert quiz_payload("") is None
    assert quiz_payload("a.1z") is None
    mark = ChecklistMark("programming", "abc123", True)
    assert mark.pack() == "programming.abc123.1"
    assert ChecklistMark.unpack("programming.abc123.0") == ChecklistMark("programming", "abc123", False)
    assert ChecklistMark.unpack("programming.abc123.2") is None
    assert Page.of("careers", "~3") == Page("careers", 3)
    assert Page("careers", 2).action() == Action("careers", "~2")


def test_payloads_and_buttons_that_cannot_fit_fail_where_they_are_built() -> None:
    """A field with a separator or an action over 64 bytes raises when built, never in a renderer."""
    with pytest.raises(ValueError, match="separator"):
        AnswerStep("1z", "a.b").pack()
    with pytest.raises(ValueError, match="more than 64"):
        ChecklistMark("s" * 60, "abc123", True).action()
    with pytest.raises(ValueError, match="more than 64"):
        Button("big", Action("ask", "é" * 40))


def test_one_table_lists_every_command_with_its_kind() -> None:
    """Every command, with or without a slash entry, is one table entry; menus list only listed ones."""
    table = default_table()
    kinds = {spec.name: spec.kind for spec in table.commands}
    assert kinds["quiz"] == kinds["mark"] == kinds["progress"] == kinds["forgetme"] == "stateful"
    assert kinds["reload"] == "admin"
    assert kinds["salary"] == "pure"
    listed = {spec.name for spec in table}
    assert {"mark", "reload", STALE, BAD_ARGUMENT}.isdisjoint(listed)
    assert set(table.names) == set(kinds)
    help_choices = {c.value for c in table.get("help").argument.choices}  # type: ignore[union-attr]
    assert help_choices == listed
    with pytest.raises(ValueError, match="duplicate"):
        CommandTable((*table.commands, table.commands[0]))


async def test_help_reads_the_table_it_belongs_to(catalog: Catalog) -> None:
    """/help lists exactly the listed commands of the core's table, in menu order."""
    core = Core(catalog)
    reply = await core.respond(Request.command_of("help"))
    text = reply.text()
    for spec in core.table:
        assert spec.usage in text
    assert "/mark" not in text
    assert "/reload" not in text


async def test_stale_and_unknown_buttons_get_the_start_menu(catalog: Catalog) -> None:
    """An unreadable button, or one for a command that no longer exists, says so and shows /start."""
    core = Core(catalog)
    for packed in ("garbage", Action("nosuchcommand", "x").pack(), Action("reload").pack()):
        reply = await core.respond(Request.from_button(packed, **WHO))
        assert reply.title == EN.stale_button_title
        assert reply.is_error
        assert reply.buttons


async def test_a_long_question_keeps_its_share_link_and_personal_flag(catalog: Catalog) -> None:
    """A question cut to the input limit still carries the reply's share link; a stateful reply
    to a long argument stays personal; both say the message was cut."""
    core = Core(catalog, state=StateService(MemoryStore()))
    career = next(iter(catalog.careers.values()))
    short = await core.respond(Request.from_text(f"how much does a {career.name} earn", **WHO))  # type: ignore[arg-type]
    assert short.link is not None
    long = await core.respond(
        Request.from_text(f"how much does a {career.name} earn " + "really " * 300, **WHO)  # type: ignore[arg-type]
    )
    assert long.link == short.link
    es = catalog.for_language("es")  # WHO's language (the fixture's Spanish keeps these phrases English)
    cut = es.phrases.ask_truncated_counted.format(
        characters=es.plural(es.phrases.ask_characters, MAX_INPUT_CHARS)
    )
    assert long.footer == cut
    progress = await core.respond(Request.command_of("progress", "x" * 2000, **WHO))
    assert progress.personal
    assert progress.footer == cut


async def test_ask_counts_gaps_through_the_one_entry_point(catalog: Catalog) -> None:
    """An unsure question is counted wherever it comes from: a chat message, /ask, the CLI."""
    store = MemoryStore()
    core = Core(catalog, state=StateService(store))
    await core.respond(Request.from_text("zxqv wibble frobnicate", platform="console", user_id="local"))
    await core.respond(Request.command_of("ask", "zxqv wibble frobnicate"))
    gaps = await store.top_gaps(5)
    assert [(g.question, g.count) for g in gaps] == [("zxqv wibble frobnicate", 2)]


async def test_observers_see_every_request_once(catalog: Catalog) -> None:
    """Every answer, pure, stateful, unknown or stale, reaches each observer exactly once."""
    seen: list[str] = []
    core = Core(
        catalog, state=StateService(MemoryStore()), observers=[lambda r, rep, s: seen.append(r.command)]
    )
    for request in (
        Request.command_of("salary", **WHO),
        Request.command_of("quiz", **WHO),
        Request.command_of("nosuch", **WHO),
        Request.from_button("junk", **WHO),
        Request.from_text("what is deep learning", **WHO),  # type: ignore[arg-type]
    ):
        await core.respond(request)  # type: ignore[arg-type]
    assert seen == ["salary", "quiz", "nosuch", STALE, ASK]


async def test_a_failing_handler_is_answered_through_the_one_error_hook(catalog: Catalog) -> None:
    """An exception in any handler becomes an apology with a reference id; respond never raises."""

    async def broken(state: StateService, request: Request, catalog: Catalog) -> Reply:
        raise RuntimeError("boom")

    from bot.commands import CommandSpec

    table = CommandTable(
        (
            *default_table().commands,
            CommandSpec("broken", "", lambda r, c: Reply("x"), kind="stateful", stateful=broken),
        )
    )
    core = Core(catalog, table, state=StateService(MemoryStore()))
    reply = await core.respond(Request.command_of("broken", **WHO))
    assert reply.is_error
    assert reply.title == EN.apology_title
    assert reply.footer is not None
