"""Free-text understanding on Telegram, end to end: the real PTB Application polling the fake Bot
API, a core with the SQLite store serving the fixture catalog.  Comparisons (free text and
/compare), follow-ups from the conversation context (per user and chat, dropped by /forgetme), a
personal situation whose checklist button is pressed, and bad input within Telegram's limits.

Figures are the fixture catalog's (tests/fixtures/catalog/careers.yaml), not the shipped content's."""

from __future__ import annotations

from typing import Any

import pytest

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.phrases import EN
from bot.store import SqliteStore
from tests.content import FIXTURE_RANGES
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import BOT_USERNAME
from tests.telegram.conftest import Bot, say

ANN, BOB = 1001, 1002
GROUP = -100321
RANGES = FIXTURE_RANGES
ALL_SALARIES = EN.salary_title.format(region="US")


@pytest.fixture
def core(catalog: Catalog, store: SqliteStore) -> Core:
    """A core with saved state, so conversations keep their context (the ``bot`` fixture serves it)."""
    return Core(catalog, state=StateService(store))


async def ask(fake: FakeTelegram, text: str, chat: int = ANN, **kwargs: Any) -> dict[str, Any]:
    """A user writes ``text`` in ``chat``; the bot's first message in answer."""
    return (await say(fake, text, chat, **kwargs))[0]


def labels(fake: FakeTelegram, chat: int, message_id: int) -> list[str]:
    """The button labels of a message as the chat shows it now."""
    rows = fake.messages[(chat, message_id)].get("reply_markup", {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


async def tap(fake: FakeTelegram, chat: int, message_id: int, label: str) -> dict[str, Any]:
    """Press the button labelled ``label``; wait until the query is answered and the bot sent or
    edited a message; return that message."""
    before = len(fake.sent)
    query = fake.press(chat, message_id, label=label)["callback_query"]["id"]
    await fake.wait_for(lambda: fake.callback_queries[query] and len(fake.sent) > before)
    return fake.sent[-1]


def all_accepted(fake: FakeTelegram) -> bool:
    """Telegram accepted every call the bot made (no 400 for bad HTML or a text over 4096)."""
    return not [c for c in fake.calls if c.get("status", 200) != 200]


# 1. Comparisons ---------------------------------------------------------------------------------


async def test_free_text_comparison_shows_both_roles_and_ranges(bot: Bot, fake: FakeTelegram) -> None:
    """ "A vs B: which pays more?" is answered with both roles, both US ranges and who earns more."""
    sent = await ask(fake, "research scientist vs data analyst: which pays more?")
    text = sent["text"]
    assert text.startswith(EN.rank_title_pair.format(region="US"))
    for name in ("Research Scientist", "Data Analyst"):
        assert f"{name}: {RANGES[name]} a year" in text
    assert "Research Scientist pays more" in text
    assert sent["parse_mode"] == "HTML"
    assert all_accepted(fake)


async def test_compare_command_with_aliases_puts_two_roles_side_by_side(bot: Bot, fake: FakeTelegram) -> None:
    """/compare cv mlops resolves both aliases and shows the two roles side by side with their
    ranges and roadmap buttons; /compare with one name says what to type, with role buttons."""
    sent = await ask(fake, "/compare cv mlops")
    text = sent["text"]
    assert text.startswith("Vision Engineer vs MLOps Engineer")
    assert f"Vision Engineer: {RANGES['Vision Engineer']} a year" in text
    assert f"MLOps Engineer: {RANGES['MLOps Engineer']} a year" in text
    assert {"Roadmap: Vision Engineer", "Roadmap: MLOps Engineer"} <= set(
        labels(fake, ANN, sent["message_id"])
    )
    one = await ask(fake, "/compare cv")
    assert one["text"].startswith(EN.compare_need_two)
    assert "Data Analyst" in labels(fake, ANN, one["message_id"])
    assert all_accepted(fake)


async def test_three_roles_named_as_one_list_are_compared_side_by_side(bot: Bot, fake: FakeTelegram) -> None:
    """ "compare vision engineer, language engineer and data analyst" is answered with the three
    roles side by side (every range, a roadmap button for each), which Telegram accepts."""
    sent = await ask(fake, "compare vision engineer, language engineer and data analyst please")
    text = sent["text"]
    assert text.startswith("Vision Engineer vs Language Engineer vs Data Analyst")
    for name in ("Vision Engineer", "Language Engineer", "Data Analyst"):
        assert f"{name}: {RANGES[name]} a year" in text
    assert {"Roadmap: Vision Engineer", "Roadmap: Language Engineer", "Roadmap: Data Analyst"} <= set(
        labels(fake, ANN, sent["message_id"])
    )
    assert all_accepted(fake)


# 2. Follow-ups with context ---------------------------------------------------------------------


async def test_follow_ups_use_the_last_answer_and_the_last_list(bot: Bot, fake: FakeTelegram) -> None:
    """In one chat: /careers <role> then "is that well paid?" gives that role's salary; after the
    list of careers, "the second one" is the list's second role (Data Analyst), and "is it well
    paid?" is then about that one."""
    assert (await ask(fake, "/careers mlops engineer"))["text"].startswith("MLOps Engineer")
    paid = (await ask(fake, "is that well paid?"))["text"]
    assert paid.startswith(EN.salary_role_title.format(name="MLOps Engineer"))
    assert RANGES["MLOps Engineer"] in paid
    listed = (await ask(fake, "/careers"))["text"]
    assert listed.startswith(EN.list_careers_title)
    assert listed.index("Research Scientist") < listed.index("Data Analyst") < listed.index("MLOps")
    second = (await ask(fake, "tell me more about the second one"))["text"]
    assert second.startswith("Data Analyst")
    again = (await ask(fake, "is it well paid?"))["text"]
    assert again.startswith(EN.salary_role_title.format(name="Data Analyst"))
    assert RANGES["Data Analyst"] in again


async def test_a_pressed_button_makes_its_topic_the_context(bot: Bot, fake: FakeTelegram) -> None:
    """Pressing "Language Engineer" on the careers list (the message is edited in place) makes
    that role the context: "is that well paid?" then gets its salary."""
    menu = await ask(fake, "/careers")
    shown = await tap(fake, ANN, menu["message_id"], "Language Engineer")
    assert (shown["method"], shown["message_id"]) == ("editMessageText", menu["message_id"])
    assert shown["text"].startswith("Language Engineer")
    paid = (await ask(fake, "is that well paid?"))["text"]
    assert paid.startswith(EN.salary_role_title.format(name="Language Engineer"))
    assert RANGES["Language Engineer"] in paid


async def test_context_is_per_user_and_chat_and_dropped_by_forgetme(bot: Bot, fake: FakeTelegram) -> None:
    """Ann's context (Vision Engineer, in her private chat) is not seen by Bob in his chat, nor by
    Ann herself in a group; it still answers Ann's own chat, and after /forgetme it is gone: the
    same question then gets the general salary list."""
    await ask(fake, "/careers vision engineer")
    bobs = (await ask(fake, "is that well paid?", BOB))["text"]
    assert bobs.startswith(ALL_SALARIES)
    in_group = await ask(
        fake, f"@{BOT_USERNAME} is that well paid?", GROUP, chat_type="supergroup", user_id=ANN
    )
    assert in_group["text"].startswith(ALL_SALARIES)
    own = (await ask(fake, "is that well paid?"))["text"]
    assert own.startswith(EN.salary_role_title.format(name="Vision Engineer"))
    assert (await ask(fake, "/forgetme"))["text"].startswith(EN.forget_title)
    after = (await ask(fake, "is that well paid?"))["text"]
    assert after.startswith(ALL_SALARIES)


# 3. A personal situation ------------------------------------------------------------------------


async def test_personal_situation_gets_a_roadmap_and_a_button_that_ticks_the_checklist(
    bot: Bot, fake: FakeTelegram
) -> None:
    """A nurse who codes a little in Python and wants to work on crop monitoring gets the roadmap
    for the role behind it (Data Analyst), Python Scripting as already covered and an "I have"
    button; pressing it edits the message into the checklist with Python ticked, and /progress
    counts it (1 of Data Analyst's 4 skills)."""
    sent = await ask(
        fake, "I'm a nurse, I code a little in Python and I'd like to work on crop monitoring, what next?"
    )
    text = sent["text"]
    assert text.startswith(EN.personal_title.format(goal="Crop Monitoring"))
    assert "Data Analyst" in text
    assert f"{EN.personal_covered}: Python Scripting" in text
    mark = EN.btn_i_have.format(name="Python Scripting")
    assert mark in labels(fake, ANN, sent["message_id"])
    ticked = await tap(fake, ANN, sent["message_id"], mark)
    assert (ticked["method"], ticked["message_id"]) == ("editMessageText", sent["message_id"])
    assert EN.checklist_title in ticked["text"]
    assert EN.btn_have.format(name="Python Scripting") in labels(fake, ANN, sent["message_id"])
    progress = (await ask(fake, "/progress"))["text"]
    assert "Data Analyst: 1 of 4 skills" in progress
    assert "Python Scripting" in progress.split(EN.progress_left)[0]
    assert all_accepted(fake)


# 4. Bad input -----------------------------------------------------------------------------------

MARKUP = "<b>hi</b> <script>alert(1)</script> **salary** _x_ `code` [a](tg://user?id=1) @everyone &amp; &"


@pytest.mark.parametrize(
    ("text", "title", "must_show"),
    [
        # More than a Telegram client sends (4096): the bot reads the first 1,000 and says so.
        ("how much does a vision engineer earn? " * 264, "Salary: Vision Engineer", "only read the first"),
        ("🍕🚀🤖😀🎉", EN.ask_unsure_title, ""),
        (MARKUP, ALL_SALARIES, "Research Scientist"),
        ("Привет! كم راتب language engineer? salary שלום", "Salary: Language Engineer", "$93,000"),
    ],
    ids=["10000-chars", "emoji-only", "markup", "mixed-scripts"],
)
async def test_bad_input_gets_a_clear_answer_in_valid_html(
    bot: Bot, fake: FakeTelegram, text: str, title: str, must_show: str
) -> None:
    """Huge, emoji-only, markup-looking and mixed-script messages are answered with a clear reply
    (never the apology), as HTML Telegram accepts and within its 4096 characters."""
    sent = await say(fake, text)
    assert sent[0]["text"].startswith(title)
    assert must_show in "\n".join(s["text"] for s in sent)
    assert all(s["parse_mode"] == "HTML" for s in sent)
    assert all_accepted(fake)


async def test_echoed_markup_shows_literally(bot: Bot, fake: FakeTelegram) -> None:
    """A name the bot does not know is quoted back escaped: Telegram shows the tags, the ampersand
    and @everyone as typed, and the bot's own markup is the only markup in the message."""
    sent = await ask(fake, "/careers <b>bold</b> & <i>x @everyone")
    assert sent["text"].startswith(EN.did_you_mean_title.format(text="<b>bold</b> & <i>x @everyone"))
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x @everyone" in sent["html"]
    assert all_accepted(fake)
