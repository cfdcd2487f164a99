"""Start-up: token handling, intents, and syncing the command tree only when it changed."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

import pytest

from adapters.config import Config
from adapters.discord import sync_commands
from adapters.discord.runner import MISSING, REJECTED, DiscordRunner
from adapters.discord.settings import DiscordSettings
from bot.commands import CommandSpec, CommandTable
from bot.core import Core
from bot.errors import ConfigError
from bot.replies import Reply
from bot.settings import Secret
from tests.content import FIXTURE_CONTENT
from tests.discord.conftest import running, with_settings
from tests.fakes.discord_api import PRIVILEGED_INTENTS, TOKEN, FakeDiscord, command_problems

ROOT = Path(__file__).resolve().parents[2]
WRONG = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GwRoNg.this-token-is-not-the-right-one-xyz123"


async def test_missing_token_is_a_config_error(core: Core, tmp_path: Path) -> None:
    """No DISCORD_TOKEN: run() raises a one-line ConfigError naming the setting."""
    with pytest.raises(ConfigError) as caught:
        await DiscordRunner(core, DiscordSettings(), tmp_path).run(asyncio.Event())
    assert str(caught.value) == MISSING
    assert "\n" not in MISSING


async def test_rejected_token_is_a_config_error_and_never_shown(
    pointed: FakeDiscord, core: Core, settings: Config, caplog: pytest.LogCaptureFixture, capsys
) -> None:
    """A token Discord rejects gives one clear line; the token appears in no error, output or log."""
    caplog.set_level(logging.DEBUG)
    bad = with_settings(settings, token=Secret(WRONG))
    with pytest.raises(ConfigError) as caught:
        await DiscordRunner(core, bad.discord, bad.core.data_dir).run(asyncio.Event())
    assert str(caught.value) == REJECTED
    assert caught.value.__cause__ is None
    out = capsys.readouterr()
    assert WRONG not in caplog.text + out.out + out.err + str(caught.value)


async def test_token_never_logged_while_serving(
    pointed: FakeDiscord, core: Core, settings: Config, caplog: pytest.LogCaptureFixture, capsys
) -> None:
    """Through login, sync, gateway identify, an interaction and shutdown, no log line holds the token."""
    caplog.set_level(logging.DEBUG)
    async with running(pointed, core, settings):
        await pointed.answered(await pointed.slash("start"))
    out = capsys.readouterr()
    assert caplog.records
    assert TOKEN not in caplog.text + out.out + out.err


async def test_only_non_privileged_intents(bot, pointed: FakeDiscord) -> None:
    """IDENTIFY asks for guilds, guild messages and DM messages only: no members, presence or content."""
    intents = pointed.identifies[0]["intents"]
    assert intents & PRIVILEGED_INTENTS == 0
    assert intents == (1 << 0) | (1 << 9) | (1 << 12)


async def test_sync_only_when_the_tree_changed(pointed: FakeDiscord, core: Core, settings: Config) -> None:
    """The tree is synced at the first start, skipped when unchanged, synced again when it changes."""
    async with running(pointed, core, settings):
        pass
    assert len(pointed.command_puts) == 1
    assert (settings.core.data_dir / "discord-commands.json").is_file()
    async with running(pointed, core, settings):
        pass
    assert len(pointed.command_puts) == 1
    extra = CommandSpec("extra", "A new command", lambda request, catalog: Reply("Extra"))
    changed = Core(core.catalog, CommandTable((*core.table.commands, extra)))
    async with running(pointed, changed, settings):
        pass
    assert len(pointed.command_puts) == 2
    assert "extra" in [c["name"] for c in pointed.command_puts[-1][1]]


async def test_synced_tree_matches_the_registry(bot, pointed: FakeDiscord, core: Core) -> None:
    """Every command is registered with its description; choices and autocomplete as the registry says."""
    guild, commands = pointed.command_puts[0]
    assert guild is not None
    by_name = {c["name"]: c for c in commands}
    assert list(by_name) == [spec.name for spec in core.table]
    for spec in core.table:
        cmd = by_name[spec.name]
        assert cmd["description"] == spec.description
        options = {o["name"]: o for o in cmd.get("options", [])}
        assert options["private"]["type"] == 5
        assert not options["private"].get("required")
        if spec.argument is None:
            continue
        option = options[spec.argument.name]
        assert bool(option.get("required")) == spec.argument.required
        assert bool(option.get("autocomplete")) == bool(spec.argument.completes)
        assert bool(option.get("choices")) == bool(spec.argument.choices)


async def test_forced_sync_always_syncs(pointed: FakeDiscord, core: Core, settings: Config) -> None:
    """`careerbot discord sync` (sync_commands) syncs even when nothing changed, then disconnects."""
    first = await sync_commands(core, settings)
    second = await sync_commands(core, settings)
    assert len(pointed.command_puts) == 2
    assert first.startswith(f"synced {len(list(core.table))} commands")
    assert second == first
    assert not pointed.identifies


def test_fake_rejects_what_discord_rejects() -> None:
    """The fake's command validation: name rules, description length, option order, choices."""
    bad = {
        "name": "Bad Name",
        "description": "",
        "options": [
            {"name": "opt", "description": "d", "type": 3},
            {"name": "req", "description": "d", "type": 3, "required": True},
            {
                "name": "many",
                "description": "d",
                "type": 3,
                "autocomplete": True,
                "choices": [{"name": str(i), "value": str(i)} for i in range(26)],
            },
        ],
    }
    problems = " | ".join(command_problems(bad))
    for expected in ("name", "description", "after an optional", "more than 25 choices", "exclusive"):
        assert expected in problems


async def _cli(fake: FakeDiscord, tmp_path: Path, *args: str, env: dict[str, str]) -> tuple[int, str, str]:
    code = (
        "import sys, discord.http, discord.gateway, yarl;"
        "discord.http.Route.BASE = sys.argv[1];"
        "discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2]);"
        "from bot.cli import main; sys.exit(main(sys.argv[3:]))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "CAREERBOT_"))}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        code,
        fake.api_base,
        fake.gateway_url,
        "--env-file",
        str(tmp_path / "none.env"),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=ROOT,
        env={
            **base,
            "DATA_DIR": str(tmp_path / "data"),
            "CAREERBOT_CONTENT_DIR": str(FIXTURE_CONTENT),
            **env,
        },
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_cli_rejected_token_exits_2(fake: FakeDiscord, tmp_path: Path) -> None:
    """`careerbot run discord` with a rejected token prints one clear error and exits 2, never the token."""
    code, out, err = await _cli(fake, tmp_path, "run", "discord", env={"DISCORD_TOKEN": WRONG})
    assert code == 2
    assert f"careerbot: configuration error: {REJECTED}" in err.splitlines()
    assert WRONG not in out + err


async def test_cli_discord_sync_with_token_file(fake: FakeDiscord, tmp_path: Path) -> None:
    """`careerbot discord sync` reads DISCORD_TOKEN_FILE, forces a sync and exits 0."""
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    code, out, err = await _cli(
        fake, tmp_path, "discord", "sync", env={"DISCORD_TOKEN_FILE": str(token_file)}
    )
    assert code == 0, err
    assert out.startswith("discord: synced ")
    assert "commands to all servers (global)" in out
    assert len(fake.command_puts) == 1
    assert TOKEN not in out + err


async def test_cli_missing_token_exits_2(tmp_path: Path, fake: FakeDiscord) -> None:
    """`careerbot discord sync` without a token exits 2 with one line naming the setting."""
    code, _, err = await _cli(fake, tmp_path, "discord", "sync", env={})
    assert code == 2
    assert err.strip() == f"careerbot: configuration error: {MISSING}"
