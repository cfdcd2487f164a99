"""Real ``careerbot run telegram`` processes in webhook mode behind the test balancer.

:class:`Fleet` starts a :class:`~tests.fakes.balancer.Balancer` on a free port and N replicas, each
a ``python -m bot run telegram`` process listening on a port of its own, with the same webhook URL
(the balancer's), the same webhook secret and the same store (``STORE_URL``, or one SQLite file).
Each replica's output goes to a log file (read with :meth:`Replica.log`); a replica is ready once
it logs that it is serving.  Used by tests/telegram/test_replicas.py and bench/scale.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.content import FIXTURE_CONTENT
from tests.fakes.balancer import Balancer
from tests.fakes.telegram_api import DEFAULT_TOKEN
from tests.waiting import eventually

ROOT = Path(__file__).resolve().parents[2]
SECRET = "replica_shared_secret-0123456789"
HOOK_PATH = "/tg"
READY = "telegram: serving as @"
"""What a replica logs once its webhook listener is up and setWebhook was accepted."""
START_WITHIN = 60.0
INHERITED_PREFIXES = ("TELEGRAM_", "DISCORD_", "CAREERBOT_", "STORE_", "HEALTH_", "LOG_")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Replica:
    """One ``careerbot run telegram`` process."""

    index: int
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        """The replica's own webhook URL (bypassing the balancer)."""
        return f"http://127.0.0.1:{self.port}{HOOK_PATH}"

    def log(self) -> str:
        """Everything the replica printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    @property
    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, whatever it was doing."""
        if self.alive:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    async def stop(self, within: float = 10.0) -> int:
        """SIGTERM and wait for the exit code (SIGKILL when it takes more than ``within`` s)."""
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
            try:
                await eventually(lambda: not self.alive, within)
            except AssertionError:
                self.kill()
        return self.process.returncode


@dataclass
class Fleet:
    """A balancer and the replicas behind it, all sharing one store and one webhook secret."""

    fake_url: str
    store_env: dict[str, str]
    """``{"STORE_URL": ...}`` for PostgreSQL, or ``{"STORE_PATH": ...}`` for one SQLite file."""
    workdir: Path
    size: int = 2
    secret: str = SECRET
    extra_env: dict[str, str] = field(default_factory=dict)
    balancer: Balancer = field(init=False)
    replicas: list[Replica] = field(default_factory=list, init=False)

    @property
    def hook_url(self) -> str:
        """The one webhook URL every replica registers: the balancer's."""
        return self.balancer.url + HOOK_PATH

    async def start(self) -> Fleet:
        """Start the balancer, then every replica; wait until all of them serve."""
        ports = [free_port() for _ in range(self.size)]
        self.balancer = Balancer([f"http://127.0.0.1:{p}" for p in ports])
        await self.balancer.start()
        for index, port in enumerate(ports):
            self.replicas.append(self.spawn(index, port))
        for replica in self.replicas:
            await self.ready(replica)
        return self

    def env(self, port: int, data: Path) -> dict[str, str]:
        """The environment of a replica listening on ``port``."""
        base = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_PREFIXES)}
        base.pop("DATA_DIR", None)
        return {
            **base,
            "TELEGRAM_TOKEN": DEFAULT_TOKEN,
            "TELEGRAM_BASE_URL": self.fake_url,
            "TELEGRAM_WEBHOOK_URL": self.hook_url,
            "TELEGRAM_WEBHOOK_SECRET": self.secret,
            "TELEGRAM_LISTEN": "127.0.0.1",
            "TELEGRAM_PORT": str(port),
            "DATA_DIR": str(data),
            "CAREERBOT_CONTENT_DIR": str(FIXTURE_CONTENT),
            "LOG_LEVEL": "INFO",
            **self.store_env,
            **self.extra_env,
        }

    def spawn(self, index: int, port: int) -> Replica:
        """Start replica ``index`` on ``port`` (not waiting for it)."""
        data = self.workdir / f"replica-{index}"
        data.mkdir(parents=True, exist_ok=True)
        log_path = (
            self.workdir / f"replica-{index}-start-{len(list(self.workdir.glob(f'replica-{index}-*')))}.log"
        )
        with log_path.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "--env-file", "/nonexistent/.env", "run", "telegram"],
                cwd=ROOT,
                env=self.env(port, data),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return Replica(index, port, process, log_path)

    async def ready(self, replica: Replica) -> None:
        """Wait until ``replica`` serves; fail with its log if it exits or takes too long."""
        try:
            await eventually(lambda: READY in replica.log() or not replica.alive, START_WITHIN)
        except AssertionError:
            raise AssertionError(f"replica {replica.index} did not start:\n{replica.log()}") from None
        if not replica.alive:
            raise AssertionError(
                f"replica {replica.index} exited {replica.process.returncode}:\n{replica.log()}"
            )

    async def restart(self, index: int) -> Replica:
        """Start replica ``index`` again on its port (after it was killed or stopped)."""
        old = self.replicas[index]
        old.kill()
        self.replicas[index] = self.spawn(index, old.port)
        await self.ready(self.replicas[index])
        return self.replicas[index]

    async def close(self) -> dict[int, int]:
        """Stop every replica (SIGTERM) and the balancer; the exit code of each replica stopped now."""
        codes = {r.index: await r.stop() for r in self.replicas if r.alive}
        await self.balancer.close()
        return codes
