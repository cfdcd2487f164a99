"""The bundled content: every fact of the seed article, linked both ways, figures exact."""

from __future__ import annotations

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import bundled_content_dir
from bot.replies import Action

SEED_SALARIES = {
    "Research Scientist": (100_000, 150_000),
    "Data Scientist": (120_000, 190_000),
    "Machine Learning Engineer": (120_000, 180_000),
    "Computer Vision Engineer": (120_000, 170_000),
    "NLP Engineer": (120_000, 170_000),
    "Autonomous Systems Engineer": (110_000, 170_000),
}


def test_counts_match_the_seed(catalog: Catalog) -> None:
    """The seed lists 9 examples, 10 skills and 6 careers; all are present."""
    assert len(catalog.examples) == 9
    assert len(catalog.skills) == 10
    assert len(catalog.careers) == 6


def test_salaries_are_exact(catalog: Catalog) -> None:
    """Every career carries the seed's US range in USD, as numbers."""
    got = {c.name: (c.salary.low, c.salary.high) for c in catalog.careers.values()}
    assert got == SEED_SALARIES
    assert {(c.salary.region, c.salary.currency) for c in catalog.careers.values()} == {("US", "USD")}


def test_data_volume_figure(catalog: Catalog) -> None:
    """The daily data-volume figure is kept exactly."""
    assert catalog.about.data_volume.amount == "1.145 trillion MB"
    assert "day" in catalog.about.data_volume.period


def test_no_garbled_phrases_from_the_seed() -> None:
    """The seed's garbled 'deep understanding' / 'profound learning' are not repeated."""
    for path in bundled_content_dir().glob("*.yaml"):
        text = path.read_text(encoding="utf-8").casefold()
        assert "deep understanding" not in text, path.name
        assert "profound learning" not in text, path.name


def test_salary_caveats_cover_the_seed(catalog: Catalog) -> None:
    """Location, industry, the tech sector, degrees, experience and portfolio all appear in the notes."""
    notes = catalog.guidance.salary_notes
    text = " ".join((notes.summary, *notes.caveats, *notes.raises)).casefold()
    for word in (
        "location",
        "industry",
        "tech",
        "graduate degree",
        "phd",
        "postdoc",
        "experience",
        "portfolio",
    ):
        assert word in text, word


def test_links_go_both_ways(catalog: Catalog) -> None:
    """Careers list skills and examples, and those list the career back."""
    for career in catalog.careers.values():
        for skill_id in career.skills:
            assert career.id in catalog.skills[skill_id].careers
        for example_id in career.examples:
            assert career.id in catalog.examples[example_id].careers
    assert all(s.careers for s in catalog.skills.values())
    assert all(e.careers for e in catalog.examples.values())


@pytest.mark.parametrize(
    ("kind", "alias", "expected"),
    [
        ("career", "cv", "computer-vision-engineer"),
        ("career", "ml engineer", "ml-engineer"),
        ("career", "nlp engineer", "nlp-engineer"),
        ("example", "nlp", "natural-language-processing"),
        ("example", "self driving", "self-driving-cars"),
        ("skill", "maths", "linear-algebra"),
        ("skill", "pytorch", "frameworks"),
        ("skill", "Python", "programming"),
    ],
)
def test_aliases_people_type(catalog: Catalog, kind: str, alias: str, expected: str) -> None:
    """The aliases named in the issue resolve to the right entity."""
    found = catalog.index.resolve(kind, alias)  # type: ignore[arg-type]
    assert found.match is not None
    assert found.match.id == expected


def test_every_action_fits_64_bytes(catalog: Catalog) -> None:
    """A button for any content id, with any command, packs within Telegram's 64 bytes."""
    commands = ("careers", "skills", "examples", "salary", "path", "experience")
    ids = [*catalog.careers, *catalog.skills, *catalog.examples, "x" * 32]
    for command in commands:
        for entity_id in ids:
            packed = Action(command, entity_id).pack()
            assert len(packed.encode()) <= 64
            assert Action.unpack(packed) == Action(command, entity_id)
