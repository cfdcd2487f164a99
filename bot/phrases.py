"""Every user-facing phrase of the core, in one place.

Handlers never spell out UI text themselves; they read it from a
:class:`Phrases` instance, so a translation is a second instance of this
class.  Content text (careers, skills...) comes from the YAML files instead.
"""

from __future__ import annotations

from dataclasses import dataclass

PLURAL_CATEGORIES: tuple[str, ...] = ("zero", "one", "two", "few", "many", "other")
"""The CLDR plural categories, in CLDR order."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Plural:
    """A phrase that depends on a number: one template per CLDR plural category.

    ``other`` is always there; a language has exactly the categories CLDR gives it
    (English: one, other; Spanish: one, many, other; Russian: one, few, many, other).
    :func:`bot.i18n.formatting.plural` picks the form for a number and fills it.
    """

    other: str
    zero: str | None = None
    one: str | None = None
    two: str | None = None
    few: str | None = None
    many: str | None = None

    def form(self, category: str) -> str:
        """The template of ``category`` (``other`` when this phrase has no such form)."""
        value = getattr(self, category, None) if category in PLURAL_CATEGORIES else None
        return value if isinstance(value, str) else self.other

    @property
    def categories(self) -> frozenset[str]:
        """The categories this phrase has a form for."""
        return frozenset(c for c in PLURAL_CATEGORIES if getattr(self, c) is not None)


@dataclass(frozen=True, slots=True)
class Phrases:
    """UI text of the bot.  Fields with ``{placeholders}`` are ``str.format`` templates.

    :class:`Plural` fields hold one template per plural category, with ``{count}``;
    the ``*_counted`` templates take such a phrase, already filled, as one placeholder.
    The translations are ``content/locales/<lang>/phrases.yaml`` (see :mod:`bot.i18n.phrasebook`).
    """

    def stage(self, stage: str) -> str:
        """The name of a roadmap stage (``foundation``, ``core``, ``applied``): its ``stage_*`` phrase."""
        return str(getattr(self, f"stage_{stage}", stage))

    def kind(self, kind: str) -> str:
        """The name of a kind of entity (``career``, ``skill``, ``example``): its ``kind_*`` phrase."""
        return str(getattr(self, f"kind_{kind}", kind))

    # Command descriptions (shown in Telegram's menu and Discord's slash commands: <= 100 chars).
    desc_start: str = "Start here: what careerbot can tell you"
    desc_help: str = "List the commands, or explain one"
    desc_about: str = "What deep learning is"
    desc_examples: str = "Where deep learning is used, by application or industry"
    desc_skills: str = "The skills you need, and where to start with each"
    desc_careers: str = "Deep-learning roles: what they do and where they work"
    desc_salary: str = "US salary ranges for deep-learning roles"
    desc_education: str = "The education you need: maths, programming, degree or self-study"
    desc_experience: str = "The experience employers look for and how to get it"
    desc_path: str = "A step-by-step learning roadmap for a role"
    desc_ask: str = "Ask a question in your own words"
    arg_topic: str = "An application or industry, e.g. medical imaging or healthcare"
    arg_skill: str = "A skill, e.g. python, calculus or pytorch"
    arg_role: str = "A role, e.g. nlp engineer or data scientist"
    arg_question: str = "Your question, e.g. how much does an NLP engineer earn?"
    arg_command: str = "A command to explain"
    arg_private: str = "Show the answer only to you"
    """The ``private`` option every Discord slash command has."""

    # Start and help.
    start_title: str = "Welcome to careerbot"
    start_intro: str = (
        "I answer questions about getting into deep learning: the skills to learn, the education and "
        "experience that count, the roles you can aim for and what they pay."
    )
    start_hint: str = "Pick a topic below, use a command, or just ask a question in your own words."
    help_title: str = "Commands"
    help_footer: str = "Arguments forgive typos and accept aliases: /salary nlp engineer, /skills maths."
    help_command_title: str = "/{name}"
    help_usage: str = "Usage"
    help_unknown: str = "There is no command called '{name}'."

    # Buttons.
    btn_careers: str = "Careers"
    btn_skills: str = "Skills"
    btn_examples: str = "Examples"
    btn_salary: str = "Salaries"
    btn_education: str = "Education"
    btn_experience: str = "Experience"
    btn_about: str = "What is deep learning?"
    btn_path: str = "Roadmap: {name}"
    btn_salary_of: str = "Salary: {name}"
    btn_details: str = "About: {name}"
    btn_start: str = "Start over"
    btn_next: str = "More ›"
    btn_previous: str = "‹ Back"
    btn_share: str = "🔗 Share"
    """Telegram: the link button that opens the same answer in a chat with the bot."""
    btn_open_chat: str = "Open in chat"
    """Telegram: the button of an inline answer that opens the bot's chat."""
    menu_placeholder: str = "Choose one…"
    """Discord: what a select menu of many choices shows before one is chosen (150 characters at most)."""
    field_continued: str = "{name} (continued)"
    """Discord: the name of a field's next part when its text is split over two fields."""

    # Lists.
    list_careers_title: str = "Careers in deep learning"
    list_skills_title: str = "Skills for deep learning"
    list_examples_title: str = "Examples of deep learning"
    list_pick: str = "Pick one for details, or type its name after the command."
    list_page: str = "Page {page} of {pages}"
    list_domain_title: str = "Deep learning in {domain}"
    list_roles_of_title: str = "Roles behind {example}"
    path_pick_title: str = "Pick a role for your roadmap"
    kind_career: str = "career"
    kind_skill: str = "skill"
    kind_example: str = "application"

    # Entity details.
    field_where: str = "Where they work"
    field_skills: str = "Key skills"
    field_examples: str = "Related applications"
    field_careers: str = "Related careers"
    field_domains: str = "Industries"
    field_why: str = "Why it matters"
    field_start: str = "Where to start"
    field_stage: str = "Roadmap stage"
    stage_foundation: str = "foundation"
    stage_core: str = "core"
    stage_applied: str = "applied"

    # Salary.
    salary_title: str = "Salary ranges ({region})"
    salary_role_title: str = "Salary: {name}"
    salary_range: str = "{low} to {high} a year"
    salary_raises: str = "What raises your range"

    # Education and experience.
    education_title: str = "Education for deep learning"
    education_maths: str = "Maths"
    education_programming: str = "Programming"
    education_ml: str = "Machine learning"
    education_degree: str = "Degree"
    education_self_study: str = "Self-study"
    experience_title: str = "Experience for deep learning"
    experience_counts: str = "What counts"
    experience_ways: str = "How to get it"
    experience_transfer: str = "A caveat"

    # Roadmap.
    path_title: str = "Roadmap: {name}"
    path_step_education: str = "Lay the foundation"
    path_step_skills: str = "Learn the skills, in this order"
    path_step_experience: str = "Build experience"
    path_step_target: str = "Aim for the role"
    path_target: str = "{work} Typical pay in the {region}: {range}."

    # About.
    about_uses: str = "What it is used for"
    about_data: str = "Why now"

    # Free text.
    ask_empty_title: str = "Ask me anything about deep-learning careers"
    ask_empty: str = "For example: 'how much does an NLP engineer earn?' or 'what maths do I need?'"
    ask_unsure_title: str = "I'm not sure what you're asking"
    ask_unsure: str = "I could not match your question to what I know. These topics are closest:"
    ask_unsure_none: str = "Try one of the topics below, or rephrase with a role, a skill or an industry."
    ask_compare_title: str = "Compare which two?"
    ask_compare: str = (
        "Name the two roles, skills or applications you want compared, for example "
        '"data scientist vs ML engineer", or pick a topic below.'
    )
    ask_which_title: str = "Which one do you mean?"
    ask_which: str = (
        'I can\'t tell what "it" or "that" points to here: we haven\'t talked about anything yet '
        "(or it was a while ago). Name the role, skill or application, or pick a topic below."
    )

    # Comparisons and rankings.
    desc_compare: str = "Compare two roles, applications or skills side by side"
    arg_first: str = "The first role, application or skill"
    arg_second: str = "The second one"
    compare_title: str = "{a} vs {b}"
    compare_what: str = "What they do"
    compare_where: str = "Where they work"
    compare_shared: str = "Skills both need"
    compare_shared_all: str = "Skills they all need"
    compare_only: str = "Only {name}"
    compare_pay: str = "Pay ({region}, {currency} a year)"
    compare_difference: str = "Difference"
    compare_same_pay: str = "The two ranges are the same."
    compare_same_pay_all: str = "The ranges are all the same."
    compare_spread: str = (
        "{top} pays the most and {bottom} the least: {low} apart at the low end, {high} at the top."
    )
    compare_more: str = "{name} pays more: {low} more at the low end and {high} more at the top."
    compare_mixed: str = "{name} reaches higher at the top ({high} more); {other} starts higher ({low} more)."
    compare_domains: str = "Industries"
    compare_roles: str = "Roles that work on it"
    compare_need_two: str = "Compare what?"
    compare_need_two_hint: str = (
        "Name two roles, applications or skills, e.g. /compare nlp engineer data scientist."
    )
    compare_mixed_kinds: str = "I can compare two roles, two applications or two skills, not one of each."
    rank_title_high: str = "Best paid roles ({region})"
    rank_title_low: str = "Lowest paid roles ({region})"
    rank_title_all: str = "All roles by pay ({region})"
    rank_title_pair: str = "Who earns more ({region})"
    rank_top: str = "{name} has the highest range: {range}."
    rank_place_high: str = "Number {n} from the top: {name}, {range}."
    rank_place_low: str = "Number {n} from the bottom: {name}, {range}."
    rank_bottom: str = "{name} has the lowest range: {range}."
    rank_tie: str = "{names} share the same range: {range}."
    rank_without: str = "Leaving out: {names}."
    rank_order_high: str = "Ranked by the top of each range, highest first."
    rank_order_low: str = "Ranked by the bottom of each range, lowest first."

    # Personal situations and chances.
    personal_title: str = "Your way to {goal}"
    personal_goal_example: str = "The roles behind {example}: {names}. Here is the roadmap for {name}."
    personal_covered: str = "You said you have"
    personal_covered_none: str = "I did not spot skills you already have; mark them as you go."
    personal_next: str = "Still to learn, in roadmap order"
    personal_mark: str = (
        "✓ marks what you said you have. Press a skill to tick it on your checklist (/progress sums it up)."
    )
    chances_title: str = "Your chances"
    chances_intro: str = (
        "Deep learning asks for skills, not a particular past: here is what counts, from what I know."
    )
    chances_education: str = "Education"
    chances_experience: str = "Experience"

    # Honest limits.
    limit_region_title: str = "I only know US salaries"
    limit_region: str = (
        "My figures are US averages in US dollars; I have no figures for other countries or currencies, "
        "and pay differs a lot with location. Here are the US ranges:"
    )
    limit_role_title: str = "I don't know the role '{name}'"
    limit_role: str = (
        "That role is not in what I know, so I can't tell you what it does or pays. "
        "These are the roles I do know:"
    )
    limit_role_close: str = "Closest to it: {names}."
    limit_scope_title: str = "That is outside what I can do"
    limit_scope: str = (
        "I answer questions about getting into deep learning from what I know: roles, skills, education, "
        "experience, applications and US salary ranges. I can't write or review documents, write code, "
        "search for jobs or answer general questions. Here is what I can help with:"
    )
    clarify_title: str = "Which do you mean?"
    clarify: str = "'{term}' can mean more than one thing here. Pick one:"
    found_passage: str = "This is the closest I have to your question:"

    # Errors.
    did_you_mean_title: str = "I don't know '{text}'"
    did_you_mean: str = "Did you mean one of these?"
    no_suggestion: str = "Here is what I know about:"
    bad_argument: str = "I could not read that request; please type it as text."
    unknown_command_title: str = "Unknown command"
    unknown_command: str = "I don't know the command '/{name}'. Here is what I can do:"
    stale_button_title: str = "That button has expired"
    stale_button: str = "It belongs to an older message. Here is the start menu instead."
    apology_title: str = "Sorry, something went wrong"
    apology: str = "That one is on me, not you. If it keeps happening, tell the admin this reference:"
    footer_salary: str = "Figures: average US ranges in USD from the seed article; see the notes."
    footer_ref: str = "Reference: {ref}"

    # Admin: content reload.
    reload_ok_title: str = "Content reloaded"
    reload_ok: str = "Now serving content version {version}."
    reload_failed_title: str = "Content not reloaded"
    reload_more: str = "…and {count} more (see the bot's log)."

    # Saved state: quiz, checklist, progress, forgetme.
    desc_quiz: str = "A six-question quiz: which deep-learning role suits you?"
    desc_progress: str = "Your skill checklists: what you have and what is left, per role"
    desc_forgetme: str = "Delete everything careerbot has stored about you"
    state_unavailable_title: str = "Saved state is not available here"
    state_unavailable: str = (
        "The quiz, skill checklists and /forgetme need saved state, which this bot is not set up to keep."
    )
    store_down_title: str = "I can't reach my saved state right now"
    store_down: str = (
        "Your quiz, checklists and progress are kept on a server I cannot reach at the moment, so please "
        "try again in a moment (the button repeats what you asked). Everything else works as usual."
    )
    btn_try_again: str = "↻ Try again"
    btn_quiz: str = "Take the quiz"
    btn_progress: str = "My progress"
    btn_restart: str = "↺ Restart"
    btn_back: str = "‹ Back"
    btn_have: str = "✓ {name}"
    btn_i_have: str = "I have {name}"
    btn_not_yet: str = "☐ {name}"
    quiz_question: str = "Question {number} of {total}"
    quiz_footer: str = "Unfinished quizzes are forgotten after a while; /forgetme deletes your answers now."
    quiz_changed_title: str = "This step has changed"
    quiz_changed: str = (
        "That button belongs to an earlier step (pressed twice, or from an older message), "
        "so I did not apply it. Here is where your quiz is now:"
    )
    quiz_expired_title: str = "This quiz has expired"
    quiz_expired: str = "Unfinished quizzes are forgotten after a while. Start a new one?"
    quiz_result_title: str = "Your best matches"
    quiz_result_intro: str = "Based on your answers, these roles fit you best:"
    quiz_match: str = "{percent}% match"
    quiz_why: str = "Why"
    quiz_salary: str = "Salary ({region})"
    quiz_others: str = "Also possible: {names}."
    quiz_no_match: str = "Your answers do not point to one role in particular. Have a look at all of them:"
    quiz_result_footer: str = (
        "A guide, not a verdict: every role can be learned. /progress tracks your skills."
    )
    checklist_title: str = "Your checklist"
    checklist_hint: str = (
        "Press a skill to mark it as one you have (press again to undo); /progress sums it up."
    )
    checklist_have: str = "✓ "
    checklist_not_yet: str = "○ "
    checklist_stale: str = "That checklist button is from an older version of the content."
    progress_title: str = "Your progress"
    progress_have: str = "You have"
    progress_left: str = "Still to learn, in roadmap order"
    progress_none: str = "nothing yet"
    progress_done: str = "nothing: you have every skill on this roadmap"
    progress_empty_title: str = "No checklist yet"
    progress_empty: str = (
        "Open a roadmap with /path <role> and press the skills you already have; "
        "your progress per role shows up here."
    )
    forget_title: str = "Deleted"
    forget_nothing: str = "I had nothing stored about you, so there was nothing to delete."
    forget_quiz_yes: str = "deleted"
    forget_quiz_no: str = "none"

    # Counted phrases: a Plural (CLDR plural forms, filled by Catalog.plural /
    # bot.i18n.formatting.plural) and the *_counted sentence it is placed in.
    reload_problems: Plural = Plural(one="{count} problem", other="{count} problems")
    reload_failed_counted: str = (
        "The new content has {problems}, so I kept serving version {version}. Fix these and retry:"
    )
    forget_skills: Plural = Plural(one="{count} skill mark", other="{count} skill marks")
    forget_checklists: Plural = Plural(one="{count} checklist", other="{count} checklists")
    forget_done_counted: str = (
        "I deleted everything I had stored about you: your quiz answers ({quiz}), "
        "{skills} and {checklists}. Nothing about you is left."
    )
    progress_skills: Plural = Plural(one="{count} skill", other="{count} skills")
    progress_role_counted: str = "{name}: {have} of {skills}"
    ask_characters: Plural = Plural(one="{count} character", other="{count} characters")
    ask_truncated_counted: str = "(Your message was long, so I only read the first {characters}.)"

    # Choosing the language (/language).
    desc_language: str = "Choose the language I answer in"
    arg_language: str = "A language code, e.g. en, es or ru"
    language_title: str = "Language"
    language_pick: str = "Pick the language I should answer in:"
    language_set: str = "From now on I answer you in {language}."
    language_unknown: str = "I can't answer in '{code}' yet. I speak: {languages}."
    language_auto: str = "Until you pick one, I follow the language of your app."
    language_auto_button: str = "Follow my app"
    language_followed: str = "From now on I follow the language of your app."
    btn_language: str = "🌐 Language"

    # Pictures (bot/handlers/charts.py): the chart's caption and alt text; other chart labels reuse
    # the salary and roadmap phrases above.
    chart_salary_source: str = "Average yearly pay in the {region}, in {currency}."
    chart_salary_alt: str = (
        "Chart of yearly salary ranges, highest first: {top} pays the most ({top_range}), "
        "{bottom} the least ({bottom_range})."
    )
    chart_salary_alt_one: str = "Chart of the yearly salary range of {name}: {range}."
    chart_salary_alt_marked: str = "Highlighted: {names}."
    chart_roadmap_alt: str = (
        "Chart of the roadmap to {name}: the foundation, then {skills} in order, experience, "
        "and the role ({range})."
    )
    chart_roadmap_marks: str = "Marked as done: {have} of {skills}."


EN = Phrases()
"""The English phrases, the default."""
