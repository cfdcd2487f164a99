"""The content parse cache: a restart or a reload parses only changed files, and never answers differently."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.content import parsecache
from bot.content.loader import load_catalog
from bot.content.parsecache import ParseCache
from bot.content.yamlfile import read_yaml
from bot.errors import ContentError
from bot.settings import load_settings
from tests.multilingual import write_multilingual


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_multilingual(tmp_path / "content")


def test_cached_documents_equal_fresh_parses(folder: Path, tmp_path: Path) -> None:
    """Every file read back from the cache has the same data, line map and duplicates as a fresh parse."""
    cache = ParseCache(tmp_path / "cache")
    for path in _files(folder):
        read_yaml(path, cache)
    assert cache.misses == len(_files(folder))
    assert cache.hits == 0
    for path in _files(folder):
        fresh, cached = read_yaml(path), read_yaml(path, cache)
        assert (cached.data, cached.lines, cached.duplicates) == (fresh.data, fresh.lines, fresh.duplicates)
    assert cache.hits == len(_files(folder))


def test_a_second_load_parses_nothing_and_builds_the_same_catalog(folder: Path, tmp_path: Path) -> None:
    """A load with a warm cache reads every file from it and gives the catalog an uncached load gives."""
    first = load_catalog(folder, ParseCache(tmp_path / "cache"))
    warm = ParseCache(tmp_path / "cache")
    second = load_catalog(folder, warm)
    plain = load_catalog(folder)
    assert warm.misses == 0
    assert warm.hits == len(_files(folder))
    assert first.version == second.version == plain.version
    assert second.careers == plain.careers
    assert second.skills == plain.skills
    for code in ("es", "ru"):
        assert second.for_language(code).careers == plain.for_language(code).careers


def test_an_edited_file_is_parsed_again_and_its_problems_keep_their_lines(
    folder: Path, tmp_path: Path
) -> None:
    """After an edit only that file misses, and a problem in it (or in a cached file) names the same line."""
    load_catalog(folder, ParseCache(tmp_path / "cache"))
    careers = folder / "careers.yaml"
    text = careers.read_text(encoding="utf-8")
    edited = text.replace("schema_version: 1", "schema_version: 1\nsurprise: 1")
    careers.write_text(edited, encoding="utf-8")
    line = edited.splitlines().index("surprise: 1") + 1
    with pytest.raises(ContentError) as plain:
        load_catalog(folder)
    misses = []
    for _ in range(2):  # the edited file's first parse, then its cached parse
        cache = ParseCache(tmp_path / "cache")
        with pytest.raises(ContentError) as cached:
            load_catalog(folder, cache)
        assert [str(p) for p in cached.value.problems] == [str(p) for p in plain.value.problems]
        misses.append(cache.misses)
    assert misses == [1, 0]
    assert any(p.line == line and p.path == "surprise" for p in plain.value.problems)


def test_duplicate_keys_are_still_reported_from_the_cache(tmp_path: Path) -> None:
    """A duplicate key, which the parse notes, is kept in the entry and reported again on a cached read."""
    path = tmp_path / "dup.yaml"
    path.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    cache = ParseCache(tmp_path / "cache")
    read_yaml(path, cache)
    again = read_yaml(path, cache)
    assert cache.hits == 1
    assert again.duplicates == [(("a",), 3)]
    assert again.data == {"a": 1, "b": 2}


def test_a_torn_or_corrupted_entry_is_a_miss_and_is_written_again(tmp_path: Path) -> None:
    """A truncated entry (a crash mid-write elsewhere) or a flipped byte is never believed."""
    path = tmp_path / "one.yaml"
    path.write_text("name: Vision Engineer\nlow: 111000\n", encoding="utf-8")
    cache = ParseCache(tmp_path / "cache")
    read_yaml(path, cache)
    entry = tmp_path / "cache" / cache.key(path.read_bytes())
    good = entry.read_bytes()
    for bad in (good[:40], good[:-1] + bytes([good[-1] ^ 1]), b""):
        entry.write_bytes(bad)
        fresh = ParseCache(tmp_path / "cache")
        assert read_yaml(path, fresh).data == {"name": "Vision Engineer", "low": 111000}
        assert fresh.misses == 1
        assert fresh.hits == 0
        assert entry.read_bytes() == good


def test_an_unusable_cache_folder_warns_once_and_the_content_still_loads(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A cache path that is a file (or unwritable) gives one warning; the load parses as without a cache."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.content.parsecache"):
        catalog = load_catalog(folder, ParseCache(blocked / "cache"))
    assert catalog.version == load_catalog(folder).version
    warnings = [r for r in caplog.records if r.name == "bot.content.parsecache"]
    assert len(warnings) == 1
    assert "parsed each time" in warnings[0].getMessage()


def test_old_entries_are_pruned_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each edit adds an entry; past MAX_ENTRIES the oldest go, the newest stay."""
    monkeypatch.setattr(parsecache, "MAX_ENTRIES", 3)
    cache_dir = tmp_path / "cache"
    names = []
    for i in range(5):
        path = tmp_path / f"f{i}.yaml"
        path.write_text(f"n: {i}\n", encoding="utf-8")
        cache = ParseCache(cache_dir)  # a new cache per load: each prunes once, on its first write
        read_yaml(path, cache)
        entry = cache_dir / cache.key(path.read_bytes())
        os.utime(entry, ns=(i * 10**9, i * 10**9))
        names.append(entry.name)
    left = sorted(p.name for p in cache_dir.iterdir())
    assert len(left) == 3
    assert names[-1] in left
    assert names[0] not in left


def test_settings_name_the_cache_folder(tmp_path: Path) -> None:
    """CONTENT_CACHE defaults to DATA_DIR/content-cache, takes a path, and ``off`` turns it off."""
    assert load_settings({"DATA_DIR": str(tmp_path)}).content_cache == tmp_path / "content-cache"
    assert load_settings({"CONTENT_CACHE": str(tmp_path / "c")}).content_cache == tmp_path / "c"
    assert load_settings({"CONTENT_CACHE": "off"}).content_cache is None
    assert load_settings({"CONTENT_CACHE": " OFF "}).content_cache is None
