"""Free-text understanding on the fixture catalog: requests outside the bot's job told apart from
the same words said otherwise (a match result beside "vs", what to put on a résumé, a request
phrase holding a word of the bot's own work, a task asked beside a doubt, a sum against a range)."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.core import Core
from tests.talk import meaning, say


async def test_a_subject_outside_the_job_beside_a_comparison_word_is_declined(catalog: Catalog) -> None:
    """ "Who won Ahly vs Zamalek yesterday" asks about a match: a phrase that is both a request
    and a subject outside the job is declined even beside "vs", which only keeps a request to
    write a comparison ("write me a comparison ...") from being declined."""
    match = await say(Core(catalog), "who won Ahly vs Zamalek yesterday")
    assert meaning(match) == ("limit_scope", ())
    asked = await say(Core(catalog), "write me a comparison of vision engineer vs language engineer")
    assert asked.meaning.intent == "compare"


async def test_what_to_put_on_a_resume_is_declined_whoever_asks(catalog: Catalog) -> None:
    """ "Should I put my hackathon wins on my resume" and a mechanic who wants a vision engineer
    job asking "what should i put on it" ask what to write on a résumé: declined, though the
    résumé is named after "on my" and a goal is told. "Zero tech jobs on my resume, can I still
    become a vision engineer?" only says where something is."""
    for text in (
        "should I put my hackathon wins on my resume",
        "writing a resume as a mechanic who wants a vision engineer job, what should i put on it?",
    ):
        assert meaning(await say(Core(catalog), text)) == ("limit_scope", ()), text
    placed = await say(Core(catalog), "zero tech jobs on my resume, can I still become a vision engineer?")
    assert placed.meaning.intent != "limit_scope"


async def test_a_word_of_the_request_phrase_itself_is_no_offer_of_the_bot(catalog: Catalog) -> None:
    """ "Write me a lesson plan about colours" is declined: "plan" is part of the request phrase
    "lesson plan", not the roadmap the bot offers ("make me a roadmap for language engineer" is
    not declined)."""
    lesson = await say(Core(catalog), "write me a lesson plan about colours for my kindergarten class")
    assert meaning(lesson) == ("limit_scope", ())
    roadmap = await say(Core(catalog), "make me a roadmap for language engineer")
    assert roadmap.meaning.intent != "limit_scope"


async def test_a_request_asked_of_the_bot_is_declined_beside_a_doubt(catalog: Catalog) -> None:
    """ "Pls write me a cover letter, ... im hopeless at letters": a task asked of the bot is
    declined even when the writer doubts themselves beside it (a doubt alone asks about chances)."""
    text = "pls write me a cover letter, the vision engineer opening closes friday and im hopeless at letters"
    assert meaning(await say(Core(catalog), text)) == ("limit_scope", ())
    doubt = await say(Core(catalog), "im hopeless at maths, can i still become a vision engineer?")
    assert doubt.meaning.intent == "chances"


async def test_a_sum_is_declined_but_a_range_of_ages_is_no_sum(catalog: Catalog) -> None:
    """ "What's 17 * 23" asks the bot to work out a sum: declined. "I teach primary school (ages
    7-11) ... I'd like to become a research scientist" writes a range, not a sum: a situation."""
    assert meaning(await say(Core(catalog), "what's 17 * 23")) == ("limit_scope", ())
    text = (
        "I teach primary school (ages 7-11) in a small town and I finished an intro python course. "
        "Long term I'd like to become a research scientist. What should come next for me?"
    )
    assert meaning(await say(Core(catalog), text)) == ("personal", ("career:research-scientist",))
