"""Synthetic content: a content folder replicated N times, for scale tests and benchmarks.

The tests replicate the fixture catalog (``source=FIXTURE_CONTENT``); without a source, as
bench/core.py calls it, the bundled content is replicated.

Replica ``k`` copies every career, skill and example with ``-k`` appended to
ids, `` k`` to names and aliases, and links kept within the replica, so the
result is valid content with N times as many entities.  The translations
(``locales/<lang>/``) of the languages named in ``locales`` are replicated
the same way, so every replica is translated as the original is (the
renderers' tests use it for Russian at the largest content).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml

from bot.content.loader import bundled_content_dir

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _dump(path: Path, data: Any) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def _tag(k: int) -> str:
    """A short suffix that keeps every id within 32 characters."""
    return f"v{k}"


ENTITY_FILES = (
    ("careers.yaml", "careers", ("skills", "examples")),
    ("skills.yaml", "skills", ("careers",)),
    ("examples.yaml", "examples", ("careers",)),
)


def _replicate(item: dict[str, Any], k: int, links: tuple[str, ...]) -> dict[str, Any]:
    """Replica ``k`` of one entity (or of its translation, which has no links)."""
    copy = dict(item)
    if k:
        tag = _tag(k)
        copy["id"] = f"{item['id']}-{tag}"
        if "name" in item:
            copy["name"] = f"{item['name']} {tag}"
        if "aliases" in item:
            copy["aliases"] = [f"{a} {tag}" for a in item.get("aliases", [])]
        for link in links:
            if link in item:
                copy[link] = [f"{i}-{tag}" for i in item.get(link, [])]
    return copy


def _write_locales(src: Path, target: Path, factor: int, languages: Collection[str]) -> None:
    """Replicate the translation folders of ``languages`` of ``src`` into ``target``."""
    for folder in sorted(p for p in (src / "locales").glob("*") if p.is_dir() and p.name in languages):
        out = target / "locales" / folder.name
        out.mkdir(parents=True, exist_ok=True)
        entity_names = {name: top for name, top, _ in ENTITY_FILES}
        for file in sorted(folder.glob("*.yaml")):
            if file.name not in entity_names:
                (out / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
                continue
            top = entity_names[file.name]
            data: dict[str, Any] = _load(file)
            data[top] = [_replicate(item, k, ()) for k in range(factor) for item in data.get(top) or []]
            _dump(out / file.name, data)


def write_synthetic(
    target: Path, factor: int, source: Path | None = None, *, locales: Collection[str] = ()
) -> Path:
    """Write ``factor`` replicas of ``source`` (default: bundled content) into ``target``, with
    the translations of the languages in ``locales`` (``("ru",)``; none by default)."""
    src = source or bundled_content_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in ("about.yaml", "guidance.yaml", "quiz.yaml", "cues.yaml"):
        (target / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    for name, top, links in ENTITY_FILES:
        data: dict[str, Any] = _load(src / name)
        data[top] = [_replicate(item, k, links) for k in range(factor) for item in data[top]]
        _dump(target / name, data)
    if locales and (src / "locales").is_dir():
        _write_locales(src, target, factor, locales)
    return target
