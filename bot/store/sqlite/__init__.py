"""The default store: one SQLite file, written on a dedicated thread.

Every write, and every read but three, runs on one thread
(:class:`~bot.store.thread.StoreThread`) that owns the connection, so the event
loop never waits on a write and the writes of one process are serialised
(SQLite's WAL mode lets other processes, such as ``careerbot report gaps``, read
at the same time).  The three point reads a free-text question waits for (its
user's language choice, its conversation's context, both at once) are made in
the calling thread, on a read-only connection of their own that WAL mode lets
see the last committed write (:class:`~bot.store.reader.LoopReader`, which
says when and why the store thread reads instead).  The schema is versioned
with ``PRAGMA user_version``; :data:`MIGRATIONS` are applied in order when the
store opens, each in its own transaction.

Faults: problems at open (a folder that cannot be created, a file that is not
a database, a schema newer than this careerbot) are
:class:`~bot.errors.ConfigError`; any :class:`sqlite3.OperationalError` in a
later call (database locked for longer than ``timeout``, disk full or failing)
is :class:`~bot.errors.StoreUnavailable`, and the next call tries again.
"""

from bot.store.sqlite.gaps import SqliteGaps
from bot.store.sqlite.intake import SqliteIntake
from bot.store.sqlite.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from bot.store.sqlite.state import SqliteState

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SqliteStore", "migrate"]


class SqliteStore(SqliteState, SqliteIntake, SqliteGaps):
    """Implements :class:`~bot.store.base.Store` on an SQLite file (created, with its folder, on open).

    ``timeout`` is how long a write waits for another process's lock before the call
    raises :class:`~bot.errors.StoreUnavailable`.

    The parts: the connection and its thread (:class:`~bot.store.sqlite.connection.SqliteConnection`),
    the flows' state (:mod:`~bot.store.sqlite.state`), the intake of platform updates
    (:mod:`~bot.store.sqlite.intake`) and content gaps (:mod:`~bot.store.sqlite.gaps`).
    """
