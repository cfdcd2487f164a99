"""The content model on the served catalog: links both ways, aliases resolve, actions fit.

The shipped content's facts and figures are checked in test_shipped_content.py."""

from __future__ import annotations

import pytest

from bot.content.catalog import Catalog
from bot.replies import Action


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
