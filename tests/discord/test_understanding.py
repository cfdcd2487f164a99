"""Free-text understanding on Discord, end to end: the real discord.py client against the fake
Discord, a core with the SQLite store serving the fixture catalog.  Free text reaches the bot as a
mention in the server channel or as a DM.  Comparisons (free text, and /compare with its two
autocompleted options), follow-ups from the conversation context (per user and channel, dropped
by /forgetme), a personal situation whose checklist button is pressed, and bad input within
Discord's limits and with no mention ping.

Figures are the fixture catalog's (tests/fixtures/catalog/careers.yaml), not the shipped content's."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.phrases import EN
from bot.store import SqliteStore
from tests.content import FIXTURE_RANGES
from tests.discord.conftest import Bot
from tests.fakes.discord_api import BOT_ID, FakeDiscord, user

ALICE, BOB = user(4242, "alice"), user(4343, "bob")
MENTION = f"<@{BOT_ID}> "
RANGES = FIXTURE_RANGES
ALL_SALARIES = EN.salary_title.format(region="US")


@pytest.fixture
def core(catalog: Catalog, store: SqliteStore) -> Core:
    """A core with saved state, so conversations keep their context (the ``bot`` fixture serves it)."""
    return Core(catalog, state=StateService(store))


def text_of(message: dict[str, Any]) -> str:
    """Everything the message's embeds show, as plain lines (Markdown emphasis and escapes dropped)."""
    parts: list[str] = []
    for embed in message["embeds"]:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return re.sub(r"[*_`\\]", "", "\n".join(p for p in parts if p))


def no_pings(message: dict[str, Any]) -> bool:
    """The message was sent with mentions disabled (nobody, no role, not the replied-to user)."""
    mentions = message["allowed_mentions"]
    return mentions["parse"] == [] and not mentions.get("users") and not mentions.get("roles")


async def ask(
    fake: FakeDiscord, text: str, *, who: dict[str, Any] = ALICE, dm: bool = False
) -> list[dict[str, Any]]:
    """``who`` writes ``text`` (mentioning the bot in the server channel, or in a DM); the bot's
    messages in answer (snapshots)."""
    said = await fake.say(text if dm else MENTION + text, dm=dm, who=who)
    return copy.deepcopy(await fake.wait_replies(said))


async def slash(fake: FakeDiscord, name: str, who: dict[str, Any] = ALICE, **options: Any) -> dict[str, Any]:
    """Run ``/name`` in the server channel; the bot's answer (a snapshot)."""
    return copy.deepcopy((await fake.answered(await fake.slash(name, options or None, who=who)))[0])


async def choose(fake: FakeDiscord, message: dict[str, Any], label: str) -> dict[str, Any]:
    """Alice presses the button, or picks the select-menu option, labelled ``label``; the answer."""
    for component in (c for row in message["components"] for c in row["components"]):
        if component["type"] == 3:
            for option in component["options"]:
                if option["label"] == label:
                    record = await fake.press(message, component["custom_id"], values=[option["value"]])
                    return copy.deepcopy((await fake.answered(record))[0])
        elif component.get("label") == label:
            record = await fake.press(message, component["custom_id"])
            return copy.deepcopy((await fake.answered(record))[0])
    raise AssertionError(f"no component {label!r} in that message")


def labels(message: dict[str, Any]) -> list[str]:
    """The labels of the message's buttons and select-menu options."""
    found = []
    for component in (c for row in message["components"] for c in row["components"]):
        found += (
            [o["label"] for o in component["options"]] if component["type"] == 3 else [component["label"]]
        )
    return found


# 1. Comparisons ---------------------------------------------------------------------------------


async def test_mentioned_comparison_shows_both_roles_and_ranges(bot: Bot, pointed: FakeDiscord) -> None:
    """ "A vs B: which pays more?" in a mention is answered with both roles, both US ranges and who
    earns more, pinging nobody."""
    [reply] = await ask(pointed, "research scientist vs data analyst: which pays more?")
    text = text_of(reply)
    assert text.startswith(EN.rank_title_pair.format(region="US"))
    for name in ("Research Scientist", "Data Analyst"):
        assert f"{name}: {RANGES[name]} a year" in text
    assert "Research Scientist pays more" in text
    assert no_pings(reply)
    assert pointed.rejections == []


async def test_three_roles_named_as_one_list_are_compared_side_by_side(
    bot: Bot, pointed: FakeDiscord
) -> None:
    """ "compare vision engineer, language engineer and data analyst" in a mention is answered with
    the three roles side by side (every range, a roadmap button for each), which Discord accepts."""
    [reply] = await ask(pointed, "compare vision engineer, language engineer and data analyst please")
    text = text_of(reply)
    assert "Vision Engineer vs Language Engineer vs Data Analyst" in text
    for name in ("Vision Engineer", "Language Engineer", "Data Analyst"):
        assert RANGES[name] in text
    assert {"Roadmap: Vision Engineer", "Roadmap: Language Engineer", "Roadmap: Data Analyst"} <= set(
        labels(reply)
    )
    assert no_pings(reply)
    assert pointed.rejections == []


async def test_compare_slash_command_with_two_autocompleted_options(bot: Bot, pointed: FakeDiscord) -> None:
    """/compare's two options each autocomplete careers from the core; running it with the two
    suggested values shows both roles side by side with their ranges."""
    first = await pointed.suggested(await pointed.autocomplete("compare", "first", "resea"))
    second = await pointed.suggested(await pointed.autocomplete("compare", "second", "data an"))
    assert {"name": "Research Scientist", "value": "research-scientist"} in first
    assert {"name": "Data Analyst", "value": "data-analyst"} in second
    assert all(1 <= len(c) <= 25 for c in (first, second))
    reply = await slash(pointed, "compare", first="research-scientist", second="data-analyst")
    text = text_of(reply)
    assert text.startswith("Research Scientist vs Data Analyst")
    for name in ("Research Scientist", "Data Analyst"):
        assert f"{name}: {RANGES[name]} a year" in text
    assert {"Roadmap: Research Scientist", "Roadmap: Data Analyst"} <= set(labels(reply))
    typed = text_of(await slash(pointed, "compare", first="cv", second="mlops"))
    assert typed.startswith("Vision Engineer vs MLOps Engineer")
    assert RANGES["Vision Engineer"] in typed
    assert RANGES["MLOps Engineer"] in typed
    assert pointed.rejections == []


# 2. Follow-ups with context ---------------------------------------------------------------------


async def test_follow_ups_use_the_last_answer_and_the_last_list(bot: Bot, pointed: FakeDiscord) -> None:
    """In one channel: a question about a role then "is that well paid?" gives that role's salary;
    after /careers lists the roles, "the second one" is the list's second role (Data Analyst) and
    "is it well paid?" is then about that one.  Mentions and slash commands share the context."""
    [about] = await ask(pointed, "what does an mlops engineer do all day?")
    assert text_of(about).startswith("MLOps Engineer")
    [paid] = await ask(pointed, "is that well paid?")
    assert text_of(paid).startswith(EN.salary_role_title.format(name="MLOps Engineer"))
    assert RANGES["MLOps Engineer"] in text_of(paid)
    listed = await slash(pointed, "careers")
    assert text_of(listed).startswith(EN.list_careers_title)
    assert labels(listed)[:2] == ["Research Scientist", "Data Analyst"]
    [second] = await ask(pointed, "tell me more about the second one")
    assert text_of(second).startswith("Data Analyst")
    [again] = await ask(pointed, "is it well paid?")
    assert text_of(again).startswith(EN.salary_role_title.format(name="Data Analyst"))
    assert RANGES["Data Analyst"] in text_of(again)


async def test_a_chosen_component_makes_its_topic_the_context(bot: Bot, pointed: FakeDiscord) -> None:
    """Choosing "Language Engineer" in /careers' menu (Alice's own answer, updated in place) makes
    that role the context: "is that well paid?" then gets its salary."""
    listed = await slash(pointed, "careers")
    shown = await choose(pointed, listed, "Language Engineer")
    assert shown["id"] == listed["id"]
    assert text_of(shown).startswith("Language Engineer")
    [paid] = await ask(pointed, "is that well paid?")
    assert text_of(paid).startswith(EN.salary_role_title.format(name="Language Engineer"))
    assert RANGES["Language Engineer"] in text_of(paid)


async def test_context_is_per_user_and_channel_and_dropped_by_forgetme(
    bot: Bot, pointed: FakeDiscord
) -> None:
    """Alice's context (Vision Engineer, in the server channel) is not seen by Bob in that channel,
    nor by Alice in her DM; it still answers Alice in the channel, and after /forgetme it is gone:
    the same question then gets the general salary list."""
    assert text_of(await slash(pointed, "careers", role="vision engineer")).startswith("Vision Engineer")
    [bobs] = await ask(pointed, "is that well paid?", who=BOB)
    assert text_of(bobs).startswith(ALL_SALARIES)
    [in_dm] = await ask(pointed, "is that well paid?", dm=True)
    assert text_of(in_dm).startswith(ALL_SALARIES)
    [own] = await ask(pointed, "is that well paid?")
    assert text_of(own).startswith(EN.salary_role_title.format(name="Vision Engineer"))
    assert text_of(await slash(pointed, "forgetme")).startswith(EN.forget_title)
    [after] = await ask(pointed, "is that well paid?")
    assert text_of(after).startswith(ALL_SALARIES)


# 3. A personal situation ------------------------------------------------------------------------


async def test_personal_situation_gets_a_roadmap_and_a_button_that_ticks_the_checklist(
    bot: Bot, pointed: FakeDiscord
) -> None:
    """In a DM, a nurse who knows Python and wants to become a vision engineer gets that roadmap,
    Python Scripting as already covered and an "I have" button; pressing it updates the message
    into the checklist with Python ticked, and /progress counts it (1 of 6 skills)."""
    [reply] = await ask(
        pointed, "I'm a nurse and I know python, I want to become a vision engineer, what next?", dm=True
    )
    text = text_of(reply)
    assert text.startswith(EN.personal_title.format(goal="Vision Engineer"))
    assert "Python Scripting" in text.split(EN.personal_covered)[1].splitlines()[0]
    assert RANGES["Vision Engineer"] in text
    mark = EN.btn_i_have.format(name="Python Scripting")
    assert mark in labels(reply)
    ticked = await choose(pointed, reply, mark)
    assert ticked["id"] == reply["id"]
    assert EN.checklist_title in text_of(ticked)
    assert EN.btn_have.format(name="Python Scripting") in labels(ticked)
    [progress] = await ask(pointed, "/progress", dm=True)
    assert "Vision Engineer: 1 of 6 skills" in text_of(progress)
    assert "Python Scripting" in text_of(progress).split(EN.progress_left)[0]
    assert pointed.rejections == []


# 4. Bad input -----------------------------------------------------------------------------------

MARKUP = "**bold** __u__ `code` ||spoiler|| [a](https://example.org) <b>hi</b> @everyone @here <@123> <@&456>"


@pytest.mark.parametrize(
    ("text", "title", "must_show"),
    [
        # More than a Discord client sends (4000): the bot reads the first 1,000 and says so.
        ("how much does a vision engineer earn? " * 264, "Salary: Vision Engineer", "only read the first"),
        ("🍕🚀🤖😀🎉", EN.ask_unsure_title, ""),
        (MARKUP + " salary", ALL_SALARIES, "Research Scientist"),
        ("Привет! كم راتب language engineer? salary שלום", "Salary: Language Engineer", "$93,000"),
    ],
    ids=["10000-chars", "emoji-only", "markup", "mixed-scripts"],
)
async def test_bad_input_gets_a_clear_answer_that_pings_nobody(
    bot: Bot, pointed: FakeDiscord, text: str, title: str, must_show: str
) -> None:
    """Huge, emoji-only, markup-looking and mixed-script mentions are answered with a clear reply
    (never the apology), within Discord's limits (the fake rejects what Discord rejects) and with
    mentions disabled."""
    replies = await ask(pointed, text)
    assert text_of(replies[0]).startswith(title)
    assert must_show in "\n".join(text_of(r) for r in replies)
    assert all(no_pings(r) for r in replies)
    assert pointed.rejections == []


async def test_echoed_markdown_and_mentions_show_literally(bot: Bot, pointed: FakeDiscord) -> None:
    """A name the bot does not know is quoted back with its Markdown escaped (shown as typed), and
    the @everyone and <@id> in it ping nobody."""
    [reply] = await ask(pointed, "/careers **bold** ||x|| @everyone <@123>")
    title = reply["embeds"][0]["title"]
    assert title.startswith("I don't know '")
    assert "\\*\\*bold\\*\\* \\|\\|x\\|\\| @everyone <@123\\>" in title  # not a mention any more
    assert no_pings(reply)
    assert pointed.rejections == []
