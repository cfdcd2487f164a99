"""Every setting the code reads is documented: in .env.example and in SELF_HOSTING.md's settings table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import adapters.discord.settings
import adapters.telegram.settings
import bot.settings

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = (bot.settings, adapters.telegram.settings, adapters.discord.settings)
"""Every settings section's loader: the core's and each platform adapter's."""


def _settings_read() -> set[str]:
    """The environment variable names the settings sections' loaders read (found in their source)."""
    names: set[str] = set()
    for section in SECTIONS:
        source = Path(section.__file__).read_text(encoding="utf-8")
        names |= set(re.findall(r'\b(?:e|env)\.get\("([A-Z][A-Z0-9_]+)"', source))
        names |= set(re.findall(r'\bread_secret\((?:e|env), "([A-Z][A-Z0-9_]+)"\)', source))
        names |= set(re.findall(r'\boptional\((?:e|env), "([A-Z][A-Z0-9_]+)"', source))
    return names


def test_the_settings_scan_finds_the_known_settings() -> None:
    """Sanity check of the scan itself: it sees settings of every kind (plain, secret, optional)."""
    names = _settings_read()
    assert {"TELEGRAM_TOKEN", "DISCORD_TOKEN", "HEALTH_PORT", "TELEGRAM_BASE_URL", "LOG_FORMAT"} <= names


@pytest.mark.parametrize("name", sorted(_settings_read()))
def test_every_setting_is_in_env_example_and_the_table(name: str) -> None:
    """Each setting appears as a KEY= line in .env.example and as a row of the SELF_HOSTING.md table."""
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(rf"^(# )?{name}=", example, re.MULTILINE), f"{name} missing from .env.example"
    guide = (ROOT / "SELF_HOSTING.md").read_text(encoding="utf-8")
    assert re.search(rf"^\| `{name}`", guide, re.MULTILINE), f"{name} missing from SELF_HOSTING.md's table"
