"""Free-text understanding on the fixture catalog: a place named beside the US figures asked for,
a place in a sentence that asks nothing of the content, and request words said of something else."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.core import Core
from tests.talk import meaning, say


async def test_a_writer_abroad_asking_for_the_us_figures_gets_them(catalog: Catalog) -> None:
    """ "Hi from Toronto. Which pays better in your numbers, A or B?" asks for the US figures the bot
    holds (a ranking), while "which pays better in Toronto, A or B?" still hears the honest limit."""
    two = "a research scientist or a data analyst?"
    listed = await say(Core(catalog), f"hi from toronto. which pays better in your numbers, {two}")
    assert listed.meaning.intent in {"ranking", "compare"}
    assert set(listed.meaning.topics) == {"career:research-scientist", "career:data-analyst"}
    there = await say(Core(catalog), f"which pays better in toronto, {two}")
    assert there.meaning.intent == "limit_region"


async def test_a_place_in_a_sentence_about_nothing_the_content_holds_is_outside_the_job(
    catalog: Catalog,
) -> None:
    """ "Which train goes from Paris to Berlin" and "can you recommend a good hotel in Tokyo" name
    places but ask nothing about pay or work: outside the bot's job (said plainly), not "I'm not sure
    what you're asking"; "what do people earn in Canada" is still the honest limit on salaries."""
    for text in ("which train goes from paris to berlin", "can you recommend a good hotel in tokyo"):
        assert (await say(Core(catalog), text)).meaning.intent == "limit_scope", text
    pay = await say(Core(catalog), "what do people earn in canada")
    assert pay.meaning.intent == "limit_region"


async def test_words_of_requests_said_of_something_else_leave_the_question(catalog: Catalog) -> None:
    """A request word that is no request does not turn the question away: "grade 10 here" is a
    school year (not "grade my essay"), "need 5 for my essay" says what the answer is for, "is my
    gaming pc enough" is about the writer's own machine, and a job named in "not for any one job"
    is not a question about jobs."""
    grade = await say(Core(catalog), "grade 10 here, matrix methods look scary. are they actually needed")
    assert (grade.meaning.intent, grade.meaning.topics) == ("skill", ("skill:matrix-methods",))
    essay = await say(Core(catalog), "applications of deep learning?? need like 5 for my essay")
    assert essay.meaning.intent == "examples"
    school = "give me real world applications of deep learning for my school presentation tomorrow"
    assert (await say(Core(catalog), school)).meaning.intent == "examples"  # not education
    machine = await say(Core(catalog), "do i really need gpu clusters or is my gaming pc enough")
    assert machine.meaning.topics == ("skill:gpu-clusters",)
    general = "general question, not for any one job: what skills does a person need to do deep learning?"
    assert (await say(Core(catalog), general)).meaning.intent == "skills"


async def test_the_industry_asked_about_wins_over_an_application_in_the_story(catalog: Catalog) -> None:
    """ "My mum sells plants at a market. where is deep learning used in banking?": the industry of
    the sentence that asks (banking), not the application the story before it mentions (plants)."""
    story = "my mum sells plants at a market. where is deep learning used in banking?"
    assert (await say(Core(catalog), story)).meaning.intent == "domain"
    assert (await say(Core(catalog), story)).meaning.topics[0] == "example:fraud-detection"
    # "a factory floor making shelves": making something the content names, no role's pay
    floor = "my dad works on a factory floor making shelves. where is deep learning used in banking?"
    assert (await say(Core(catalog), floor)).meaning.intent == "domain"


async def test_any_use_of_deep_learning_asks_where_it_is_used(catalog: Catalog) -> None:
    """ "Any use of deep learning in publishing? i am a court interpreter, 12 years" asks where deep
    learning is used (the industry's application), not what the writer's years are worth."""
    text = "any use of deep learning in publishing? i am a court interpreter, 12 years"
    assert meaning(await say(Core(catalog), text)) == ("domain", ("example:text-understanding",))


async def test_a_place_the_writer_comes_from_is_no_place_asked_about(catalog: Catalog) -> None:
    """ "I am from Brazil ... which pays more, data analyst or vision engineer?" compares the two in
    the figures the content has; "I am from Brazil, which pays more here, ..." and "I'm in Germany.
    How much do data analysts make?" ask about the place, said plainly."""
    pair = await say(
        Core(catalog), "hello, i am from brazil. which one pays more, data analyst or vision engineer?"
    )
    assert pair.meaning.intent == "ranking"
    here = await say(Core(catalog), "i am from brazil, which pays more here, data analyst or vision eng?")
    assert here.meaning.intent == "limit_region"
    germany = await say(Core(catalog), "I'm in Germany. How much do data analysts make?")
    assert germany.meaning.intent == "limit_region"
