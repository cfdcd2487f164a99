"""Files on the fake Discord: multipart bodies, attachments and embed images, as Discord takes them.

A message with files is sent as multipart/form-data: a ``payload_json`` part (the
JSON body) and one part per file named ``files[n]``; the payload's ``attachments``
list references each new file by ``{"id": n, "filename": ...}`` and keeps an existing
attachment of an edited message by its snowflake id (an edit without ``attachments``
keeps them all, ``attachments: []`` removes them).  See
https://discord.com/developers/docs/reference#uploading-files: a file over the
default limit of 10 MiB is refused with HTTP 413, code 40005 "Request entity too
large".  An embed shows an uploaded file as its image through
``attachment://<filename>``; when no attachment of the message has that name,
Discord shows no image, so the fake records the embed in ``broken_images`` (tests
assert it stays empty).
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from aiohttp import BodyPartReader, web

from tests.fakes.discord_wire import json_response, snowflake
from tests.fakes.images import NotAnImage, Upload, png_size

MAX_FILE = 10 * 1024 * 1024
"""Discord's default upload limit per file (without boosts or Nitro), 10 MiB."""
MAX_REQUEST = 30 * 1024 * 1024
"""The fake's own request limit: above every file limit it checks, so Discord's answer is the one seen."""
FILE_PART = re.compile(r"^files\[(\d{1,2})\]$")
CDN = "https://cdn.discordapp.com/attachments"


class TooLarge(Exception):
    """A file over :data:`MAX_FILE`."""


def too_large() -> web.Response:
    """Discord's answer to an upload over the limit."""
    return json_response({"message": "Request entity too large", "code": 40005}, 413)


async def read_body(request: web.Request) -> tuple[Any, dict[int, Upload]]:
    """The JSON body of a request (``payload_json`` of a multipart one) and its files by index."""
    if not request.content_type.startswith("multipart/"):
        return orjson.loads(await request.read()), {}
    files: dict[int, Upload] = {}
    body: Any = {}
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        data = await part.read()
        name = part.name or ""
        if name == "payload_json":
            body = orjson.loads(bytes(data))
            continue
        found = FILE_PART.match(name)
        if found is None:
            continue
        upload = Upload(part.filename or "", part.headers.get("Content-Type", ""), bytes(data))
        if len(upload.data) > MAX_FILE:
            raise TooLarge(upload.filename)
        files[int(found.group(1))] = upload
    return body, files


class FileStore:
    """The attachments the fake keeps: what was uploaded, by attachment id, and what went wrong."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        """Every uploaded file's bytes, by the attachment id it was given."""
        self.broken_images: list[str] = []
        """Embeds whose ``attachment://`` image named no attachment of their message (shown without it)."""

    def attach(
        self, message: dict[str, Any], data: dict[str, Any], files: dict[int, Upload], *, edit: bool
    ) -> list[str]:
        """Set ``message``'s attachments from ``data`` and ``files``; return the problems Discord would
        reject (an attachment naming a file that was not uploaded)."""
        listed = data.get("attachments")
        if listed is None:
            if edit:  # an edit without "attachments" keeps the message's attachments
                self._embed_images(message)
                return []
            listed = [{"id": index, "filename": f.filename} for index, f in sorted(files.items())]
        problems: list[str] = []
        kept = {a["id"]: a for a in message.get("attachments") or []}
        attachments: list[dict[str, Any]] = []
        for item in listed:
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, int) and ident < 100:
                upload = files.get(ident)
                if upload is None:
                    problems.append(f"attachments: no file was uploaded as files[{ident}]")
                    continue
                name = str(item.get("filename") or upload.filename)
                attachments.append(self._stored(message, upload, name))
            elif str(ident) in kept:
                attachments.append(kept[str(ident)])
            else:
                problems.append(f"attachments: unknown attachment {ident!r}")
        message["attachments"] = attachments
        self._embed_images(message)
        return problems

    def _stored(self, message: dict[str, Any], upload: Upload, filename: str) -> dict[str, Any]:
        ident = str(snowflake())
        self.files[ident] = upload.data
        url = f"{CDN}/{message.get('channel_id', '0')}/{ident}/{filename}"
        attachment: dict[str, Any] = {
            "id": ident,
            "filename": filename,
            "size": len(upload.data),
            "url": url,
            "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
            "content_type": upload.content_type or "application/octet-stream",
        }
        try:
            attachment["width"], attachment["height"] = png_size(upload.data)
            attachment["content_type"] = "image/png"
        except NotAnImage:
            pass
        return attachment

    def _embed_images(self, message: dict[str, Any]) -> None:
        """Resolve ``attachment://`` images to the attachment's URL, or record them as broken."""
        by_name = {a["filename"]: a for a in message.get("attachments") or []}
        for embed in message.get("embeds") or []:
            image = embed.get("image")
            if not isinstance(image, dict) or not str(image.get("url", "")).startswith("attachment://"):
                continue
            name = str(image["url"]).removeprefix("attachment://")
            found = by_name.get(name)
            if found is None:
                self.broken_images.append(f"message {message.get('id')}: attachment://{name}")
                continue
            image.update(url=found["url"], proxy_url=found["proxy_url"])
            if "width" in found:
                image.update(width=found["width"], height=found["height"])

    def image_of(self, message: dict[str, Any], embed: int = 0) -> bytes | None:
        """The bytes of the file shown as the image of ``message``'s embed (``None`` without one)."""
        embeds = message.get("embeds") or []
        url = ((embeds[embed] if len(embeds) > embed else {}).get("image") or {}).get("url")
        for attachment in message.get("attachments") or []:
            if attachment["url"] == url:
                return self.files[attachment["id"]]
        return None
