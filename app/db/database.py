"""The one way to the database. Every transaction — a request's, a command's, a background
worker's — begins, commits or rolls back here, and the event loop never waits for one.

- `write(work)` runs `work(session)` in a write transaction, committed when `work` returns and
  rolled back when it raises. From the event loop it goes to the process's writer: one thread
  on SQLite, whose writers take turns anyway (app.db.gate), so the loop never waits for the
  write lock, not even the other worker's; a pool of threads on PostgreSQL, which locks rows.
- `read(work)`: a read-only transaction in a pool thread. On SQLite in WAL mode it never waits
  for a writer and takes no write lock; nothing is committed.
- `peek(work)`: the access check's one-row look-ups on a plain connection. On a local SQLite
  file they run on the event loop itself: a trip to a thread and back costs more than the
  read, and WAL readers never wait. Elsewhere (a network round trip) in the pool.
- `write_now`, `read_now`: the same, blocking, for threads and commands.

One hop per transaction: the whole transaction, from BEGIN to COMMIT, runs in the thread it
started in, so no transaction ever waits for a thread while holding a lock (with a commit
left to a later trip, a full pool once stalled every request for 30 s).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlmodel import Session

from app.db.engine import inline_reader, reader, writer_gate
from app.db.turns import LoopTurns

T = TypeVar("T")

READ_THREADS = 8
POSTGRES_WRITE_THREADS = 10  # the engine's pool_size: each writer holds a connection


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reads = reader(engine)
        # The access check's own engine on a local SQLite file, for use on the event loop.
        self.inline_reads = inline_reader(engine)
        self._gate = writer_gate(engine)
        embedded = self._gate is not None
        self._writes = ThreadPoolExecutor(
            max_workers=1 if embedded else POSTGRES_WRITE_THREADS, thread_name_prefix="db-write"
        )
        self._reads = ThreadPoolExecutor(max_workers=READ_THREADS, thread_name_prefix="db-read")
        # SQLite: the loop's own writes take turns at the gate (app.db.turns).
        self._turns = LoopTurns(self._gate) if self._gate is not None else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # blocking -----------------------------------------------------------------------------

    def write_now(self, work: Callable[[Session], T]) -> T:
        """`work(session)` in a write transaction: committed when it returns, rolled back when
        it raises. Blocking: never on the event loop (use `write`)."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                result = work(session)
                session.commit()
            except BaseException:
                session.rollback()
                raise
        return result

    def read_now(self, work: Callable[[Session], T]) -> T:
        """`work(session)` in a read-only transaction, rolled back at the end."""
        with Session(self.reads, expire_on_commit=False) as session:
            return work(session)

    def peek_now(self, work: Callable[[Connection], T]) -> T:
        with (self.inline_reads or self.reads).connect() as connection:
            return work(connection)

    # from the event loop --------------------------------------------------------------------

    async def write(self, work: Callable[[Session], T]) -> T:
        if self._turns is not None:
            return await self._turns.write(self.write_now, work)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writes, self.write_now, work)

    async def read(self, work: Callable[[Session], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._reads, self.read_now, work)

    async def peek(self, work: Callable[[Connection], T]) -> T:
        if self.inline_reads is not None:
            return self.peek_now(work)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._reads, functools.partial(self.peek_now, work))

    # -----------------------------------------------------------------------------------------

    def close(self) -> None:
        """Finish the transactions under way and close the connections (at shutdown)."""
        if self._turns is not None:
            self._turns.close()
        self._writes.shutdown(wait=True)
        self._reads.shutdown(wait=True)
        if self.inline_reads is not None:
            self.inline_reads.dispose()
        self.engine.dispose()
