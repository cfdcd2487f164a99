"""Free-text follow-ups and places on the fixture catalog: ordinals counted in the content's own order
when no list is shown, comparisons against the last answer ("and versus ...", "different from the first
one"), a question that names its own subject after a comparison, and negated or industry words."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.core import Core
from bot.replies import Action
from tests.talk import chat, meaning, say


async def test_an_ordinal_with_no_list_shown_counts_in_the_contents_order(catalog: Catalog) -> None:
    """ "Tell me about the sixth career" as a first message is the sixth career of careers.yaml;
    "the first skill on the roadmap" is the first skill in roadmap order."""
    careers, skills = list(catalog.careers), list(catalog.skills)
    (sixth,) = await chat(catalog, "tell me about the sixth career")
    assert meaning(sixth) == ("career", (f"career:{careers[5]}",))
    (first,) = await chat(catalog, "what's the first skill on the roadmap")
    assert meaning(first) == ("skill", (f"skill:{skills[0]}",))


async def test_different_from_the_first_one_compares_the_last_answer_with_that_item(catalog: Catalog) -> None:
    """After a list and "the 2nd one?", "how is that different from the first one" compares the
    second item with the first."""
    listed, second, compared = await chat(
        catalog, "examples please", "the 2nd one?", "how is that different from the first one"
    )
    first_two = listed.meaning.listed[:2]
    assert meaning(second) == ("example", (first_two[1],))
    assert compared.meaning.intent == "compare"
    assert set(compared.meaning.topics) == set(first_two)


async def test_and_versus_a_role_compares_it_with_the_last_role(catalog: Catalog) -> None:
    """ "And versus a language engineer?" after a role's card compares the two roles."""
    _, versus = await chat(catalog, "tell me about the vision engineer", "and versus a language engineer?")
    assert meaning(versus) == ("compare", ("career:vision-engineer", "career:language-engineer"))


async def test_a_question_that_names_education_leaves_the_comparison(catalog: Catalog) -> None:
    """After a comparison, "what education do you need to go the research route" is an education
    question, while "study plan for language engineer" is still that role's roadmap."""
    _, education = await chat(
        catalog, "data analyst vs research scientist", "what education do you need to go the research route"
    )
    assert meaning(education) == ("education", ("topic:education",))
    (plan,) = await chat(catalog, "study plan for language engineer")
    assert meaning(plan) == ("path", ("career:language-engineer",))


async def test_a_negated_job_is_not_a_question_about_jobs(catalog: Catalog) -> None:
    """ "How do I get it without having a job yet" after the experience answer is about experience,
    not the list of jobs; "are there other dl jobs besides data analyst" is the list of jobs."""
    _, negated = await chat(catalog, "what experience do i need", "how do i get it without having a job yet")
    assert meaning(negated) == ("experience", ("topic:experience",))
    (others,) = await chat(catalog, "are there other dl jobs besides data analyst")
    assert others.meaning.intent == "careers"


async def test_an_application_named_as_an_industry_asks_about_the_field(catalog: Catalog) -> None:
    """ "Is there something like that in the robot industry?" asks how the field uses deep learning
    (the domain answer), not for the application's card."""
    _, industry = await chat(
        catalog, "tell me about siri", "is there something like that in the robot industry?"
    )
    assert meaning(industry) == ("domain", ("example:warehouse-robots",))


async def test_a_word_of_a_roles_name_picks_it_in_a_follow_up(catalog: Catalog) -> None:
    """ "Ok skills for the analyst one" after data analyst and MLOps engineer (the ranking answer,
    MLOps engineer first) is the data analyst's roadmap; "research?" right after a salary is the
    research scientist's salary."""
    *_, engineer = await chat(
        catalog, "data analyst vs mlops engineer", "which one pays better", "ok skills for the analyst one"
    )
    assert meaning(engineer) == ("path", ("career:data-analyst",))
    _, research = await chat(catalog, "data analyst pay", "research?")
    assert meaning(research) == ("salary", ("career:research-scientist",))


async def test_pay_asked_after_an_answer_about_no_role_is_about_the_role_before(catalog: Catalog) -> None:
    """ "And how much they make" after "do they need a degree" (the education answer) is the salary
    of the role asked about before it."""
    *_, pay = await chat(
        catalog, "research scientist - what do they do", "do they need a degree", "and how much they make"
    )
    assert meaning(pay) == ("salary", ("career:research-scientist",))


async def test_the_roadmap_for_the_better_or_lower_paid_one_picks_by_pay(catalog: Catalog) -> None:
    """After a comparison of two roles, "the path for the better paid one" is the roadmap of the one
    with the higher range, "the roadmap for the lower paid one" of the other."""
    pair = ("vision-engineer", "data-analyst")
    best, worst = sorted((catalog.careers[c] for c in pair), key=lambda c: (-c.salary.high, -c.salary.low))
    *_, better = await chat(
        catalog, "compare vision engineer and data analyst", "ok show me the path for the better paid one"
    )
    assert meaning(better) == ("path", (f"career:{best.id}",))
    *_, lower = await chat(
        catalog, "compare vision engineer and data analyst", "give me the roadmap for the lower paid one"
    )
    assert meaning(lower) == ("path", (f"career:{worst.id}",))


async def test_what_about_a_known_role_after_an_unknown_ones_pay_asks_its_pay(catalog: Catalog) -> None:
    """ "What do blockchain developers make" (a role the content lacks, asked with "make") and then
    "ok then what about data analyst" asks for the data analyst's salary, not its card."""
    unknown, known = await chat(
        catalog, "what do blockchain developers make", "ok then what about data analyst"
    )
    assert unknown.meaning.intent == "limit_role"
    assert meaning(known) == ("salary", ("career:data-analyst",))


async def test_which_application_asks_for_the_application_and_a_business_like_ours_for_the_field(
    catalog: Catalog,
) -> None:
    """ "... which deep learning application is that" asks for the application, even with a shop in
    the story; "is deep learning relevant for a business like ours?" asks how the field uses it; a
    trade's name ("design and robot studios") is not a request to design something."""
    (which,) = await chat(
        catalog,
        "the card reader at my uncle's shop blocks stolen card payments. "
        "which deep learning application is that",
    )
    assert meaning(which) == ("example", ("example:fraud-detection",))
    (ours,) = await chat(
        catalog, "we grow crops on a family farm. is deep learning relevant for a business like ours?"
    )
    assert meaning(ours) == ("domain", ("example:crop-monitoring",))
    (trade,) = await chat(catalog, "design and robot studios, how is deep learning showing up in that world")
    assert meaning(trade) == ("domain", ("example:warehouse-robots",))
    (task,) = await chat(catalog, "design me a logo")
    assert task.meaning.intent == "limit_scope"


async def test_next_said_of_ones_own_thing_is_not_a_step(catalog: Catalog) -> None:
    """ "So that's how siri understands my next question?" after the fourth example stays on it;
    "what comes after it" then steps to the next example of the list."""
    listed, _, same, after = await chat(
        catalog,
        "examples please",
        "the 4th",
        "so that's how siri understands my next question?",
        "what comes after it",
    )
    assert meaning(same) == ("example", (listed.meaning.listed[3],))
    assert meaning(after) == ("example", (listed.meaning.listed[4],))


async def test_more_than_a_role_after_one_roles_salary_ranks_the_two(catalog: Catalog) -> None:
    """ "More than language engineer?" after the vision engineer's salary ranks the two by pay."""
    _, ranked = await chat(catalog, "how much does a vision engineer make", "more than language engineer?")
    assert ranked.meaning.intent == "ranking"
    assert set(ranked.meaning.topics) == {"career:vision-engineer", "career:language-engineer"}


async def test_more_about_it_after_a_field_is_the_application_and_what_is_a_role_its_card(
    catalog: Catalog,
) -> None:
    """ "More about it pls" after how farming uses deep learning is the application's card; "ok and
    what is a language engineer exactly" after a roadmap is that role's card, not its roadmap."""
    _, more = await chat(catalog, "how is deep learning used in farming", "more about it pls")
    assert meaning(more) == ("example", ("example:crop-monitoring",))
    _, card = await chat(
        catalog, "how to become a vision engineer", "ok and what is a language engineer exactly"
    )
    assert meaning(card) == ("career", ("career:language-engineer",))


async def test_the_role_a_doubt_aims_at_is_offered_and_followed_up(catalog: Catalog) -> None:
    """ "Can I switch to data analyst with no tech experience?" answers the chances with the role's
    roadmap offered first; "what would my roadmap look like" and "and the salary?" then follow that
    role. A role named as the writer's own past ("my experience in vision engineering") is not the
    aim."""
    doubt, roadmap, pay = await chat(
        catalog,
        "I'm an underwriter, can I switch to data analyst with no tech experience?",
        "what would my roadmap look like",
        "and the salary?",
    )
    assert doubt.meaning.intent == "chances"
    assert "career:data-analyst" in doubt.meaning.topics
    assert doubt.buttons[0].action == Action("path", "data-analyst")
    assert meaning(roadmap) == ("path", ("career:data-analyst",))
    assert meaning(pay)[1] == ("career:data-analyst",)
    past = await say(Core(catalog), "does my experience in vision engineering transfer to deep learning?")
    assert past.meaning.intent == "chances"
    assert not [t for t in past.meaning.topics if t.startswith("career:")]


async def test_why_alone_asks_for_more_on_the_last_answer(catalog: Catalog) -> None:
    """ "why?" or "how come" as a whole message, after an answer about a role, is more on that role;
    as a first message, with nothing to point at, it is not an answer about anything."""
    _, why, come = await chat(catalog, "what does a data analyst do", "why?", "how come")
    assert meaning(why)[1] == ("career:data-analyst",)
    assert meaning(come)[1] == ("career:data-analyst",)
    alone = await say(Core(catalog), "why?")
    assert not alone.meaning.topics


async def test_a_correction_names_the_role_it_means(catalog: Catalog) -> None:
    """ "nah not the mlops one, the vision one" after an answer about the MLOps engineer is about
    the vision engineer, and so is "the vision one, not the mlops one"."""
    for correction in ("nah not the mlops one, the vision one", "the vision one, not the mlops one"):
        _, fixed = await chat(catalog, "what does an mlops engineer do", correction)
        assert meaning(fixed) == ("career", ("career:vision-engineer",)), correction


async def test_and_with_a_comparison_and_one_thing_named_compares_it_with_the_last_answer(
    catalog: Catalog,
) -> None:
    """ "and what's the difference with the vision engineer?" after an answer about the data
    analyst compares the two (a follow word stands where "it" would)."""
    _, pair = await chat(
        catalog, "what does a data analyst do", "and what's the difference with the vision engineer?"
    )
    assert meaning(pair) == ("compare", ("career:data-analyst", "career:vision-engineer"))


async def test_how_much_data_after_a_role_asks_about_deep_learning(catalog: Catalog) -> None:
    """ "And how much data does it need" after a role's card asks how much data deep learning
    needs (what deep learning is), not about the role."""
    _, data = await chat(catalog, "tell me about the vision engineer", "and how much data does it need")
    assert meaning(data) == ("about", ("topic:about",))
