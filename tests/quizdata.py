"""Quiz answers shared by the end-to-end quiz tests of every platform (the fixture catalog's quiz)."""

from __future__ import annotations

from bot.phrases import EN

LONG_NAME = "Autonomous Drone and Robot Systems Integration Engineer"
"""The fixture catalog's career with a long name (id autonomy-systems-integrator)."""

LANGUAGE_ANSWERS = ("Documents", "I can follow", "Code every day", "An engineering", "Shipping", "A software")
"""Button labels (prefixes) of answers that rank the Language Engineer first."""
ROBOTICS_ANSWERS = (
    "Machines",
    "I enjoy the maths",
    "Code every day",
    "An engineering",
    "Shipping",
    "A factory",
)
"""Button labels (prefixes) of answers that rank the long-named autonomy career first."""


def question(number: int) -> str:
    """The title line of quiz question ``number``."""
    return EN.quiz_question.format(number=number, total=6)
