"""The SQLite store's reads in the event loop's thread (bot/store/reader.py), on real files.

A free-text question's language choice and context are read in the loop, on a read-only
connection of their own, and see what the store thread has just written; when that reader cannot
answer (the file went away, is another file now, is locked or slow, a call from another thread)
the store thread reads, as it did before, and nothing raises.  Whether a read was made in the
loop is told apart by holding the store thread busy: a loop read finishes meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

import pytest

from bot.content.catalog import Catalog
from bot.core import Core
from bot.flows.service import StateService
from bot.store import SqliteStore
from bot.store.base import Context
from bot.store.reader import LoopReader, file_id
from bot.store.sqlite import migrate
from tests.talk import text_to

_T = TypeVar("_T")

USER, CHAT = "telegram:1", "telegram:c1"
TG = {"platform": "telegram", "user_id": "1", "conversation": "telegram:c1"}


async def read_in_loop(store: SqliteStore, read: Awaitable[_T]) -> tuple[bool, _T]:
    """``read`` made while the store thread is held busy: whether it finished without that thread
    (in the event loop's), and what it read."""
    started, gate = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        gate.wait(10.0)

    busy = asyncio.ensure_future(store._run(hold))
    assert await asyncio.to_thread(started.wait, 10.0)
    task = asyncio.ensure_future(read)
    await asyncio.sleep(0)  # one step: a loop read is done by now, one on the store thread waits
    in_loop = task.done()
    gate.set()
    await busy
    return in_loop, await task


def companions(path: Path) -> list[Path]:
    """The database file and its WAL files."""
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def open_files(path: Path) -> list[str]:
    """This process's open file descriptors on the database or its WAL files (Linux)."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("lists open files through /proc (Linux)")
    names = {str(p) for p in companions(path)}
    links = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # closed meanwhile (the listing's own descriptor)
            links.append(os.readlink(f"/proc/self/fd/{fd}"))
    return [link for link in links if link.removesuffix(" (deleted)") in names]


async def test_a_read_in_the_loop_sees_the_write_just_made(store: SqliteStore) -> None:
    """Write on the store thread, read in the loop, again and again: each read sees the last
    write (no snapshot is kept between reads), and a full checkpoint is never held back."""
    for n in range(5):
        context = Context((f"career:role-{n}",), (f"career:role-{n}", "career:other"), float(n))
        language = ("es", "ru", None)[n % 3]
        await store.save_context(USER, CHAT, context)
        await store.save_language(USER, language)
        assert await read_in_loop(store, store.load_language_and_context(USER, CHAT)) == (
            True,
            (language, context),
        )
        assert await read_in_loop(store, store.load_context(USER, CHAT)) == (True, context)
        assert await read_in_loop(store, store.load_language(USER)) == (True, language)
    assert await read_in_loop(store, store.load_language_and_context("telegram:2", CHAT)) == (
        True,
        (None, None),
    )

    def checkpoint() -> tuple[int, int, int]:
        assert store._conn is not None
        busy, log, done = store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return int(busy), int(log), int(done)

    assert await store._run(checkpoint) == (0, 0, 0)  # busy 0: no reader held it back


async def test_close_closes_the_read_connection(db_path: Path) -> None:
    """close() closes the loop's connection with the store thread's (no file left open, the WAL
    checkpointed away); a call after close opens both again."""
    store = SqliteStore(db_path)
    await store.save_language(USER, "es")
    assert await read_in_loop(store, store.load_language(USER)) == (True, "es")
    assert store._reader.connected
    await store.close()
    assert not store._reader.connected
    assert open_files(db_path) == []
    assert not companions(db_path)[1].exists()
    assert await store.load_language(USER) == "es"  # reopened, on the store thread
    assert await read_in_loop(store, store.load_language(USER)) == (True, "es")
    await store.close()
    assert open_files(db_path) == []


async def test_a_removed_file_is_read_by_the_store_thread(store: SqliteStore, db_path: Path) -> None:
    """The file and its WAL files deleted before the loop first read: the read-only connection
    cannot open it, so the store thread answers, from the file it still has open; no error."""
    context = Context(("career:x",), (), 1.0)
    await store.save_context(USER, CHAT, context)
    await store.save_language(USER, "es")
    for path in companions(db_path):
        path.unlink()
    assert await read_in_loop(store, store.load_language_and_context(USER, CHAT)) == (
        False,
        ("es", context),
    )
    assert not store._reader.connected
    assert store._reader.paused  # not tried again for every question


async def test_a_file_removed_while_read_goes_on_as_the_store_thread_does(
    store: SqliteStore, db_path: Path
) -> None:
    """The files deleted after the loop connected: both connections go on with the open file,
    so the loop still reads what the store thread writes."""
    await store.save_language(USER, "es")
    assert await read_in_loop(store, store.load_language(USER)) == (True, "es")
    for path in companions(db_path):
        path.unlink()
    await store.save_language(USER, "ru")
    assert await read_in_loop(store, store.load_language(USER)) == (True, "ru")


async def test_another_file_at_the_path_is_not_read(store: SqliteStore, db_path: Path) -> None:
    """The store's files moved away and another careerbot database put in their place: the loop
    does not read that one (the store thread, with the store's own file open, answers)."""
    await store.save_language(USER, "es")
    moved = db_path.with_name("moved")
    moved.mkdir()
    for path in companions(db_path):
        path.rename(moved / path.name)
    other = sqlite3.connect(db_path, isolation_level=None)
    migrate(other)
    other.execute("INSERT INTO languages VALUES (?, 'ru')", (USER,))
    other.close()
    assert await read_in_loop(store, store.load_language(USER)) == (False, "es")
    assert not store._reader.connected


HOLD_READ_LOCKS = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 5, 123)  # WAL_READ_LOCK(0..4) of the -shm file
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""
"""Another process holding every WAL read lock for a while, as one running recovery does
(https://sqlite.org/walformat.html: the lock bytes of the wal-index, from offset 120)."""


async def test_a_locked_file_is_waited_on_once_then_read_by_the_store_thread(
    store: SqliteStore, db_path: Path
) -> None:
    """Another process holding the WAL read locks: SQLite's reader waits for them in the loop (no
    busy timeout bounds that), answers right, and the loop reader then stays off, so the next
    reads go to the store thread and the loop does not wait on such trouble again."""
    await store.save_language(USER, "es")
    assert await read_in_loop(store, store.load_language(USER)) == (True, "es")
    holder = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        HOLD_READ_LOCKS,
        str(companions(db_path)[2]),
        "0.5",
        stdout=asyncio.subprocess.PIPE,
    )
    assert holder.stdout is not None
    assert await holder.stdout.readline() == b"held\n"
    assert await store.load_language(USER) == "es"  # waited in the loop, about 0.5 s
    assert await holder.wait() == 0
    assert store._reader.paused
    assert await read_in_loop(store, store.load_language_and_context(USER, CHAT)) == (False, ("es", None))


async def test_a_slow_or_failed_read_pauses_the_reader(store: SqliteStore, db_path: Path) -> None:
    """A read slower than ``slow`` still answers, then the reader answers None (the store thread
    reads) for ``pause`` seconds; a failed read too; close() ends a pause."""
    now = [100.0]

    def clock() -> float:
        now[0] += 0.02  # every read takes 20 ms
        return now[0]

    await store.save_language(USER, "es")
    expected = file_id(db_path)
    query = "SELECT language FROM languages WHERE user_key = ?"
    reader = LoopReader(db_path, slow=0.05, pause=10.0, clock=clock)
    assert reader.rows(query, (USER,), expected) == [("es",)]
    assert not reader.paused
    slow = LoopReader(db_path, slow=0.01, pause=10.0, clock=clock)
    assert slow.rows(query, (USER,), expected) == [("es",)]
    assert slow.paused
    assert slow.rows(query, (USER,), expected) is None
    now[0] += 10.0
    assert slow.rows(query, (USER,), expected) == [("es",)]
    assert reader.rows("SELECT nothing FROM nowhere", (), expected) is None
    assert not reader.connected
    assert reader.rows(query, (USER,), expected) is None
    reader.close()
    assert reader.rows(query, (USER,), expected) == [("es",)]
    reader.close()
    slow.close()


async def test_a_call_from_another_thread_reads_on_the_store_thread(store: SqliteStore) -> None:
    """The loop's connection serves the thread it connected in; another thread's event loop gets
    its answer from the store thread."""
    await store.save_language(USER, "es")
    assert await read_in_loop(store, store.load_language(USER)) == (True, "es")
    assert await asyncio.to_thread(asyncio.run, store.load_language(USER)) == "es"


async def test_a_follow_up_reads_its_context_in_the_loop(catalog: Catalog, store: SqliteStore) -> None:
    """Through the core: the follow-up is answered in the context of the role just shown, read
    in the loop thread while the store thread is busy."""
    core = Core(catalog, state=StateService(store))
    await text_to(core, "/careers vision engineer", **TG)
    await core.flush()
    in_loop, paid = await read_in_loop(store, text_to(core, "is that well paid?", **TG))
    assert in_loop
    assert paid is not None
    assert (paid.meaning.intent, paid.meaning.topics) == ("salary", ("career:vision-engineer",))
    await core.flush()


@pytest.mark.parametrize("fault", ["missing", "broken"])
async def test_a_missing_or_broken_database_answers_without_context(
    catalog: Catalog, tmp_path: Path, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A store path that cannot be a database (its folder is a file; a file of garbage): free
    text is answered on its own, with the warnings it gave before the loop read (the read and the
    write of the context), and nothing raises."""
    caplog.set_level(logging.WARNING)
    if fault == "missing":
        (tmp_path / "file").write_text("x", encoding="utf-8")
        path = tmp_path / "file" / "careerbot.sqlite3"
    else:
        path = tmp_path / "careerbot.sqlite3"
        path.write_bytes(b"not a database, " * 512)
    store = SqliteStore(path)
    core = Core(catalog, state=StateService(store))
    try:
        reply = await text_to(core, "how much does a vision engineer earn?", **TG)
        assert reply is not None
        assert not reply.is_error
        assert reply.meaning.topics == ("career:vision-engineer",)
        await core.flush()
    finally:
        await store.close()
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("careerbot")]
    assert warnings == [
        "language choice and conversation context unavailable: ConfigError",
        "could not keep the conversation context: ConfigError",
    ]
    assert not store._reader.connected
