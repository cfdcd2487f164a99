"""The command registry and every command, with forgiving arguments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.phrases import EN
from bot.replies import Action, Reply
from bot.request import Request
from tests.content import FIXTURE_CONTENT, FIXTURES
from tests.synthetic import write_synthetic
from tests.talk import answer, press_sync, reply_to

NAMES = [
    "start",
    "help",
    "about",
    "examples",
    "skills",
    "careers",
    "salary",
    "compare",
    "education",
    "experience",
    "path",
    "quiz",
    "progress",
    "ask",
    "language",
    "forgetme",
]


def test_registry_lists_every_command(core: Core) -> None:
    """The registry holds the commands the issue names, in menu order."""
    assert [c.name for c in core.table] == NAMES


def test_names_and_descriptions_fit_every_platform(core: Core) -> None:
    """Names fit Telegram and Discord rules; descriptions are 1-100 characters."""
    for spec in core.table:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", spec.name)
        assert 1 <= len(spec.description) <= 100
        if spec.argument is not None:
            assert re.fullmatch(r"[a-z0-9_]{1,32}", spec.argument.name)
            assert 1 <= len(spec.argument.description) <= 100
            assert len(spec.argument.choices) <= 25


def test_arguments_declare_choices_or_completion(core: Core) -> None:
    """help has fixed choices; careers, skills, examples, salary and path complete from content."""
    kinds = {s.name: s.argument.completes for s in core.table if s.argument is not None}
    assert kinds == {
        "help": None,
        "examples": "example",
        "skills": "skill",
        "careers": "career",
        "salary": "career",
        "path": "career",
        "compare": "career",
        "ask": None,
        "language": None,
    }
    compare = core.table.get("compare")
    assert compare is not None
    assert compare.second is not None
    assert compare.second.completes == "career"
    assert compare.usage == "/compare <first> <second>"
    help_spec = core.table.get("help")
    assert help_spec is not None
    assert help_spec.argument is not None
    assert {c.value for c in help_spec.argument.choices} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_command_answers_without_argument(core: Core, name: str) -> None:
    """Each command answers with a titled reply and valid buttons when given no argument."""
    reply = answer(core, Request.command_of(name))
    assert reply.title
    assert not reply.is_error
    for button in reply.buttons:
        assert core.table.get(button.action.command) is not None


@pytest.mark.parametrize(
    ("command", "argument", "title"),
    [
        ("careers", "LANGUAGE ENGINEER", "Language Engineer"),
        ("careers", "language enginer", "Language Engineer"),
        ("careers", "data analysts", "Data Analyst"),
        ("careers", "cv", "Vision Engineer"),
        ("salary", "mlops", EN.salary_role_title.format(name="MLOps Engineer")),
        ("salary", "Research-Scientist", EN.salary_role_title.format(name="Research Scientist")),
        ("skills", "maths", "Matrix Methods"),
        ("skills", "pytorch", "Training Toolkits"),
        ("skills", "optimsation", "Optimisation Theory"),
        ("examples", "autonomous forklift", "Warehouse Robots"),
        ("examples", "nlu", "Text Understanding"),
        ("examples", "crop monitoring", "Crop Monitoring"),
        ("path", "vision engineers", EN.path_title.format(name="Vision Engineer")),
        ("help", "salary", "/salary"),
    ],
)
def test_forgiving_arguments(core: Core, command: str, argument: str, title: str) -> None:
    """Case, aliases, plurals and typos resolve to the entity meant."""
    assert answer(core, Request.command_of(command, argument)).title == title


def test_unknown_argument_gets_did_you_mean(core: Core) -> None:
    """An unknown role is answered with suggestions, not an error string or a crash."""
    reply = answer(core, Request.command_of("careers", "data enginer"))
    assert reply.is_error
    assert reply.title == EN.did_you_mean_title.format(text="data enginer")
    assert reply.buttons
    assert all(b.action.command == "careers" for b in reply.buttons)


def test_nonsense_argument_falls_back_to_the_list(core: Core) -> None:
    """With nothing close, the reply offers what the bot knows about."""
    reply = answer(core, Request.command_of("skills", "qqqqqqqq"))
    assert reply.is_error
    assert len(reply.buttons) >= 5


def test_path_is_ordered_foundation_first(core: Core, catalog: Catalog) -> None:
    """The roadmap lists a role's skills from foundation to applied."""
    reply = answer(core, Request.command_of("path", "language engineer"))
    text = reply.text()
    stages = [catalog.skills[s].stage for s in catalog.careers["language-engineer"].skills]
    order = {"foundation": 0, "core": 1, "applied": 2}
    positions = [
        (order[catalog.skills[s].stage], text.index(catalog.skills[s].name))
        for s in catalog.careers["language-engineer"].skills
    ]
    assert sorted(positions) == sorted(positions, key=lambda p: p[1])
    assert "foundation" in stages
    assert "$93,000 to $148,000" in text


def test_career_detail_has_everything(core: Core, catalog: Catalog) -> None:
    """A career shows its work, workplaces, key skills, related examples and pay."""
    career = catalog.careers["data-analyst"]
    text = answer(core, Request.command_of("careers", "data analyst")).text()
    assert career.work in text
    for place in career.workplaces:
        assert place in text
    for skill_id in career.skills:
        assert catalog.skills[skill_id].name in text
    assert "$88,000 to $131,000" in text


def test_unknown_command(core: Core) -> None:
    """An unknown /command lists what the bot can do."""
    reply = reply_to(core, "/frobnicate now")
    assert reply is not None
    assert reply.is_error
    assert "/help" in [b.label for b in reply.buttons]


def test_command_for_another_bot_is_ignored(core: Core) -> None:
    """/cmd@OtherBot in a group is not for us; /cmd@us is."""
    assert reply_to(core, "/salary@OtherBot", bot_username="CareerBot") is None
    reply = reply_to(core, "/salary@careerbot language engineer", bot_username="CareerBot")
    assert reply is not None
    assert reply.title == EN.salary_role_title.format(name="Language Engineer")


def test_stale_button(core: Core) -> None:
    """A forged or outdated button press gets a graceful reply with the start menu."""
    for packed in ("garbage", "cb1|nosuchcommand|x", "cb0|careers|x", "x" * 200):
        reply = press_sync(core, packed)
        assert reply.title == EN.stale_button_title
        assert reply.buttons


def test_button_press_runs_its_action(core: Core) -> None:
    """Pressing a button does what its action says."""
    reply = press_sync(core, Action("salary", "language-engineer").pack())
    assert reply.title == EN.salary_role_title.format(name="Language Engineer")


def test_completion(core: Core) -> None:
    """Autocomplete suggests matches for a partial string, prefix hits first."""
    assert core.complete("careers", "da")[0].value == "data-analyst"
    assert core.complete("salary", "visin")[0].value == "vision-engineer"
    assert len(core.complete("skills", "")) == len(core.catalog.skills) == 8
    assert [c.value for c in core.complete("help", "sal")] == ["salary"]
    assert core.complete("about", "x") == []
    assert core.complete("nosuch", "x") == []


@pytest.fixture(scope="module")
def big_core(tmp_path_factory: pytest.TempPathFactory) -> Core:
    """A core serving the fixture catalog replicated 100 times (800 skills)."""
    folder = write_synthetic(Path(tmp_path_factory.mktemp("big")), 100, FIXTURE_CONTENT)
    return Core(load_catalog(folder))


def test_lists_are_paged_at_scale(big_core: Core) -> None:
    """With 800 skills, /skills shows a page with More, and More shows the next page."""
    first = answer(big_core, Request.command_of("skills"))
    assert len(first.buttons) <= 12
    more = [b for b in first.buttons if b.label == EN.btn_next]
    assert more
    assert first.footer == EN.list_page.format(page=1, pages=80)
    second = press_sync(big_core, more[0].packed)
    assert second.footer == EN.list_page.format(page=2, pages=80)
    assert any(b.label == EN.btn_previous for b in second.buttons)


def test_replica_entities_resolve_at_scale(big_core: Core) -> None:
    """Names of synthetic replicas resolve exactly, typos still resolve to the base entity."""
    assert (
        answer(big_core, Request.command_of("careers", "Language Engineer v42")).title
        == "Language Engineer v42"
    )
    assert answer(big_core, Request.command_of("careers", "language engineer")).title == "Language Engineer"


def test_replies_are_memoised_per_catalog(core: Core, catalog: Catalog) -> None:
    """A pure handler's reply is reused for the same request, and never across catalogs."""
    first = answer(core, Request.command_of("careers", "cv"))
    assert answer(core, Request.command_of("careers", "cv  ")) is first
    minimal = load_catalog(FIXTURES / "content_min")
    core.content.swap(minimal)
    other = answer(core, Request.command_of("careers", "cv"))
    assert other is not first
    assert other.is_error
    core.content.swap(catalog)
    assert answer(core, Request.command_of("careers", "cv")) == first


def test_apologies_are_not_memoised(catalog: Catalog) -> None:
    """A failing handler is retried on the next request, each failure with its own reference."""
    from bot.commands import CommandSpec, CommandTable, default_table

    calls: list[int] = []

    def flaky(request: Request, catalog: Catalog) -> Reply:
        calls.append(1)
        raise RuntimeError("boom")

    core = Core(catalog, CommandTable((*default_table().commands, CommandSpec("flaky", "Flaky", flaky))))
    first, second = answer(core, Request.command_of("flaky")), answer(core, Request.command_of("flaky"))
    assert len(calls) == 2
    assert first.footer != second.footer


def test_detail_replies_link_to_themselves(core: Core) -> None:
    """Detail views carry the action that shows them again (adapters make share links of it)."""
    for command, argument in (("careers", "cv"), ("skills", "maths"), ("examples", "nlu"), ("salary", "cv")):
        reply = answer(core, Request.command_of(command, argument))
        assert reply.link is not None
        assert reply.link.command == command
        assert press_sync(core, reply.link.pack()) == reply
    assert answer(core, Request.command_of("careers")).link is None
    assert answer(core, Request.command_of("careers", "zzzzzz")).link is None


def test_reply_cache_can_be_turned_off(catalog: Catalog) -> None:
    """With reply_cache=0 every request runs its handler (equal replies, never the same object)."""
    core = Core(catalog, reply_cache=0)
    first = answer(core, Request.command_of("careers", "cv"))
    second = answer(core, Request.command_of("careers", "cv"))
    assert first == second
    assert first is not second
