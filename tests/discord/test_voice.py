"""A text-only bot: starting on Discord says nothing about voice support it never uses."""

from __future__ import annotations

import logging
import re

import discord
import pytest

from adapters.config import Config
from bot.core import Core
from tests.discord.conftest import running
from tests.fakes.discord_api import FakeDiscord

VOICE = re.compile(r"voice|pynacl|davey", re.IGNORECASE)


async def test_start_logs_nothing_about_voice(
    pointed: FakeDiscord,
    core: Core,
    settings: Config,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """discord.py warns once per process that PyNaCl and davey (voice) are missing; careerbot, which
    has no voice features, starts, answers and stops without any log record about voice (INFO and
    above; raw DEBUG payload dumps name their ``voice_states`` field)."""
    # As in a fresh process without the voice libraries, whatever earlier tests started.
    monkeypatch.setattr(discord.VoiceClient, "warn_nacl", True)
    monkeypatch.setattr(discord.VoiceClient, "warn_dave", True, raising=False)
    caplog.set_level(logging.INFO)  # what a bot logs by default (DEBUG adds raw gateway payloads)
    async with running(pointed, core, settings):
        await pointed.answered(await pointed.slash("start"))
    assert caplog.records
    assert [r.getMessage() for r in caplog.records if VOICE.search(r.getMessage())] == []
