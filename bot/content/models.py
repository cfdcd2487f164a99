"""Pydantic v2 models for the YAML content files.

Every model forbids unknown keys (``extra="forbid"``) and is frozen, so a
loaded catalog cannot be changed by accident.  Cross-references between
files (a career naming a skill id, ...) are checked by :mod:`bot.content.loader`
after each file has passed its own model.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, model_validator

SCHEMA_VERSION = 1

ContentId = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=32),
]
"""Lower-case id such as ``nlp-engineer``: letters, digits and single dashes, 32 chars at most."""

Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=1500)]
"""A non-empty piece of prose."""

Name = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=60)]
"""A short display name."""

Alias = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=60)]

Url = Annotated[str, StringConstraints(strict=True, pattern=r"^https://[^\s<>\"]+$", max_length=300)]

Stage = Literal["foundation", "core", "applied"]
"""Where a skill sits on a learning roadmap: foundations first, applied last."""

STAGE_ORDER: dict[str, int] = {"foundation": 0, "core": 1, "applied": 2}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Resource(_Model):
    """A link to read or watch."""

    title: Name
    url: Url


class DataVolume(_Model):
    """The daily data-volume figure quoted in the seed article."""

    amount: Name
    period: Name
    text: Text


class About(_Model):
    """What deep learning is."""

    name: Name
    summary: Text
    definition: Text
    neural_networks: Text
    uses: tuple[Text, ...] = Field(min_length=1)
    data_volume: DataVolume
    context: tuple[Text, ...] = ()


class Example(_Model):
    """An application area of deep learning."""

    id: ContentId
    name: Name
    aliases: tuple[Alias, ...] = ()
    summary: Text
    details: Text | None = None
    domains: tuple[Alias, ...] = ()
    careers: tuple[ContentId, ...] = ()


class Skill(_Model):
    """A skill a deep-learning practitioner needs."""

    id: ContentId
    name: Name
    aliases: tuple[Alias, ...] = ()
    stage: Stage
    summary: Text
    why: Text
    start: tuple[Text, ...] = Field(min_length=1)
    careers: tuple[ContentId, ...] = ()


class Salary(_Model):
    """A yearly salary range."""

    region: Name
    currency: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{3}$")]
    low: StrictInt = Field(gt=0)
    high: StrictInt = Field(gt=0)

    @model_validator(mode="after")
    def _low_not_above_high(self) -> Salary:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is greater than high ({self.high})")
        return self


class Career(_Model):
    """A deep-learning role."""

    id: ContentId
    name: Name
    aliases: tuple[Alias, ...] = ()
    summary: Text
    work: Text
    workplaces: tuple[Name, ...] = Field(min_length=1)
    skills: tuple[ContentId, ...] = Field(min_length=1)
    examples: tuple[ContentId, ...] = ()
    salary: Salary


class Education(_Model):
    """What to study."""

    summary: Text
    maths: tuple[Text, ...] = Field(min_length=1)
    programming: Text
    machine_learning: Text
    degree: Text
    self_study: Text


class Experience(_Model):
    """What experience counts and how to get it."""

    summary: Text
    counts: tuple[Text, ...] = Field(min_length=1)
    hands_on: Text
    ways: tuple[Text, ...] = Field(min_length=1)
    transfer: Text


class SalaryNotes(_Model):
    """Caveats that go with every salary range."""

    summary: Text
    caveats: tuple[Text, ...] = Field(min_length=1)
    raises: tuple[Text, ...] = ()


class Guidance(_Model):
    """Education, experience and salary notes."""

    education: Education
    experience: Experience
    salary_notes: SalaryNotes
    resources: tuple[Resource, ...] = ()


class _File(_Model):
    schema_version: Literal[1]


class AboutFile(_File):
    """``about.yaml``."""

    about: About


class ExamplesFile(_File):
    """``examples.yaml``."""

    examples: tuple[Example, ...] = Field(min_length=1)


class SkillsFile(_File):
    """``skills.yaml``."""

    skills: tuple[Skill, ...] = Field(min_length=1)


class CareersFile(_File):
    """``careers.yaml``."""

    careers: tuple[Career, ...] = Field(min_length=1)


class GuidanceFile(_File):
    """``guidance.yaml``."""

    guidance: Guidance


Label = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=40)]
"""A button label: short enough for one button on every platform."""

Reason = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=200)]
"""One reason in a quiz result ("you like building products")."""

Weight = Annotated[StrictInt, Field(ge=-5, le=5)]
"""How much an answer speaks for (positive) or against (negative) a career."""


class QuizAnswer(_Model):
    """One answer to a quiz question, with what it says about each career."""

    id: ContentId
    label: Label
    reason: Reason
    weights: dict[ContentId, Weight] = Field(default_factory=dict)


class QuizQuestion(_Model):
    """A quiz question answered with one button press."""

    id: ContentId
    text: Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=200)]
    answers: tuple[QuizAnswer, ...] = Field(min_length=2, max_length=8)


class Quiz(_Model):
    """The career match quiz: questions, answers and scoring weights."""

    title: Name
    intro: Text
    questions: tuple[QuizQuestion, ...] = Field(min_length=1, max_length=10)


class QuizFile(_File):
    """``quiz.yaml``."""

    quiz: Quiz


FILE_MODELS: dict[str, type[_File]] = {
    "about.yaml": AboutFile,
    "examples.yaml": ExamplesFile,
    "skills.yaml": SkillsFile,
    "careers.yaml": CareersFile,
    "guidance.yaml": GuidanceFile,
    "quiz.yaml": QuizFile,
}
"""The content files, each with the model its top level must match."""
