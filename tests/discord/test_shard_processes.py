"""Two real `careerbot run discord` processes splitting the shards of one bot between them.

The fake Discord runs standalone (``python -m tests.fakes.discord_api``, as in
the Docker smoke test) with the bot in two servers, one per shard of two, and
Discord's session start limit (one IDENTIFY per 5 s) enforced.  Each careerbot
process is pointed at it by tests/fakes/discord_point's sitecustomize and runs
one shard (``DISCORD_SHARD_COUNT=2``, ``DISCORD_SHARD_IDS=0`` or ``1``) with its
own health listener, whose /metrics shows which requests that process answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.phrases import EN
from tests.content import FIXTURE_CONTENT
from tests.fakes.discord_api import TOKEN, guild_on_shard
from tests.selfhost.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
POINT_DIR = ROOT / "tests" / "fakes" / "discord_point"
SERVER_0 = guild_on_shard(0, 2)
SERVER_1 = guild_on_shard(1, 2)


@contextlib.contextmanager
def process(command: list[str], log: Path, env: dict[str, str], cwd: Path) -> Iterator[subprocess.Popen[str]]:
    """Run ``command`` (output to ``log``) until the block ends; then SIGTERM it and expect exit 0."""
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            yield proc
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(15) == 0, f"{command[2:]} did not stop cleanly:\n{log.read_text()[-3000:]}"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def standalone_fake() -> Iterator[str]:
    """The fake Discord in its own process, the bot in SERVER_0 and SERVER_1; yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "tests.fakes.discord_api", "--port", str(port), "--limit-identifies"]
    command += ["--guild", str(SERVER_0), "--guild", str(SERVER_1)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    fake = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert fake.stdout is not None
        line = fake.stdout.readline()  # blocks until the fake listens (or dies)
        assert line.strip() == f"fake-discord ready on http://127.0.0.1:{port}", line
        yield f"http://127.0.0.1:{port}"
        fake.send_signal(signal.SIGTERM)
        assert fake.wait(10) == 0, "the standalone fake did not stop cleanly on SIGTERM"
    finally:
        if fake.poll() is None:
            fake.kill()
            fake.wait()
        if fake.stdout is not None:
            fake.stdout.close()


def careerbot_env(api: str, shard: int, data: Path, health_port: int) -> dict[str, str]:
    """The environment of the careerbot process running ``shard`` of two."""
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    return {
        **base,
        "PYTHONPATH": str(POINT_DIR),
        "CAREERBOT_TEST_DISCORD_API": api,
        "CAREERBOT_CONTENT_DIR": str(FIXTURE_CONTENT),
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_SHARD_COUNT": "2",
        "DISCORD_SHARD_IDS": str(shard),
        "DATA_DIR": str(data),
        "HEALTH_HOST": "127.0.0.1",
        "HEALTH_PORT": str(health_port),
    }


async def poll(http: aiohttp.ClientSession, url: str, ready: Callable[[Any], Any], seconds: float) -> Any:
    """GET ``url`` (JSON) until ``ready(body)`` holds; return the body."""
    async with asyncio.timeout(seconds):
        while True:
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(url) as response:
                    body = await response.json()
                if ready(body):
                    return body
            await asyncio.sleep(0.1)


def requests_of(metrics: str) -> dict[str, float]:
    """careerbot_requests_total of the discord platform, by command, from a /metrics page."""
    return {
        s.labels["command"]: s.value
        for family in text_string_to_metric_families(metrics)
        for s in family.samples
        if s.name == "careerbot_requests_total" and s.labels.get("platform") == "discord"
    }


async def test_two_processes_split_the_servers_by_shard(tmp_path: Path) -> None:
    """Processes with DISCORD_SHARD_IDS=0 and =1 (of 2) both identify (one retried after the start
    limit's op 9 if they collide); the server of shard 0 and DMs are answered by the first process
    only, the server of shard 1 by the second only; each /healthz shows its one shard connected."""
    health = [free_port(), free_port()]
    command = [sys.executable, "-m", "bot", "--env-file", str(tmp_path / "none.env"), "run", "discord"]
    with standalone_fake() as api, contextlib.ExitStack() as bots:
        for shard in (0, 1):
            env = careerbot_env(api, shard, tmp_path / f"data{shard}", health[shard])
            bots.enter_context(process(command, tmp_path / f"bot{shard}.log", env, tmp_path))
        logs = f"see {tmp_path}/bot0.log and bot1.log"
        async with aiohttp.ClientSession() as http:

            def both_ready(state: dict[str, Any]) -> bool:
                live = sorted(s["shard"] for s in state["sessions"] if s["online"])
                return live == [[0, 2], [1, 2]] and "about" in state["commands"].get("global", [])

            state = await poll(http, f"{api}/_test/state", both_ready, 60)
            assert {str(SERVER_0)} == {
                g for s in state["sessions"] if s["shard"] == [0, 2] for g in s["guilds"]
            }
            asked = [
                ({"name": "about", "guild": SERVER_0, "user_id": 1001}, 0, None),
                ({"name": "help", "guild": SERVER_1, "user_id": 1002}, 1, EN.help_title),
                ({"name": "start", "dm": True, "user_id": 1003}, 0, EN.start_title),
            ]
            for body, shard, expected in asked:
                async with http.post(f"{api}/_test/slash", json=body) as response:
                    assert response.status == 200, await response.text()
                    sent = await response.json()
                assert sent["shard"] == shard
                answer = await poll(
                    http, f"{api}/_test/interactions/{sent['id']}", lambda a: a["messages"], 10
                )
                if expected is not None:
                    assert answer["messages"][0]["embeds"][0]["title"] == expected, logs
            answered = []
            for shard in (0, 1):
                base = f"http://127.0.0.1:{health[shard]}"
                async with http.get(f"{base}/metrics") as response:
                    answered.append(requests_of(await response.text()))
                healthz = await poll(http, f"{base}/healthz", lambda h: h["status"] == "ok", 10)
                assert healthz["platforms"]["discord"] == {"connected": True}
                assert healthz["shards"] == {"discord": {str(shard): True}}
            state = await poll(http, f"{api}/_test/state", lambda s: True, 5)
        assert {c: n for c, n in answered[0].items() if n} == {"about": 1, "start": 1}, logs
        assert {c: n for c, n in answered[1].items() if n} == {"help": 1}, logs
        assert state["rejections"] == []
        assert state["identifies"] == 2
