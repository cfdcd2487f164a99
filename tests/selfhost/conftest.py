"""Shared helpers of the self-hosting tests: a content folder to edit, fake platform runners, free ports."""

from __future__ import annotations

import asyncio
import shutil
import socket
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from adapters.bootstrap import App, bootstrap
from adapters.config import Config
from bot.core import Core
from bot.settings import Settings
from tests.content import FIXTURE_CONTENT


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture catalog (YAML files only)."""
    target = tmp_path / "content"
    target.mkdir()
    for source in FIXTURE_CONTENT.glob("*.yaml"):
        shutil.copy(source, target / source.name)
    return target


ADMIN = "telegram:42"
"""The one admin of the test app (ADMIN_IDS)."""


@pytest.fixture
def app(content_dir: Path) -> App:
    """The whole app, built by the composition root, serving the copied content folder."""
    return bootstrap(
        Config(Settings(admin_ids=frozenset({ADMIN}))),
        content_dir=content_dir,
        platforms=("telegram", "discord"),
    )


@pytest.fixture
def core(app: App) -> Core:
    """The app's core."""
    return app.core


def with_settings(app: App, settings: Settings) -> App:
    """``app`` served with other runtime settings (health port, content watch...)."""
    return replace(app, config=replace(app.config, core=settings))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def change_content(folder: Path) -> None:
    """A valid edit: rename the first career (the content version changes)."""
    path = folder / "careers.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for i, raw in enumerate(lines):
        if raw.lstrip().startswith("name:"):
            lines[i] = raw.rstrip("\n") + " (edited)\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def break_content(folder: Path) -> None:
    """An invalid edit: a career links to a skill that does not exist."""
    path = folder / "careers.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "skills:\n"
    assert marker in text
    head, _, tail = text.partition(marker)
    indent = tail[: len(tail) - len(tail.lstrip(" "))]
    path.write_text(f"{head}{marker}{indent}- no-such-skill\n{tail}", encoding="utf-8")


class FakeRunner:
    """A platform runner whose first ``fail_times`` starts raise; then it serves until stopped."""

    def __init__(self, name: str, fail_times: int = 0, error: type[Exception] = RuntimeError) -> None:
        self.name = name
        self.fail_times = fail_times
        self.error = error
        self.starts: list[float] = []
        self.connected = False
        self.stopped_cleanly = False

    async def run(self, stop: asyncio.Event) -> None:
        """Fail, or connect and wait for ``stop``."""
        self.starts.append(time.monotonic())
        if len(self.starts) <= self.fail_times:
            raise self.error(f"{self.name} start {len(self.starts)} failed")
        self.connected = True
        try:
            await stop.wait()
        finally:
            self.connected = False
        self.stopped_cleanly = True


def factory_of(runners: dict[str, FakeRunner]) -> Callable[[str, Core, Config], FakeRunner]:
    """A runtime factory that hands out the given fake runners by platform name."""

    def create(name: str, core: Core, config: Config) -> FakeRunner:
        return runners[name]

    return create
