"""The immutable catalog that every handler reads from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.content.cues import CueBook
from bot.content.index import EntityIndex, Kind, Ref
from bot.content.models import About, Career, Example, Guidance, Quiz, Skill
from bot.content.passages import Passages
from bot.content.speller import Speller


@dataclass(frozen=True, slots=True)
class Catalog:
    """All validated content, indexed for lookups.  Never mutated after loading.

    ``version`` is a short hash of the content files, ``source`` the folder
    they came from, ``load_seconds`` how long loading and validation took and
    ``all_refs`` every entity of each kind as a :class:`Ref`, in content order;
    ``quiz`` is the career match quiz; ``cues`` the compiled cue words of ``cues.yaml``.
    """

    about: About
    examples: Mapping[str, Example]
    skills: Mapping[str, Skill]
    careers: Mapping[str, Career]
    guidance: Guidance
    index: EntityIndex
    version: str
    source: str
    load_seconds: float
    all_refs: Mapping[str, tuple[Ref, ...]]
    quiz: Quiz
    cues: CueBook
    speller: Speller
    passages: Passages

    def name_of(self, kind: Kind, entity_id: str) -> str:
        """Display name of an entity (its id if unknown)."""
        table: Mapping[str, Example | Skill | Career] = self.table(kind)
        entity = table.get(entity_id)
        return entity.name if entity is not None else entity_id

    def table(self, kind: Kind) -> Mapping[str, Example | Skill | Career]:
        """The entities of one kind, by id, in content order."""
        if kind == "career":
            return self.careers
        if kind == "skill":
            return self.skills
        return self.examples

    def ref(self, kind: Kind, entity_id: str) -> Ref:
        """A :class:`Ref` for an existing entity."""
        return Ref(kind, entity_id, self.name_of(kind, entity_id))

    def refs(self, kind: Kind) -> tuple[Ref, ...]:
        """All entities of one kind, in content order (precomputed at load)."""
        return self.all_refs[kind]
