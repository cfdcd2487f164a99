"""The stores: the Store contract for memory, SQLite and PostgreSQL alike, then what is SQLite's own.

Contract: compare-and-swap quiz writes, checklists, forget, purge, gaps, conversation
contexts, claimed updates, message owners, language choices, health.  SQLite only:
file creation, migrating old files, the store thread, locking faults.  PostgreSQL's
own tests (migrations across replicas, URLs, faults) are in test_store_postgres.py.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ConfigError, StoreUnavailable
from bot.store import (
    Checklist,
    Context,
    Forgotten,
    Gap,
    MemoryStore,
    PendingUpdate,
    QuizRecord,
    SqliteStore,
    Store,
    user_key,
)
from bot.store.sqlite import MIGRATIONS, SCHEMA_VERSION, migrate

KINDS = ["memory", "sqlite", "postgres"]


def test_user_keys() -> None:
    """Users are keyed platform:id; no id or a strange one means no key at all."""
    assert user_key("telegram", "123") == "telegram:123"
    assert user_key("console", "local") == "console:local"
    for platform, user in (("telegram", ""), ("Tele gram", "1"), ("telegram", "a b"), ("x", "1" * 65)):
        assert user_key(platform, user) is None


# The contract, for every store ------------------------------------------------------------------


class Stores:
    """Makes open stores of one kind; SQLite and PostgreSQL ones share one database (like processes)."""

    def __init__(self, kind: str, where: Any) -> None:
        self.kind = kind
        self.where = where
        self.made: list[Store] = []

    async def make(self, **options: Any) -> Store:
        """A new open store; ``options`` such as ``max_owners`` go to stores that take them."""
        store: Store
        if self.kind == "memory":
            store = MemoryStore(**{k: v for k, v in options.items() if k == "max_owners"})
        elif self.kind == "sqlite":
            store = SqliteStore(self.where, **options)
        else:
            from bot.store.postgres import PostgresStore

            store = PostgresStore(self.where, timeout=10.0, **options)
        self.made.append(store)
        await store.open()
        return store

    async def close(self) -> None:
        """Close every store made."""
        for store in self.made:
            await store.close()


@pytest.fixture(params=KINDS)
def store_kind(request: pytest.FixtureRequest, db_path: Path) -> tuple[str, Any]:
    """Which store, and where its data lives (PostgreSQL: a fresh schema, only when asked for)."""
    kind = str(request.param)
    if kind == "postgres":
        return kind, request.getfixturevalue("postgres_url")
    return kind, db_path


@pytest.fixture
async def stores(store_kind: tuple[str, Any]) -> AsyncIterator[Stores]:
    """A maker of stores of each kind in turn, closing them after the test."""
    made = Stores(*store_kind)
    yield made
    await made.close()


@pytest.fixture
async def any_store(stores: Stores) -> Store:
    """Every implementation of the Store protocol in turn, so they behave the same."""
    return await stores.make()


async def test_save_quiz_is_compare_and_swap(any_store: Store) -> None:
    """A write applies only over the version it was computed from; the loser changes nothing."""
    assert await any_store.load_quiz("telegram:1") is None
    assert await any_store.save_quiz("telegram:1", QuizRecord(2, (), 1.0), None)
    assert not await any_store.save_quiz("telegram:1", QuizRecord(2, (), 1.5), None)
    assert await any_store.save_quiz("telegram:1", QuizRecord(3, ("images",), 2.0), 2)
    assert not await any_store.save_quiz("telegram:1", QuizRecord(3, ("language",), 2.5), 2)
    assert await any_store.load_quiz("telegram:1") == QuizRecord(3, ("images",), 2.0)


async def test_concurrent_writes_from_one_version_apply_once(any_store: Store) -> None:
    """Ten writers racing from the same version: exactly one wins."""
    await any_store.save_quiz("discord:9", QuizRecord(1, (), 1.0), None)
    results = await asyncio.gather(
        *(any_store.save_quiz("discord:9", QuizRecord(2, (str(i),), 2.0), 1) for i in range(10))
    )
    assert results.count(True) == 1


async def test_twenty_concurrent_writers_one_wins(any_store: Store) -> None:
    """Twenty writers, first saves and then updates from one version: one wins each time, its record stays."""
    first = await asyncio.gather(
        *(any_store.save_quiz("discord:7", QuizRecord(1, (str(i),), 1.0), None) for i in range(20))
    )
    assert first.count(True) == 1
    updates = await asyncio.gather(
        *(any_store.save_quiz("discord:7", QuizRecord(2, (f"u{i}",), 2.0), 1) for i in range(20))
    )
    assert updates.count(True) == 1
    stored = await any_store.load_quiz("discord:7")
    assert stored == QuizRecord(2, (f"u{updates.index(True)}",), 2.0)


async def test_checklist_marks_and_roles(any_store: Store) -> None:
    """Marks are a set per user; roles are remembered once, in the order first used."""
    await any_store.mark_skill("telegram:1", "programming", True, "nlp-engineer")
    await any_store.mark_skill("telegram:1", "calculus", True, "data-scientist")
    await any_store.mark_skill("telegram:1", "calculus", True, "nlp-engineer")
    await any_store.mark_skill("telegram:1", "programming", False, None)
    assert await any_store.load_checklist("telegram:1") == Checklist(
        frozenset({"calculus"}), ("nlp-engineer", "data-scientist")
    )
    assert await any_store.load_checklist("telegram:2") == Checklist()


async def test_forget_deletes_one_user_only(any_store: Store) -> None:
    """forget removes the user's quiz, marks and roles, reports what it removed, and spares others."""
    for user in ("telegram:1", "telegram:2"):
        await any_store.save_quiz(user, QuizRecord(1, ("images",), 1.0), None)
        await any_store.mark_skill(user, "programming", True, "nlp-engineer")
    assert await any_store.forget("telegram:1") == Forgotten(True, 1, 1)
    assert await any_store.forget("telegram:1") == Forgotten(False, 0, 0)
    assert await any_store.load_quiz("telegram:1") is None
    assert await any_store.load_checklist("telegram:1") == Checklist()
    assert await any_store.load_quiz("telegram:2") is not None


async def test_forget_deletes_contexts_language_and_owned_messages(any_store: Store) -> None:
    """forget also removes contexts (counted), the language choice and owner rows; others keep theirs."""
    for user in ("telegram:1", "telegram:2"):
        for chat in ("telegram:c1", "telegram:c2"):
            await any_store.save_context(user, chat, Context(("career:nlp-engineer",), (), 1.0))
        await any_store.save_language(user, "de")
        await any_store.save_owner(f"{user}:m", user, 1.0)
    await any_store.mark_skill("telegram:1", "programming", True, None)
    forgotten = await any_store.forget("telegram:1")
    assert forgotten == Forgotten(False, 1, 0, contexts=2, language=True)
    assert forgotten.anything
    assert await any_store.load_context("telegram:1", "telegram:c1") is None
    assert await any_store.load_language("telegram:1") is None
    assert await any_store.load_owner("telegram:1:m") is None
    again = await any_store.forget("telegram:1")
    assert again == Forgotten(False, 0, 0, 0, False)
    assert not again.anything
    assert await any_store.load_context("telegram:2", "telegram:c2") is not None
    assert await any_store.load_language("telegram:2") == "de"
    assert await any_store.load_owner("telegram:2:m") == "telegram:2"


def test_forgotten_counts_contexts_and_language() -> None:
    """Forgotten's new fields default to nothing, and count as something when set."""
    assert not Forgotten(False, 0, 0).anything
    assert Forgotten(False, 0, 0, contexts=1).anything
    assert Forgotten(False, 0, 0, language=True).anything


async def test_purge_removes_only_old_sessions(any_store: Store) -> None:
    """Sessions not touched since the cut-off are deleted."""
    await any_store.save_quiz("telegram:1", QuizRecord(1, (), 100.0), None)
    await any_store.save_quiz("telegram:2", QuizRecord(1, (), 300.0), None)
    assert await any_store.purge_quizzes(200.0) == 1
    assert await any_store.load_quiz("telegram:1") is None
    assert await any_store.load_quiz("telegram:2") is not None


async def test_gaps_count_and_rank(any_store: Store) -> None:
    """Gaps count repeats, keep first and last seen, and rank by count then recency."""
    for when, text in enumerate(["a", "b", "a", "c", "b", "a"]):
        await any_store.record_gap(text, float(when))
    assert await any_store.top_gaps(2) == [Gap("a", 3, 0.0, 5.0), Gap("b", 2, 1.0, 4.0)]


@pytest.mark.parametrize("store_kind", ["sqlite", "postgres"], indirect=True)
async def test_gaps_are_capped(stores: Stores) -> None:
    """Beyond max_gaps distinct questions, the rarest and oldest are dropped, never the newest."""
    store = await stores.make(max_gaps=3)
    await store.record_gap("often", 0.0)
    await store.record_gap("often", 1.0)
    for i in range(5):
        await store.record_gap(f"once {i}", 2.0 + i)
    kept = {g.question for g in await store.top_gaps(10)}
    await store.close()
    assert kept == {"often", "once 3", "once 4"}


async def test_context_round_trip_and_upsert(any_store: Store) -> None:
    """A context is stored per user and conversation; saving again replaces it."""
    assert await any_store.load_context("telegram:1", "telegram:c1") is None
    first = Context(("career:nlp-engineer",), ("career:nlp-engineer", "career:data-scientist"), 10.0)
    await any_store.save_context("telegram:1", "telegram:c1", first)
    assert await any_store.load_context("telegram:1", "telegram:c1") == first
    assert await any_store.load_context("telegram:1", "telegram:c2") is None
    assert await any_store.load_context("telegram:2", "telegram:c1") is None
    second = Context((), ("skill:python", "skill:calculus", "skill:statistics"), 20.5)
    await any_store.save_context("telegram:1", "telegram:c1", second)
    loaded = await any_store.load_context("telegram:1", "telegram:c1")
    assert loaded == second
    assert loaded is not None
    assert loaded.listed[1] == "skill:calculus"


async def test_purge_contexts(any_store: Store) -> None:
    """Contexts saved before the cut-off are deleted, and counted."""
    for n, when in enumerate((100.0, 150.0, 300.0)):
        await any_store.save_context("telegram:1", f"telegram:c{n}", Context(("career:x",), (), when))
    assert await any_store.purge_contexts(200.0) == 2
    assert await any_store.load_context("telegram:1", "telegram:c0") is None
    assert await any_store.load_context("telegram:1", "telegram:c2") is not None
    assert await any_store.purge_contexts(200.0) == 0


async def test_claim_update_once(any_store: Store) -> None:
    """The first claim of a key wins; every later one loses; other keys are independent."""
    assert await any_store.claim_update("telegram:123456", 1.0)
    assert not await any_store.claim_update("telegram:123456", 2.0)
    assert not await any_store.claim_update("telegram:123456", 3.0)
    assert await any_store.claim_update("telegram:123457", 1.0)
    assert await any_store.claim_update("discord:123456", 1.0)


async def test_fifty_concurrent_claims_one_wins(any_store: Store) -> None:
    """Fifty claims of one key at once: exactly one True."""
    results = await asyncio.gather(*(any_store.claim_update("telegram:99", 1.0) for _ in range(50)))
    assert results.count(True) == 1


@pytest.mark.parametrize("store_kind", ["sqlite", "postgres"], indirect=True)
async def test_claims_from_several_stores_on_one_database(stores: Stores) -> None:
    """Three stores on one database (as three processes would be) claim the same keys: one wins each."""
    replicas = [await stores.make() for _ in range(3)]
    keys = [f"telegram:{n}" for n in range(15)]
    results = await asyncio.gather(*(r.claim_update(k, 1.0) for k in keys for r in replicas))
    assert results.count(True) == len(keys)
    for n in range(len(keys)):
        assert results[n * 3 : n * 3 + 3].count(True) == 1


async def test_purge_updates(any_store: Store) -> None:
    """Claims older than the cut-off are forgotten (their keys could be claimed again)."""
    await any_store.claim_update("telegram:1", 100.0)
    await any_store.claim_update("telegram:2", 300.0)
    assert await any_store.purge_updates(200.0) == 1
    assert await any_store.claim_update("telegram:1", 400.0)
    assert not await any_store.claim_update("telegram:2", 400.0)


async def test_recorded_updates_are_held_once(any_store: Store) -> None:
    """Recording returns the keys this holder now holds: new ones, and its own again; a key recorded before
    is not held by another while its lease runs, nor ever once answered; duplicates in a batch count once."""
    batch = [("telegram:7:1", '{"update_id": 1}'), ("telegram:7:2", '{"update_id": 2}')]
    assert await any_store.record_updates(batch, "a", 100.0, 110.0) == ["telegram:7:1", "telegram:7:2"]
    assert await any_store.record_updates(batch, "b", 105.0, 115.0) == []
    assert await any_store.record_updates(batch, "a", 105.0, 112.0) == ["telegram:7:1", "telegram:7:2"]
    again = [("telegram:7:3", "{}"), ("telegram:7:3", "{}"), ("telegram:7:1", "{}")]
    assert await any_store.record_updates(again, "b", 105.0, 115.0) == ["telegram:7:3"]
    await any_store.finish_updates(["telegram:7:1"], 106.0)
    assert await any_store.record_updates(batch, "b", 200.0, 210.0) == ["telegram:7:2"]
    assert await any_store.record_updates([], "b", 200.0, 210.0) == []


async def test_an_expired_lease_is_taken_over_and_answered_ones_never_are(any_store: Store) -> None:
    """Unanswered updates whose lease ran out are pending, oldest first, with their payload; taking them
    holds them for the taker; answered ones and ones under a running lease are not pending."""
    await any_store.record_updates([("k1", "one")], "a", 100.0, 110.0)
    await any_store.record_updates([("k2", "two"), ("k3", "three")], "a", 101.0, 111.0)
    await any_store.record_updates([("k4", "four")], "a", 102.0, 130.0)
    await any_store.finish_updates(["k3"], 103.0)
    assert await any_store.claim_pending("b", 109.0, 120.0, 10) == []
    taken = await any_store.claim_pending("b", 112.0, 122.0, 10)
    assert taken == [PendingUpdate("k1", "one", 100.0), PendingUpdate("k2", "two", 101.0)]
    assert await any_store.claim_pending("c", 115.0, 125.0, 10) == []
    assert await any_store.renew_updates("a", 200.0) == 1  # a still holds k4 only
    assert [p.key for p in await any_store.claim_pending("c", 123.0, 133.0, 1)] == ["k1"]
    assert [p.key for p in await any_store.claim_pending("c", 123.0, 133.0, 5)] == ["k2"]


async def test_renew_release_and_finish(any_store: Store) -> None:
    """A renewed lease keeps the update held; a released one is pending at once; finished ones never are."""
    await any_store.record_updates([("k1", "one"), ("k2", "two"), ("k3", "three")], "a", 100.0, 110.0)
    await any_store.finish_updates(["k3"], 101.0)
    assert await any_store.renew_updates("a", 150.0) == 2
    assert await any_store.claim_pending("b", 140.0, 160.0, 10) == []
    await any_store.finish_updates(["k1"], 141.0)
    assert await any_store.release_updates("a") == 1
    assert await any_store.claim_pending("b", 142.0, 160.0, 10) == [PendingUpdate("k2", "two", 100.0)]
    assert await any_store.release_updates("a") == 0
    assert await any_store.record_updates([("k3", "three")], "c", 500.0, 510.0) == []


async def test_purge_forgets_recorded_updates(any_store: Store) -> None:
    """Updates recorded before the cut-off are forgotten, answered or not, so the key may be recorded anew."""
    await any_store.record_updates([("old", "x"), ("older", "y")], "a", 100.0, 110.0)
    await any_store.finish_updates(["old"], 101.0)
    await any_store.record_updates([("new", "z")], "a", 300.0, 310.0)
    assert await any_store.purge_updates(200.0) == 2
    assert await any_store.claim_pending("b", 400.0, 410.0, 10) == [PendingUpdate("new", "z", 300.0)]
    assert await any_store.record_updates([("old", "x")], "b", 400.0, 410.0) == ["old"]


@pytest.mark.parametrize("store_kind", ["sqlite", "postgres"], indirect=True)
async def test_replicas_recording_and_taking_one_database_hold_each_update_once(stores: Stores) -> None:
    """Three stores on one database (three processes, two holders each) record the same 40 updates at once,
    in different orders: each key is held by exactly one holder; then, leases over, they take the pending
    ones at once: again each exactly once."""
    replicas = [await stores.make() for _ in range(3)]
    keys = [(f"telegram:1:{n}", f"payload {n}") for n in range(40)]
    held = await asyncio.gather(
        *(
            r.record_updates(keys[i::2] + keys[1 - i :: 2], f"h{n}{i}", 100.0, 110.0)
            for n, r in enumerate(replicas)
            for i in (0, 1)
        )
    )
    flat = [key for keys_held in held for key in keys_held]
    assert sorted(flat) == sorted(k for k, _ in keys)
    taken = await asyncio.gather(
        *(r.claim_pending(f"t{n}", 120.0, 130.0, 15) for n, r in enumerate(replicas))
    )
    flat_taken = [p.key for batch in taken for p in batch]
    assert sorted(flat_taken) == sorted(k for k, _ in keys)


async def test_owners(any_store: Store) -> None:
    """Who a bot message was made for; a later save replaces it."""
    assert await any_store.load_owner("telegram:c1:5") is None
    await any_store.save_owner("telegram:c1:5", "telegram:1", 1.0)
    await any_store.save_owner("telegram:c1:6", "telegram:2", 2.0)
    assert await any_store.load_owner("telegram:c1:5") == "telegram:1"
    assert await any_store.load_owner("telegram:c1:6") == "telegram:2"
    await any_store.save_owner("telegram:c1:5", "telegram:3", 3.0)
    assert await any_store.load_owner("telegram:c1:5") == "telegram:3"


async def test_owners_are_capped(stores: Stores) -> None:
    """Beyond max_owners rows the oldest are dropped (database stores: when they trim)."""
    store = await stores.make(max_owners=3, owner_trim_every=1)
    for n in range(5):
        await store.save_owner(f"m{n}", f"telegram:{n}", float(n))
    assert [await store.load_owner(f"m{n}") for n in range(5)] == [
        None,
        None,
        "telegram:2",
        "telegram:3",
        "telegram:4",
    ]


async def test_language(any_store: Store) -> None:
    """A language choice is stored per user, replaced by a new one, and deleted by None."""
    assert await any_store.load_language("telegram:1") is None
    await any_store.save_language("telegram:1", "de")
    await any_store.save_language("telegram:2", "fr")
    assert await any_store.load_language("telegram:1") == "de"
    await any_store.save_language("telegram:1", "es")
    assert await any_store.load_language("telegram:1") == "es"
    await any_store.save_language("telegram:1", None)
    await any_store.save_language("telegram:3", None)
    assert await any_store.load_language("telegram:1") is None
    assert await any_store.load_language("telegram:2") == "fr"


async def test_language_and_context_in_one_read(any_store: Store) -> None:
    """load_language_and_context gives what load_language and load_context give, for each of:
    nothing stored, only a language, only a context, both; other users' and conversations' rows
    do not leak in, and after forget both are gone."""
    user, chat = "telegram:1", "telegram:c1"
    assert await any_store.load_language_and_context(user, chat) == (None, None)
    await any_store.save_language(user, "es")
    assert await any_store.load_language_and_context(user, chat) == ("es", None)
    context = Context(("career:nlp-engineer", "skill:python"), ("career:nlp-engineer",), 5.0)
    await any_store.save_context(user, chat, context)
    assert await any_store.load_language_and_context(user, chat) == ("es", context)
    await any_store.save_language(user, None)
    assert await any_store.load_language_and_context(user, chat) == (None, context)
    await any_store.save_language("telegram:2", "ru")
    await any_store.save_context("telegram:2", chat, Context(("career:x",), (), 6.0))
    await any_store.save_context(user, "telegram:c2", Context(("career:y",), (), 7.0))
    assert await any_store.load_language_and_context(user, chat) == (None, context)
    assert await any_store.load_language_and_context("telegram:3", chat) == (None, None)
    await any_store.save_language(user, "es")
    for u, c in ((user, chat), (user, "telegram:c2"), ("telegram:2", chat)):
        both = await any_store.load_language_and_context(u, c)
        assert both == (await any_store.load_language(u), await any_store.load_context(u, c))
    await any_store.forget(user)
    assert await any_store.load_language_and_context(user, chat) == (None, None)
    assert await any_store.load_language_and_context("telegram:2", chat) == (
        "ru",
        Context(("career:x",), (), 6.0),
    )


async def test_healthy_when_open(any_store: Store) -> None:
    """An open store is healthy."""
    assert await any_store.healthy()


@pytest.mark.parametrize("store_kind", ["sqlite", "postgres"], indirect=True)
async def test_closed_database_store_is_not_healthy(stores: Stores) -> None:
    """After close, a database store says it is not healthy (without reopening); a later call reopens."""
    store = await stores.make()
    await store.close()
    assert not await store.healthy()
    assert await store.load_quiz("telegram:1") is None
    assert await store.healthy()


# SQLite only ------------------------------------------------------------------------------------


async def test_open_creates_the_file_and_applies_every_migration(db_path: Path) -> None:
    """A new store creates its folder and file and is at the latest schema version."""
    store = SqliteStore(db_path)
    await store.open()
    await store.close()
    assert await asyncio.to_thread(db_path.is_file)
    assert store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS) >= 3


async def test_an_old_schema_is_migrated_keeping_its_data(db_path: Path) -> None:
    """A file at schema 1 (no gaps table) is brought to the latest version; its sessions survive."""
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:1]) == 1
    conn.execute("INSERT INTO quiz_sessions VALUES ('telegram:1', 5, 'images', 1.0)")
    conn.close()
    store = SqliteStore(db_path)
    await store.open()
    assert await store.load_quiz("telegram:1") == QuizRecord(5, ("images",), 1.0)
    await store.record_gap("what is a quant", 2.0)
    assert [g.question for g in await store.top_gaps(5)] == ["what is a quant"]
    await store.close()
    assert store.schema_version() == SCHEMA_VERSION


async def test_a_schema_2_file_gains_contexts_and_the_rest(db_path: Path) -> None:
    """A file from before migration 3 keeps its data and gains contexts, claims, owners and languages."""
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:2]) == 2
    conn.execute("INSERT INTO gaps VALUES ('what is a quant', 4, 1.0, 2.0)")
    conn.close()
    store = SqliteStore(db_path)
    await store.open()
    assert await store.top_gaps(1) == [Gap("what is a quant", 4, 1.0, 2.0)]
    await store.save_context("telegram:1", "telegram:c", Context(("career:x",), ("career:x",), 3.0))
    assert await store.claim_update("telegram:1", 3.0)
    await store.close()
    assert store.schema_version() == SCHEMA_VERSION == 4


async def test_a_schema_3_file_gains_the_intake(db_path: Path) -> None:
    """A file from before migration 4 keeps its claims and owners and gains recorded updates."""
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:3]) == 3
    conn.execute("INSERT INTO message_owners VALUES ('telegram:-1:5', 'telegram:1', 1.0)")
    conn.close()
    store = SqliteStore(db_path)
    await store.open()
    assert await store.load_owner("telegram:-1:5") == "telegram:1"
    assert await store.record_updates([("telegram:7:1", "{}")], "a", 2.0, 3.0) == ["telegram:7:1"]
    await store.close()
    assert store.schema_version() == SCHEMA_VERSION


async def test_a_newer_schema_is_refused(db_path: Path) -> None:
    """A file written by a newer careerbot is not touched: a configuration error says why."""
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store = SqliteStore(db_path)
    with pytest.raises(ConfigError, match="newer than this careerbot"):
        await store.open()
    await store.close()


async def test_an_unusable_path_is_a_config_error(tmp_path: Path) -> None:
    """A store path whose folder cannot be created names the setting."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    store = SqliteStore(tmp_path / "file" / "careerbot.sqlite3")
    with pytest.raises(ConfigError, match="STORE_PATH"):
        await store.open()
    await store.close()


async def test_queries_run_on_the_store_thread_not_the_loop(store: SqliteStore) -> None:
    """The queries handed to the store thread run there (every write, most reads), so the event
    loop never blocks on them; the loop's own point reads are in test_store_reader.py."""
    names = await asyncio.gather(*(store._run(lambda: threading.current_thread().name) for _ in range(3)))
    assert set(names) != {threading.current_thread().name}
    assert all(n.startswith("careerbot-store") for n in names)


async def test_a_locked_file_is_unavailable_then_usable_again(db_path: Path) -> None:
    """A write that cannot get the lock in time raises StoreUnavailable; once the lock is gone it works."""
    store = SqliteStore(db_path, timeout=0.05)
    await store.open()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreUnavailable, match="locked"):
            await store.claim_update("telegram:1", 1.0)
        assert await store.healthy()  # reads still work (WAL)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert await store.claim_update("telegram:1", 1.0)
    await store.close()


async def test_a_failing_disk_is_unavailable(db_path: Path) -> None:
    """An OperationalError in a call (here: the file turned read-only) is StoreUnavailable, not a crash."""
    store = SqliteStore(db_path)
    await store.open()

    def read_only() -> None:
        assert store._conn is not None
        store._conn.execute("PRAGMA query_only = ON")

    await store._run(read_only)
    with pytest.raises(StoreUnavailable, match=str(db_path)):
        await store.save_language("telegram:1", "de")
    await store.close()


async def test_sqlite_health(db_path: Path) -> None:
    """Not healthy before it opens, healthy when open, not after close."""
    store = SqliteStore(db_path)
    assert not await store.healthy()
    await store.open()
    assert await store.healthy()
    await store.close()
    assert not await store.healthy()


async def test_memory_store_is_always_healthy() -> None:
    """Memory needs no opening."""
    assert await MemoryStore().healthy()


async def test_nothing_but_ids_answers_and_marks_is_stored(store: SqliteStore, db_path: Path) -> None:
    """The tables hold platform ids, answer ids, marks, topic refs, versions, times: no names or chat text."""
    await store.save_quiz("telegram:1", QuizRecord(1, ("images",), 1.0), None)
    await store.mark_skill("telegram:1", "programming", True, "nlp-engineer")
    with sqlite3.connect(db_path) as conn:
        columns = {
            (table, col[1])
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for col in conn.execute(f"PRAGMA table_info({table})")
        }
    assert columns == STORED_COLUMNS


STORED_COLUMNS = {
    ("quiz_sessions", "user_key"),
    ("quiz_sessions", "version"),
    ("quiz_sessions", "answers"),
    ("quiz_sessions", "updated"),
    ("skill_marks", "user_key"),
    ("skill_marks", "skill_id"),
    ("checklists", "user_key"),
    ("checklists", "career_id"),
    ("checklists", "position"),
    ("gaps", "question"),
    ("gaps", "count"),
    ("gaps", "first_seen"),
    ("gaps", "last_seen"),
    ("contexts", "user_key"),
    ("contexts", "conversation"),
    ("contexts", "topics"),
    ("contexts", "listed"),
    ("contexts", "updated"),
    ("claimed_updates", "update_key"),
    ("claimed_updates", "claimed"),
    ("message_owners", "message"),
    ("message_owners", "user_key"),
    ("message_owners", "created"),
    ("languages", "user_key"),
    ("languages", "language"),
    ("intake", "update_key"),
    ("intake", "payload"),
    ("intake", "received"),
    ("intake", "holder"),
    ("intake", "lease_until"),
    ("intake", "answered"),
}
"""Every column of the schema (SQLite and PostgreSQL alike, besides PostgreSQL's schema_migrations)."""


def test_store_settings() -> None:
    """STORE_PATH, QUIZ_EXPIRY_SECONDS and STORE_QUESTIONS are read and checked like every setting."""
    from bot.settings import load_settings

    default = load_settings(env={"DATA_DIR": "/srv/data"})
    assert default.store_file == Path("/srv/data/careerbot.sqlite3")
    assert default.quiz_expiry_seconds == 86400
    assert default.store_questions
    custom = load_settings(
        env={"STORE_PATH": "/x/state.db", "QUIZ_EXPIRY_SECONDS": "600", "STORE_QUESTIONS": "0"}
    )
    assert (custom.store_file, custom.quiz_expiry_seconds, custom.store_questions) == (
        Path("/x/state.db"),
        600,
        False,
    )
    for env in ({"QUIZ_EXPIRY_SECONDS": "5"}, {"QUIZ_EXPIRY_SECONDS": "soon"}, {"STORE_QUESTIONS": "maybe"}):
        with pytest.raises(ConfigError, match=next(iter(env))):
            load_settings(env=env)
