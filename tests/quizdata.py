"""Quiz answers shared by the end-to-end quiz tests of every platform."""

from __future__ import annotations

from bot.phrases import EN

NLP_ANSWERS = ("Written language", "I know the basics", "A lot", "A degree", "Building", "A tech")
"""Button labels (prefixes) of answers that rank the NLP engineer first."""
ROBOT_ANSWERS = ("Robots", "Very comfortable", "A lot", "A degree", "Building", "Cars")
"""Button labels (prefixes) of answers that rank the autonomous systems engineer first."""


def question(number: int) -> str:
    """The title line of quiz question ``number``."""
    return EN.quiz_question.format(number=number, total=6)
