"""The fake Discord's file uploads, driven by discord.py's own HTTP client: multipart bodies,
attachments, embed images and the 10 MiB limit, as Discord takes them."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import discord
import pytest
from discord.http import HTTPClient, handle_message_parameters

from tests.fakes.discord_api import CHANNEL_ID, TOKEN, FakeDiscord
from tests.fakes.discord_files import MAX_FILE
from tests.fakes.images import make_png

NONE = discord.AllowedMentions.none()


@pytest.fixture
async def http(pointed: FakeDiscord) -> AsyncIterator[HTTPClient]:
    """discord.py's HTTP client, logged in to the fake."""
    client = HTTPClient(asyncio.get_running_loop())
    await client.static_login(TOKEN)
    try:
        yield client
    finally:
        await client.close()


def chart_embed(name: str = "salary.png") -> discord.Embed:
    """An embed showing the attachment ``name`` as its image."""
    return discord.Embed(title="Salaries", description="A chart of the salary ranges").set_image(
        url=f"attachment://{name}"
    )


async def send(http: HTTPClient, embed: discord.Embed, *files: discord.File) -> dict[str, object]:
    with handle_message_parameters(embed=embed, files=list(files), allowed_mentions=NONE) as params:
        return dict(await http.send_message(CHANNEL_ID, params=params))


async def test_upload_shown_as_the_embed_image(pointed: FakeDiscord, http: HTTPClient) -> None:
    """A file part named in ``attachments`` becomes the message's attachment, and the embed's
    ``attachment://salary.png`` image resolves to it; the fake keeps the bytes."""
    png = make_png(1200, 800)
    message = await send(http, chart_embed(), discord.File(io.BytesIO(png), filename="salary.png"))
    attachment = message["attachments"][0]  # type: ignore[index]
    assert attachment["filename"] == "salary.png"
    assert (attachment["width"], attachment["height"], attachment["size"]) == (1200, 800, len(png))
    assert message["embeds"][0]["image"]["url"] == attachment["url"]  # type: ignore[index]
    assert pointed.uploads.image_of(pointed.channel_messages[-1]) == png
    assert pointed.uploads.broken_images == []
    assert pointed.rejections == []


async def test_image_naming_no_attachment_is_recorded_broken(pointed: FakeDiscord, http: HTTPClient) -> None:
    """An embed image naming a file the message does not carry shows no image on Discord: the fake
    accepts the message and records the broken image."""
    png = make_png(1200, 800)
    await send(http, chart_embed("roadmap.png"), discord.File(io.BytesIO(png), filename="salary.png"))
    assert len(pointed.uploads.broken_images) == 1
    assert "attachment://roadmap.png" in pointed.uploads.broken_images[0]


async def test_file_over_ten_mebibytes_is_refused(pointed: FakeDiscord, http: HTTPClient) -> None:
    """A file over Discord's default limit of 10 MiB is refused: 413, code 40005."""
    big = make_png(100, 100) + b"\x00" * MAX_FILE
    with pytest.raises(discord.HTTPException) as caught:
        await send(http, chart_embed(), discord.File(io.BytesIO(big), filename="salary.png"))
    assert caught.value.status == 413
    assert caught.value.code == 40005
    assert pointed.channel_messages == []
