"""Free-text understanding in the console chat, end to end: a ConsoleSession (and the `careerbot
chat` process) over a core with the SQLite store, on the fixture catalog.  Comparisons,
follow-ups from the conversation context (per user, dropped by /forgetme), a numbered button that
makes its topic the context, a personal situation whose checklist button is pressed, bad input.

Figures are the fixture catalog's (tests/fixtures/catalog/careers.yaml), not the shipped content's."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.console import ConsoleSession
from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.phrases import EN
from bot.store import SqliteStore
from tests.cli import careerbot
from tests.content import FIXTURE_RANGES

RANGES = FIXTURE_RANGES
ALL_SALARIES = EN.salary_title.format(region="US")


@pytest.fixture
def core(catalog: Catalog, store: SqliteStore) -> Core:
    """A core with saved state, so a chat keeps its context."""
    return Core(catalog, state=StateService(store))


async def said(session: ConsoleSession, text: str) -> str:
    """What the console shows in answer to ``text``."""
    shown = await session.respond(text)
    assert shown, text
    return shown


def number_of(session: ConsoleSession, label: str) -> str:
    """The number to type to press the button labelled ``label``."""
    assert session.last is not None
    for i, button in enumerate(session.last.buttons, 1):
        if button.label == label:
            return str(i)
    raise AssertionError(f"no button {label!r} in {[b.label for b in session.last.buttons]}")


async def test_comparisons_show_both_roles_and_ranges(core: Core) -> None:
    """ "A vs B: which pays more?" and /compare cv mlops both show the two roles with their ranges."""
    chat = ConsoleSession(core)
    ranked = await said(chat, "research scientist vs data analyst: which pays more?")
    assert ranked.startswith(EN.rank_title_pair.format(region="US"))
    assert RANGES["Research Scientist"] in ranked
    assert RANGES["Data Analyst"] in ranked
    side = await said(chat, "/compare cv mlops")
    assert side.startswith("Vision Engineer vs MLOps Engineer")
    assert RANGES["Vision Engineer"] in side
    assert RANGES["MLOps Engineer"] in side


async def test_follow_ups_and_a_pressed_number_set_the_context(core: Core) -> None:
    """/careers <role> then "is that well paid?" gives that role's salary; after the list, "the
    second one" is Data Analyst; typing the number of a list button makes that role the context."""
    chat = ConsoleSession(core)
    await said(chat, "/careers mlops engineer")
    assert (await said(chat, "is that well paid?")).startswith("Salary: MLOps Engineer")
    await said(chat, "/careers")
    assert (await said(chat, "tell me more about the second one")).startswith("Data Analyst")
    await said(chat, "/careers")
    assert (await said(chat, number_of(chat, "Language Engineer"))).startswith("Language Engineer")
    paid = await said(chat, "is that well paid?")
    assert paid.startswith("Salary: Language Engineer")
    assert RANGES["Language Engineer"] in paid


async def test_context_is_per_user_and_dropped_by_forgetme(core: Core) -> None:
    """Ann's context is not Bob's; /forgetme deletes Ann's, so her next "is that well paid?" gets
    the general salary list."""
    ann, bob = ConsoleSession(core, "ann"), ConsoleSession(core, "bob")
    await said(ann, "/careers vision engineer")
    assert (await said(bob, "is that well paid?")).startswith(ALL_SALARIES)
    assert (await said(ann, "is that well paid?")).startswith("Salary: Vision Engineer")
    assert (await said(ann, "/forgetme")).startswith(EN.forget_title)
    assert (await said(ann, "is that well paid?")).startswith(ALL_SALARIES)


async def test_personal_situation_and_its_checklist_button(core: Core) -> None:
    """A nurse who codes a little in Python and wants to become a vision engineer gets that
    roadmap with Python Scripting covered; typing the "I have" button's number ticks it, and
    /progress counts it."""
    chat = ConsoleSession(core)
    shown = await said(
        chat, "I'm a nurse, I code a little in Python and I'd like to become a vision engineer, what next?"
    )
    assert shown.startswith(EN.personal_title.format(goal="Vision Engineer"))
    assert f"{EN.personal_covered}: Python Scripting" in shown
    ticked = await said(chat, number_of(chat, EN.btn_i_have.format(name="Python Scripting")))
    assert EN.checklist_title in ticked
    assert EN.btn_have.format(name="Python Scripting") in ticked
    progress = await said(chat, "/progress")
    assert "Vision Engineer: 1 of 6 skills" in progress


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("how much does a vision engineer earn? " * 264, "Salary: Vision Engineer"),
        ("🍕🚀🤖😀🎉", EN.ask_unsure_title),
        ("<b>hi</b> **salary** `x` @everyone &amp;", ALL_SALARIES),
        ("Привет! كم راتب language engineer? salary שלום", "Salary: Language Engineer"),
    ],
    ids=["10000-chars", "emoji-only", "markup", "mixed-scripts"],
)
async def test_bad_input_gets_a_clear_answer(core: Core, text: str, title: str) -> None:
    """Huge, emoji-only, markup-looking and mixed-script lines are answered, never with the apology."""
    shown = await said(ConsoleSession(core), text)
    assert shown.startswith(title)


def test_chat_process_keeps_the_context_between_lines(tmp_path: Path) -> None:
    """`careerbot chat` as a process: a follow-up line is answered from the line before it."""
    ran = careerbot(tmp_path, "chat", stdin="/careers data analyst\nis that well paid?\n/quit\n")
    assert ran.returncode == 0, ran.stderr
    title = "Salary: Data Analyst"
    assert f"{title}\n{'=' * len(title)}\n" in ran.stdout  # an answer's title, not a button label
    assert f"{ALL_SALARIES}\n===" not in ran.stdout
