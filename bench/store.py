"""Benchmark of saved state: quiz steps through the core, and single store operations; one JSON line.

Seeds 10,000 users through the store API (each with a finished quiz, three
skill marks and a checklist role, like real users) into each store: SQLite,
PostgreSQL and, as the baseline, the in-memory store.  Then:

* Quiz steps: every step of full quizzes taken by 200 more users through
  ``Core.respond`` (a typed ``/quiz`` and button presses; ``/quiz`` plus six answers:
  1,400 steps a round), so the ratio to memory isolates what the store costs.
  The stores are measured in alternating rounds (three each) and each figure is
  the median of its rounds, so one burst of load from another process on a
  shared 2-core machine does not decide a p99; every round's p99 is printed
  too.  Also a concurrent run (50 users stepping at once on one event loop,
  latency including queueing).
* Operations: p50/p99 of each store call on its own (``load_quiz``,
  ``save_quiz`` as a compare-and-swap update, ``load_checklist``,
  ``mark_skill``, ``load_context`` + ``save_context`` together, ``claim_update``
  of a new key), 400 calls a round, alternating rounds, with ratios to memory.

Also the database sizes per 1,000 users and the seeding rates.  PostgreSQL is
``$BENCH_POSTGRES_URL`` (tables made in a schema of their own, dropped at the
end) or a throwaway cluster from ``scripts/postgres.sh`` on 127.0.0.1 with the
server's durable defaults (fsync and synchronous_commit on; SQLite runs WAL with
synchronous=NORMAL, which does not sync each commit); it is stopped at the end.
Without PostgreSQL its figures say why they are missing.

Usage: ``python bench/store.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.catalog import Catalog  # noqa: E402
from bot.content.loader import load_catalog  # noqa: E402
from bot.core import Core  # noqa: E402
from bot.flows.service import StateService  # noqa: E402
from bot.replies import Reply  # noqa: E402
from bot.request import Request, Who  # noqa: E402
from bot.store import Context, MemoryStore, QuizRecord, SqliteStore, Store  # noqa: E402

STORED_USERS = 10_000
MEASURED_USERS = 200
ROUNDS = 3
CONCURRENT_USERS = 50
OPERATION_CALLS = 400
SEED = 6
OPERATIONS = (
    "load_quiz",
    "save_quiz",
    "load_checklist",
    "mark_skill",
    "load_context+save_context",
    "claim_update",
)


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50, p99 and max in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


async def seed(store: Store, catalog: Catalog, users: int) -> float:
    """Give ``users`` users a finished quiz, three skill marks and a role; return seconds taken."""
    rng = random.Random(SEED)
    skills = list(catalog.skills)
    careers = list(catalog.careers)
    started = time.perf_counter()
    for n in range(users):
        user = f"telegram:{10_000_000 + n}"
        answers = tuple(rng.choice(q.answers).id for q in catalog.quiz.questions)
        await store.save_quiz(user, QuizRecord(rng.randrange(1, 36**4), answers, time.time()), None)
        role = rng.choice(careers)
        for skill in rng.sample(skills, 3):
            await store.mark_skill(user, skill, True, role)
    return time.perf_counter() - started


async def take_quiz(core: Core, user_id: str, rng: random.Random, samples: list[float]) -> Reply:
    """/quiz and one random answer per question, timing each step."""
    who = Who(platform="telegram", user_id=user_id, conversation=user_id, language="")
    started = time.perf_counter()
    reply = await core.respond(Request.from_text("/quiz", **who))
    samples.append(time.perf_counter() - started)
    assert reply is not None
    for _ in catalog_questions(core):
        answers = [b for b in reply.buttons if b.action.argument.startswith("a.")]
        packed = rng.choice(answers).packed
        started = time.perf_counter()
        reply = await core.respond(Request.from_button(packed, **who))
        samples.append(time.perf_counter() - started)
    return reply


def catalog_questions(core: Core) -> range:
    """One iteration per quiz question."""
    return range(len(core.catalog.quiz.questions))


async def measure(core: Core, prefix: str) -> dict[str, float]:
    """Sequential quizzes of MEASURED_USERS new users: per-step latency and steps per second."""
    rng = random.Random(SEED)
    warm: list[float] = []
    for n in range(10):
        await take_quiz(core, f"{prefix}w{n}", rng, warm)
    samples: list[float] = []
    started = time.perf_counter()
    for n in range(MEASURED_USERS):
        result = await take_quiz(core, f"{prefix}{n}", rng, samples)
        assert result.title == "Your best matches", result.title
    elapsed = time.perf_counter() - started
    return {
        "steps": len(samples),
        "steps_per_second": round(len(samples) / elapsed, 1),
        **percentiles(samples),
    }


async def measure_concurrent(core: Core, prefix: str) -> dict[str, float]:
    """CONCURRENT_USERS users taking the quiz at the same time on one event loop."""
    samples: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(
        *(take_quiz(core, f"{prefix}c{n}", random.Random(n), samples) for n in range(CONCURRENT_USERS))
    )
    elapsed = time.perf_counter() - started
    return {
        "steps": len(samples),
        "steps_per_second": round(len(samples) / elapsed, 1),
        **percentiles(samples),
    }


def median_of(rounds: list[dict[str, float]]) -> dict[str, object]:
    """Each figure's median over the rounds, plus every round's p99."""
    figures: dict[str, object] = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
    figures["p99_ms_each_round"] = [r["p99_ms"] for r in rounds]
    return figures


def file_bytes(path: Path) -> int:
    """The database's size on disk, write-ahead log included."""
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


class Operations:
    """Times single store calls on seeded users, round after round."""

    def __init__(self, store: Store, catalog: Catalog, name: str) -> None:
        self.store = store
        self.name = name
        self.skills = list(catalog.skills)
        self.careers = list(catalog.careers)
        self.versions: dict[str, int] = {}
        self.claims = 0
        self.warm = False
        self.rng = random.Random(SEED)
        self.samples: dict[str, list[dict[str, float]]] = {op: [] for op in OPERATIONS}

    def user(self) -> str:
        return f"telegram:{10_000_000 + self.rng.randrange(STORED_USERS)}"

    async def timed(self, op: str, call: Callable[[], Awaitable[object]]) -> list[float]:
        samples = []
        for _ in range(OPERATION_CALLS):
            started = time.perf_counter()
            await call()
            samples.append(time.perf_counter() - started)
        return samples

    async def round(self) -> None:
        """One round of every operation."""
        store = self.store

        async def save_quiz() -> None:
            user = f"bench:{self.name}:{self.rng.randrange(100)}"
            current = self.versions.get(user)
            new = (current or 0) + 1
            assert await store.save_quiz(user, QuizRecord(new, ("images",), time.time()), current)
            self.versions[user] = new

        async def mark_skill() -> None:
            await store.mark_skill(
                self.user(),
                self.rng.choice(self.skills),
                self.rng.random() < 0.7,
                self.rng.choice(self.careers),
            )

        async def context() -> None:
            user = self.user()
            await store.load_context(user, user)
            topics = (f"career:{self.rng.choice(self.careers)}",)
            await store.save_context(user, user, Context(topics, topics * 3, time.time()))

        async def claim() -> None:
            self.claims += 1
            assert await store.claim_update(f"telegram:{self.name}:{self.claims}", time.time())

        calls: dict[str, Callable[[], Awaitable[object]]] = {
            "load_quiz": lambda: store.load_quiz(self.user()),
            "save_quiz": save_quiz,
            "load_checklist": lambda: store.load_checklist(self.user()),
            "mark_skill": mark_skill,
            "load_context+save_context": context,
            "claim_update": claim,
        }
        if not self.warm:  # once: caches, prepared statements
            for op, call in calls.items():
                await self.timed(op, call)
            self.warm = True
        for op, call in calls.items():
            self.samples[op].append(percentiles(await self.timed(op, call)))

    def figures(self) -> dict[str, dict[str, float]]:
        """Per operation: the median over rounds of p50 and p99."""
        return {
            op: {
                "p50_ms": round(statistics.median(r["p50_ms"] for r in rounds), 3),
                "p99_ms": round(statistics.median(r["p99_ms"] for r in rounds), 3),
            }
            for op, rounds in self.samples.items()
        }


def with_ratios(
    figures: dict[str, dict[str, float]], memory: dict[str, dict[str, float]]
) -> dict[str, object]:
    """Each operation's figures with their ratios to the memory store's."""
    out: dict[str, object] = {}
    for op, f in figures.items():
        base = memory[op]
        out[op] = {
            **f,
            "p50_ratio_to_memory": round(f["p50_ms"] / max(base["p50_ms"], 1e-3), 1),
            "p99_ratio_to_memory": round(f["p99_ms"] / max(base["p99_ms"], 1e-3), 1),
        }
    return out


@contextlib.contextmanager
def postgres_url() -> Iterator[tuple[str | None, str]]:
    """``(url, how)``: $BENCH_POSTGRES_URL in a schema of its own, else a throwaway durable cluster."""
    given = os.environ.get("BENCH_POSTGRES_URL", "").strip()
    if given:
        import psycopg

        schema = f"bench_{secrets.token_hex(4)}"
        with psycopg.connect(given, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            yield (
                f"{given}{'&' if '?' in given else '?'}options=-csearch_path%3D{schema}",
                "BENCH_POSTGRES_URL",
            )
        finally:
            with psycopg.connect(given, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
        return
    directory = Path(tempfile.mkdtemp(prefix="careerbot-bench-pg-"))  # not in tmp: postgres must enter it
    script = ["bash", str(ROOT / "scripts" / "postgres.sh")]
    env = {**os.environ, "CAREERBOT_PG_DURABLE": "1"}
    try:
        started = subprocess.run(
            [*script, "start", str(directory)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        if started.returncode != 0:
            yield None, "scripts/postgres.sh start failed: " + " | ".join(started.stderr.splitlines()[-5:])
            return
        yield started.stdout.strip(), "throwaway cluster, PostgreSQL defaults (fsync, synchronous_commit on)"
    finally:
        subprocess.run([*script, "stop", str(directory)], capture_output=True, timeout=60, check=False)


async def postgres_bytes(store: Store) -> int:
    """The size of careerbot's tables and indexes in PostgreSQL."""
    from bot.store.postgres import PostgresStore

    assert isinstance(store, PostgresStore)
    rows = await store._fetch(
        "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind = 'r' AND n.nspname = current_schema()"
    )
    return int(rows[0][0])


def ratio(store: dict[str, object], memory: dict[str, object], key: str, digits: int = 2) -> float:
    """store[key] / memory[key]."""
    return round(float(str(store[key])) / max(float(str(memory[key])), 1e-6), digits)


async def main() -> None:
    """Run everything and print one JSON line."""
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp, postgres_url() as (pg_url, pg_how):
        path = Path(tmp) / "careerbot.sqlite3"
        sqlite = SqliteStore(path)
        await sqlite.open()
        seed_seconds = await seed(sqlite, catalog, STORED_USERS)
        await sqlite.close()  # checkpoints the WAL into the file
        size = file_bytes(path)
        sqlite = SqliteStore(path)
        await sqlite.open()
        memory = MemoryStore()
        await seed(memory, catalog, STORED_USERS)
        stores: dict[str, Store] = {"sqlite": sqlite, "memory": memory}
        pg_seed_seconds = pg_size = 0.0
        if pg_url is not None:
            from bot.store.postgres import PostgresStore

            postgres = PostgresStore(pg_url)
            await postgres.open()
            pg_seed_seconds = await seed(postgres, catalog, STORED_USERS)
            pg_size = await postgres_bytes(postgres)
            stores["postgres"] = postgres
        cores = {name: Core(catalog, state=StateService(store)) for name, store in stores.items()}
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in stores}
        for n in range(ROUNDS):
            for name, core in cores.items():
                rounds[name].append(await measure(core, f"{name[0]}{n}-"))
        concurrent = {name: await measure_concurrent(core, name[0]) for name, core in cores.items()}
        operations = {name: Operations(store, catalog, name) for name, store in stores.items()}
        for _ in range(ROUNDS):
            for ops in operations.values():
                await ops.round()
        for store in stores.values():
            await store.close()
        steps = {name: median_of(r) for name, r in rounds.items()}
        final_size = file_bytes(path)
    memory_ops = operations["memory"].figures()
    result: dict[str, object] = {
        "bench": "store",
        "cpus": os.cpu_count(),
        "stored_users": STORED_USERS,
        "sqlite": steps["sqlite"],
        "sqlite_concurrent_50_users": concurrent["sqlite"],
        "baseline_memory_store": steps["memory"],
        "baseline_memory_store_concurrent_50_users": concurrent["memory"],
        "p99_ratio_to_memory": ratio(steps["sqlite"], steps["memory"], "p99_ms"),
        "throughput_ratio_to_memory": ratio(steps["sqlite"], steps["memory"], "steps_per_second", 3),
        "postgres_server": pg_how,
    }
    if "postgres" in steps:
        result.update(
            {
                "postgres": steps["postgres"],
                "postgres_concurrent_50_users": concurrent["postgres"],
                "postgres_p99_ratio_to_memory": ratio(steps["postgres"], steps["memory"], "p99_ms"),
                "postgres_throughput_ratio_to_memory": ratio(
                    steps["postgres"], steps["memory"], "steps_per_second", 3
                ),
            }
        )
    result["operations"] = {
        "memory": memory_ops,
        **{
            name: with_ratios(ops.figures(), memory_ops)
            for name, ops in operations.items()
            if name != "memory"
        },
    }
    result.update(
        {
            "db_bytes_per_1000_users": round(size / (STORED_USERS / 1000)),
            "db_bytes_total_seeded": size,
            "db_bytes_after_run": final_size,
            "seed_users_per_second": round(STORED_USERS / seed_seconds, 1),
        }
    )
    if "postgres" in steps:
        result["postgres_table_bytes_per_1000_users"] = round(pg_size / (STORED_USERS / 1000))
        result["postgres_seed_users_per_second"] = round(STORED_USERS / pg_seed_seconds, 1)
    targets = {"step_p99_under_5ms": float(str(steps["sqlite"]["p99_ms"])) < 5.0}
    if "postgres" in steps:
        targets["postgres_step_p99_under_5ms"] = float(str(steps["postgres"]["p99_ms"])) < 5.0
    result["targets"] = targets
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
