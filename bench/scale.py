"""Benchmark of webhook replicas: 2 on PostgreSQL against 1 on SQLite, side by side; one JSON line.

Everything is real: the fake Bot API runs in its own process and delivers its webhook (as Telegram
does: up to max_connections at once, one chat's updates in order, resent until answered 2xx) to
the test balancer (tests/fakes/balancer.py, in this process), which passes each request round
robin to the replicas, ``careerbot run telegram`` processes in webhook mode
(tests/telegram/replicas.py) on a throwaway PostgreSQL cluster (scripts/postgres.sh) or one
SQLite file.  In the same run:

* ``throughput``: the same burst for each set-up (``--updates`` commands over ``--chats`` chats,
  injected at once), with no added latency and with 50 ms on every Bot API call: updates per
  second (injection of the first to the last reply), p50/p99 latency per update (its injection
  to the bot's reply, the k-th reply of a chat taken as the k-th update's), and the ratio of the
  2 replicas' rate to the 1 replica's.  Each set-up has a fake Bot API of its own (a bot has one
  webhook), both run all along, and their bursts take turns, ``--repeat`` times each (medians,
  with the replicas' CPU time per update).  At 50 ms, ``order`` also counts the chats (of 100,
  each sending three commands at once) whose replies came in another order than sent;
* ``quiz``: ``--users`` users step through the quiz at once on the 2 PostgreSQL replicas: all
  send /quiz, then every user presses an answer at the same time, six times.  Every press must
  edit its message exactly once into the next step: lost (no edit), doubled (more than one
  edit, or a "this step has changed") and, from the store, users whose saved quiz does not hold
  exactly six answers are counted.

The machine's cores are shared by the replicas, PostgreSQL, the fake and the balancer, so the
ratio says what a second replica buys on this machine, not on two machines.

Usage: ``python bench/scale.py [--updates 2000] [--chats 200] [--users 1000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.phrases import EN  # noqa: E402
from bot.store.postgres import PostgresStore  # noqa: E402
from tests.fakes.telegram_api import DEFAULT_TOKEN  # noqa: E402
from tests.telegram.replicas import Fleet, free_port  # noqa: E402

COMMANDS = ("/start", "/help", "/careers", "/skills python", "/salary nlp engineer", "/about")
"""What the users send in the throughput burst; each reply is one message."""
LATENCY = 0.05
SHIPPED = {"CAREERBOT_CONTENT_DIR": str(ROOT / "content")}
NOT_ANSWERS = frozenset({EN.btn_back, EN.btn_restart})
ORDERED = ("/about", "/help", "/start")
"""What each chat sends at once in the order check."""


class FakeServer:
    """The fake Bot API in a subprocess, and a client for its /_test/ endpoints."""

    def __init__(self) -> None:
        self.root = f"http://127.0.0.1:{free_port()}"
        self.client = httpx.AsyncClient(base_url=self.root, timeout=60)
        self.pids: list[int] = []
        """The processes of the replicas it delivers to (for their CPU time)."""
        port = self.root.rsplit(":", 1)[1]
        command = [sys.executable, "-m", "tests.fakes.telegram_api", "--port", port, "--token", DEFAULT_TOKEN]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        if "ready" not in self.process.stdout.readline():
            raise RuntimeError("the fake Bot API did not start")

    async def call(self, method: str, path: str, body: Any = None) -> Any:
        response = await self.client.request(method, path, json=body)
        response.raise_for_status()
        return response.json()["result"]

    async def sent(self, count: int, within: float = 300) -> list[dict[str, Any]]:
        """Wait until the bot sent or edited ``count`` messages in all; return them all."""
        deadline = time.monotonic() + within
        while (await self.call("GET", "/_test/stats"))["sent"] < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"fewer than {count} messages arrived in {within} s")
            await asyncio.sleep(0.02)
        return list(await self.call("GET", "/_test/sent"))

    async def quiet(self, seconds: float = 1.0) -> list[dict[str, Any]]:
        """Wait until nothing is pending and nothing was sent for ``seconds``; return all sent."""
        last, since = -1, time.monotonic()
        while time.monotonic() - since < seconds:
            stats = await self.call("GET", "/_test/stats")
            if stats["sent"] != last or stats["pending_updates"]:
                last, since = stats["sent"], time.monotonic()
            await asyncio.sleep(0.05)
        return list(await self.call("GET", "/_test/sent"))

    async def close(self) -> None:
        await self.client.aclose()
        self.process.terminate()
        self.process.wait(10)

    def cpu(self) -> float:
        """CPU seconds the replicas have used so far (Linux /proc)."""
        total = 0.0
        for pid in self.pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def burst(server: FakeServer, first_chat: int, updates: int, chats: int) -> dict[str, Any]:
    """Inject ``updates`` commands over ``chats`` chats at once; wait for every reply; measure."""
    before, cpu = (await server.call("GET", "/_test/stats"))["sent"], server.cpu()
    items = [{"text": COMMANDS[i % len(COMMANDS)], "chat_id": first_chat + i % chats} for i in range(updates)]
    injected = await server.call("POST", "/_test/updates", items)
    sent = (await server.sent(before + updates))[before:]
    replies: dict[int, list[float]] = {}
    for message in sent:
        replies.setdefault(message["chat_id"], []).append(message["time"])
    latencies, seen = [], dict.fromkeys(replies, 0)
    for item, info in zip(items, injected, strict=True):
        chat = item["chat_id"]
        latencies.append(replies[chat][seen[chat]] - info["time"])
        seen[chat] += 1
    elapsed = max(m["time"] for m in sent) - min(i["time"] for i in injected)
    return {
        "updates_per_s": round(updates / elapsed, 1),
        "replica_cpu_ms_per_update": round((server.cpu() - cpu) * 1000 / updates, 2),
        "seconds": round(elapsed, 2),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


async def throughput(
    setups: dict[str, FakeServer], updates: int, chats: int, repeat: int
) -> dict[str, dict[str, Any]]:
    """A warm-up, then per latency ``repeat`` bursts on each set-up, taking turns (the order
    swapped every time), so a busy moment of the machine hits both alike; medians are reported."""
    base = 100_000
    for server in setups.values():
        await server.call("POST", "/_test/latency", {"seconds": 0.0})
        await burst(server, base, min(updates, 400), chats)
    out: dict[str, dict[str, Any]] = {}
    for name, latency in (("no_latency", 0.0), ("latency_50ms", LATENCY)):
        runs: dict[str, list[dict[str, Any]]] = {setup: [] for setup in setups}
        for server in setups.values():
            await server.call("POST", "/_test/latency", {"seconds": latency})
        for turn in range(repeat):
            order = list(setups) if turn % 2 == 0 else list(reversed(setups))
            for setup in order:
                base += 1000
                runs[setup].append(await burst(setups[setup], base, updates, chats))
        out[name] = {setup: summary(found) for setup, found in runs.items()}
    for setup, server in setups.items():  # still at 50 ms, where a race between replicas shows
        base += 1000
        out["latency_50ms"][setup]["order"] = await in_order(server, base, 100)
    await asyncio.gather(*(s.call("POST", "/_test/latency", {"seconds": 0.0}) for s in setups.values()))
    return out


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The medians of several bursts' figures, and every burst's rate."""
    keys = ("updates_per_s", "p50_ms", "p99_ms", "replica_cpu_ms_per_update")
    medians = {key: round(statistics.median(r[key] for r in runs), 2) for key in keys}
    return {**medians, "runs_updates_per_s": [r["updates_per_s"] for r in runs]}


async def in_order(server: FakeServer, base: int, chats: int) -> dict[str, Any]:
    """Each of ``chats`` chats sends /about, /help and /start at once: in how many do the replies
    come in another order (a single process keeps one chat's order)?"""
    titles = []
    for i, command in enumerate(ORDERED):  # what each reply starts with, one at a time
        before = (await server.call("GET", "/_test/stats"))["sent"]
        await server.call("POST", "/_test/updates", [{"text": command, "chat_id": base - 1 - i}])
        titles.append((await server.sent(before + 1))[-1]["text"].split("\n", 1)[0])
    before = (await server.call("GET", "/_test/stats"))["sent"]
    items = [{"text": command, "chat_id": base + c} for c in range(chats) for command in ORDERED]
    await server.call("POST", "/_test/updates", items)
    replies: dict[int, list[str]] = {}
    for message in (await server.sent(before + len(items)))[before:]:
        replies.setdefault(message["chat_id"], []).append(message["text"].split("\n", 1)[0])
    return {"chats": chats, "out_of_order_chats": sum(replies[base + c] != titles for c in range(chats))}


def first_answer(message: dict[str, Any]) -> str:
    """The callback_data of the first answer button of a quiz step."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return next(b["callback_data"] for row in rows for b in row if b["text"] not in NOT_ANSWERS)


async def quiz(server: FakeServer, store_url: str, base: int, users: int) -> dict[str, Any]:
    """``users`` users at once: /quiz, then six rounds in which every user presses an answer."""
    chats = range(base, base + users)
    start = (await server.call("GET", "/_test/stats"))["sent"]
    began = time.monotonic()
    await server.call("POST", "/_test/updates", [{"text": "/quiz", "chat_id": c} for c in chats])
    sent = (await server.sent(start + users))[start:]
    shown = {m["chat_id"]: m for m in sent if m["chat_id"] in chats}
    lost = doubled = 0
    for _ in range(6):
        before = start + len(sent)
        presses = [
            {"callback_data": first_answer(shown[c]), "chat_id": c, "message_id": shown[c]["message_id"]}
            for c in chats
            if c in shown
        ]
        await server.call("POST", "/_test/updates", presses)
        with contextlib.suppress(RuntimeError):  # what did not arrive is counted as lost below
            await server.sent(before + len(presses), within=120)
        new = (await server.quiet())[before:]
        sent = sent + new
        edits: dict[int, list[dict[str, Any]]] = {}
        for message in new:
            edits.setdefault(message["chat_id"], []).append(message)
        for press in presses:
            mine = edits.get(press["chat_id"], [])
            lost += not mine
            doubled += len(mine) > 1 or any(m["text"].startswith(EN.quiz_changed_title) for m in mine)
            if mine:
                shown[press["chat_id"]] = mine[-1]
    seconds = time.monotonic() - began
    finished = sum(shown[c]["text"].startswith(EN.quiz_result_title) for c in chats if c in shown)
    store = PostgresStore(store_url)
    try:
        stored = [await store.load_quiz(f"telegram:{c}") for c in chats]
    finally:
        await store.close()
    wrong = sum(record is None or len(record.answers) != 6 for record in stored)
    return {
        "users": users,
        "steps": users * 6,
        "lost_steps": lost,
        "doubled_steps": doubled,
        "finished": finished,
        "stored_quizzes_not_six_answers": wrong,
        "seconds": round(seconds, 1),
        "steps_per_s_with_settling": round(users * 7 / seconds, 1),
        "met": lost == 0 and doubled == 0 and wrong == 0 and finished == users,
    }


def postgres(action: str, directory: Path) -> str:
    """scripts/postgres.sh ``action`` on ``directory``; its output (the URL for ``start``)."""
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "postgres.sh"), action, str(directory)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="bursts per set-up and latency")
    args = parser.parse_args()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="careerbot-scale-"))
    cluster = Path(tempfile.mkdtemp(prefix="careerbot-scale-pg-"))
    url = postgres("start", cluster)
    servers = {"pg_2_replicas": FakeServer(), "sqlite_1_replica": FakeServer()}
    stores = {"pg_2_replicas": {"STORE_URL": url}, "sqlite_1_replica": {"STORE_PATH": str(work / "one.db")}}
    fleets: list[Fleet] = []
    try:
        for (name, server), size in zip(servers.items(), (2, 1), strict=True):
            fleet = Fleet(server.root, stores[name], work / name, size, extra_env=SHIPPED)
            fleets.append(await fleet.start())
            server.pids = [replica.process.pid for replica in fleet.replicas]
        found = await throughput(servers, args.updates, args.chats, args.repeat)
        quizzes = await quiz(servers["pg_2_replicas"], url, 500_000, args.users)
    finally:
        for fleet in fleets:
            await fleet.close()
        for server in servers.values():
            await server.close()
        postgres("stop", cluster)
    for runs in found.values():
        rates = (runs["pg_2_replicas"]["updates_per_s"], runs["sqlite_1_replica"]["updates_per_s"])
        runs["ratio_2_vs_1"] = round(rates[0] / rates[1], 2)
    result = {
        "benchmark": "scale",
        "updates": args.updates,
        "chats": args.chats,
        "repeat": args.repeat,
        "throughput": found,
        "quiz_pg_2_replicas": quizzes,
        "bench_seconds": round(time.monotonic() - started, 1),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
