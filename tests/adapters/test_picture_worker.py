"""Drawing in short-lived worker processes: the app's pictures never load Pillow into the bot."""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys

import pytest

from adapters.pictures import Pictures, draw_png
from adapters.pictures.worker import WorkerDraw, WorkerError
from bot.content.catalog import Catalog
from bot.handlers.charts import salary_chart
from tests.cli import ROOT


def test_the_worker_draws_the_same_png_as_in_process(catalog: Catalog) -> None:
    """A worker process draws byte for byte the PNG Pillow draws in this process."""
    picture = salary_chart(catalog)
    assert WorkerDraw()(picture) == draw_png(picture)


def test_a_worker_refuses_what_is_not_a_picture() -> None:
    """Run by hand with something else on standard input, the worker exits 1 with one line."""
    ran = subprocess.run(
        [sys.executable, "-m", "adapters.pictures.worker"],
        input=pickle.dumps({"not": "a picture"}),
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert ran.returncode == 1
    assert ran.stdout == b""
    assert ran.stderr.decode().strip().splitlines() == ["TypeError: not a picture: dict"]


async def test_a_worker_that_takes_too_long_is_a_failed_drawing(
    catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    """A drawing past the timeout stops the worker: the adapter gets None and one warning."""
    pictures = Pictures(WorkerDraw(timeout=0.001))
    with caplog.at_level(logging.WARNING, logger="adapters.pictures"):
        assert await pictures.png(salary_chart(catalog)) is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "WorkerError" in warnings[0].getMessage()
    with pytest.raises(WorkerError):
        WorkerDraw(timeout=0.001)(salary_chart(catalog))
