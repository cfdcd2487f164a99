"""Parsed content files kept on disk, so a restart or a reload parses only the files that changed.

Parsing the YAML is most of a content load (the Spanish and Russian cue words alone are a few
thousand values). :class:`ParseCache` keeps what :func:`bot.content.yamlfile.read_yaml` made of
a file (its data, the line of every key path and its duplicate keys) under the SHA-256 of the
file's bytes, like Python's ``__pycache__`` keeps compiled modules. Validation is not cached:
every load validates every file again, so a cached file gives exactly the problems and the
catalog a fresh parse gives.

An entry is written atomically (temporary file, then rename) and starts with a digest of its
payload, so a torn or corrupted entry is a miss and is written again, never a wrong answer.
Entries are never trusted across formats: the key includes :data:`FORMAT` and the Python
version. Any I/O problem makes the cache step aside (one warning per cache, then silence):
the content is parsed as if there were no cache.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path

from bot.content.yamlfile import YamlDocument

log = logging.getLogger(__name__)

FORMAT = 1
"""Bumped whenever :func:`read_yaml`'s output changes shape; older entries then miss."""

MAX_ENTRIES = 400
"""Past this many entries the oldest are removed (each edit of a file adds one)."""

_SALT = f"careerbot-parse-{FORMAT}-{sys.version_info[0]}.{sys.version_info[1]}-{marshal.version}".encode()
_DIGEST = 32


class ParseCache:
    """Parsed YAML documents under ``folder``, keyed by the bytes of the file they came from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._broken = False
        self._written = 0

    def key(self, raw: bytes) -> str:
        """The entry name for a file with these bytes."""
        return hashlib.sha256(_SALT + raw).hexdigest()

    def get(self, raw: bytes) -> YamlDocument | None:
        """The document parsed earlier from exactly these bytes, or None."""
        if self._broken:
            return None
        try:
            blob = (self.folder / self.key(raw)).read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as exc:
            self._step_aside(exc)
            return None
        payload = blob[_DIGEST:]
        if len(blob) <= _DIGEST or hashlib.blake2b(payload, digest_size=_DIGEST).digest() != blob[:_DIGEST]:
            self.misses += 1
            return None
        try:
            data, lines, duplicates = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return YamlDocument(data, lines, duplicates)

    def put(self, raw: bytes, doc: YamlDocument) -> None:
        """Remember ``doc`` as the parse of ``raw`` (silently skipped when it cannot be stored)."""
        if self._broken:
            return
        try:
            payload = marshal.dumps((doc.data, doc.lines, doc.duplicates))
        except ValueError:
            return  # a value marshal cannot hold (a YAML timestamp): parse that file each time
        blob = hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(blob)
                os.replace(tmp, self.folder / self.key(raw))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            self._step_aside(exc)
            return
        self._written += 1
        if self._written == 1:
            self._prune()

    def _prune(self) -> None:
        try:
            entries = [p for p in self.folder.iterdir() if len(p.name) == 64]
            if len(entries) <= MAX_ENTRIES:
                return
            entries.sort(key=lambda p: p.stat().st_mtime_ns)
            for old in entries[: len(entries) - MAX_ENTRIES]:
                old.unlink(missing_ok=True)
        except OSError as exc:
            log.debug("could not prune the content parse cache in %s: %s", self.folder, exc)

    def _step_aside(self, exc: OSError) -> None:
        self._broken = True
        log.warning(
            "content parse cache in %s not usable (%s); content files are parsed each time",
            self.folder,
            exc.strerror or exc,
        )
