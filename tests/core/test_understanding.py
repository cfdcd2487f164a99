"""Free-text understanding on the fixture catalog: comparisons, rankings, follow-ups, personal
situations, honest limits, and the cue words as validated content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.errors import ContentError
from bot.flows.service import StateService
from bot.phrases import EN
from bot.replies import Reply
from bot.request import Request
from bot.store import MemoryStore
from bot.understanding.personal import career_for
from tests.content import FIXTURE_CONTENT


@pytest.fixture
def chat(catalog: Catalog) -> tuple[Core, MemoryStore]:
    """A core with an in-memory store, so a conversation keeps its context."""
    store = MemoryStore()
    return Core(catalog, state=StateService(store)), store


async def say(core: Core, text: str, user: str = "7") -> Reply:
    request = Request.from_text(text, platform="telegram", user_id=user, conversation="-100")
    assert request is not None
    return await core.respond(request)


async def test_two_roles_side_by_side(catalog: Catalog) -> None:
    """ "A vs B" compares two roles: work, shared skills, both ranges and the difference."""
    reply = await say(Core(catalog), "language engineer vs vision engineer, which suits me?")
    assert reply.meaning.intent == "compare"
    assert set(reply.meaning.topics) == {"career:language-engineer", "career:vision-engineer"}
    text = reply.text()
    assert "$93,000 to $148,000" in text
    assert "$111,000 to $155,000" in text
    assert EN.compare_shared in text


async def test_rankings_with_exclusions_and_pairs(catalog: Catalog) -> None:
    """Highest, lowest, "apart from", and "which pays more, A or B" are rankings by the range."""
    core = Core(catalog)
    top = await say(core, "which role pays the most?")
    assert top.meaning.intent == "ranking"
    assert top.meaning.topics[0] == "career:mlops-engineer"
    low = await say(core, "what is the lowest paid role")
    assert low.meaning.topics[0] == "career:data-analyst"
    without = await say(core, "best paid job apart from mlops engineer?")
    assert without.meaning.topics[0] == "career:autonomy-systems-integrator"  # 158,000 at the top
    pair = await say(core, "who earns more, data analyst or language engineer")
    assert pair.meaning.intent == "ranking"
    assert set(pair.meaning.topics) == {"career:data-analyst", "career:language-engineer"}


async def test_a_place_in_the_pay_order(catalog: Catalog) -> None:
    """ "The second best paid" is the role at that place (by the top of the range), not the first."""
    core = Core(catalog)
    second = await say(core, "what is the second best paid role?")
    assert second.meaning.intent == "ranking"
    assert second.meaning.topics == ("career:autonomy-systems-integrator",)
    assert (
        "Number 2 from the top: Autonomous Drone and Robot Systems Integration Engineer, $102,000 to $158,000"
        in second.text()
    )
    low = await say(core, "2nd lowest paying job")
    assert low.meaning.topics == ("career:language-engineer",)


async def test_harder_than_both_ends_and_deep_learning_beside_a_skill(catalog: Catalog) -> None:
    """ "Is A harder than B" compares; "the best and the worst paid" is the whole order, highest
    first; "deep learning vs <a skill>" puts the about text beside that skill."""
    core = Core(catalog)
    harder = await say(core, "is language engineer harder than vision engineer?")
    assert harder.meaning.intent == "compare"
    assert set(harder.meaning.topics) == {"career:language-engineer", "career:vision-engineer"}
    ends = await say(core, "who is paid the most and who the least?")
    assert ends.meaning.intent == "ranking"
    assert ends.meaning.topics[0] == "career:mlops-engineer"
    assert ends.meaning.topics[-1] == "career:data-analyst"
    beside = await say(core, "deep learning vs network architectures")
    assert beside.meaning.intent == "compare"
    assert beside.meaning.topics == ("topic:about", "skill:network-architectures")


async def test_follow_ups_use_the_conversation_context(chat: tuple[Core, MemoryStore]) -> None:
    """Pronouns, ellipsis and ordinals resolve against the last answer and the last list."""
    core, _ = chat
    await say(core, "/careers vision engineer")
    paid = await say(core, "is that well paid?")
    assert (paid.meaning.intent, paid.meaning.topics) == ("salary", ("career:vision-engineer",))
    other = await say(core, "and language engineer?")
    assert (other.meaning.intent, other.meaning.topics) == ("salary", ("career:language-engineer",))
    listed = await say(core, "/careers")
    second = await say(core, "tell me more about the second one")
    assert second.meaning.topics == (listed.meaning.listed[1],)


async def test_follow_ups_need_a_reason_to_lean_on_the_context(chat: tuple[Core, MemoryStore]) -> None:
    """A greeting or gibberish after an answer is not a follow-up; "tell me more" after a salary
    list is about the item picked, not a pay ranking."""
    core, _ = chat
    await say(core, "/careers data analyst")
    for text in ("hello", "asdfgh", "🍕🍕"):
        assert (await say(core, text)).meaning.intent == "unsure", text
    table = await say(core, "/salary")
    more = await say(core, "tell me more about the second one")
    assert more.meaning.intent != "ranking"
    assert more.meaning.topics == (table.meaning.listed[1],)


async def test_picks_and_steps_in_the_last_list(chat: tuple[Core, MemoryStore]) -> None:
    """ "number 3" picks from the last list, "the one before it" steps back, and a comparison's
    pair is a list of two ("go deeper on the first one", "and the other one")."""
    core, _ = chat
    listed = (await say(core, "/careers")).meaning.listed
    assert (await say(core, "number 3 pls")).meaning.topics == (listed[2],)
    assert (await say(core, "and the one before it?")).meaning.topics == (listed[1],)
    await say(core, "compare vision engineer and language engineer")
    assert (await say(core, "go deeper on the first one")).meaning.topics == ("career:vision-engineer",)
    assert (await say(core, "ok and the other one")).meaning.topics == ("career:language-engineer",)


async def test_a_follow_up_comparison_pairs_the_last_topic(chat: tuple[Core, MemoryStore]) -> None:
    """ "How is that different from B?" compares the last answer's topic with B."""
    core, _ = chat
    await say(core, "/careers vision engineer")
    reply = await say(core, "and how is that different from a language engineer?")
    assert reply.meaning.intent == "compare"
    assert reply.meaning.topics == ("career:vision-engineer", "career:language-engineer")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what is the boiling point of water at sea level", "limit_scope"),
        ("how many calories in a banana?", "limit_scope"),
        ("what kind of jobs use deep learning", "careers"),
        ("will companies even consider me without a degree?", "chances"),
        ("how do i become a bioinformatician", "limit_role"),
        ("how much does a quant make", "limit_role"),
        ("how much would a junior make", "salary"),
        ("who won the football game last night?", "limit_scope"),
        ("my football club bought warehouse robots, how do they work?", "example"),
        (
            "I make phone apps for a living and I'd like to become a vision engineer. what do I learn first?",
            "personal",
        ),
    ],
)
async def test_fresh_phrasings(catalog: Catalog, text: str, intent: str) -> None:
    """Phrasings from the tuning parts' categories, on the fixture catalog: a real sentence about
    nothing the content holds is declined; the list asked for first wins; doubt without a goal is
    about chances; a job-title-shaped word is an unknown role; "I make X" tells a situation."""
    reply = await say(Core(catalog), text)
    assert reply.meaning.intent == intent


async def test_context_is_per_user_and_forgotten(chat: tuple[Core, MemoryStore]) -> None:
    """The context holds topic ids only, per user and conversation, and /forgetme deletes it."""
    core, store = chat
    await say(core, "/careers vision engineer")
    await core.flush()  # the context is written behind the reply
    stored = await store.load_context("telegram:7", "-100")
    assert stored is not None
    assert all(":" in t for t in stored.topics)
    other = await say(core, "is that well paid?", user="8")
    assert other.meaning.topics == ()
    await say(core, "/forgetme")
    assert await store.load_context("telegram:7", "-100") is None


async def test_a_personal_situation_gets_a_roadmap_with_covered_skills(catalog: Catalog) -> None:
    """Goal and background: the roadmap for the goal, the skills the person has shown as covered,
    with a button to tick them in the checklist."""
    reply = await say(
        Core(catalog),
        "im a backend dev, 5 yrs of python every day, and i want to become a language engineer. what next",
    )
    assert reply.meaning.intent == "personal"
    assert "career:language-engineer" in reply.meaning.topics
    marks = [b for b in reply.buttons if b.action.command == "mark"]
    assert marks
    assert any(catalog.skills["python-scripting"].name in b.label for b in marks)


async def test_skills_said_in_the_third_person_count_as_covered(catalog: Catalog) -> None:
    """ "A nurse who codes a little in Python and would like to ..." has Python; "I'd like to learn
    SQL" does not have SQL."""
    text = "I'm a nurse who codes a little in Python and I'd like to become a vision engineer, what next?"
    reply = await say(Core(catalog), text)
    assert reply.meaning.intent == "personal"
    assert "career:vision-engineer" in reply.meaning.topics
    marks = [b.label for b in reply.buttons if b.action.command == "mark"]
    assert any(catalog.skills["python-scripting"].name in label for label in marks)
    wants = await say(Core(catalog), "I'm a teacher and I'd like to learn python to become a vision engineer")
    assert not [b for b in wants.buttons if b.action.command == "mark"]


def test_an_application_leads_to_its_most_specialised_role(catalog: Catalog) -> None:
    """With the same skills covered, the role linked to fewer applications wins the tie (the
    Autonomous Drone... Integrator for warehouse robots, not the Vision Engineer listed first)."""
    role = career_for(catalog, "example:warehouse-robots", frozenset({"python-scripting"}))
    assert role is not None
    assert role.id == "autonomy-systems-integrator"
    skilled = career_for(
        catalog, "example:warehouse-robots", frozenset({"data-wrangling", "python-scripting"})
    )
    assert skilled is not None
    assert skilled.id == "vision-engineer"  # it needs the data wrangling the person has


async def test_a_situation_told_without_i(catalog: Catalog) -> None:
    """ "Accountant for 8 years, ..." is about the writer even without "I am"."""
    text = "accountant for 8 years, thinking about moving into language engineering. what's my path"
    reply = await say(Core(catalog), text)
    assert reply.meaning.intent == "personal"
    assert "career:language-engineer" in reply.meaning.topics


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how much does a <i>prompt</i> engineer make", "limit_role"),
        ("how much does a language engineer earn in germany?", "limit_region"),
        ("how much does a prompt engineer make", "limit_role"),
        ("write my cover letter please", "limit_scope"),
        ("whats the weather tomorrow", "limit_scope"),
        ("tell me about cv", "clarify"),
        ("am i too old for this at 50?", "chances"),
    ],
)
async def test_honest_limits(catalog: Catalog, text: str, intent: str) -> None:
    """What the content does not hold is said plainly; never another role's salary under a new name."""
    reply = await say(Core(catalog), text)
    assert reply.meaning.intent == intent
    if intent == "limit_role":
        assert "$" not in reply.text()
    if intent == "clarify":
        assert len(reply.buttons) == 2


async def test_region_answers_say_only_us_figures(catalog: Catalog) -> None:
    """A salary elsewhere shows the US range under a title that says only US figures are known."""
    reply = await say(Core(catalog), "language engineer salary in india, in rupees")
    assert reply.title == EN.limit_region_title
    assert "$93,000 to $148,000" in reply.text()


@pytest.mark.parametrize("text", ["x" * 10_000, "🍕" * 50, "<b>hi</b> **salary**", "שלום привет salary"])
async def test_bad_input_gets_a_clear_answer(catalog: Catalog, text: str) -> None:
    """Huge, emoji-only, markup-looking and mixed-script messages are answered, never a crash."""
    reply = await say(Core(catalog), text)
    assert reply.title
    assert not reply.title.startswith(EN.apology_title)


async def test_compare_command_splits_two_names(catalog: Catalog) -> None:
    """/compare takes two names, typed together or joined by an adapter with " vs "."""
    core = Core(catalog)
    for argument in ("language engineer vision engineer", "language engineer vs vision engineer"):
        reply = await core.respond(Request.command_of("compare", argument))
        assert reply.meaning.intent == "compare", argument
    bad = await core.respond(Request.command_of("compare", "zzz"))
    assert bad.title == EN.compare_need_two


def test_cue_errors_name_file_line_and_key(tmp_path: Path) -> None:
    """A cue pointing at an unknown entity, or a duplicate cue, is reported with file, line and key path."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    path = folder / "cues.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    skill:gpu-clusters: [aws,", "    skill:no-such-skill: [aws,")
    text = text.replace("    more: [more,", "    more: [more, more,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    problems = [str(p) for p in caught.value.problems]
    assert any(
        "cues.yaml:" in p and "cues.topics.skill:no-such-skill" in p and "unknown skill" in p
        for p in problems
    )
    assert any("cues.intents.more[1]" in p and "duplicate cue" in p for p in problems)


def test_a_synonym_of_more_than_two_words_is_an_error(tmp_path: Path) -> None:
    """Synonyms replace one or two words, so a longer key would never apply: it is reported with
    file, line and key path instead of being silently ignored."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    path = folder / "cues.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  synonyms:\n", "  synonyms:\n    wear do i: where do i\n", 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    line = text.splitlines().index("    wear do i: where do i") + 1
    problems = [str(p) for p in caught.value.problems]
    assert any(f"cues.yaml:{line}:" in p and "wear do i" in p and "one or two words" in p for p in problems)


@pytest.mark.parametrize(
    "text",
    ["vision engineer 的工资是多少？", "ما هو راتب vision engineer", "vision engineer の給料は？"],
)
async def test_a_salary_word_in_another_script_around_a_role_name(catalog: Catalog, text: str) -> None:
    """Chinese and Japanese words are split into characters, so a salary word in another script
    around an English role name is still a salary question about that role."""
    reply = await say(Core(catalog), text)
    assert (reply.meaning.intent, reply.meaning.topics) == ("salary", ("career:vision-engineer",))
