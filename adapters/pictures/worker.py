"""Drawing in a short-lived worker process, so Pillow never lives in the bot's process.

:class:`WorkerDraw` is the :data:`~adapters.pictures.Draw` the composition root gives
:class:`~adapters.pictures.Pictures`: each drawing runs ``python -m adapters.pictures.worker``,
hands it the picture on standard input and reads the PNG from standard output.  The worker
imports Pillow and the picture's dataclasses only (not the bot, the platforms or the content),
draws, and exits, so the memory Pillow and its image buffers take is given back to the system at
once: the bot's own memory stays what it is without pictures.  At most ``workers`` drawings run
at a time (pictures are drawn once each and then cached, so this is reached only after a reload).

Running as a script: ``python -m adapters.pictures.worker`` reads one pickled picture from
standard input (written by :class:`WorkerDraw` of the same installation, never by a user) and
writes its PNG to standard output; a failure is a message on standard error and exit status 1.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading

from bot.pictures import Picture

TIMEOUT_SECONDS = 20.0
"""A drawing that takes longer is stopped (it normally takes about a tenth of a second)."""
WORKERS = 2
"""Drawings at a time: one per core of a small host."""


class WorkerError(RuntimeError):
    """The worker process failed to draw (its message is the worker's last line of error)."""


class WorkerDraw:
    """Draws pictures in short-lived worker processes (see the module docstring)."""

    def __init__(self, *, workers: int = WORKERS, timeout: float = TIMEOUT_SECONDS) -> None:
        self._slots = threading.BoundedSemaphore(max(1, workers))
        self._timeout = timeout

    def __call__(self, picture: Picture) -> bytes:
        """The PNG of ``picture``; raises :class:`WorkerError` when the worker fails or times out."""
        with self._slots:
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "adapters.pictures.worker"],
                    input=pickle.dumps(picture),
                    capture_output=True,
                    timeout=self._timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise WorkerError(f"the drawing worker took more than {self._timeout:g} s") from exc
        if done.returncode != 0 or not done.stdout:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise WorkerError(lines[-1] if lines else f"the drawing worker exited with {done.returncode}")
        return done.stdout


def main() -> int:
    """Draw the picture read from standard input; the PNG goes to standard output."""
    from adapters.pictures.draw import render

    try:
        picture = pickle.loads(sys.stdin.buffer.read())
        if not isinstance(picture, Picture):
            raise TypeError(f"not a picture: {type(picture).__name__}")
        png = render(picture)
    except Exception as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
