"""Buttons and select menus: dynamic items whose custom_id is the core action, also after a restart."""

from __future__ import annotations

import copy

from adapters.config import Config
from bot.core import Core
from bot.phrases import EN
from tests.discord.conftest import Bot, running
from tests.fakes.discord_api import FakeDiscord


def _components(message: dict) -> list[dict]:
    return [c for row in message["components"] for c in row["components"]]


async def test_button_press_answers_its_action(bot: Bot, pointed: FakeDiscord) -> None:
    """Pressing a button of /start answers the action packed in its custom_id."""
    start = (await pointed.answered(await pointed.slash("start")))[0]
    ids = [c["custom_id"] for c in _components(start)]
    assert "cb1|careers|" in ids
    assert all(len(i) <= 100 for i in ids)
    record = await pointed.press(start, "cb1|careers|")
    messages = await pointed.answered(record)
    assert messages[0]["embeds"][0]["title"] == EN.list_careers_title
    assert pointed.rejections == []


async def test_select_menu_choice_answers_the_chosen_action(bot: Bot, pointed: FakeDiscord) -> None:
    """A pick-one list is a select menu; choosing an option answers that option's action."""
    careers = (await pointed.answered(await pointed.slash("careers")))[0]
    select = next(c for c in _components(careers) if c["type"] == 3)
    assert "cb1|careers|language-engineer" in [o["value"] for o in select["options"]]
    record = await pointed.press(careers, select["custom_id"], values=["cb1|careers|language-engineer"])
    messages = await pointed.answered(record)
    assert messages[0]["embeds"][0]["title"] == "Language Engineer"


async def test_components_work_after_a_restart(pointed: FakeDiscord, core: Core, settings: Config) -> None:
    """A button and a select menu sent by a previous client instance still work after a restart."""
    async with running(pointed, core, settings):
        start = (await pointed.answered(await pointed.slash("start")))[0]
        path = (await pointed.answered(await pointed.slash("salary")))[0]
    assert not pointed.online
    async with running(pointed, core, settings):
        pressed = await pointed.press(start, "cb1|skills|")
        assert (await pointed.answered(pressed))[0]["embeds"][0]["title"] == EN.list_skills_title
        select = next(c for c in _components(path) if c["type"] == 3)
        chosen = await pointed.press(path, select["custom_id"], values=["cb1|salary|data-analyst"])
        assert "Data Analyst" in (await pointed.answered(chosen))[0]["embeds"][0]["title"]
    assert len(pointed.identifies) == 2


async def test_stale_button_gets_a_graceful_answer(bot: Bot, pointed: FakeDiscord) -> None:
    """A button whose action no longer exists is answered with the start menu, not an error."""
    start = (await pointed.answered(await pointed.slash("start")))[0]
    old = copy.deepcopy(start)
    old["components"][0]["components"][0]["custom_id"] = "cb1|retired-command|x"
    record = await pointed.press(old, "cb1|retired-command|x")
    messages = await pointed.answered(record)
    assert messages[0]["embeds"][0]["title"] == EN.stale_button_title


async def test_button_in_a_private_answer_answers_privately(bot: Bot, pointed: FakeDiscord) -> None:
    """A press on an ephemeral message gets an ephemeral answer."""
    start = (await pointed.answered(await pointed.slash("start", {"private": True})))[0]
    record = await pointed.press(start, "cb1|about|")
    assert (await pointed.answered(record))[0]["flags"] & 64
