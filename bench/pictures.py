"""Benchmark of the pictures (issue 14's budgets); prints one JSON line.

Measured on the shipped content in every language, and on synthetic content of 12 roles (the
most ``content check`` accepts without a warning):

* ``first_ms`` / ``cached_p99_ms``: the first ``await Pictures.png(picture)`` of each chart (drawn
  in the worker thread) beside the p99 of the same call answered from the cache, with their
  ratio; budgets: first < 150 ms, cached p99 < 1 ms;
* ``cold``: in a fresh process (a subprocess, so nothing is imported yet), the first render
  including Pillow's import, and the resident memory (RSS) after bootstrapping the app, after
  importing Pillow and after the first render, as deltas against the bootstrap;
* ``png``: bytes, width and height of every chart in every language; budget < 150 KB, >= 1000 px.

Usage: ``python bench/pictures.py`` (part of ``make bench``).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.pictures import Pictures  # noqa: E402
from adapters.pictures.worker import WorkerDraw  # noqa: E402
from bot.content.catalog import Catalog  # noqa: E402
from bot.content.loader import load_catalog  # noqa: E402
from bot.handlers.charts import MAX_BARS, roadmap_chart, salary_chart  # noqa: E402
from bot.handlers.guidance import roadmap_order  # noqa: E402
from bot.pictures import Picture  # noqa: E402
from tests.synthetic import write_synthetic  # noqa: E402

FIRST_MS, CACHED_MS, MAX_BYTES, MIN_WIDTH = 150.0, 1.0, 150_000, 1000
CACHED_CALLS = 2000

COLD = r"""
import json, sys, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
from adapters.bootstrap import bootstrap, configure
from bot.request import Request
import asyncio
app = bootstrap(configure({}))
reply = asyncio.run(app.core.respond(Request("salary")))
base = rss()
pil = "PIL" in sys.modules
t0 = time.perf_counter()
import adapters.pictures.draw as draw
t1 = time.perf_counter()
imported = rss()
png = draw.render(reply.picture)
t2 = time.perf_counter()
print(json.dumps({"pil_loaded_at_bootstrap": pil, "import_ms": (t1 - t0) * 1000,
    "first_render_ms": (t2 - t1) * 1000, "first_with_import_ms": (t2 - t0) * 1000,
    "rss_bootstrap_mb": base, "rss_after_import_delta_mb": imported - base,
    "rss_after_render_delta_mb": rss() - base}))
"""


def pictures_of(catalog: Catalog) -> dict[str, Picture]:
    """The charts replies carry: /salary, /salary ROLE, /path ROLE, /path ROLE with two marks."""
    career = next(iter(catalog.careers.values()))
    order = roadmap_order(catalog, career)
    return {
        "salary": salary_chart(catalog),
        "salary_highlighted": salary_chart(catalog, highlight=(career.id,)),
        "roadmap": roadmap_chart(catalog, career, order),
        "roadmap_marked": roadmap_chart(catalog, career, order, set(order[:2])),
    }


def dimensions(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (no Pillow needed)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


async def measure(name: str, picture: Picture, pictures: Pictures | None = None) -> dict[str, Any]:
    pictures = pictures or Pictures()
    start = time.perf_counter()
    png = await pictures.png(picture)
    first = (time.perf_counter() - start) * 1000
    assert png is not None, name
    times = []
    for _ in range(CACHED_CALLS):
        t = time.perf_counter()
        await pictures.png(picture)
        times.append((time.perf_counter() - t) * 1000)
    p99 = statistics.quantiles(times, n=100)[98]
    width, height = dimensions(png)
    return {
        "chart": name,
        "first_ms": round(first, 2),
        "cached_p99_ms": round(p99, 5),
        "first_over_cached": round(first / p99),
        "bytes": len(png),
        "width": width,
        "height": height,
    }


def cold() -> dict[str, Any]:
    ran = subprocess.run(
        [sys.executable, "-c", COLD], capture_output=True, text=True, timeout=120, cwd=ROOT, check=True
    )
    result: dict[str, Any] = json.loads(ran.stdout.strip().splitlines()[-1])
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()}


async def main() -> None:
    shipped = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        twelve = load_catalog(write_synthetic(Path(tmp), MAX_BARS // len(shipped.careers)))
    rows: list[dict[str, Any]] = []
    for lang in shipped.languages:
        local = shipped.for_language(lang)
        for name, picture in pictures_of(local).items():
            rows.append({"language": lang, **await measure(name, picture)})
    rows.append(
        {"language": "en", **await measure(f"salary_{len(twelve.careers)}_roles", salary_chart(twelve))}
    )
    start = cold()
    # The bot's own drawer: each first render is a short-lived worker process (adapters/pictures/worker.py).
    workers = []
    for lang in shipped.languages:
        local = shipped.for_language(lang)
        for name, picture in pictures_of(local).items():
            row = await measure(name, picture, Pictures(WorkerDraw()))
            workers.append({"language": lang, "chart": name, "first_ms": row["first_ms"]})
    worker_first = [float(w["first_ms"]) for w in workers]
    worst_first = max(float(r["first_ms"]) for r in rows)
    worst_cached = max(float(r["cached_p99_ms"]) for r in rows)
    largest = max(int(r["bytes"]) for r in rows)
    narrowest = min(int(r["width"]) for r in rows)
    cold_first = float(start["first_with_import_ms"])
    verdict = {
        "first_render_under_150_ms": worst_first < FIRST_MS and cold_first < FIRST_MS,
        "cached_p99_under_1_ms": worst_cached < CACHED_MS,
        "png_under_150_kb": largest < MAX_BYTES,
        "png_at_least_1000_px_wide": narrowest >= MIN_WIDTH,
        "pillow_not_loaded_at_bootstrap": not start["pil_loaded_at_bootstrap"],
        "worker_first_render_under_150_ms": max(worker_first) < FIRST_MS,
    }
    summary = {
        "worst_first_ms": worst_first,
        "cold_first_with_import_ms": cold_first,
        "worst_cached_p99_ms": worst_cached,
        "first_over_cached_min": min(int(r["first_over_cached"]) for r in rows),
        "largest_png_bytes": largest,
        "worker_first_ms_median": round(statistics.median(worker_first), 2),
        "worker_first_ms_worst": max(worker_first),
        "worker_over_in_process_median": round(
            statistics.median(worker_first) / statistics.median(float(r["first_ms"]) for r in rows), 2
        ),
    }
    report = {
        "summary": summary,
        "cold": start,
        "charts": rows,
        "worker": workers,
        "pass": verdict,
        "ok": all(verdict.values()),
    }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
