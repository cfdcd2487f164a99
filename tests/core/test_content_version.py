"""The content version: a digest of every content file's name and bytes, English and translations."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from bot.content.loader import CONTENT_FILES, bundled_content_dir, load_catalog


def plain_version(folder: Path) -> str:
    """The version by definition: the files' names and bytes as they are on disk, in order."""
    translations = sorted(str(p.relative_to(folder)) for p in folder.glob("locales/*/*.y*ml"))
    names = sorted(CONTENT_FILES) + translations
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        if (folder / name).is_file():
            digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:12]


def test_the_version_is_the_digest_of_the_files_read(tmp_path: Path) -> None:
    """The version (made from the bytes the load parsed) is the digest of the files on disk, and
    editing one translation file changes it."""
    folder = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), folder)
    before = load_catalog(folder).version
    assert before == plain_version(folder)
    path = folder / "locales" / "ru" / "cues.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = load_catalog(folder).version
    assert after == plain_version(folder) != before
