"""adapters.pictures: PNGs drawn with Pillow off the event loop, cached by picture, None on failure."""

from __future__ import annotations

import asyncio
import io
import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image

from adapters.pictures import Pictures, draw_png
from adapters.pictures.draw import BODY, SMALL, TITLE, WIDTH, font, wrap
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.handlers.charts import MAX_LABEL, roadmap_chart, salary_chart
from bot.handlers.guidance import roadmap_order
from bot.pictures import Picture
from tests.cli import ROOT
from tests.multilingual import in_language, write_multilingual

MAX_BYTES = 150_000


@pytest.fixture(scope="module")
def languages(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The fixture catalog with full Spanish and Russian phrases."""
    return load_catalog(write_multilingual(tmp_path_factory.mktemp("content")))


def _pictures(catalog: Catalog) -> dict[str, Picture]:
    career = catalog.careers["vision-engineer"]
    order = roadmap_order(catalog, career)
    return {
        "salary": salary_chart(catalog),
        "salary-one": salary_chart(catalog, highlight=(career.id,)),
        "roadmap": roadmap_chart(catalog, career, order),
        "roadmap-marked": roadmap_chart(catalog, career, order, set(order[:2])),
    }


class Counting:
    """A draw function that counts its calls (and draws for real)."""

    def __init__(self) -> None:
        self.calls: list[Picture] = []
        self.threads: set[int] = set()

    def __call__(self, picture: Picture) -> bytes:
        self.calls.append(picture)
        self.threads.add(threading.get_ident())
        return draw_png(picture)


def test_pngs_are_wide_small_and_decode(languages: Catalog) -> None:
    """Every chart in every language is a PNG that decodes, at least 1,000 px wide, under 150 KB,
    with a palette (64 colours at most)."""
    for lang in ("en", "es", "ru"):
        for name, picture in _pictures(languages.for_language(lang)).items():
            png = draw_png(picture)
            assert png.startswith(b"\x89PNG\r\n\x1a\n"), name
            assert len(png) < MAX_BYTES, (lang, name, len(png))
            with Image.open(io.BytesIO(png)) as image:
                image.load()
                assert image.width >= 1000, (lang, name)
                assert image.mode == "P"
                assert len(image.getcolors(256) or ()) <= 64


def test_text_is_at_least_14_px_and_long_names_fit(languages: Catalog) -> None:
    """Every font is 14 px or more (24 px on the 1,200 px canvas at the smallest); a Russian career
    name of MAX_LABEL characters, and every Russian name of the catalog, fits on one line of the
    chart without being cut."""
    assert min(TITLE, BODY, SMALL) >= 14
    assert WIDTH >= 1000
    name = "Инженер по машинному обучению и системам компьютерного зрения"[:MAX_LABEL]
    assert wrap(name, font(BODY, True), WIDTH - 2 * 48) == [name]
    for label in (b.label for b in salary_chart(in_language(languages, "ru")).bars):
        assert wrap(label, font(BODY, True), WIDTH - 2 * 48) == [label]  # the Cyrillic names fit


def test_different_pictures_draw_different_pngs(catalog: Catalog) -> None:
    """A highlighted role and checklist marks change the drawing (the picture is really drawn)."""
    pictures = _pictures(catalog)
    assert draw_png(pictures["salary"]) != draw_png(pictures["salary-one"])
    assert draw_png(pictures["roadmap"]) != draw_png(pictures["roadmap-marked"])


async def test_second_request_is_a_cache_hit(catalog: Catalog) -> None:
    """The same picture (or an equal one built again) is drawn once, in a worker thread; the
    second answer is the same bytes, from the cache."""
    draw = Counting()
    pictures = Pictures(draw)
    first = await pictures.png(salary_chart(catalog))
    again = await pictures.png(salary_chart(catalog))
    assert first is not None
    assert again == first
    assert len(draw.calls) == 1
    assert threading.get_ident() not in draw.threads
    assert pictures.cached(salary_chart(catalog)) == first


async def test_concurrent_requests_share_one_drawing(catalog: Catalog) -> None:
    """Requests for a picture that is being drawn wait for that drawing instead of starting another."""
    draw = Counting()
    pictures = Pictures(draw)
    results = await asyncio.gather(*(pictures.png(salary_chart(catalog)) for _ in range(5)))
    assert len(draw.calls) == 1
    assert len(set(results)) == 1
    assert results[0] is not None


async def test_a_reload_draws_a_new_picture(tmp_path: Path, catalog: Catalog) -> None:
    """After a content change (a new figure) the chart is another key: drawn again, a new PNG."""
    folder = write_multilingual(tmp_path / "content")
    path = folder / "careers.yaml"
    draw = Counting()
    pictures = Pictures(draw)
    before = await pictures.png(salary_chart(load_catalog(folder)))
    path.write_text(path.read_text(encoding="utf-8").replace("high: 143000", "high: 149000"), "utf-8")
    after = await pictures.png(salary_chart(load_catalog(folder)))
    assert len(draw.calls) == 2
    assert before != after


async def test_languages_and_highlights_are_separate_entries(languages: Catalog) -> None:
    """Each language and each highlighted role is its own cache entry."""
    draw = Counting()
    pictures = Pictures(draw)
    for lang in ("en", "es", "ru"):
        local = languages.for_language(lang)
        await pictures.png(salary_chart(local))
        await pictures.png(salary_chart(local, highlight=("data-analyst",)))
    assert len(draw.calls) == 6
    assert len(pictures) == 6


async def test_the_cache_is_bounded(catalog: Catalog) -> None:
    """The least recently used picture leaves a full cache, and is drawn again when asked for."""
    draw = Counting()
    pictures = Pictures(draw, size=2)
    a, b, c = (
        salary_chart(catalog, highlight=(r,)) for r in ("data-analyst", "vision-engineer", "mlops-engineer")
    )
    for picture in (a, b, a, c):  # a was used after b, so b leaves when c comes
        await pictures.png(picture)
    assert len(pictures) == 2
    assert pictures.cached(b) is None
    await pictures.png(a)
    assert len(draw.calls) == 3


async def test_a_failed_drawing_is_none_and_one_warning(
    catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    """A drawing that raises gives None with exactly one WARNING (no user text in it), is not
    cached, and a later request tries again."""
    calls = []

    def broken(picture: Picture) -> bytes:
        calls.append(picture)
        raise OSError("no fonts today")

    pictures = Pictures(broken)
    with caplog.at_level(logging.DEBUG, logger="adapters.pictures"):
        results = await asyncio.gather(
            pictures.png(salary_chart(catalog)), pictures.png(salary_chart(catalog))
        )
    assert results == [None, None]
    records = [r for r in caplog.records if r.name == "adapters.pictures"]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert "OSError" in records[0].getMessage()
    assert len(pictures) == 0
    assert await pictures.png(salary_chart(catalog)) is None
    assert len(calls) == 2


async def test_drawing_never_blocks_the_event_loop(catalog: Catalog) -> None:
    """While a drawing is in progress the loop keeps running: here the drawing waits for an event
    that only a loop callback sets, which would deadlock if the drawing ran on the loop."""
    release = threading.Event()

    def slow(picture: Picture) -> bytes:
        assert release.wait(10), "the event loop was blocked"
        return draw_png(picture)

    pictures = Pictures(slow)
    task = asyncio.ensure_future(pictures.png(salary_chart(catalog)))
    asyncio.get_running_loop().call_soon(release.set)  # runs only if the task's first step yields
    assert await asyncio.wait_for(task, 10) is not None


def test_bootstrap_does_not_import_pillow(tmp_path: Path) -> None:
    """Importing the adapters (console, pictures, Telegram, Discord) and bootstrapping the app loads
    no PIL module, nor does the app's own drawing (a worker process draws, byte for byte the
    in-process PNG); drawing in this process does (so the check can fail)."""
    code = """
import asyncio, sys
from adapters.bootstrap import bootstrap, configure
import adapters.console, adapters.pictures, adapters.pictures.text, adapters.telegram, adapters.discord
from adapters.console import render
from bot.request import Request
app = bootstrap(configure({}))
reply = asyncio.run(app.core.respond(Request("salary")))
print(render(reply).count("▕"), any(m == "PIL" or m.startswith("PIL.") for m in sys.modules))
drawn = asyncio.run(app.pictures.png(reply.picture))
print(drawn[:8] == b"\\x89PNG\\r\\n\\x1a\\n", any(m == "PIL" or m.startswith("PIL.") for m in sys.modules))
pictures = adapters.pictures.Pictures()
assert asyncio.run(pictures.png(reply.picture)) == drawn
print("PIL" in sys.modules)
"""
    env = {
        "PATH": "/usr/bin:/bin",
        "DATA_DIR": str(tmp_path),
        "CAREERBOT_CONTENT_DIR": str(ROOT / "tests/fixtures/catalog"),
    }
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env
    )
    assert ran.returncode == 0, ran.stderr
    bars, before = ran.stdout.split("\n")[0].split()
    assert int(bars) == 6
    assert before == "False"
    assert ran.stdout.split("\n")[1] == "True False"
    assert ran.stdout.split("\n")[2] == "True"
