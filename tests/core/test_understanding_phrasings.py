"""Free-text understanding on the fixture catalog: the rules for fresh phrasings found in the later
evaluation rounds (doubts and their facts, the writer's own school or job, exclusions and role words,
curiosity versus goals, ambiguous words, links and markup, goals inside questions, bare role words,
résumés as descriptions, children's goals, generic hiring questions, products before skills)."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.core import Core
from tests.talk import covered, meaning, say


async def test_a_doubt_is_about_experience_when_a_field_switch_weighs_as_much_as_schooling(
    catalog: Catalog,
) -> None:
    """ "Switching from teaching primary school ... dumb idea?" leads with the experience facts (the
    switch weighs as much as the school); "do I have to wait till uni" with the education facts."""
    switch = await say(Core(catalog), "switching from teaching primary school to deep learning - dumb idea?")
    assert switch.meaning.intent == "chances"
    assert switch.meaning.topics[0] == "topic:experience"
    young = await say(Core(catalog), "im 15, do i have to wait till uni")
    assert young.meaning.intent == "chances"
    assert young.meaning.topics[0] == "topic:education"


async def test_the_writers_own_school_beside_an_application_is_not_the_question(catalog: Catalog) -> None:
    """ "The dictation on my uni's laptops, is that deep learning" asks about the application; the
    school is where the writer is. Without an application, "what uni do I need" stays education."""
    own = await say(Core(catalog), "the dictation on my uni's laptops, is that deep learning")
    assert meaning(own) == ("example", ("example:voice-assistants",))
    asked = await say(Core(catalog), "what uni do i need for this")
    assert meaning(asked) == ("education", ("topic:education",))


async def test_leaving_a_role_out_excludes_it_from_the_ranking(catalog: Catalog) -> None:
    """ "Leave research scientist out of it, which role pays the most" ranks the other roles: the
    role left out, listed in the whole ranking, is not in the answer."""
    whole = await say(Core(catalog), "which role pays the most")
    assert whole.meaning.intent == "ranking"
    assert "career:research-scientist" in whole.meaning.listed
    for text in (
        "leave research scientist out of it, which role pays the most",
        "leaving the research scientist out, which role pays the most",
    ):
        reply = await say(Core(catalog), text)
        assert reply.meaning.intent == "ranking", text
        assert "career:research-scientist" not in reply.meaning.topics + reply.meaning.listed, text


async def test_a_role_word_in_the_title_picks_its_roles(catalog: Catalog) -> None:
    """ "Of the jobs with engineer in the title, which one pays the least" ranks the four roles whose
    names hold "engineer", and no other."""
    reply = await say(Core(catalog), "of the jobs with engineer in the title, which one pays the least")
    assert reply.meaning.intent == "ranking"
    engineers = {f"career:{c.id}" for c in catalog.careers.values() if "engineer" in c.name.lower()}
    assert len(engineers) == 4
    assert set(reply.meaning.listed) == engineers


async def test_wanting_to_know_is_curiosity_not_a_goal(catalog: Catalog) -> None:
    """ "My wife is a nurse and wants to know how Siri understands her" asks about the application,
    and so does "so I want to understand it" (a word such as "to" between); "she wants to work on
    voice assistants one day, where should she start" is her situation."""
    curious = await say(Core(catalog), "my wife is a nurse and wants to know how siri understands her")
    assert meaning(curious) == ("example", ("example:voice-assistants",))
    text = "customers ask me about fraud detection all the time, so I want to understand it. what is that?"
    assert meaning(await say(Core(catalog), text)) == ("example", ("example:fraud-detection",))
    goal = await say(
        Core(catalog),
        "my wife is a nurse and she wants to work on voice assistants one day, where should she start",
    )
    assert goal.meaning.intent == "personal"
    assert goal.meaning.topics[0] == "example:voice-assistants"


async def test_the_words_beside_an_ambiguous_word_decide_it_first(catalog: Catalog) -> None:
    """ "My cv" is a résumé even when the rest of the sentence talks of jobs and engineers (declined
    as outside the bot's job); "cv engineer" beside it is still the role."""
    for text in (
        "how should i improve my cv to apply for a language engineer job",
        "can you help me with my cv for a cv engineer job",
    ):
        reply = await say(Core(catalog), text)
        assert reply.meaning.intent == "limit_scope", text
    role = await say(Core(catalog), "how much does a cv engineer earn")
    assert meaning(role) == ("salary", ("career:vision-engineer",))


async def test_web_addresses_and_bbcode_are_not_read_as_words(catalog: Catalog) -> None:
    """ "[url=http://chatbot.example]CLICK HERE[/url]" names nothing ("chatbot" is inside the link),
    so it is not answered with an application; the text between BBCode tags is still read."""
    spam = await say(Core(catalog), "[url=http://chatbot.example]CLICK HERE[/url]")
    assert spam.meaning.topics == ()
    assert spam.meaning.intent == "unsure"
    tagged = await say(Core(catalog), "is [b]siri[/b] deep learning? see https://www.example.com/tweet")
    assert meaning(tagged) == ("example", ("example:voice-assistants",))


async def test_a_goal_inside_a_question_asks_for_the_roadmap(catalog: Catalog) -> None:
    """ "Step by step, how do I become a vision engineer?" and "plan for becoming a language engineer
    in 12 months?" ask for the roadmap ("in 12 months" is a target, not years spent): not a
    personal situation."""
    step = await say(Core(catalog), "step by step, how do I become a vision engineer?")
    assert meaning(step) == ("path", ("career:vision-engineer",))
    months = await say(Core(catalog), "plan for becoming a language engineer in 12 months?")
    assert meaning(months) == ("path", ("career:language-engineer",))


async def test_a_job_opening_the_message_before_an_own_goal_is_the_writers(catalog: Catalog) -> None:
    """ "Customer support agent at a saas company. i'd love to work on chatbots ..." is the writer's
    situation (answered as personal), while "bioinformatician, how do i become one" asks about a
    role the content lacks."""
    own = await say(
        Core(catalog),
        "customer support agent at a saas company. i'd love to work on chatbots. where to go from here",
    )
    assert own.meaning.intent == "personal"
    assert own.meaning.topics[0] == "example:text-understanding"
    asked = await say(Core(catalog), "bioinformatician, how do i become one")
    assert asked.meaning.intent == "limit_role"


async def test_a_role_word_that_several_roles_share_is_asked_back(catalog: Catalog) -> None:
    """ "How much does the engineer make" and a bare "engineer" ask which engineer, with one button
    per career whose name has the word; a named role or a ranking of the engineer jobs is answered."""
    engineers = sorted(c.name for c in catalog.careers.values() if "engineer" in c.name.lower())
    for text in ("how much does the engineer make", "engineer"):
        reply = await say(Core(catalog), text)
        assert reply.meaning.intent == "clarify", text
        assert sorted(b.label for b in reply.buttons) == engineers, text
    named = await say(Core(catalog), "how much does a language engineer make")
    assert meaning(named) == ("salary", ("career:language-engineer",))
    ranked = await say(Core(catalog), "of the engineer jobs, which one pays the least")
    assert ranked.meaning.intent == "ranking"


async def test_a_resume_said_with_on_my_is_a_description_not_a_request(catalog: Catalog) -> None:
    """ "Is it realistic with zero tech jobs on my resume" is a doubt about one's chances, not a
    request to edit a résumé ("review my resume" still is)."""
    doubt = await say(
        Core(catalog),
        "warehouse worker wanting to switch into ai. is it realistic with zero tech jobs on my resume",
    )
    assert doubt.meaning.intent == "chances"
    request = await say(Core(catalog), "can you review my resume")
    assert request.meaning.intent == "limit_scope"


async def test_a_childs_goal_and_the_first_thing_after_a_goal_word(catalog: Catalog) -> None:
    """ "My 16 yo ... wants to be a vision engineer ... what should he do next" is a personal situation
    (the writer's child); in "i make videos of crops and want to get into chatbots" the goal is what
    follows "want", not the crops before it."""
    child = await say(
        Core(catalog),
        "my 16 yo is obsessed with robots and wants to be a vision engineer. "
        "he already does python at school. what should he do next",
    )
    assert meaning(child) == ("personal", ("career:vision-engineer",))
    later = await say(Core(catalog), "i make videos of crops and want to get into chatbots. where to start")
    assert later.meaning.intent == "personal"
    assert later.meaning.topics[0] == "example:text-understanding"


async def test_generic_hiring_and_workplace_questions_are_not_doubts_or_education(catalog: Catalog) -> None:
    """ "What jobs can someone with deep learning skills get hired for" asks for the jobs;
    "does a research scientist work at a university or at a company?" asks about the role."""
    jobs = await say(Core(catalog), "what jobs can someone with deep learning skills get hired for")
    assert jobs.meaning.intent == "careers"
    where = await say(Core(catalog), "does a research scientist work at a university or at a company?")
    assert meaning(where) == ("career", ("career:research-scientist",))


async def test_a_product_named_before_a_skill_is_the_application(catalog: Catalog) -> None:
    """ "The warehouse robots at our plant pick parts without anyone coding each move, how" asks
    about the application; the skill word after it is part of the story."""
    reply = await say(
        Core(catalog), "the warehouse robots at our plant pick parts without anyone coding each move, how"
    )
    assert meaning(reply) == ("example", ("example:warehouse-robots",))


async def test_a_comparison_with_nothing_named_is_asked_back(catalog: Catalog) -> None:
    """ "Which one is better" as a first message names nothing to compare: the bot asks which, with
    topic buttons, rather than guessing or declining."""
    reply = await say(Core(catalog), "which one is better")
    assert reply.meaning.intent == "clarify"
    assert reply.title == catalog.phrases.ask_compare_title
    assert reply.buttons


async def test_make_it_up_is_not_a_pay_question(catalog: Catalog) -> None:
    """ "Is vision engineer a real job or did you make it up" asks about the role, not its pay."""
    reply = await say(Core(catalog), "is vision engineer a real job or did you make it up")
    assert meaning(reply) == ("career", ("career:vision-engineer",))


async def test_can_someone_like_that_make_the_move_is_about_chances(catalog: Catalog) -> None:
    """ "My whole career has been in sales. can a sales guy become a vision engineer?" asks about the
    writer's chances; "what kinds of roles can a person aim for in this field" asks for the roles."""
    move = await say(
        Core(catalog), "my whole career has been in sales. can a sales guy become a vision engineer?"
    )
    assert move.meaning.intent == "chances"
    roles = await say(Core(catalog), "what kinds of roles can a person aim for in this field")
    assert roles.meaning.intent == "careers"


async def test_a_bare_superlative_among_three_named_roles_ranks_them_by_pay(catalog: Catalog) -> None:
    """ "Out of vision engineer, language engineer and data analyst, which is lowest" ranks the three
    by pay (no pay word needed when three roles are named and nothing else is measured); "which
    needs the most maths" of the same roles is no ranking by pay."""
    reply = await say(
        Core(catalog), "out of vision engineer, language engineer and data analyst, which is lowest"
    )
    assert reply.meaning.intent == "ranking"
    assert {"career:vision-engineer", "career:language-engineer", "career:data-analyst"} <= set(
        reply.meaning.topics + reply.meaning.listed
    )
    skills = await say(
        Core(catalog), "of vision engineer, language engineer and data analyst, which needs the most skills"
    )
    assert skills.meaning.intent != "ranking"


async def test_an_about_phrase_holding_a_skill_name_asks_about_deep_learning(catalog: Catalog) -> None:
    """ "How do neural networks learn?" is a cue phrase of ``about`` in the content, so it is answered
    with what deep learning is, although "neural networks" names a skill; "do I need neural
    networks?" stays the skill."""
    how = await say(Core(catalog), "how do neural networks learn? is it like a brain")
    assert meaning(how) == ("about", ("topic:about",))
    need = await say(Core(catalog), "do i need neural networks?")
    assert meaning(need) == ("skill", ("skill:network-architectures",))


async def test_a_cue_word_said_of_the_writers_own_described_workplace_is_not_the_question(
    catalog: Catalog,
) -> None:
    """ "My dental practice uses a chatbot, how does it work" asks about the application: "practice"
    (an experience cue) is the writer's own workplace, described by one word after "my"."""
    reply = await say(Core(catalog), "my dental practice uses a chatbot for patients, how does it work")
    assert meaning(reply) == ("example", ("example:text-understanding",))


async def test_schooling_weighed_as_enough_for_a_job_is_a_question_of_chances(catalog: Catalog) -> None:
    """ "Bootcamp only, no degree: enough for a data analyst job?" and "is a diploma enough, or will I
    need a full degree to get in" weigh the writer's chances; "are online courses enough to learn
    it properly" asks about education."""
    job = await say(Core(catalog), "bootcamp only, no degree — enough for a data analyst job?")
    assert job.meaning.intent == "chances"
    get_in = await say(Core(catalog), "is a diploma enough, or will i need a full degree to get in")
    assert get_in.meaning.intent == "chances"
    learn = await say(Core(catalog), "are online courses enough to learn it properly")
    assert meaning(learn) == ("education", ("topic:education",))


async def test_a_role_set_aside_after_its_name_or_denied_is_left_out_of_the_ranking(catalog: Catalog) -> None:
    """ "MLOps engineer aside, who is paid best?" and "best pay, but not mlops engineer" rank
    the other roles: the role set aside is not the answer."""
    top = (await say(Core(catalog), "which role pays the most")).meaning.topics
    assert top == ("career:mlops-engineer",)
    for text in ("mlops engineer aside, who is paid best?", "best pay, but not mlops engineer"):
        reply = await say(Core(catalog), text)
        assert reply.meaning.intent == "ranking", text
        assert "career:mlops-engineer" not in reply.meaning.topics, text


async def test_three_roles_named_as_one_list_are_compared_side_by_side(catalog: Catalog) -> None:
    """ "Vision engineer, language engineer and data analyst side by side" compares all three: each
    range, the skills each has alone, and how far the best paid is from the worst paid. A third
    role named elsewhere ("I'm a research scientist btw") stays out of a two-role comparison."""
    reply = await say(Core(catalog), "compare vision engineer, language engineer and data analyst please")
    trio = ("career:vision-engineer", "career:language-engineer", "career:data-analyst")
    assert meaning(reply) == ("compare", trio)
    text = reply.text()
    assert reply.title == "Vision Engineer vs Language Engineer vs Data Analyst"
    for shown in ("$111,000", "$155,000", "$93,000", "$148,000", "$88,000", "$131,000"):
        assert shown in text
    assert "Vision Engineer pays the most and Data Analyst the least: $23,000 apart" in text
    assert "Only Language Engineer" in text
    assert "Skills they all need" in text
    pair = await say(Core(catalog), "vision engineer vs language engineer? i'm a research scientist btw")
    assert meaning(pair) == ("compare", trio[:2])


async def test_a_doubt_word_beside_an_industry_asked_where_used_is_no_question_of_chances(
    catalog: Catalog,
) -> None:
    """ "Where does it actually get used in logistics?" and "where does deep learning fit into
    farming, realistically?" ask about the industry; "realistically, can I get into it?" weighs the
    writer's chances."""
    used = await say(
        Core(catalog),
        "we run a small firm. honestly we don't get it. where does it actually get used in logistics?",
    )
    assert (used.meaning.intent, used.meaning.topics[0]) == ("domain", "example:warehouse-robots")
    fit = await say(Core(catalog), "i grow wheat. where does deep learning fit into farming, realistically?")
    assert (fit.meaning.intent, fit.meaning.topics[0]) == ("domain", "example:crop-monitoring")
    doubt = await say(Core(catalog), "i'm 45 with no degree, realistically can i get into it?")
    assert doubt.meaning.intent == "chances"


async def test_a_job_asked_of_the_bot_for_the_writer_is_declined(catalog: Catalog) -> None:
    """ "Can you apply to these jobs for me" and "build a fraud model for my shop please" ask the
    bot for a job it does not do; "what can you build with deep learning" and "can deep learning
    be applied to farming" do not. A request right after "can u" is declined whatever goal the
    writer tells beside it."""
    for text in (
        "can you apply to the vision engineer jobs for me",
        "build a fraud model for my shop please",
    ):
        assert (await say(Core(catalog), text)).meaning.intent == "limit_scope", text
    for text in (
        "what kind of stuff can you build with deep learning",
        "can deep learning be applied to farming?",
    ):
        assert (await say(Core(catalog), text)).meaning.intent != "limit_scope", text
    resume = await say(
        Core(catalog), "can u rewrite my resume, i'm applying to language engineer roles and want it perfect"
    )
    assert resume.meaning.intent == "limit_scope"


async def test_a_phrase_both_off_topic_and_about_reads_as_about_beside_deep_learning(
    catalog: Catalog,
) -> None:
    """ "In the news" is both off-topic and a cue of what deep learning is: "why is deep learning
    suddenly in the news" asks what deep learning is; "what's in the news today" is declined."""
    news = await say(Core(catalog), "how come deep learning is suddenly in the news")
    assert meaning(news) == ("about", ("topic:about",))
    today = await say(Core(catalog), "what's in the news today")
    assert today.meaning.intent == "limit_scope"


async def test_a_situation_told_in_a_few_words_is_personal(catalog: Catalog) -> None:
    """ "teacher, know python, want mlops engineer. next?" is a situation in six words: the roadmap
    for the role, with Python covered, and so is "python yes" as an item of the list; "python?" as
    an item, and "do i need to know python for mlops engineer?", ask about the skill."""
    terse = await say(Core(catalog), "teacher, know python, want mlops engineer. next?")
    assert meaning(terse) == ("personal", ("career:mlops-engineer",))
    assert covered(terse) == {"python-scripting"}
    need = await say(Core(catalog), "do i need to know python for mlops engineer?")
    assert need.meaning.intent != "personal"
    listed = await say(Core(catalog), "teacher, python yes, want mlops engineer. next?")
    assert meaning(listed) == ("personal", ("career:mlops-engineer",))
    assert covered(listed) == {"python-scripting"}
    asked = await say(Core(catalog), "teacher, python?, want mlops engineer. next?")
    assert asked.meaning.intent != "personal"


async def test_experience_heading_a_question_about_a_role_is_the_experience_question(
    catalog: Catalog,
) -> None:
    """ "Experience required for mlops engineer?" asks what experience counts (the experience
    facts); "skills and experience for mlops engineer" asks for the role's roadmap."""
    head = await say(Core(catalog), "experience required for mlops engineer?")
    assert meaning(head) == ("experience", ("topic:experience",))
    road = await say(Core(catalog), "skills and experience for mlops engineer")
    assert meaning(road) == ("path", ("career:mlops-engineer",))


async def test_the_vs_emoji_compares(catalog: Catalog) -> None:
    """ "vision engineer 🆚 language engineer" compares the two roles, as "vs" does."""
    reply = await say(Core(catalog), "vision engineer 🆚 language engineer, break it down for me")
    assert meaning(reply) == ("compare", ("career:vision-engineer", "career:language-engineer"))


async def test_square_brackets_around_a_word_are_no_markup(catalog: Catalog) -> None:
    """ "**[salary]** `mlops engineer`" asks for the salary: only BBCode's own tags ("[b]", "[url=...]")
    are markup, so "[salary]" stays a word; "[b]salary[/b] of [url=http://x.io]mlops engineer[/url]"
    asks the same."""
    for text in (
        "**[salary]** `mlops engineer` <br><br>",
        "[b]salary[/b] of [url=http://x.io]mlops engineer[/url]",
    ):
        assert meaning(await say(Core(catalog), text)) == ("salary", ("career:mlops-engineer",)), text


async def test_a_sum_weighed_for_a_role_asks_its_salary(catalog: Catalog) -> None:
    """ "Is 100k realistic for a new data analyst?" and "is $120,000 realistic for a data analyst"
    ask about the role's pay (its range), not about the writer's chances; "i'm 45, is it
    realistic to become a data analyst" still weighs them."""
    for text in ("is 100k realistic for a new data analyst?", "is $120,000 realistic for a data analyst"):
        assert meaning(await say(Core(catalog), text)) == ("salary", ("career:data-analyst",)), text
    doubt = await say(Core(catalog), "i'm 45, is it realistic to become a data analyst")
    assert doubt.meaning.intent == "chances"


async def test_a_number_before_a_role_word_is_no_kind_of_role(catalog: Catalog) -> None:
    """ "I manage a call centre with 80 engineers ... where does deep learning show up in call
    centres?" asks about the industry: "80 engineers" is a number of people, not an unknown role."""
    text = "I manage a call centre with 80 engineers. where does deep learning show up in call centres?"
    reply = await say(Core(catalog), text)
    assert (reply.meaning.intent, reply.meaning.topics[:1]) == ("domain", ("example:voice-assistants",))


async def test_a_role_shaped_word_before_a_pay_verb_is_a_role_the_content_lacks(catalog: Catalog) -> None:
    """ "What do bioinformaticians earn?" asks about a role the content does not have: said
    plainly, never with another role's salary."""
    reply = await say(Core(catalog), "what do bioinformaticians earn?")
    assert reply.meaning.intent == "limit_role"
