"""The content model on the fixture catalog: links both ways, aliases resolve, actions fit.

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
        ("career", "cv", "vision-engineer"),
        ("career", "autonomy systems integrator", "autonomy-systems-integrator"),
        ("career", "nlu engineer", "language-engineer"),
        ("example", "nlu", "text-understanding"),
        ("example", "autonomous forklift", "warehouse-robots"),
        ("skill", "maths", "matrix-methods"),
        ("skill", "pytorch", "toolkits"),
        ("skill", "Python", "python-scripting"),
    ],
)
def test_aliases_people_type(catalog: Catalog, kind: str, alias: str, expected: str) -> None:
    """An abbreviation, an id read as words, a multi-word alias, a plural of an alias (maths ->
    math) and an alias in capitals each resolve to the right entity."""
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
