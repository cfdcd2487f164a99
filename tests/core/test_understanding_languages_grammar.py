"""Free-text understanding in Spanish and Russian on the fixture catalog: the grammar words of each
language (pronouns and demonstratives, "can a ...", where roles work, a child's age, a time to come,
"who earns more, A or B", what a background counts for, "overall", who judges candidates) read by
the same rules as the English ones."""

from __future__ import annotations

import pytest

from bot.content.catalog import Catalog
from tests.talk import chat_in, meaning


@pytest.mark.parametrize(
    ("lang", "turns", "intent", "topics"),
    [
        # where a role works: the role's card, not education ("universidades o empresas")
        (
            "es",
            ["¿dónde trabajan las científicas de investigación, en universidades o en empresas?"],
            "career",
            ("career:research-scientist",),
        ),
        (
            "es",
            ["¿una ingeniera de visión trabaja en una universidad o en una empresa?"],
            "career",
            ("career:vision-engineer",),
        ),
        (
            "ru",
            ["где работает инженер компьютерного зрения: в университете или в компании?"],
            "career",
            ("career:vision-engineer",),
        ),
        (
            "ru",
            ["инженер по зрению работает в университете или в компании?"],
            "career",
            ("career:vision-engineer",),
        ),
        # the writer's child and its age
        (
            "es",
            [
                "mi hijo de 16 años quiere ser ingeniero de lenguaje, ya programa en Python en el colegio, "
                "¿qué debería hacer?"
            ],
            "personal",
            ("career:language-engineer",),
        ),
        (
            "ru",
            [
                "мой 16-летний сын хочет стать инженером компьютерного зрения, уже пишет на Python в школе. "
                "что ему делать?"
            ],
            "personal",
            ("career:vision-engineer",),
        ),
        # "en 12 meses" is a target, not years spent; "en los cultivos" is a field
        (
            "es",
            ["¿un plan para ser ingeniero de lenguaje en 12 meses?"],
            "path",
            ("career:language-engineer",),
        ),
        ("es", ["¿cómo se usa el deep learning en los cultivos?"], "domain", ("example:crop-monitoring",)),
        # who or which of the two, with a pay word and "or": ranks the two
        (
            "es",
            ["¿quién tiene mejor sueldo, un analista de datos o un ingeniero de lenguaje?"],
            "ranking",
            None,
        ),
        ("ru", ["кто больше зарабатывает, инженер компьютерного зрения или инженер nlp?"], "ranking", None),
        # a pronoun or a demonstrative with its noun in a follow-up
        (
            "es",
            ["háblame del ingeniero de lenguaje", "¿y eso está bien pagado?"],
            "salary",
            ("career:language-engineer",),
        ),
        (
            "es",
            ["háblame del ingeniero de lenguaje", "¿ese trabajo está bien pagado?"],
            "salary",
            ("career:language-engineer",),
        ),
        (
            "ru",
            ["расскажи про инженера nlp", "а это хорошо оплачивается?"],
            "salary",
            ("career:language-engineer",),
        ),
        # the writer's years that count: chances
        ("es", ["¿mis 10 años como desarrollador cuentan?"], "chances", None),
        ("ru", ["мои 10 лет разработчиком засчитаются?"], "chances", None),
        # a condition after a question about one's chances is about them too
        ("es", ["tengo 50 años, ¿es demasiado tarde?", "¿y si no tengo experiencia?"], "chances", None),
        ("ru", ["мне 50, не поздно ли?", "а если у меня нет опыта?"], "chances", None),
        # the definite article before a role word several roles share: which of them
        ("es", ["¿cuánto gana el ingeniero?"], "clarify", ()),
        # a place in the pay order
        ("es", ["¿qué profesión queda segunda en sueldo?"], "ranking", None),
        ("ru", ["какая профессия на втором месте по зарплате?"], "ranking", None),
        # a skill as the means of a role: the role's roadmap
        ("es", ["visión artificial con Python, ¿por dónde empiezo?"], "path", ("career:vision-engineer",)),
        ("ru", ["машинное зрение на Python, с чего начать?"], "path", ("career:vision-engineer",)),
        # the people who judge candidates are no role asked about
        ("ru", ["какой опыт хотят видеть менеджеры по найму?"], "experience", ("topic:experience",)),
    ],
)
async def test_the_grammar_words_of_spanish_and_russian(
    catalog: Catalog, lang: str, turns: list[str], intent: str, topics: tuple[str, ...] | None
) -> None:
    """The rules that read grammar words (where and employed, my and the age's unit, time_ahead,
    who_which and alternative, demonstratives and their nouns, count, condition, definite,
    standing, tool_marker, judges) read the language's own."""
    *_, reply = await chat_in(catalog, lang, *turns)
    if topics is None:
        assert reply.meaning.intent == intent, turns
    else:
        assert meaning(reply) == (intent, topics), turns


@pytest.mark.parametrize(
    ("lang", "pair", "lowest", "overall"),
    [
        (
            "es",
            "¿quién gana más, un analista de datos o un ingeniero de lenguaje?",
            "¿qué profesión está peor pagada?",
            "¿y el más bajo en general?",
        ),
        (
            "ru",
            "кто больше зарабатывает, инженер компьютерного зрения или инженер nlp?",
            "какая профессия меньше всего получает?",
            "а самый низкий в целом?",
        ),
    ],
)
async def test_overall_after_two_roles_ranks_every_role(
    catalog: Catalog, lang: str, pair: str, lowest: str, overall: str
) -> None:
    """ "And the lowest overall?" after ranking two roles is the lowest paid of every role, as asked alone."""
    (alone,) = await chat_in(catalog, lang, lowest)
    assert alone.meaning.intent == "ranking"
    replies = await chat_in(catalog, lang, pair, overall)
    assert replies[1].meaning.intent == "ranking"
    assert replies[1].meaning.topics == alone.meaning.topics


@pytest.mark.parametrize(
    ("lang", "text", "outcome"),
    [
        # "can a sales guy become ...": someone like the writer making the move ("может ли" is "can a")
        ("es", "¿puede un vendedor convertirse en analista de datos?", "chances"),
        ("ru", "может ли продавец стать инженером компьютерного зрения?", "chances"),
        # the one making the move is a role the content holds: not someone like the writer
        ("ru", "может ли инженер по зрению стать инженером nlp?", "not chances"),
        # "¿eso ...?" points at nothing shown: asked back; "este servidor" is no pointer
        ("es", "¿eso es difícil?", "clarify"),
        ("ru", "это сложно?", "clarify"),
        ("es", "¿este servidor está caído?", "not clarify"),
        ("ru", "этот сервер не работает, почему?", "not clarify"),
        # recruiters looking for something are no unknown role
        ("es", "¿qué buscan los reclutadores?", "not limit_role"),
    ],
)
async def test_someone_like_me_and_pointers_at_nothing(
    catalog: Catalog, lang: str, text: str, outcome: str
) -> None:
    """The modal that opens a question about someone like the writer, and pronouns or
    demonstratives with no conversation to point back to."""
    (reply,) = await chat_in(catalog, lang, text)
    negated, _, intent = outcome.rpartition(" ")
    assert (reply.meaning.intent == intent) != bool(negated), text
