"""The SQLite store: migrations at start, compare-and-swap quiz writes, checklists, forget, gaps."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.store import Checklist, Forgotten, Gap, MemoryStore, QuizRecord, SqliteStore, Store, user_key
from bot.store.sqlite import MIGRATIONS, SCHEMA_VERSION, migrate


def test_user_keys() -> None:
    """Users are keyed platform:id; no id or a strange one means no key at all."""
    assert user_key("telegram", "123") == "telegram:123"
    assert user_key("console", "local") == "console:local"
    for platform, user in (("telegram", ""), ("Tele gram", "1"), ("telegram", "a b"), ("x", "1" * 65)):
        assert user_key(platform, user) is None


async def test_open_creates_the_file_and_applies_every_migration(db_path: Path) -> None:
    """A new store creates its folder and file and is at the latest schema version."""
    store = SqliteStore(db_path)
    await store.open()
    await store.close()
    assert await asyncio.to_thread(db_path.is_file)
    assert store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS) >= 2


async def test_an_old_schema_is_migrated_keeping_its_data(db_path: Path) -> None:
    """A file at schema 1 (no gaps table) is brought to the latest version; its sessions survive."""
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:1]) == 1
    conn.execute("INSERT INTO quiz_sessions VALUES ('telegram:1', 5, 'pictures', 1.0)")
    conn.close()
    store = SqliteStore(db_path)
    await store.open()
    assert await store.load_quiz("telegram:1") == QuizRecord(5, ("pictures",), 1.0)
    await store.record_gap("what is a quant", 2.0)
    assert [g.question for g in await store.top_gaps(5)] == ["what is a quant"]
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
    """Every query runs on the store's own thread, so the event loop never blocks on disk."""
    names = await asyncio.gather(*(store._run(lambda: threading.current_thread().name) for _ in range(3)))
    assert set(names) != {threading.current_thread().name}
    assert all(n.startswith("careerbot-store") for n in names)


@pytest.fixture(params=["sqlite", "memory"])
async def any_store(request: pytest.FixtureRequest, db_path: Path) -> AsyncIterator[Store]:
    """Both implementations of the Store protocol, so they behave the same."""
    store: Store = MemoryStore() if request.param == "memory" else SqliteStore(db_path)
    await store.open()
    yield store
    await store.close()


async def test_save_quiz_is_compare_and_swap(any_store: Store) -> None:
    """A write applies only over the version it was computed from; the loser changes nothing."""
    assert await any_store.load_quiz("telegram:1") is None
    assert await any_store.save_quiz("telegram:1", QuizRecord(2, (), 1.0), None)
    assert not await any_store.save_quiz("telegram:1", QuizRecord(2, (), 1.5), None)
    assert await any_store.save_quiz("telegram:1", QuizRecord(3, ("pictures",), 2.0), 2)
    assert not await any_store.save_quiz("telegram:1", QuizRecord(3, ("text",), 2.5), 2)
    assert await any_store.load_quiz("telegram:1") == QuizRecord(3, ("pictures",), 2.0)


async def test_concurrent_writes_from_one_version_apply_once(any_store: Store) -> None:
    """Ten writers racing from the same version: exactly one wins."""
    await any_store.save_quiz("discord:9", QuizRecord(1, (), 1.0), None)
    results = await asyncio.gather(
        *(any_store.save_quiz("discord:9", QuizRecord(2, (str(i),), 2.0), 1) for i in range(10))
    )
    assert results.count(True) == 1


async def test_checklist_marks_and_roles(any_store: Store) -> None:
    """Marks are a set per user; roles are remembered once, in the order first used."""
    await any_store.mark_skill("telegram:1", "python-scripting", True, "language-engineer")
    await any_store.mark_skill("telegram:1", "optimisation", True, "data-analyst")
    await any_store.mark_skill("telegram:1", "optimisation", True, "language-engineer")
    await any_store.mark_skill("telegram:1", "python-scripting", False, None)
    assert await any_store.load_checklist("telegram:1") == Checklist(
        frozenset({"optimisation"}), ("language-engineer", "data-analyst")
    )
    assert await any_store.load_checklist("telegram:2") == Checklist()


async def test_forget_deletes_one_user_only(any_store: Store) -> None:
    """forget removes the user's quiz, marks and roles, reports what it removed, and spares others."""
    for user in ("telegram:1", "telegram:2"):
        await any_store.save_quiz(user, QuizRecord(1, ("pictures",), 1.0), None)
        await any_store.mark_skill(user, "python-scripting", True, "language-engineer")
    assert await any_store.forget("telegram:1") == Forgotten(True, 1, 1)
    assert await any_store.forget("telegram:1") == Forgotten(False, 0, 0)
    assert await any_store.load_quiz("telegram:1") is None
    assert await any_store.load_checklist("telegram:1") == Checklist()
    assert await any_store.load_quiz("telegram:2") is not None


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


async def test_gaps_are_capped(db_path: Path) -> None:
    """Beyond max_gaps distinct questions, the rarest and oldest are dropped, never the newest."""
    store = SqliteStore(db_path, max_gaps=3)
    await store.record_gap("often", 0.0)
    await store.record_gap("often", 1.0)
    for i in range(5):
        await store.record_gap(f"once {i}", 2.0 + i)
    kept = {g.question for g in await store.top_gaps(10)}
    await store.close()
    assert kept == {"often", "once 3", "once 4"}


async def test_nothing_but_ids_answers_and_marks_is_stored(store: SqliteStore, db_path: Path) -> None:
    """The tables hold platform ids, answer ids, marks, versions and times: no names, no chat text."""
    await store.save_quiz("telegram:1", QuizRecord(1, ("pictures",), 1.0), None)
    await store.mark_skill("telegram:1", "python-scripting", True, "language-engineer")
    with sqlite3.connect(db_path) as conn:
        columns = {
            (table, col[1])
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for col in conn.execute(f"PRAGMA table_info({table})")
        }
    assert columns == {
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
    }


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
