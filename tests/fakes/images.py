"""Checking uploaded images as the platforms do, without an imaging library (for the fakes).

:func:`png_size` decodes a PNG far enough to know it is one a viewer can show: the
signature, every chunk's CRC, IHDR first, the IDAT stream inflating to exactly the
rows the header promises, IEND last.  It returns ``(width, height)`` or raises
:class:`NotAnImage`.  Only PNG is understood (careerbot sends nothing else); the fakes
treat any other bytes as an image they cannot process.
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
"""Samples per pixel of each PNG colour type (grey, RGB, palette, grey+alpha, RGBA)."""


class NotAnImage(ValueError):
    """The bytes are not a PNG that decodes."""


def is_png(data: bytes) -> bool:
    """Whether ``data`` starts with the PNG signature."""
    return data.startswith(SIGNATURE)


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks: list[tuple[bytes, bytes]] = []
    at = len(SIGNATURE)
    while at < len(data):
        if at + 8 > len(data):
            raise NotAnImage("truncated chunk header")
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        crc = data[at + 8 + length : at + 12 + length]
        if len(body) != length or len(crc) != 4:
            raise NotAnImage(f"truncated {kind!r} chunk")
        if struct.unpack(">I", crc)[0] != zlib.crc32(kind + body):
            raise NotAnImage(f"bad CRC in {kind!r} chunk")
        chunks.append((kind, body))
        at += 12 + length
        if kind == b"IEND":
            break
    return chunks


def png_size(data: bytes) -> tuple[int, int]:
    """``(width, height)`` of a PNG that decodes; :class:`NotAnImage` otherwise."""
    if not is_png(data):
        raise NotAnImage("not a PNG")
    chunks = _chunks(data)
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise NotAnImage("IHDR is not the first chunk")
    if chunks[-1][0] != b"IEND":
        raise NotAnImage("no IEND chunk")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if width == 0 or height == 0 or colour not in _CHANNELS:
        raise NotAnImage("invalid IHDR")
    stream = b"".join(body for kind, body in chunks if kind == b"IDAT")
    try:
        pixels = zlib.decompress(stream)
    except zlib.error as exc:
        raise NotAnImage(f"IDAT does not inflate: {exc}") from None
    if interlace == 0:
        row = 1 + (width * _CHANNELS[colour] * depth + 7) // 8
        if len(pixels) != row * height:
            raise NotAnImage(f"IDAT holds {len(pixels)} bytes, the header promises {row * height}")
    return width, height


class Upload:
    """A file uploaded in a multipart/form-data request: its part's file name, type and bytes."""

    __slots__ = ("content_type", "data", "filename")

    def __init__(self, filename: str, content_type: str, data: bytes) -> None:
        self.filename = filename
        self.content_type = content_type
        self.data = data

    def __repr__(self) -> str:
        return f"Upload({self.filename!r}, {self.content_type!r}, {len(self.data)} bytes)"


def make_png(width: int, height: int, *, corrupt: bool = False) -> bytes:
    """A grey PNG of ``width`` x ``height`` (for tests of the fakes); ``corrupt`` breaks its IDAT CRC."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) ^ (1 if corrupt and kind == b"IDAT" else 0)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = (b"\x00" + b"\x80" * width) * height
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
