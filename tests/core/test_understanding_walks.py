"""Free-text follow-ups on the fixture catalog that walk a conversation: an ordinal that keeps
walking its list, "how much more" after two picked by place, an application word after a roadmap,
"overall", a condition after a doubt, the application after a goal, what is left to become a role,
the one role behind an application, "the lower paid one", and questions after a roadmap."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from tests.content import FIXTURE_CONTENT
from tests.talk import chat, meaning


async def test_an_ordinal_keeps_walking_the_list_it_picked_from(catalog: Catalog) -> None:
    """After "what skills does the first one need" (a roadmap with its own list of skills), "and the
    second?" is the second role of the list the first ordinal counted in, not the second skill."""
    roles = [f"career:{c}" for c in catalog.careers]
    replies = await chat(
        catalog, "list the careers", "what skills does the first one need", "and the second?"
    )
    assert meaning(replies[1]) == ("path", (roles[0],))
    assert meaning(replies[2]) == ("path", (roles[1],))


async def test_how_much_more_after_comparing_two_picked_by_place(catalog: Catalog) -> None:
    """ "How much more does the 3rd make" after comparing the 3rd and the 4th compares the two."""
    roles = [f"career:{c}" for c in catalog.careers]
    replies = await chat(
        catalog, "list the careers", "compare the 3rd and the 4th", "how much more does the 3rd make"
    )
    assert meaning(replies[2]) == ("compare", (roles[2], roles[3]))


async def test_what_about_an_application_after_a_roadmap_is_its_role(catalog: Catalog) -> None:
    """ "What about NLU?" after a role's roadmap asks for the roadmap of the role named by that word."""
    replies = await chat(catalog, "how do i become a vision engineer", "what about nlu?")
    assert meaning(replies[1]) == ("path", ("career:language-engineer",))


async def test_overall_ranks_every_role_not_the_two_before(catalog: Catalog) -> None:
    """ "And the lowest overall?" after "which pays more, A or B" is the lowest paid of all roles."""
    alone = await chat(catalog, "which role pays the least")
    replies = await chat(
        catalog, "which pays more, language engineer or vision engineer?", "and the lowest overall?"
    )
    assert replies[1].meaning.intent == "ranking"
    assert replies[1].meaning.topics == alone[0].meaning.topics


async def test_a_condition_after_a_doubt_is_still_about_chances(catalog: Catalog) -> None:
    """ "And if I have no work experience at all?" after a question about one's chances is about
    them too (experience first); "what counts as experience then" asks about experience."""
    replies = await chat(
        catalog,
        "I'm 50, can I still learn this by myself?",
        "and if I have no work experience at all?",
        "ok what counts as experience then",
    )
    assert replies[0].meaning.intent == "chances"
    assert meaning(replies[1]) == ("chances", ("topic:experience", "topic:education"))
    assert meaning(replies[2]) == ("experience", ("topic:experience",))


async def test_experience_named_before_school_asks_about_experience(catalog: Catalog) -> None:
    """ "How does he get experience while still at school": experience, named first, is the question."""
    replies = await chat(catalog, "how does he get experience while still at school")
    assert meaning(replies[0]) == ("experience", ("topic:experience",))


async def test_what_kind_of_deep_learning_that_is_after_a_goal_is_the_application(catalog: Catalog) -> None:
    """ "What kind of deep learning is that exactly" after a goal in an application names the
    application, not the roadmap of the role behind it."""
    replies = await chat(
        catalog,
        "im a shop owner and i want to make ai art for my posters",
        "what kind of deep learning is that exactly",
    )
    assert replies[0].meaning.intent == "personal"
    assert meaning(replies[1]) == ("example", ("example:content-generation",))


async def test_what_is_left_to_become_one_after_a_role_is_a_personal_roadmap(catalog: Catalog) -> None:
    """ "I already know Python, so what's left for me to become one" after a role is the writer's
    roadmap to that role, with Python covered."""
    replies = await chat(
        catalog,
        "what does a language engineer do",
        "i already know python, so whats left for me to become one",
    )
    assert meaning(replies[1]) == ("personal", ("career:language-engineer",))
    marks = [b for b in replies[1].buttons if b.action.command == "mark"]
    assert any(catalog.skills["python-scripting"].name in b.label for b in marks)


async def test_who_works_on_an_application_with_one_role_is_that_role(tmp_path: Path) -> None:
    """ "Who works on that" after an application with a single role behind it is that role's card."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    _replace(
        folder / "examples.yaml", "      - data-analyst\n      - mlops-engineer\n", "      - data-analyst\n"
    )
    _replace(
        folder / "careers.yaml",
        "      - content-generation\n      - fraud-detection\n",
        "      - content-generation\n",
    )
    replies = await chat(load_catalog(folder), "tell me about fraud detection", "who works on that")
    assert meaning(replies[1]) == ("career", ("career:data-analyst",))


async def test_the_lower_paid_one_and_that_one_after_two_roles(catalog: Catalog) -> None:
    """After a comparison of two roles' pay, "what does the lower paid one do all day" is the card of
    the lower paid; "how much is that one" after a ranking of two is the first one's salary."""
    less = await chat(catalog, "which pays less, language engineer or research scientist")
    lower = less[0].meaning.topics[0]
    replies = await chat(
        catalog,
        "who earns more, language engineers or research scientists",
        "what does the lower paid one do all day",
    )
    assert meaning(replies[1]) == ("career", (lower,))
    ranked = await chat(
        catalog, "who earns more, language engineers or research scientists", "how much is that one"
    )
    assert ranked[1].meaning.intent == "salary"
    assert ranked[1].meaning.topics == ranked[0].meaning.topics[:1]


async def test_after_a_roadmap_and_for_another_role_and_what_comes_after_a_skill(catalog: Catalog) -> None:
    """After a roadmap and a detour to one of its skills, "and for a data analyst?" is that role's
    roadmap; "what should I learn after python" after a roadmap is the roadmap again."""
    replies = await chat(
        catalog, "skills for vision engineer", "what are gpu clusters about", "and for a data analyst?"
    )
    assert replies[1].meaning.intent == "skill"
    assert meaning(replies[2]) == ("path", ("career:data-analyst",))
    after = await chat(catalog, "how do i become a vision engineer", "what should i learn after python")
    assert meaning(after[1]) == ("path", ("career:vision-engineer",))


async def test_what_is_left_for_me_after_a_roadmap_is_a_personal_roadmap(catalog: Catalog) -> None:
    """ "I already know Python, what's left for me" right after a role's roadmap is the writer's
    roadmap to that role, with Python covered."""
    replies = await chat(catalog, "skills for vision engineer", "i already know python, whats left for me")
    assert meaning(replies[1]) == ("personal", ("career:vision-engineer",))


def _replace(path: Path, old: str, new: str) -> None:
    """Edit a copied content file in place (the text must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_what_about_a_role_after_a_detour_to_pay_asks_its_pay(catalog: Catalog) -> None:
    """After a roadmap and then "salary", "what about language engineer" asks for that role's pay
    (the last question), not its roadmap, though the roadmap is still the last list shown."""
    *_, other = await chat(catalog, "research scientist roadmap", "salary", "what about language engineer")
    assert meaning(other) == ("salary", ("career:language-engineer",))


async def test_a_pronoun_set_aside_points_to_nothing(catalog: Catalog) -> None:
    """ "Nah forget that, whats deep learning actually" after a salary asks what deep learning is:
    "that" is set aside, not the role of the last answer."""
    *_, about = await chat(
        catalog, "how much do research scientists earn", "nah forget that, whats deep learning"
    )
    assert meaning(about) == ("about", ("topic:about",))


async def test_doing_without_what_was_just_told_is_a_question_of_chances(catalog: Catalog) -> None:
    """After "what degree do they usually have", "can i do it without one" asks about the writer's
    chances, education first, not for the education facts again."""
    *_, without = await chat(
        catalog, "research scientist", "what degree do they usually have", "can i do it without one"
    )
    assert without.meaning.intent == "chances"
    assert without.meaning.topics[0] == "topic:education"


async def test_the_last_two_are_the_two_that_end_the_list(catalog: Catalog) -> None:
    """ "Compare the last two" after the list of careers compares its last two items."""
    careers, last_two = await chat(catalog, "list the careers", "compare the last two")
    assert last_two.meaning.intent == "compare"
    assert last_two.meaning.topics == careers.meaning.listed[-2:]


async def test_the_skills_to_start_after_a_skill_are_the_skills_list(catalog: Catalog) -> None:
    """After an answer about one skill (no role shown), "ok and what skills do i need to start" asks
    for the skills to learn (the list), not that skill again; "the 4th one?" then walks that list."""
    _, skills, fourth = await chat(
        catalog, "tell me about matrix methods", "ok and what skills do i need to start", "the 4th one?"
    )
    assert skills.meaning.intent == "skills"
    assert fourth.meaning.topics == skills.meaning.listed[3:4]
