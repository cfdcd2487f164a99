"""Free-text understanding on the fixture catalog: what the writer's background is worth, a place
in the pay order without "best", a goal said before a role word, a product doing what would be a
request, "how?" on its own, a noun in a list, and lists asked for apart from what is named."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.core import Core
from tests.talk import meaning, say


async def test_asking_what_ones_background_is_worth_is_a_question_of_chances(catalog: Catalog) -> None:
    """ "My 8 years as a bookkeeper, does any of that transfer" and "will that experience help me"
    ask about the writer's chances (the experience facts); "is reading books enough or do I need
    hands-on projects" still asks what counts as experience."""
    years = await say(
        Core(catalog), "my 8 years as a bookkeeper, does any of that transfer to deep learning?"
    )
    assert meaning(years) == ("chances", ("topic:experience", "topic:education"))
    helps = await say(
        Core(catalog), "i did vision projects in my masters, will that experience help me later"
    )
    assert helps.meaning.intent == "chances"
    books = await say(Core(catalog), "is reading books enough or do i need hands on projects for experience")
    assert meaning(books) == ("experience", ("topic:experience",))


async def test_an_ordinal_place_in_pay_without_best(catalog: Catalog) -> None:
    """ "Which role comes second in pay" is the second of the pay order, as "the second best paid role"."""
    second = await say(Core(catalog), "what is the second best paid role")
    assert second.meaning.intent == "ranking"
    placed = await say(Core(catalog), "which role comes second in pay")
    assert meaning(placed) == meaning(second)
    assert len(placed.meaning.topics) == 1


async def test_a_goal_before_an_unknown_role_is_not_the_writers_job(catalog: Catalog) -> None:
    """ "I would like to work as an AI ethicist" names a role the content lacks as a goal: the bot
    says it does not know it; so does "bioinformatician jobs, do you cover those"."""
    goal = await say(
        Core(catalog), "Hello, I would like to work as an AI ethicist. Which skills are required?"
    )
    assert meaning(goal) == ("limit_role", ())
    jobs = await say(Core(catalog), "what about bioinformatician jobs, do you cover those")
    assert meaning(jobs) == ("limit_role", ())


async def test_a_product_doing_a_request_word_is_no_request(catalog: Catalog) -> None:
    """ "The translation app turns my mum's texts into English, which part of deep learning is that"
    describes the product (the application); "translate this into English for me" asks the bot."""
    product = await say(
        Core(catalog), "translation app turns my mums texts into english, which part of deep learning is that"
    )
    assert meaning(product) == ("example", ("example:text-understanding",))
    request = await say(Core(catalog), "translate this into english for me")
    assert meaning(request) == ("limit_scope", ())


async def test_a_last_sentence_of_only_how_asks_how_it_works(catalog: Catalog) -> None:
    """ "My phone writes a transcript of my dictation by itself. how?" asks how the application works;
    without the "how?" the message is a request word opening the sentence."""
    how = await say(Core(catalog), "my phone writes a transcript of my dictation by itself. how?")
    assert meaning(how) == ("example", ("example:voice-assistants",))


async def test_a_task_word_alone_in_a_later_sentence_is_a_noun(catalog: Catalog) -> None:
    """ "Where does deep learning show up in publishing? books, magazines" asks about the field;
    "books" there is a noun in a list, not "book a ..."."""
    field = await say(
        Core(catalog), "where does deep learning show up in publishing? books, magazines, that kind of thing"
    )
    assert meaning(field) == ("domain", ("example:text-understanding",))


async def test_a_list_asked_for_apart_from_what_is_named(catalog: Catalog) -> None:
    """ "Which roles are there apart from data analyst" asks for the roles, not the data analyst."""
    roles = await say(Core(catalog), "which roles are there in deep learning apart from data analyst")
    assert roles.meaning.intent == "careers"


async def test_the_people_who_judge_candidates_are_no_role_asked_about(catalog: Catalog) -> None:
    """ "What experience are hiring managers looking for" asks about experience: "are hiring" runs
    into the judges' name (no request), and hiring managers are not an unknown role asked about."""
    reply = await say(
        Core(catalog), "what experience are hiring managers looking for in deep learning people"
    )
    assert meaning(reply) == ("experience", ("topic:experience",))


async def test_a_role_named_first_with_its_day_is_the_role(catalog: Catalog) -> None:
    """ "Vision engineer - what is the job actually, just coding all day?" asks about the role, not
    the skill named in passing; "python scripting, what does that mean in practice" asks about the skill."""
    role = await say(Core(catalog), "vision engineer - what is the job actually, just coding all day?")
    assert meaning(role) == ("career", ("career:vision-engineer",))
    skill = await say(Core(catalog), "python scripting, what does that even mean in practice")
    assert meaning(skill) == ("skill", ("skill:python-scripting",))


async def test_years_that_count_are_chances_and_what_counts_is_experience(catalog: Catalog) -> None:
    """ "Are my 10 yrs as a backend dev going to count as experience" weighs the writer's background
    (chances); "does kaggle count as experience" asks what counts (experience)."""
    years = await say(Core(catalog), "are my 10 yrs as a backend dev going to count as experience, or nope")
    assert years.meaning.intent == "chances"
    kaggle = await say(Core(catalog), "does kaggle count as experience")
    assert meaning(kaggle) == ("experience", ("topic:experience",))


async def test_two_roles_to_pick_between_are_compared(catalog: Catalog) -> None:
    """ "What does a language engineer do and what does a vision engineer do? trying to pick" compares."""
    text = "what does a language engineer do and what does a vision engineer do? trying to pick between them"
    reply = await say(Core(catalog), text)
    assert reply.meaning.intent == "compare"
    assert set(reply.meaning.topics) == {"career:language-engineer", "career:vision-engineer"}


async def test_the_writers_school_beside_a_skills_question_asks_for_skills(catalog: Catalog) -> None:
    """ "I run the computer club at my school, what skills should the kids build" asks for the skills;
    the school is where the writer is."""
    text = "I run the computer club at my school, what general skills should the kids build for deep learning"
    reply = await say(Core(catalog), text)
    assert reply.meaning.intent == "skills"


async def test_a_role_named_by_one_word_of_its_own_in_a_pay_comparison(catalog: Catalog) -> None:
    """ "Does a data analyst earn more than research?" compares with the research scientist, the one
    role with "research" in its name; a word shared by several roles ("engineer") names none."""
    reply = await say(Core(catalog), "does a data analyst earn more than research?")
    assert reply.meaning.intent == "ranking"
    assert set(reply.meaning.topics) == {"career:data-analyst", "career:research-scientist"}
    shared = await say(Core(catalog), "does a data analyst earn more than an engineer?")
    assert "career:research-scientist" not in shared.meaning.topics


async def test_a_roadmap_asked_for_before_a_word_of_background_is_the_roadmap(catalog: Catalog) -> None:
    """ "Steps to become a vision engineer from scratch, wedding videographer here" asks for the
    roadmap; "forklift driver. i want to become a vision engineer. how to proceed step by step" tells
    a situation first (personal)."""
    asked = await say(
        Core(catalog), "steps to become a vision engineer from scratch, wedding videographer here"
    )
    assert meaning(asked) == ("path", ("career:vision-engineer",))
    told = await say(
        Core(catalog), "im a forklift driver. i want to become a vision engineer. how to proceed step by step"
    )
    assert meaning(told) == ("personal", ("career:vision-engineer",))


async def test_what_would_i_make_and_if_possible(catalog: Catalog) -> None:
    """ "What would I make as a vision engineer" asks for its salary (not "I make apps"); "a
    language engineer learning plan, month by month if possible" is a roadmap, not a doubt."""
    pay = await say(Core(catalog), "what would i make as a vision engineer")
    assert meaning(pay) == ("salary", ("career:vision-engineer",))
    plan = await say(Core(catalog), "give me a language engineer learning plan, month by month if possible")
    assert meaning(plan) == ("path", ("career:language-engineer",))


async def test_the_writers_background_named_as_a_whole_weighed(catalog: Catalog) -> None:
    """ "Is my nursing background any use or does it not count" asks what the writer's past is
    worth (chances); "what background do I need" stays a plain question."""
    worth = await say(Core(catalog), "is my nursing background any use or does it not count")
    assert worth.meaning.intent == "chances"
    need = await say(Core(catalog), "what background do i need before starting deep learning")
    assert need.meaning.intent != "chances"


async def test_chances_words_told_after_a_roadmap_request_leave_it_a_roadmap(catalog: Catalog) -> None:
    """ "How do i become a vision engineer, step by step please, I'm in Lima, learning alone"
    asks for the roadmap: the words of chances are only told after it, in a clause that asks
    nothing. Asked ("can i do it learning alone?"), they weigh the writer's chances."""
    told = await say(
        Core(catalog), "how do i become a vision engineer, step by step please, I'm in Lima, learning alone"
    )
    assert meaning(told) == ("path", ("career:vision-engineer",))
    asked = await say(
        Core(catalog), "how do i become a vision engineer, step by step please. can i do it learning alone?"
    )
    assert asked.meaning.intent == "chances"
