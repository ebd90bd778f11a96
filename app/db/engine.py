"""Engines for SQLite (embedded default, WAL) and PostgreSQL."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import SingletonThreadPool

from app.db.gate import BUSY_TIMEOUT, WriterGate, gated_connection_class, is_plain_file, lock_path

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
    if url.get_backend_name() != "sqlite" or not database or not is_plain_file(database):
        return None
    inline = create_engine(url, poolclass=SingletonThreadPool, hide_parameters=True)

    @event.listens_for(inline, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # autocommit: each read is its own snapshot
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only=ON")
        cursor.execute("PRAGMA busy_timeout=1000")  # only a checkpoint's brief WAL reset
        cursor.close()

    return inline


def make_engine(url: str) -> Engine:
    """The app's engine. Its errors never carry the statement's parameters: they are an
    applicant's name, phone and subject, or a token's hash, and errors end up in logs."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(
            url,
            pool_size=10,
            max_overflow=20,
            pool_pre_ping=True,
            hide_parameters=True,
            # A row lock held elsewhere (a stuck session, an administrator's psql) fails a
            # request after the time a SQLite writer waits, instead of hanging it.
            connect_args={"options": f"-c lock_timeout={int(BUSY_TIMEOUT * 1000)}"},
        )
    pool: dict[str, Any] = {}
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # Enough kept connections for the reads and writes of many requests at once:
        # SQLAlchemy closes an overflow connection when it is returned, and each new one
        # starts with an empty page cache. (An in-memory database keeps SQLAlchemy's
        # one-connection-per-thread pool.)
        pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": 16}
    gate = WriterGate(lock_path(parsed.database), timeout=BUSY_TIMEOUT, database=parsed.database)
    engine = create_engine(
        url,
        **pool,
        hide_parameters=True,
        connect_args={
            "check_same_thread": False,
            "timeout": BUSY_TIMEOUT,
            "factory": gated_connection_class(gate),
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
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
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
            dbapi_connection.be_patient()
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            dbapi_connection.leave_gate()
            raise


SQLITE_POOL_SIZE = 32
