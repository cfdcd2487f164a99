"""Free-text understanding in Spanish and Russian on the fixture catalog, whose locales' cue words
(tests/fixtures/catalog/locales/<lang>/cues.yaml) add to the English ones: each kind of question is
answered as its English phrasing is, by the same rules reading the language's own grammar words
(the first person, possessives, "¿puedes ...?", "the other one", "número 2", "¿y frente a ...?").

Pinned in both languages: a personal situation with a goal and a skill, chances (age, no degree, a
switch), a comparison, a ranking, follow-ups by pronoun, ordinal, number, "the other one" and "and
versus X?", an ordinal counted in the content's order, unknown roles (their modifier before or, as
Spanish role names put it, after the role word), requests outside the job, everyday things that
point to an application, a role named as a subject of study ("un máster en visión artificial") and
curiosity that is no goal.
"""

from __future__ import annotations

import pytest

from bot.content.catalog import Catalog
from tests.talk import chat_in, covered, meaning


@pytest.mark.parametrize(
    ("lang", "text", "goal"),
    [
        (
            "es",
            "soy enfermera, sé Python y quiero trabajar en asistentes de voz, ¿qué hago?",
            "example:voice-assistants",
        ),
        (
            "ru",
            "я медсестра, знаю Python и хочу работать с голосовыми помощниками, что мне делать?",
            "example:voice-assistants",
        ),
        (
            "es",
            "mi hijo quiere ser ingeniero de lenguaje, ya programa en Python en el colegio, "
            "¿qué debería hacer?",
            "career:language-engineer",
        ),
        (
            "ru",
            "моему сыну 16, он хочет стать инженером компьютерного зрения и уже пишет на Python в школе, "
            "что ему делать?",
            "career:vision-engineer",
        ),
    ],
)
async def test_a_personal_situation_with_a_goal_and_a_skill(
    catalog: Catalog, lang: str, text: str, goal: str
) -> None:
    """The writer's (or their child's) situation, goal and skill: the roadmap to the goal with Python
    offered as covered; the child's school is no education question."""
    (reply,) = await chat_in(catalog, lang, text)
    assert reply.meaning.intent == "personal", text
    assert reply.meaning.topics[0] == goal, text
    assert covered(reply) == {"python-scripting"}, text


@pytest.mark.parametrize(
    ("lang", "turns", "intent", "topics"),
    [
        # chances: age, no degree, a switch of fields
        (
            "es",
            ["tengo 45 años, no tengo título y vengo de la contabilidad, ¿tengo alguna posibilidad?"],
            "chances",
            None,
        ),
        ("ru", ["мне 45 лет, у меня нет диплома, хочу сменить профессию, есть ли шансы?"], "chances", None),
        # a comparison and a ranking
        (
            "es",
            ["¿cuál es la diferencia entre un analista de datos y un ingeniero de lenguaje?"],
            "compare",
            ("career:data-analyst", "career:language-engineer"),
        ),
        (
            "ru",
            ["чем отличается инженер компьютерного зрения от инженера по языковым моделям?"],
            "compare",
            ("career:vision-engineer", "career:language-engineer"),
        ),
        ("es", ["¿qué profesión está mejor pagada?"], "ranking", None),
        ("ru", ["какая профессия самая высокооплачиваемая?"], "ranking", None),
        # follow-ups: a pronoun, an ordinal, a number, "the other one", "and versus X?"
        ("es", ["háblame del analista de datos", "¿y cuánto gana?"], "salary", ("career:data-analyst",)),
        (
            "ru",
            ["расскажи про инженера компьютерного зрения", "а сколько он получает?"],
            "salary",
            ("career:vision-engineer",),
        ),
        ("es", ["¿qué profesiones hay?", "háblame de la tercera"], "career", ("career:mlops-engineer",)),
        ("ru", ["какие есть профессии?", "расскажи про третью"], "career", ("career:mlops-engineer",)),
        ("es", ["¿qué profesiones hay?", "el número 2"], "career", ("career:data-analyst",)),
        ("ru", ["какие есть профессии?", "вариант 2"], "career", ("career:data-analyst",)),
        (
            "es",
            ["analista de datos frente a ingeniero de lenguaje", "¿y el otro?"],
            "career",
            ("career:language-engineer",),
        ),
        ("ru", ["инженер nlp против инженера по зрению", "а другой?"], "career", ("career:vision-engineer",)),
        (
            "es",
            ["háblame de la ingeniera de visión", "¿y frente a un ingeniero de lenguaje?"],
            "compare",
            ("career:vision-engineer", "career:language-engineer"),
        ),
        (
            "ru",
            ["расскажи про инженера компьютерного зрения", "а против инженера nlp?"],
            "compare",
            ("career:vision-engineer", "career:language-engineer"),
        ),
        # an ordinal before "profession" with no list shown counts in the content's order
        ("es", ["háblame de la sexta profesión"], "career", ("career:autonomy-systems-integrator",)),
        ("ru", ["расскажи о шестой профессии"], "career", ("career:autonomy-systems-integrator",)),
        # roles the content lacks: a job-title ending, an English title, a modifier before a role word
        ("es", ["¿cuánto gana un psicólogo?"], "limit_role", ()),
        ("es", ["¿cuánto gana un prompt engineer?"], "limit_role", ()),
        ("ru", ["сколько зарабатывает промпт-инженер?"], "limit_role", ()),
        # ... and after it, as Spanish role names put it ("Ingeniero de MLOps"); a known role stays known
        ("es", ["¿cuánto gana un ingeniero de prompts?"], "limit_role", ()),
        ("es", ["¿cuánto cobra un analista cuantitativo?"], "limit_role", ()),
        ("es", ["¿cuánto gana un ingeniero de lenguaje?"], "salary", ("career:language-engineer",)),
        # requests outside the job: a task after "can you", a cover letter
        ("es", ["¿puedes escribir un script de Python que descargue LinkedIn?"], "limit_scope", ()),
        ("es", ["escríbeme una carta de presentación"], "limit_scope", ()),
        ("ru", ["можешь написать скрипт на Python, который парсит LinkedIn?"], "limit_scope", ()),
        ("ru", ["напиши мне сопроводительное письмо"], "limit_scope", ()),
        # everyday things and products: the application behind them
        (
            "es",
            ["el asistente de voz de mi móvil, ¿qué aplicación es esa?"],
            "example",
            ("example:voice-assistants",),
        ),
        ("ru", ["как работает голосовой помощник в телефоне?"], "example", ("example:voice-assistants",)),
        # a role named as a subject of study, the course word before it
        ("es", ["¿vale la pena un máster en visión artificial?"], "education", ("topic:education",)),
        (
            "ru",
            ["в моём универе есть курс «Машинное зрение», хороший ли это путь?"],
            "education",
            ("topic:education",),
        ),
        # wanting to know is curiosity, not a goal
        ("es", ["mi mujer quiere saber cómo Bixby la entiende"], "example", ("example:voice-assistants",)),
        ("ru", ["моя жена хочет узнать, как Bixby её понимает"], "example", ("example:voice-assistants",)),
    ],
)
async def test_each_kind_of_question_in_spanish_and_russian(
    catalog: Catalog, lang: str, turns: list[str], intent: str, topics: tuple[str, ...] | None
) -> None:
    """The last turn's meaning: its intent and, where given, its topics."""
    *_, reply = await chat_in(catalog, lang, *turns)
    if topics is None:
        assert reply.meaning.intent == intent, turns
    else:
        assert meaning(reply) == (intent, topics), turns


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "me encanta programar, escribir código todo el día, ¿qué profesión me va?"),
        ("es", "escribo código a diario, ¿qué profesión me va?"),
        ("ru", "люблю программировать, писать код весь день, какая профессия мне подходит?"),
    ],
)
async def test_a_task_verb_naming_an_activity_is_no_request(catalog: Catalog, lang: str, text: str) -> None:
    """An infinitive opening a clause ("escribir código todo el día") or a verb of the writer's own
    ("escribo", a plain word the speller does not turn into the request "escribe") says what they
    do, not what they ask."""
    (reply,) = await chat_in(catalog, lang, text)
    assert reply.meaning.intent != "limit_scope", text
