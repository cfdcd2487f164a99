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


async def test_whether_the_writer_can_make_the_move_a_certain_way_is_a_question_of_chances(
    catalog: Catalog,
) -> None:
    """ "Can I become a data analyst only by self study online?" asks about the writer's chances
    (education first), and so does "I did vision projects, will that help if I switch ...", though
    both name a role to go to."""
    self_study = (
        "In my country university is very expensive. Can I become a data analyst only by self study online?"
    )
    assert meaning(await say(Core(catalog), self_study))[0] == "chances"
    assert meaning(await say(Core(catalog), self_study))[1][0] == "topic:education"
    helps = "i did a couple of vision projects, will that help if i switch to the language engineer job?"
    aimed = ("topic:experience", "topic:education", "career:language-engineer")  # the role aimed at, too
    assert meaning(await say(Core(catalog), helps)) == ("chances", aimed)


async def test_a_son_keen_on_being_a_role_is_the_writers_situation(catalog: Catalog) -> None:
    """ "He is keen on being a language engineer" is a goal, like "wants to become": a parent's
    message about a son's units and goal gets the roadmap."""
    text = (
        "mum of a uni student here. he has done a python scripting unit and he is keen on being "
        "a language engineer"
    )
    assert meaning(await say(Core(catalog), text)) == ("personal", ("career:language-engineer",))


async def test_a_situation_names_its_application_by_its_own_words_before_an_industry(
    catalog: Catalog,
) -> None:
    """ "I work night shifts in call centres watching chatbot logs and I want to build the AI that
    does my job": the application the writer's words name ("chatbot": text understanding) is the
    goal, not the one the industry word points to (call centres: voice assistants)."""
    text = (
        "I work night shifts in call centres watching chatbot logs and I want to build the AI that "
        "does my job lol. no coding yet"
    )
    assert meaning(await say(Core(catalog), text))[1][0] == "example:text-understanding"


async def test_trouble_with_a_partner_is_declined_even_beside_skills(catalog: Catalog) -> None:
    """ "How do I fix things with her? I really don't want to lose her" asks for relationship
    advice: declined, though python courses are named and "want" is said (negated, it tells no
    goal). The same story with a goal told plainly stays a personal situation."""
    story = "my girlfriend says i spend all my nights on python courses and ignore her at weekends."
    asked = "how do i fix things with her? i really don't want to lose her"
    trouble = await say(Core(catalog), f"{story} {asked}")
    assert meaning(trouble) == ("limit_scope", ())
    goal = await say(Core(catalog), f"{story} i want to become a vision engineer, how should i start?")
    assert goal.meaning.intent == "personal"


async def test_a_denied_wish_is_no_goal(catalog: Catalog) -> None:
    """ "Best paid job if i really dont want to be a vision engineer?" ranks the roles by pay with
    the vision engineer left out: a wish denied within three words tells no goal (not a roadmap
    for that role). "I want to be a vision engineer" still is one."""
    denied = await say(Core(catalog), "best paid job if i really dont want to be a vision engineer?")
    assert denied.meaning.intent == "ranking"
    assert "Leaving out: Vision Engineer." in denied.text()
    wish = await say(Core(catalog), "i want to be a vision engineer, what should i learn first?")
    assert wish.meaning.intent == "path"
