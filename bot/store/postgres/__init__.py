"""A store on a PostgreSQL server (``STORE_URL=postgresql://...``), for several replicas sharing state.

Connections come from a :class:`psycopg_pool.AsyncConnectionPool` (autocommit;
every write is one statement, so each is atomic on its own).  The schema is
versioned in the table ``schema_migrations``: :data:`MIGRATIONS` are applied in
order when the store opens, in one transaction holding a transaction-level
advisory lock, so replicas starting at once migrate exactly once; a database
at a newer version than this careerbot is refused (:class:`ConfigError`).

Faults: at :meth:`PostgresStore.open`, a wrong user, password or database name
is a :class:`~bot.errors.ConfigError` naming ``STORE_URL``; an unreachable server
is :class:`~bot.errors.StoreUnavailable` (retry: see
:func:`bot.store.url.open_with_retry`).  Later, while the server is away, calls
raise :class:`~bot.errors.StoreUnavailable` within about ``timeout`` seconds; the
pool reconnects by itself, and once the server is back the next call works.
A connection idle for more than :data:`PING_IDLE_AFTER` seconds is checked
before use (one empty round trip) so a server restart does not fail a call on
a stale connection.  No message or log line shows the password.
"""

from bot.store.postgres.gaps import PostgresGaps
from bot.store.postgres.intake import PostgresIntake
from bot.store.postgres.pool import PING_IDLE_AFTER
from bot.store.postgres.schema import MIGRATION_LOCK, MIGRATIONS, SCHEMA_VERSION, Connection, migrate
from bot.store.postgres.state import PostgresState

__all__ = [
    "MIGRATIONS",
    "MIGRATION_LOCK",
    "PING_IDLE_AFTER",
    "SCHEMA_VERSION",
    "Connection",
    "PostgresStore",
    "migrate",
]


class PostgresStore(PostgresState, PostgresIntake, PostgresGaps):
    """Implements :class:`~bot.store.base.Store` on PostgreSQL.

    ``timeout``: how long a call waits for a connection (so, while the server is away, how
    long until it raises StoreUnavailable); ``connect_timeout``: per connection attempt;
    ``health_timeout``: the budget of :meth:`healthy`; ``ping_idle_after``: see
    :data:`PING_IDLE_AFTER`.  ``min_size``/``max_size`` bound the pool.  The URL is checked at
    once (ConfigError naming STORE_URL); nothing connects before :meth:`open` or the first call.
    Use one store from one event loop (the pool belongs to the loop that opened it).

    The parts: the pool (:class:`~bot.store.postgres.pool.PostgresPool`), the flows' state
    (:mod:`~bot.store.postgres.state`), the intake of platform updates
    (:mod:`~bot.store.postgres.intake`) and content gaps (:mod:`~bot.store.postgres.gaps`).
    """

    def __repr__(self) -> str:
        return f"PostgresStore({self.where!r})"
