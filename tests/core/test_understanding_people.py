"""Free-text understanding on the fixture catalog: other people in the question (what someone says,
a friend beside a role, a partner's situation) and who hires a role."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.core import Core
from tests.talk import meaning, say


async def test_a_role_someone_talks_about_is_neither_theirs_nor_part_of_its_name(catalog: Catalog) -> None:
    """ "My nephew says prompt engineers earn crazy money" asks about a role the content lacks (the
    nephew is no prompt engineer, and "says" is no part of the role); so does "data annotator jobs,
    my friend does it from home", where the friend comes after the role in another clause."""
    said = await say(Core(catalog), "my nephew says prompt engineers earn crazy money, whats the going rate")
    assert meaning(said) == ("limit_role", ())
    friend = await say(Core(catalog), "tell me about data annotator jobs, my friend does it from home")
    assert meaning(friend) == ("limit_role", ())


async def test_who_hires_a_role_asks_where_it_works(catalog: Catalog) -> None:
    """ "Who hires research scientists, only universities?" asks where the role works (its card),
    not about education."""
    hires = await say(Core(catalog), "who hires research scientists, only universities?")
    assert meaning(hires) == ("career", ("career:research-scientist",))


async def test_a_partners_goal_and_skills_are_a_personal_situation(catalog: Catalog) -> None:
    """A boyfriend who "knows python" and "wants to become a vision engineer" is the writer's
    situation to answer with a roadmap, like a child's or a wife's."""
    text = (
        "my boyfriend is a fisherman, he knows python from school. he wants to become a vision "
        "engineer and build cameras for boats. how should he start?"
    )
    assert meaning(await say(Core(catalog), text)) == ("personal", ("career:vision-engineer",))


async def test_pay_of_a_bare_role_word_no_career_has_is_an_unknown_role(catalog: Catalog) -> None:
    """ "How much does an economist earn": a role word of the cue list that no career's name holds
    is a role the content lacks (said plainly), never the whole salary table; "how much does the
    engineer make" still asks back which engineer."""
    economist = await say(Core(catalog), "how much does an economist earn")
    assert meaning(economist) == ("limit_role", ())
    engineer = await say(Core(catalog), "how much does the engineer make")
    assert engineer.meaning.intent == "clarify"
