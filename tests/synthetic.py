"""Synthetic content: a content folder replicated N times, for scale tests and benchmarks.

The tests replicate the fixture catalog (``source=FIXTURE_CONTENT``); without a source, as
bench/core.py calls it, the bundled content is replicated.

Replica ``k`` copies every career, skill and example with ``-k`` appended to
ids, `` k`` to names and aliases, and links kept within the replica, so the
result is valid content with N times as many entities.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.content.loader import bundled_content_dir


def _tag(k: int) -> str:
    """A short suffix that keeps every id within 32 characters."""
    return f"v{k}"


def write_synthetic(target: Path, factor: int, source: Path | None = None) -> Path:
    """Write ``factor`` replicas of ``source`` (default: bundled content) into ``target``."""
    src = source or bundled_content_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in ("about.yaml", "guidance.yaml", "quiz.yaml", "cues.yaml"):
        (target / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    for name, top, links in (
        ("careers.yaml", "careers", ("skills", "examples")),
        ("skills.yaml", "skills", ("careers",)),
        ("examples.yaml", "examples", ("careers",)),
    ):
        data: dict[str, Any] = yaml.safe_load((src / name).read_text(encoding="utf-8"))
        items = []
        for k in range(factor):
            for item in data[top]:
                copy = dict(item)
                if k:
                    tag = _tag(k)
                    copy["id"] = f"{item['id']}-{tag}"
                    copy["name"] = f"{item['name']} {tag}"
                    copy["aliases"] = [f"{a} {tag}" for a in item.get("aliases", [])]
                    for link in links:
                        copy[link] = [f"{i}-{tag}" for i in item.get(link, [])]
                items.append(copy)
        data[top] = items
        (target / name).write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return target
