"""DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS: what is accepted, and one clear line (exit 2) for the rest."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import discord
import pytest

from adapters.discord.gateway import IdentifyPacer
from adapters.discord.runner import describe_shards
from adapters.discord.settings import load
from bot.errors import ConfigError
from tests.content import FIXTURE_CONTENT
from tests.fakes.discord_api import TOKEN


@pytest.mark.parametrize(
    ("env", "count", "ids"),
    [
        ({}, None, None),
        ({"DISCORD_SHARD_COUNT": "", "DISCORD_SHARD_IDS": ""}, None, None),
        ({"DISCORD_SHARD_COUNT": "2"}, 2, None),
        ({"DISCORD_SHARD_COUNT": " 4 ", "DISCORD_SHARD_IDS": "3, 1"}, 4, (1, 3)),
        ({"DISCORD_SHARD_COUNT": "1", "DISCORD_SHARD_IDS": "0"}, 1, (0,)),
    ],
)
def test_shard_settings_accepted(env: dict[str, str], count: int | None, ids: tuple[int, ...] | None) -> None:
    """Unset means Discord's recommended count and all its shards; ids are sorted shards of the count."""
    settings = load(env)
    assert settings.shard_count == count
    assert settings.shard_ids == ids


@pytest.mark.parametrize(
    ("env", "named", "says"),
    [
        ({"DISCORD_SHARD_COUNT": "0"}, "DISCORD_SHARD_COUNT", "between 1 and"),
        ({"DISCORD_SHARD_COUNT": "-2"}, "DISCORD_SHARD_COUNT", "between 1 and"),
        ({"DISCORD_SHARD_COUNT": "two"}, "DISCORD_SHARD_COUNT", "whole number"),
        ({"DISCORD_SHARD_COUNT": "1.5"}, "DISCORD_SHARD_COUNT", "whole number"),
        ({"DISCORD_SHARD_COUNT": "100000"}, "DISCORD_SHARD_COUNT", "between 1 and"),
        ({"DISCORD_SHARD_IDS": "0"}, "DISCORD_SHARD_IDS", "needs DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "2"}, "DISCORD_SHARD_IDS", "ids are 0 to 1"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "-1"}, "DISCORD_SHARD_IDS", "between 0 and"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "one"}, "DISCORD_SHARD_IDS", "whole number"),
        (
            {"DISCORD_SHARD_COUNT": "3", "DISCORD_SHARD_IDS": "0,,1"},
            "DISCORD_SHARD_IDS",
            "separated by commas",
        ),
        ({"DISCORD_SHARD_COUNT": "3", "DISCORD_SHARD_IDS": "1,1"}, "DISCORD_SHARD_IDS", "more than once"),
    ],
)
def test_bad_shard_settings_are_config_errors(env: dict[str, str], named: str, says: str) -> None:
    """Each bad value is a one-line ConfigError that names the setting and says what is wrong."""
    with pytest.raises(ConfigError) as caught:
        load(env)
    message = str(caught.value)
    assert message.startswith(named), message
    assert says in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DISCORD_SHARD_COUNT": "zero"}, "DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "5"}, "DISCORD_SHARD_IDS"),
    ],
)
def test_cli_exits_2_with_one_line_for_a_bad_shard_setting(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    """`careerbot run discord` with a bad shard setting stops before connecting: exit 2, one line."""
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "discord"],
        cwd=tmp_path,
        env={**base, "CAREERBOT_CONTENT_DIR": str(FIXTURE_CONTENT), "DISCORD_TOKEN": TOKEN, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"careerbot: configuration error: {named}")
    assert TOKEN not in result.stderr


def test_start_log_says_which_shards() -> None:
    """The start-up log line names the shards this process runs, or Discord's recommendation."""
    assert describe_shards(load({})) == "every shard of the count Discord recommends"
    assert describe_shards(load({"DISCORD_SHARD_COUNT": "3"})) == "0, 1, 2 of 3"
    assert describe_shards(load({"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "2,3"})) == "2, 3 of 4"


async def test_pacer_assumes_one_bucket_when_the_limits_cannot_be_read() -> None:
    """If GET /gateway/bot fails, every shard counts as one bucket: the second IDENTIFY waits the
    window after the first; the first IDENTIFY of the process never waits or asks."""
    asked: list[int] = []

    async def unreachable() -> int:
        asked.append(1)
        raise discord.GatewayNotFound()

    pacer = IdentifyPacer(unreachable, window=0.3)
    started = time.monotonic()
    await pacer.wait(0, initial=True)
    assert asked == []
    await pacer.wait(1, initial=False)
    assert time.monotonic() - started >= 0.29
    assert asked == [1]
    assert await pacer.max_concurrency() == 1
