"""A content load pauses Python's cycle collector, and may: it leaves no reference cycle behind."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.content.loader import bundled_content_dir, load_catalog
from bot.errors import ContentError


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_a_load_leaves_no_garbage_for_the_cycle_collector() -> None:
    """Everything a load (with both translations) allocates is freed by reference counts or kept
    by the catalog: a full collection right after it finds nothing unreachable."""
    load_catalog()  # imports and pydantic's first-use work happen once, outside the check
    gc.collect()
    catalog = load_catalog()
    assert gc.collect() == 0
    assert catalog.for_language("ru").language == "ru"


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_back_after_a_load_good_or_bad(tmp_path: Path) -> None:
    """The collector runs again after a load, and after one that fails; a collector the program
    turned off stays off."""
    load_catalog()
    assert gc.isenabled()
    folder = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), folder)
    (folder / "careers.yaml").write_text("schema_version: 1\ncareers: [\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load_catalog(folder)
    assert gc.isenabled()
    gc.disable()
    load_catalog()
    assert not gc.isenabled()
