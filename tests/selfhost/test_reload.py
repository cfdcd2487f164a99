"""Content hot reload: SIGHUP, the admin /reload command and CONTENT_WATCH polling."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from pathlib import Path

import pytest

from adapters.bootstrap import App, bootstrap
from adapters.config import Config
from adapters.runtime import run_platforms
from bot.core import Core
from bot.settings import Settings
from tests.selfhost.conftest import with_settings
from tests.talk import reply_to
from tests.waiting import eventually

from .conftest import FakeRunner, break_content, change_content, factory_of


def test_valid_new_content_is_swapped_in(app: App, core: Core, content_dir: Path) -> None:
    """A reload of edited, valid content serves the new version and reports it."""
    old = core.catalog
    change_content(content_dir)
    result = app.reloader.reload()
    assert result.ok
    assert result.problems == ()
    assert core.catalog is not old
    assert result.version == core.catalog.version != old.version
    first = next(iter(core.catalog.careers.values()))
    assert first.name.endswith("(edited)")


def test_invalid_new_content_keeps_the_old_catalog_and_logs_the_errors(
    app: App, core: Core, content_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Invalid content never replaces what is served; every problem is returned and logged."""
    old = core.catalog
    break_content(content_dir)
    with caplog.at_level(logging.ERROR, logger="careerbot.reload"):
        result = app.reloader.reload()
    assert not result.ok
    assert core.catalog is old
    assert result.version == old.version
    assert any("no-such-skill" in p for p in result.problems)
    assert "still serving version " + old.version in caplog.text
    assert "no-such-skill" in caplog.text
    reply = reply_to(core, "/careers", platform="telegram")
    assert reply is not None
    assert not reply.is_error


def test_reload_feeds_the_metrics(app: App, core: Core, content_dir: Path) -> None:
    """Reload attempts are counted by result and the new version replaces the old one in content_info."""
    metrics, reloader = app.metrics, app.reloader
    change_content(content_dir)
    assert reloader.reload().ok
    break_content(content_dir)
    assert not reloader.reload().ok
    text = metrics.exposition({}).decode()
    assert f'careerbot_content_info{{version="{core.catalog.version}"}} 1.0' in text
    assert text.count("careerbot_content_info{") == 1
    assert 'careerbot_content_reloads_total{result="ok"} 1.0' in text
    assert 'careerbot_content_reloads_total{result="invalid"} 1.0' in text


def test_admin_reload_command_answers_with_the_outcome(core: Core, content_dir: Path) -> None:
    """/reload from a user in ADMIN_IDS reloads and replies with the version, or with the problems."""
    change_content(content_dir)
    reply = reply_to(core, "/reload", platform="telegram", user_id="42")
    assert reply is not None
    assert not reply.is_error
    assert core.catalog.version in reply.text()
    served = core.catalog.version
    break_content(content_dir)
    reply = reply_to(core, "/reload@CareerBot", platform="telegram", user_id="42", bot_username="CareerBot")
    assert reply is not None
    assert reply.is_error
    assert "no-such-skill" in reply.text()
    assert served in reply.text()
    assert core.catalog.version == served


def test_reload_command_is_unknown_for_everyone_else(core: Core, content_dir: Path) -> None:
    """A non-admin (or an admin id on another platform) gets the normal unknown-command reply."""
    change_content(content_dir)
    old = core.catalog
    unknown = reply_to(core, "/nosuchcommand", platform="telegram", user_id="7")
    for platform, user in (("telegram", "7"), ("discord", "42")):
        reply = reply_to(core, "/reload", platform=platform, user_id=user)
        assert reply is not None
        assert reply.title == unknown.title
    assert core.catalog is old


async def test_sighup_reloads_the_content_of_a_running_bot(app: App, core: Core, content_dir: Path) -> None:
    """A real SIGHUP to the process running `run all` swaps in the edited content while serving."""
    runner = FakeRunner("telegram")
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_platforms(
            with_settings(app, Settings()),
            ("telegram",),
            retry=True,
            factory=factory_of({"telegram": runner}),
            stop=stop,
        )
    )
    await eventually(lambda: runner.connected)
    old = core.catalog.version
    change_content(content_dir)
    os.kill(os.getpid(), signal.SIGHUP)
    await eventually(lambda: core.catalog.version != old)
    assert runner.connected
    assert len(runner.starts) == 1
    stop.set()
    await asyncio.wait_for(task, 5)
    assert runner.stopped_cleanly


async def test_content_watch_reloads_when_files_change(
    app: App, core: Core, content_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """With CONTENT_WATCH the folder is polled and a settled change is reloaded without a signal."""
    caplog.set_level(logging.INFO, logger="careerbot.reload")
    reloader = app.reloader
    stop = asyncio.Event()
    watcher = asyncio.create_task(reloader.watch(stop, 0.02))
    old = core.catalog.version
    # the watcher logs "watching ..." and takes its first snapshot in one step: change after that
    await eventually(lambda: "watching " in caplog.text)
    change_content(content_dir)
    await eventually(lambda: core.catalog.version != old)
    stop.set()
    await asyncio.wait_for(watcher, 2)


def test_the_app_parses_only_changed_files_on_a_reload(content_dir: Path, tmp_path: Path) -> None:
    """The composition root gives the load and the reloader one parse cache in DATA_DIR/content-cache:
    a reload after editing one file parses that file alone, and serves the edit."""
    settings = Settings(data_dir=tmp_path / "data")
    app = bootstrap(Config(settings), content_dir=content_dir)
    cache = app.reloader.cache
    assert cache is not None
    assert cache.folder == tmp_path / "data" / "content-cache"
    files = len(list(content_dir.rglob("*.yaml")))
    assert cache.misses == files
    assert len(list(cache.folder.iterdir())) == files
    change_content(content_dir)
    assert app.reloader.reload().ok
    assert cache.misses == files + 1
    assert cache.hits == files - 1
    assert next(iter(app.core.catalog.careers.values())).name.endswith("(edited)")
