"""The fake Discord as a server of its own, and the sitecustomize that points a bot's discord.py at it.

The Docker smoke test (scripts/docker-smoke.sh) runs ``python -m tests.fakes.discord_api``
next to the container and drives it over HTTP (``/_test/``); inside the container,
``tests/fakes/discord_point/sitecustomize.py`` points discord.py at it.  These tests pin
both halves without Docker, so a broken fake or pointer fails here first.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest

from adapters.config import Config
from adapters.discord.runner import DiscordRunner
from adapters.discord.settings import DiscordSettings
from bot.core import Core
from bot.phrases import EN
from bot.settings import Secret, Settings
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_wire import TOKEN

from .conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
POINT_DIR = ROOT / "tests" / "fakes" / "discord_point"
OTHER_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GcLiTs.standalone-fake-token-for-this-test-0123"


@pytest.fixture
def standalone() -> Iterator[str]:
    """``python -m tests.fakes.discord_api`` on a free port (with its own token); yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "tests.fakes.discord_api", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--token", OTHER_TOKEN],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until the fake listens (or dies)
        assert line.strip() == f"fake-discord ready on http://127.0.0.1:{port}", line
        yield f"http://127.0.0.1:{port}"
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0, "the standalone fake did not stop cleanly on SIGTERM"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def load_pointer(monkeypatch: pytest.MonkeyPatch, api: str) -> None:
    """Run the container's sitecustomize in this process for ``api``; the test's end undoes it."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    )
    monkeypatch.setenv("CAREERBOT_TEST_DISCORD_API", api)
    spec = importlib.util.spec_from_file_location("point_sitecustomize", POINT_DIR / "sitecustomize.py")
    assert spec is not None
    assert spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


async def poll(session: aiohttp.ClientSession, url: str, ready: Any, seconds: float = 10.0) -> Any:
    """GET ``url`` until ``ready(json)`` holds; return that JSON."""
    async with asyncio.timeout(seconds):
        while True:
            async with session.get(url) as response:
                body = await response.json()
            if response.status == 200 and ready(body):
                return body
            await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def running_bot(core: Core, settings: Config) -> AsyncIterator[asyncio.Task[None]]:
    """careerbot's real Discord runner, in this process, until the block ends."""
    stop = asyncio.Event()
    task = asyncio.create_task(DiscordRunner(core, settings.discord, settings.core.data_dir).run(stop))
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


async def test_standalone_fake_serves_the_real_bot_and_is_driven_over_http(
    standalone: str, core: Core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake run as ``python -m tests.fakes.discord_api`` serves careerbot's real Discord runner
    (pointed at it by the container's sitecustomize code): the bot identifies and bulk-overwrites its
    global commands, ``POST /_test/slash`` runs /start, ``GET /_test/interactions/<id>`` shows the
    welcome embed, nothing was rejected, and the fake exits 0 on SIGTERM (checked by the fixture)."""
    load_pointer(monkeypatch, standalone)
    pointed_base = discord.http.Route.BASE
    assert pointed_base == f"{standalone}/api/v10"
    discord_settings = DiscordSettings(token=Secret(OTHER_TOKEN))
    settings = Config(Settings(data_dir=tmp_path / "data"), discord=discord_settings)
    async with aiohttp.ClientSession() as session, running_bot(core, settings) as task:
        state = await poll(
            session, f"{standalone}/_test/state", lambda s: (s["online"] and s["command_puts"]) or task.done()
        )
        assert not task.done(), task.result()
        assert state["identifies"] == 1
        assert state["command_puts"][0]["scope"] == "global"
        assert "start" in state["commands"]["global"]

        async with session.post(f"{standalone}/_test/slash", json={"name": "start", "user_id": 4242}) as r:
            assert r.status == 200, await r.text()
            iid = (await r.json())["id"]
        answer = await poll(session, f"{standalone}/_test/interactions/{iid}", lambda a: a["messages"])
        assert answer["id"] == iid
        assert answer["callbacks"][0]["type"] in (4, 5)
        assert answer["messages"][0]["embeds"][0]["title"] == EN.start_title

        async with session.get(f"{standalone}/_test/state") as r:
            state = await r.json()
        assert state["interactions"] == 1
        assert state["rejections"] == []


async def test_standalone_fake_accepts_only_its_token(
    standalone: str, core: Core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--token`` is the one token accepted: a bot with the test suite's default token is refused
    (careerbot reports a rejected DISCORD_TOKEN) and never identifies."""
    load_pointer(monkeypatch, standalone)
    settings = Config(Settings(data_dir=tmp_path / "data"), discord=DiscordSettings(token=Secret(TOKEN)))
    with pytest.raises(Exception, match="DISCORD_TOKEN"):
        async with running_bot(core, settings) as task:
            await asyncio.wait_for(asyncio.shield(task), 10)
    async with aiohttp.ClientSession() as session, session.get(f"{standalone}/_test/state") as r:
        assert (await r.json())["identifies"] == 0


async def test_control_endpoints_answer_errors_plainly() -> None:
    """The ``/_test/`` endpoints say what is wrong: 404 for a command never synced or an unknown
    interaction, 400 for a body without a command name, 409 when no bot is online to receive it."""
    fake = await FakeDiscord().start()
    base = f"http://{fake.host}:{fake.port}"
    fake.commands[None] = [{"id": "1", "name": "start", "description": "Start", "options": []}]
    try:
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{base}/_test/slash", json={"name": "nope"}) as r:
                assert r.status == 404
                assert "never synced" in (await r.json())["error"]
            async with session.post(f"{base}/_test/slash", json={"options": {}}) as r:
                assert r.status == 400
            async with session.get(f"{base}/_test/interactions/12345") as r:
                assert r.status == 404
            async with session.get(f"{base}/_test/interactions/not-a-number") as r:
                assert r.status == 404
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(fake, "wait_online", _never_online)
                async with session.post(f"{base}/_test/slash", json={"name": "start"}) as r:
                    assert r.status == 409
    finally:
        await fake.close()


async def _never_online(seconds: float = 5.0) -> None:
    raise TimeoutError


@pytest.mark.parametrize("api", ["", "http://127.0.0.1:9"])
def test_discord_point_folder_changes_discord_py_only_when_asked(api: str) -> None:
    """On ``PYTHONPATH`` (as in the container), the sitecustomize folder leaves discord.py alone and
    does not even import it unless ``CAREERBOT_TEST_DISCORD_API`` is set; when set, the REST base
    and the default gateway point at that address, in a fresh interpreter started the normal way."""
    env = {k: v for k, v in os.environ.items() if k != "CAREERBOT_TEST_DISCORD_API"}
    env["PYTHONPATH"] = str(POINT_DIR)
    if api:
        env["CAREERBOT_TEST_DISCORD_API"] = api
    probe = (
        "import sys; imported = 'discord' in sys.modules; import discord; "
        "print(imported, discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    if api:
        assert out == ["True", "http://127.0.0.1:9/api/v10", "ws://127.0.0.1:9/gateway"]
    else:
        assert out == ["False", "https://discord.com/api/v10", "wss://gateway.discord.gg/"]
