"""Free-text understanding on the fixture catalog: the word-level rules added for fresh phrasings
(a pronoun beside what the writer already knows, the roadmap's next step, a role named as a subject of
study or with a tool, whose age "old" is, study words before a role word, and ordinary words the speller
must leave alone; modifiers sharing one role word)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.store import MemoryStore
from tests.content import FIXTURE_CONTENT
from tests.talk import meaning, say


async def test_a_pronoun_beside_what_the_writer_knows_is_about_the_last_answer(catalog: Catalog) -> None:
    """ "Why do I need them if I already know Python" after a skill is about that skill, not Python;
    "what comes after it in the roadmap" is then the next skill in roadmap order."""
    core = Core(catalog, state=StateService(MemoryStore()))
    assert meaning(await say(core, "tell me about training toolkits")) == ("skill", ("skill:toolkits",))
    follow = await say(core, "why do i need them if i already know python")
    assert meaning(follow) == ("skill", ("skill:toolkits",))
    order = [s for s in catalog.skills]
    expected = f"skill:{order[order.index('toolkits') + 1]}"
    assert meaning(await say(core, "what comes after it in the roadmap")) == ("skill", (expected,))


async def test_a_skill_named_as_a_tool_leaves_the_roles_roadmap(catalog: Catalog) -> None:
    """ "Vision engineer in Python, where do I begin" asks for the role's path; the skill is the means."""
    reply = await say(Core(catalog), "vision engineer in python, where do i even begin")
    assert meaning(reply) == ("path", ("career:vision-engineer",))


async def test_a_role_named_as_a_subject_of_study_asks_about_education(catalog: Catalog) -> None:
    """ "A language engineer minor" and "a minor in language engineering" are a study programme
    (education); "study plan" stays the path."""
    minor = await say(Core(catalog), "my uni offers a language engineer minor, is that a good route")
    assert meaning(minor) == ("education", ("topic:education",))
    before = await say(Core(catalog), "my uni offers a minor in language engineering, is that a good route")
    assert meaning(before) == ("education", ("topic:education",))
    plan = await say(Core(catalog), "the language engineer study plan")
    assert meaning(plan) == ("path", ("career:language-engineer",))


async def test_old_is_the_writers_age_only_when_said_of_the_writer(catalog: Catalog) -> None:
    """ "My 14 year old" is a child and "my old office job" a former job: neither is an education
    question; "am I too old at 45 years old" is the writer's chances."""
    child = await say(Core(catalog), "my 14 year old wants to be a vision engineer, how does he get there")
    assert child.meaning.intent != "education"
    assert child.meaning.topics == ("career:vision-engineer",)
    former = await say(
        Core(catalog),
        "at my old office job i used python, now i want to become a vision engineer, what am i missing",
    )
    assert former.meaning.intent == "personal"
    assert former.meaning.topics == ("career:vision-engineer",)
    mine = await say(Core(catalog), "am i too old at 45 years old")
    assert mine.meaning.intent == "chances"


async def test_a_study_word_before_a_role_word_names_an_unknown_role(catalog: Catalog) -> None:
    """ "Bootcamp instructors" is a role the content lacks, not a salary table question."""
    reply = await say(Core(catalog), "how much do bootcamp instructors make")
    assert reply.meaning.intent == "limit_role"


def test_plain_words_are_never_corrected(tmp_path: Path) -> None:
    """A word in ``plain_words`` stays as written instead of becoming the nearest content word."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    before = load_catalog(folder).speller.word("pathe")
    assert before == "path"  # the speller's ordinary correction, for contrast
    cues = folder / "cues.yaml"
    text = cues.read_text(encoding="utf-8")
    cues.write_text(
        text.replace("\n  ambiguous:", "\n  plain_words: [pathe]\n  ambiguous:", 1), encoding="utf-8"
    )
    assert load_catalog(folder).speller.word("pathe") == "pathe"


async def test_rankings_without_a_salary_word(catalog: Catalog) -> None:
    """Leaving roles out and asking who is on top ranks the rest by pay; "A or B, who makes bank"
    ranks the two."""
    rest = await say(Core(catalog), "leave out research scientist and data analyst. who is on top then")
    assert rest.meaning.intent == "ranking"
    assert "career:research-scientist" not in rest.meaning.topics
    pair = await say(Core(catalog), "language engineer or vision engineer, who makes bank")
    assert pair.meaning.intent == "ranking"
    assert set(pair.meaning.topics) == {"career:vision-engineer", "career:language-engineer"}


async def test_short_follow_ups_pair_with_the_last_answer(catalog: Catalog) -> None:
    """ "vs X?" after one role compares the two; "by how much" after a two-role ranking gives the
    difference; "the 2nd one how much" after a list is that role's salary."""
    core = Core(catalog, state=StateService(MemoryStore()))
    await say(core, "whats a vision engineer")
    versus = await say(core, "vs language engineer?")
    assert meaning(versus) == ("compare", ("career:vision-engineer", "career:language-engineer"))
    core = Core(catalog, state=StateService(MemoryStore()))
    await say(core, "which pays more vision engineer or language engineer")
    gap = await say(core, "by how much")
    assert gap.meaning.intent == "compare"
    assert set(gap.meaning.topics) == {"career:vision-engineer", "career:language-engineer"}
    core = Core(catalog, state=StateService(MemoryStore()))
    listed = await say(core, "list the roles")
    second = listed.meaning.listed[1]
    assert meaning(await say(core, "the 2nd one how much")) == ("salary", (second,))


async def test_a_request_to_the_bot_is_declined_even_with_content_words(catalog: Catalog) -> None:
    """ "Can you write a Python script ..." asks the bot to do a job outside its role, although Python
    is content ("you" is the bot, unlike "we install cctv", the writer's own work)."""
    request = await say(Core(catalog), "can you write a python script that scrapes linkedin")
    assert request.meaning.intent == "limit_scope"


async def test_a_task_verb_asked_of_the_bot_is_declined_unless_it_is_the_bots_job(catalog: Catalog) -> None:
    """A task verb opening the message or after "pls"/"can you" asks for a job the bot does not do,
    even about content ("pls debug my toolkits code"); "make me a roadmap for X" is the bot's job."""
    assert (await say(Core(catalog), "pls debug my python code")).meaning.intent == "limit_scope"
    assert (await say(Core(catalog), "proofread this about vision engineers")).meaning.intent == "limit_scope"
    roadmap = await say(Core(catalog), "make me a roadmap for vision engineer")
    assert meaning(roadmap) == ("path", ("career:vision-engineer",))


async def test_money_slang_and_job_titles_opening_a_message(catalog: Catalog) -> None:
    """ "$$$" is money ("which job makes the most $$$" ranks by pay); a job-shaped word opening the
    message ("bioinformatician salary?") is a role the content lacks, but not after "my" ("my optician")."""
    rich = await say(Core(catalog), "which job makes the most $$$")
    assert rich.meaning.intent == "ranking"
    assert (await say(Core(catalog), "bioinformatician salary?")).meaning.intent == "limit_role"
    optician = await say(Core(catalog), "my optician says ai reads eye scans, how")
    assert optician.meaning.intent != "limit_role"


async def test_possible_is_a_doubt_only_as_a_predicate(catalog: Catalog) -> None:
    """ "Is a switch into vision work actually possible" asks about one's chances; "the viewer circles
    possible tumours" describes a thing."""
    doubt = await say(Core(catalog), "17 years driving trucks. is a career change into ai actually possible")
    assert doubt.meaning.intent == "chances"
    thing = await say(
        Core(catalog), "the scan viewer circles possible tumours by itself, which field is that"
    )
    assert thing.meaning.intent != "chances"


async def test_the_writers_own_job_is_their_situation_not_the_question(catalog: Catalog) -> None:
    """ "Call center supervisor, want to become a vision engineer" is a personal situation (the
    everyday job word names the writer's job); "what does a restaurant owner make" asks about a role
    the content lacks."""
    own = await say(
        Core(catalog), "call center supervisor, want to become a vision engineer. only know excel"
    )
    assert own.meaning.intent == "personal"
    assert own.meaning.topics == ("career:vision-engineer",)
    asked = await say(Core(catalog), "what does a restaurant owner make")
    assert asked.meaning.intent == "limit_role"


async def test_a_role_word_picks_the_roles_to_rank_and_where_asks_for_the_role(catalog: Catalog) -> None:
    """ "Of the engineer jobs, which pays the least" ranks only the roles named "... Engineer";
    "where do research scientists work, universities or companies?" is the role's card."""
    least = await say(Core(catalog), "of the engineer jobs, which one pays the least")
    assert least.meaning.intent == "ranking"
    engineers = {f"career:{c}" for c, career in catalog.careers.items() if "Engineer" in career.name}
    assert set(least.meaning.topics) <= engineers
    where = await say(Core(catalog), "where do research scientists work, universities or companies?")
    assert meaning(where) == ("career", ("career:research-scientist",))


async def test_follow_ups_on_a_roadmap_and_a_bare_how_much(catalog: Catalog) -> None:
    """After a roadmap, "the first skill on it" is its first skill; after a role, a bare "how much?"
    is that role's salary; "ok. I want to be X, what's the path" asks for the path, not a situation."""
    core = Core(catalog, state=StateService(MemoryStore()))
    road = await say(core, "/path vision engineer")
    first = road.meaning.listed[0]
    assert first.startswith("skill:")
    assert meaning(await say(core, "what's the first skill on it")) == ("skill", (first,))
    core = Core(catalog, state=StateService(MemoryStore()))
    await say(core, "whats a language engineer")
    assert meaning(await say(core, "how much?")) == ("salary", ("career:language-engineer",))
    path = await say(Core(catalog), "ok. I want to be a vision engineer, what's the path")
    assert meaning(path) == ("path", ("career:vision-engineer",))


async def test_how_do_i_is_a_request_for_advice_outside_the_job(catalog: Catalog) -> None:
    """ "How do I rewrite it" asks for a job the bot does not do: the "I" after "how do" is no
    description of the writer's own work."""
    reply = await say(Core(catalog), "how do i rewrite it for a vision engineer job")
    assert reply.meaning.intent == "limit_scope"


async def test_a_pronoun_with_nothing_to_point_at_is_asked_back(catalog: Catalog) -> None:
    """ "Is it hard??" and "ok and the other one then" as a first message ask back which topic is
    meant (with topic buttons), not "outside my job"; "this server" and "her phone" are no such
    pronouns; after an answer, "it" is that answer's topic."""
    first = await say(Core(catalog), "is it hard??")
    assert first.meaning.intent == "clarify"
    assert first.title == catalog.phrases.ask_which_title
    assert first.buttons
    other_one = await say(Core(catalog), "ok and the other one then")  # "the other one" of nothing
    assert (other_one.meaning.intent, other_one.title) == ("clarify", catalog.phrases.ask_which_title)
    other = await say(Core(catalog), "ban @spammer123 from this server pls")
    assert other.meaning.intent != "clarify"
    core = Core(catalog, state=StateService(MemoryStore()))
    await say(core, "tell me about training toolkits")
    assert (await say(core, "is it hard??")).meaning.topics == ("skill:toolkits",)


async def test_a_generic_workplace_word_names_no_industry(tmp_path: Path) -> None:
    """ "What industries use deep learning" asks for the uses in general, not for the roles whose
    workplaces happen to be called "Industry"."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    careers = folder / "careers.yaml"
    text = careers.read_text(encoding="utf-8")
    careers.write_text(
        text.replace("      - Universities\n", "      - Universities\n      - Industry\n", 1),
        encoding="utf-8",
    )
    reply = await say(Core(load_catalog(folder)), "what industries use deep learning")
    assert reply.meaning.intent == "examples"


async def test_a_long_description_with_it_is_not_asked_back(catalog: Catalog) -> None:
    """Only a short question about "it" is asked back; a longer message that describes something of
    its own ("the app just paints in sofas and plants, how does it do that") is answered or gets
    "not sure" with the closest topics."""
    long = await say(
        Core(catalog), "clients love it when the app just paints in sofas and plants, how does it do that"
    )
    assert long.meaning.intent != "clarify"


async def test_the_grammar_words_the_rules_read_are_content(tmp_path: Path) -> None:
    """The grammar words the rules read come from the cue book, not from code: with "via" added to
    ``tool_marker`` and "o" to ``alternative`` in cues.yaml, "X via Python" names Python as the means
    (the role's roadmap) and "A o B, who makes bank" ranks the two; before, neither does."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    tool = "vision engineer via python, where do i even begin"
    pair = "language engineer o vision engineer, who makes bank"
    before = load_catalog(folder)
    assert meaning(await say(Core(before), tool)) != ("path", ("career:vision-engineer",))
    assert (await say(Core(before), pair)).meaning.intent != "ranking"
    cues = folder / "cues.yaml"
    text = cues.read_text(encoding="utf-8")
    assert "    tool_marker: [in, with, using]\n" in text
    assert "    alternative: [or]\n" in text
    text = text.replace("    tool_marker: [in, with, using]", "    tool_marker: [in, with, using, via]")
    cues.write_text(text.replace("    alternative: [or]", "    alternative: [or, o]"), encoding="utf-8")
    after = load_catalog(folder)
    assert meaning(await say(Core(after), tool)) == ("path", ("career:vision-engineer",))
    ranked = await say(Core(after), pair)
    assert meaning(ranked)[0] == "ranking"
    assert set(ranked.meaning.topics) == {"career:vision-engineer", "career:language-engineer"}


async def test_modifiers_sharing_one_role_word_name_each_role(catalog: Catalog) -> None:
    """ "Of the vision, language and mlops engineers, which earns the most" names three careers by
    one role word at the end of the list: each modifier with that word is a career's alias. A
    modifier that makes no career with it ("data and vision engineers") adds nothing."""
    ranked = await say(Core(catalog), "of the vision, language and mlops engineers, which one earns the most")
    trio = {"career:vision-engineer", "career:language-engineer", "career:mlops-engineer"}
    assert ranked.meaning.intent == "ranking"
    assert trio <= set(ranked.meaning.topics + ranked.meaning.listed)
    pair = await say(Core(catalog), "vision and language engineers, what's the difference?")
    assert meaning(pair) == ("compare", ("career:vision-engineer", "career:language-engineer"))
    one = await say(Core(catalog), "what do data and vision engineers earn")
    assert "career:language-engineer" not in one.meaning.topics
    assert one.meaning.topics[:1] == ("career:vision-engineer",)


async def test_a_comparison_word_between_two_plain_words_compares_nothing(catalog: Catalog) -> None:
    """ "I already know the mlops basics (supervised vs unsupervised, overfitting) ... I'd like to be
    a language engineer": "vs" between two words that name nothing compares nothing, so the goal
    is answered, not a comparison of the two roles named; "mlops vs language engineer" compares."""
    text = (
        "I already know the mlops basics from a class (supervised vs unsupervised, overfitting, all "
        "that). I'd like to be a language engineer. What's next for me?"
    )
    assert meaning(await say(Core(catalog), text)) == ("personal", ("career:language-engineer",))
    pair = await say(Core(catalog), "mlops engineer vs language engineer")
    assert meaning(pair) == ("compare", ("career:mlops-engineer", "career:language-engineer"))


async def test_schooling_said_as_a_time_is_no_question_about_education(catalog: Catalog) -> None:
    """ "What are matrix methods used for in deep learning? haven't touched them since school"
    asks about the skill: "since school" says when, not what schooling is needed."""
    text = "what are matrix methods used for in deep learning? haven't touched them since school"
    assert meaning(await say(Core(catalog), text)) == ("skill", ("skill:matrix-methods",))
    school = await say(Core(catalog), "what school do i need for matrix methods")
    assert school.meaning.intent == "education"
