"""The composition root builds one Pictures and every platform the runtime creates is handed it."""

from __future__ import annotations

from pathlib import Path

from adapters.bootstrap import App, bootstrap
from adapters.config import Config
from adapters.discord.runner import DiscordRunner
from adapters.pictures import Pictures
from adapters.runtime import create_runner
from adapters.telegram.runner import TelegramRunner
from bot.settings import Settings
from tests.pictures import CountingDraw


def test_both_platforms_share_the_apps_pictures(app: App) -> None:
    """The runtime's runners for Telegram and Discord hold the app's one Pictures (one PNG cache)."""
    assert isinstance(app.pictures, Pictures)
    telegram = create_runner("telegram", app.core, app.config, app.pictures)
    discord = create_runner("discord", app.core, app.config, app.pictures)
    assert isinstance(telegram, TelegramRunner)
    assert isinstance(discord, DiscordRunner)
    assert telegram.pictures is app.pictures
    assert discord.pictures is app.pictures


def test_bootstrap_takes_the_pictures_it_is_given(content_dir: Path) -> None:
    """A composition that hands bootstrap its own Pictures (a test's drawing function) serves that one."""
    pictures = Pictures(CountingDraw(fail=True))
    app = bootstrap(Config(Settings()), content_dir=content_dir, pictures=pictures)
    assert app.pictures is pictures
