"""Benchmark of the self-hosting cost on the request path; prints one JSON line.

The metrics observer (:meth:`adapters.health.Metrics.observe`) and the
request log (:class:`adapters.runtime.RequestLog`, at INFO so it returns
early, as in production) run after every ``Core.respond``.  This measures a
mix of requests through ``core.respond`` with and without them, interleaved in
rounds on the same core so machine noise hits both sides alike, and reports
per-request medians and their ratio.  It also times one content reload
(validate + swap) and one /metrics exposition, and (``memory``, from ``bench/memory.py`` run as
a subprocess) the RSS of ``careerbot run all`` with Telegram and Discord connected to the fakes,
after a warm-up in English, Spanish and Russian, against the same bot with English-only content.

Usage: ``python bench/selfhost.py`` (``--no-memory`` leaves the memory run out)
"""

from __future__ import annotations

import asyncio
import json
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.health import Metrics  # noqa: E402
from adapters.reload import ContentReloader  # noqa: E402
from adapters.requestlog import RequestLog  # noqa: E402
from bot.commands import default_table  # noqa: E402
from bot.content.live import LiveCatalog  # noqa: E402
from bot.content.loader import load_catalog  # noqa: E402
from bot.core import Core  # noqa: E402
from bot.request import Request  # noqa: E402

REQUESTS = [
    Request.command_of("start", "", platform="telegram", user_id="1"),
    Request.command_of("salary", "nlp engineer", platform="telegram", user_id="1"),
    Request.command_of("skills", "python", platform="discord", user_id="2"),
    Request.command_of("careers", "", platform="discord", user_id="2"),
    Request.command_of("path", "data scientist", platform="telegram", user_id="3"),
    Request.command_of("help", "", platform="telegram", user_id="3"),
    Request.command_of("nosuchcommand", "", platform="discord", user_id="4"),
]
ROUNDS = 30
PER_ROUND = 200


async def _per_request(core: Core) -> float:
    started = time.perf_counter()
    for i in range(PER_ROUND):
        await core.respond(REQUESTS[i % len(REQUESTS)])
    return (time.perf_counter() - started) / PER_ROUND


async def _rounds(bare: Core, observed: Core) -> tuple[list[float], list[float]]:
    for _ in range(3):  # warm-up: caches, label children
        await _per_request(bare)
        await _per_request(observed)
    without, with_obs = [], []
    for _ in range(ROUNDS):
        without.append(await _per_request(bare))
        with_obs.append(await _per_request(observed))
    return without, with_obs


def main() -> None:
    """Measure and print one JSON line."""
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("careerbot.reload").setLevel(logging.WARNING)
    content = LiveCatalog(load_catalog())
    table = default_table()
    metrics = Metrics(table, ("telegram", "discord"))
    metrics.content_loaded(content.current)
    bare = Core(content, table)
    observed_core = Core(content, table, observers=[metrics.observe, RequestLog(user_text=False)])
    without, with_obs = asyncio.run(_rounds(bare, observed_core))
    base = statistics.median(without)
    observed = statistics.median(with_obs)
    reloader = ContentReloader(content)
    started = time.perf_counter()
    assert reloader.reload().ok
    reload_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    size = len(metrics.exposition({"telegram": True, "discord": True}))
    exposition_ms = (time.perf_counter() - started) * 1000
    memory = None
    if "--no-memory" not in sys.argv:
        run = [sys.executable, str(ROOT / "bench" / "memory.py")]
        memory = json.loads(subprocess.run(run, check=True, capture_output=True, text=True).stdout)
    print(
        json.dumps(
            {
                "bench": "selfhost",
                "requests_per_side": ROUNDS * PER_ROUND,
                "handle_us_without_observers": round(base * 1e6, 2),
                "handle_us_with_metrics_and_request_log": round(observed * 1e6, 2),
                "observer_overhead_us": round((observed - base) * 1e6, 2),
                "ratio": round(observed / base, 3),
                "reload_ms": round(reload_ms, 1),
                "metrics_exposition_ms": round(exposition_ms, 2),
                "metrics_bytes": size,
                "memory": memory,
            }
        )
    )


if __name__ == "__main__":
    main()
