"""Engines for SQLite (embedded default, WAL) and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not on POSIX: the in-process lock alone, SQLite's busy wait between processes
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import SingletonThreadPool

READ_ONLY = "qabyldau_read_only"


def reader(engine: Engine) -> Engine:
    """The same database for reads that must not queue for SQLite's write lock, such as the
    access check every request makes: a plain BEGIN, and in WAL mode readers never wait for
    writers (they see the last commit). Never write through it."""
    return engine.execution_options(**{READ_ONLY: True})


def inline_reader(engine: Engine) -> Engine | None:
    """For the access check every request makes, on a SQLite file: a read-only engine with a
    connection per thread, for use on the event loop itself. Reading one row from a local
    file takes tens of microseconds, while a trip through the thread pool and back cost
    ~0.5 ms of CPU on this machine; in WAL mode a reader never waits for a writer, so the
    loop is not held up. None for other databases: a network round trip and a pool that may
    be exhausted stay off the loop."""
    url = engine.url
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or not _is_plain_file(database):
        return None
    inline = create_engine(url, poolclass=SingletonThreadPool)

    @event.listens_for(inline, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # autocommit: each read is its own snapshot
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only=ON")
        cursor.execute("PRAGMA busy_timeout=1000")  # only a checkpoint's brief WAL reset
        cursor.close()

    return inline


def _is_plain_file(database: str) -> bool:
    """A database file named by its path (a `file:` URI may name a shared in-memory one)."""
    return database != ":memory:" and not database.startswith("file:")


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    pool: dict[str, Any] = {}
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # As many kept connections as requests the admission limit lets in at once
        # (app/api/admission.py): SQLAlchemy closes an overflow connection when it is
        # returned, so under load the default 5 + 10 opened, configured and dropped
        # connections all the time, each starting with an empty page cache. The overflow is
        # for connections outside admitted requests (the print spooler's threads), so that
        # a route on the event loop (app.api.transactions.QueueRoute) never waits for one.
        # (An in-memory database keeps SQLAlchemy's one-connection-per-thread pool.)
        pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": 16}
    gate = WriterGate(_lock_path(parsed.database), timeout=BUSY_TIMEOUT, database=parsed.database)
    engine = create_engine(
        url,
        **pool,
        connect_args={
            "check_same_thread": False,
            "timeout": BUSY_TIMEOUT,
            "factory": _gated_connection_class(gate),
        },
    )
    _make_sqlite_transactions_immediate(engine)
    _GATES[engine] = gate
    return engine


_GATES: weakref.WeakKeyDictionary[Engine, WriterGate] = weakref.WeakKeyDictionary()


def writer_gate(engine: Engine) -> WriterGate | None:
    """The gate of a SQLite engine of ours; None for PostgreSQL."""
    return _GATES.get(engine)


def _make_sqlite_transactions_immediate(engine: Engine) -> None:
    """Every transaction takes SQLite's write lock at BEGIN, so read-then-write steps
    (number a ticket, pick the next one to call) are serialised across threads and processes."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        if dbapi_connection.gate.checkpoints:
            # Not inside COMMIT while the gate is held: see WriterGate.committed.
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY, False):
            connection.exec_driver_sql("BEGIN")
            return
        dbapi_connection = connection.connection.dbapi_connection
        dbapi_connection.enter_gate()  # released by its commit, rollback or close
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            dbapi_connection.leave_gate()
            raise


# Writers queue at a gate before SQLite's lock --------------------------------------------------
#
# SQLite does not queue writers: one that finds the database locked sleeps and retries
# (1, 2, 5, 10 ... 100 ms, up to busy_timeout), so under load the lock sits free while dozens of
# connections sleep, and an unlucky writer loses every retry until it times out. With two
# workers and 100 requests in flight that gave ~130 requests/s and "database is locked" errors.
# So each write transaction first passes a gate: a lock in the process (so at most one
# connection per process is at SQLite's lock) and an flock(2) on a file next to the database
# (so the processes take turns). Both wake a waiter as soon as the holder leaves, and then
# BEGIN IMMEDIATE finds SQLite's lock free; busy_timeout stays as the fallback for processes
# that do not use the gate (the sqlite3 shell, a backup).
#
# Within a process only the thread at the process lock ever waits at the file lock, so the
# holder of the file lock is either running (on a thread, or on the event loop, which enters
# only through hold(), never waiting for a thread of its own process) or a thread waiting for
# its own event loop, which is then free: two workers cannot wait for each other.

BUSY_TIMEOUT = 30.0  # seconds a writer waits, at the gate or at SQLite's lock, before failing
SQLITE_POOL_SIZE = 32
CHECKPOINT_EVERY = 300  # write transactions (of this process) between background checkpoints


def _lock_path(database: str | None) -> Path | None:
    if not database or not _is_plain_file(database) or fcntl is None:
        return None
    return Path(database).with_name(Path(database).name + ".writer-lock")


class WriterGate:
    """One per engine: the process-wide lock, then the cross-process file lock."""

    def __init__(self, lock_path: Path | None, *, timeout: float, database: str | None) -> None:
        self.lock_path = lock_path
        self.timeout = timeout
        self._threads = threading.Lock()  # this process's turn
        self._holder: int | None = None  # the thread that took the turn with hold()
        self._fd: int | None = None
        self._fd_pid = 0
        # A file database is checkpointed by us, in the background (see committed()).
        self.database = database if lock_path is not None else None
        self._commits = 0
        self._checkpointing = threading.Lock()

    @property
    def checkpoints(self) -> bool:
        return self.database is not None

    def committed(self) -> None:
        """After a write transaction committed and left the gate. SQLite's automatic
        checkpoint runs inside COMMIT, i.e. inside the gate: copying the WAL back into the
        database and fsync-ing both, it held every writer of both workers for up to 1.6 s
        on this machine's disk. Automatic checkpoints are off on our connections; every
        CHECKPOINT_EVERY commits a background thread runs a PASSIVE checkpoint, which does
        not block writers (nor readers). A checkpoint that finds another one running gives
        up and is retried CHECKPOINT_EVERY commits later."""
        if self.database is None:
            return
        self._commits += 1
        if self._commits % CHECKPOINT_EVERY or not self._checkpointing.acquire(blocking=False):
            return
        threading.Thread(target=self._checkpoint, name="sqlite-checkpoint", daemon=True).start()

    def _checkpoint(self) -> None:
        assert self.database is not None
        try:
            connection = sqlite3.connect(self.database, timeout=self.timeout)
            try:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                connection.close()
        except sqlite3.Error:
            pass  # e.g. busy with another process's checkpoint: the next one will do
        finally:
            self._checkpointing.release()

    def hold(self) -> bool:
        """Take this process's turn now if no other thread has it, else False at once (used
        to run a transaction on the event loop only when it will not wait for a thread of
        its own process: app.api.transactions.QueueRoute). The holding thread then begins
        its transaction (enter() returns False: the turn is not the transaction's to give
        back) and calls release_hold() after it has ended."""
        if not self._threads.acquire(blocking=False):
            return False
        self._holder = threading.get_ident()
        return True

    def release_hold(self) -> None:
        self._holder = None
        self._threads.release()

    def enter(self) -> bool:
        """Wait for this process's turn, then for the file lock. True: the caller took the
        turn and gives it back in leave() (from whatever thread ends the transaction: a
        plain lock, as a route's transaction may be committed by another pool thread)."""
        takes_turn = self._holder != threading.get_ident()
        if takes_turn and not self._threads.acquire(timeout=self.timeout):
            raise sqlite3.OperationalError(
                f"database is locked (no turn to write within {self.timeout:.0f} s)"
            )
        try:
            if self.lock_path is not None:
                # Blocks until the other process leaves (the kernel drops the lock of a
                # process that dies). Only one thread per process ever waits here.
                fcntl.flock(self._file(), fcntl.LOCK_EX)
        except BaseException:
            if takes_turn:
                self._threads.release()
            raise
        return takes_turn

    def leave(self, *, gives_turn: bool) -> None:
        try:
            if self.lock_path is not None and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            if gives_turn:
                self._threads.release()

    def _file(self) -> int:
        if self._fd is None or self._fd_pid != os.getpid():  # not an inherited descriptor
            assert self.lock_path is not None
            self._fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            self._fd_pid = os.getpid()
        return self._fd


class _GatedConnection(sqlite3.Connection):
    """A DB-API connection that leaves the writer gate when its transaction ends, however
    it ends (commit, rollback, the pool's reset on return, close)."""

    gate: WriterGate
    _in_gate = False
    _gives_turn = True

    def enter_gate(self) -> None:
        self._gives_turn = self.gate.enter()
        self._in_gate = True

    def leave_gate(self) -> None:
        if self._in_gate:
            self._in_gate = False
            self.gate.leave(gives_turn=self._gives_turn)

    def commit(self) -> None:
        writing = self._in_gate
        try:
            super().commit()
        finally:
            self.leave_gate()
        if writing:
            self.gate.committed()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.leave_gate()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.leave_gate()


def _gated_connection_class(gate: WriterGate) -> type[_GatedConnection]:
    return type("GatedConnection", (_GatedConnection,), {"gate": gate})
