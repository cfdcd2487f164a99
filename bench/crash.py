"""The crash benchmark: SIGKILL ``careerbot run telegram`` mid-burst, start it again, count what was lost.

For each store (SQLite in a fresh DATA_DIR; PostgreSQL in a fresh schema of a throwaway cluster from
scripts/postgres.sh, when one can be started) and each mode (polling, webhook):

1. the fake Bot API (tests/fakes/telegram_api.py) runs standalone with ``--latency`` (50 ms) per call;
2. ``careerbot run telegram`` runs as a real subprocess on that store;
3. 600 messages are queued at once over 60 groups (each reply quotes the message it answers);
4. after 100 replies the bot gets SIGKILL; the updates its store holds unanswered are counted;
5. it is started again and left until every message is answered or nothing was sent for
   ``lease + 5`` seconds; then SIGTERM (a clean stop finishes what is in flight);
6. ``lost`` = messages never answered, ``duplicated`` = replies beyond the first per message,
   next to the bound ``in_flight_bound`` = min(TELEGRAM_CONCURRENCY, chats): a chat's updates are
   answered one at a time, so no more replies can be in flight at the kill.

``--baseline DIR`` runs the same scenario, in the same run, with the careerbot of another checkout
(e.g. a worktree of the commit before the crash-safe intake) for comparison.

Usage: ``python bench/crash.py [--messages 600] [--chats 60] [--kill-after 100] [--lease 10]
[--modes polling,webhook] [--stores sqlite,postgres] [--baseline DIR]``; prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "7000000001:AAFakeTokenForCareerbotTests_0123456789"
COMMANDS = ("/about", "/skills", "/careers", "/help", "/education", "/experience", "/salary", "/examples")
CONCURRENCY = 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Fake:
    """The fake Bot API in its own process, driven over its /_test/ endpoints."""

    def __init__(self, latency: float) -> None:
        self.port = free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "tests.fakes.telegram_api"),
                *("--port", str(self.port), "--token", TOKEN, "--latency", str(latency)),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        if "ready" not in self.process.stdout.readline():
            raise RuntimeError("the fake Bot API did not start")
        self.client = httpx.Client(base_url=self.root, timeout=30)

    def get(self, path: str) -> Any:
        return self.client.get(path).raise_for_status().json()["result"]

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(path, json=body).raise_for_status().json()["result"]

    def close(self) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(10)


def wait(condition: Any, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.02)


def start_bot(env: dict[str, str], checkout: Path) -> subprocess.Popen[bytes]:
    run_env = dict(env, PYTHONPATH=str(checkout))
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--env-file", os.devnull, "run", "telegram"],
        cwd=checkout,
        env=run_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def serving(fake: Fake, mode: str, calls_before: int) -> None:
    method = "setWebhook" if mode == "webhook" else "getUpdates"
    wait(lambda: any(c["method"] == method for c in fake.get("/_test/calls")[calls_before:]), 60, "the bot")


def unanswered(store: str, where: str) -> int | None:
    """Updates recorded and not answered (the killed bot's backlog); None when there is no intake table."""
    try:
        if store == "sqlite":
            with sqlite3.connect(where) as conn:
                return int(conn.execute("SELECT COUNT(*) FROM intake WHERE answered IS NULL").fetchone()[0])
        import psycopg

        with psycopg.connect(where) as conn:
            row = conn.execute("SELECT COUNT(*) FROM intake WHERE answered IS NULL").fetchone()
            return int(row[0]) if row else None
    except (sqlite3.Error, OSError, ImportError, Exception):  # the table does not exist (baseline)
        return None


def scenario(args: argparse.Namespace, store: str, where: str, mode: str, checkout: Path) -> dict[str, Any]:
    """One crash run; ``where`` is the SQLite file or the PostgreSQL URL."""
    fake = Fake(args.latency)
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "HEALTH_"))}
        env = {k: v for k, v in env.items() if not k.startswith("STORE_")}
        env.update(
            TELEGRAM_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=fake.root,
            TELEGRAM_CONCURRENCY=str(CONCURRENCY),
            TELEGRAM_LEASE_SECONDS=str(args.lease),
            LOG_LEVEL="WARNING",
        )
        if store == "sqlite":
            env.update(DATA_DIR=str(Path(where).parent), STORE_PATH=where)
        else:
            env.update(DATA_DIR=tempfile.mkdtemp(prefix="careerbot-crash-"), STORE_URL=where)
        if mode == "webhook":
            port = free_port()
            env.update(
                TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/tg",
                TELEGRAM_WEBHOOK_SECRET=secrets.token_urlsafe(16),
                TELEGRAM_LISTEN="127.0.0.1",
                TELEGRAM_PORT=str(port),
            )
        bot = start_bot(env, checkout)
        serving(fake, mode, 0)
        items = [
            {
                "text": COMMANDS[n % len(COMMANDS)],
                "chat_id": -1000 - n % args.chats,
                "chat_type": "supergroup",
            }
            for n in range(args.messages)
        ]
        fake.post("/_test/updates", items)  # one request: every message exists before any reply
        expected = {
            (-1000 - c, m) for c in range(args.chats) for m in range(1, args.messages // args.chats + 1)
        }
        wait(lambda: fake.get("/_test/stats")["sent"] >= args.kill_after, 120, "the replies before the kill")
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)
        at_kill = fake.get("/_test/stats")["sent"]
        backlog = unanswered(store, where)
        calls = len(fake.get("/_test/calls"))
        restarted = time.monotonic()
        bot = start_bot(env, checkout)
        serving(fake, mode, calls)
        last, quiet_since, recovered = -1, time.monotonic(), None
        while time.monotonic() - quiet_since < args.lease + 5:
            sent = fake.get("/_test/sent")
            answered = {(s["chat_id"], s["reply_to"]) for s in sent if s["method"] == "sendMessage"}
            if recovered is None and expected <= answered:
                recovered = round(time.monotonic() - restarted, 2)
                break
            if len(sent) != last:
                last, quiet_since = len(sent), time.monotonic()
            time.sleep(0.1)
        bot.send_signal(signal.SIGTERM)
        bot.wait(15)
        replies = Counter(
            (s["chat_id"], s["reply_to"]) for s in fake.get("/_test/sent") if s["method"] == "sendMessage"
        )
        return {
            "lost": len(expected - set(replies)),
            "duplicated": sum(n - 1 for n in replies.values()),
            "in_flight_bound": min(CONCURRENCY, args.chats),
            "replies_at_kill": at_kill,
            "recorded_unanswered_at_kill": backlog,
            "seconds_to_answer_all_after_restart": recovered,
        }
    finally:
        fake.close()


def postgres(directory: Path) -> str | None:
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "postgres.sh"), "start", str(directory)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else None


def fresh_schema(url: str) -> str:
    import psycopg

    schema = f"crash_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--chats", type=int, default=60)
    parser.add_argument("--kill-after", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--lease", type=int, default=10)
    parser.add_argument("--modes", default="polling,webhook")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to run the same way")
    args = parser.parse_args()
    started = time.monotonic()
    result: dict[str, Any] = {"benchmark": "crash", "messages": args.messages, "chats": args.chats}
    result.update(kill_after=args.kill_after, latency_s=args.latency, lease_s=args.lease)
    cluster = Path(tempfile.mkdtemp(prefix="careerbot-crash-pg-"))
    url = postgres(cluster) if "postgres" in args.stores else None
    checkouts = {"careerbot": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    try:
        for label, checkout in checkouts.items():
            runs: dict[str, Any] = {}
            for store in args.stores.split(","):
                if store == "postgres" and url is None:
                    runs["postgres"] = "skipped: no PostgreSQL cluster could be started (scripts/postgres.sh)"
                    continue
                for mode in args.modes.split(","):
                    if store == "sqlite":
                        where = str(Path(tempfile.mkdtemp(prefix="careerbot-crash-")) / "careerbot.sqlite3")
                    else:
                        assert url is not None
                        where = fresh_schema(url)
                    runs[f"{store}_{mode}"] = scenario(args, store, where, mode, checkout)
            result[label] = runs
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "stop", str(cluster)], check=False)
    result["met"] = all(
        run["lost"] == 0 and run["duplicated"] <= run["in_flight_bound"]
        for run in result["careerbot"].values()
        if isinstance(run, dict)
    )
    result["bench_seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
