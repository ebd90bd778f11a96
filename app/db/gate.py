"""The writer gate: SQLite's writers take turns at a lock of ours, across threads and
processes, instead of sleeping and retrying at SQLite's own lock."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on POSIX: the in-process lock alone, SQLite's busy wait between processes
    fcntl = None  # type: ignore[assignment]


def is_plain_file(database: str) -> bool:
    """A database file named by its path (a `file:` URI may name a shared in-memory one)."""
    return database != ":memory:" and not database.startswith("file:")


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
# Within a process only the thread at the process lock ever waits at the file lock, and the
# holder of the file lock is a thread running its transaction, which needs nothing of the
# other process: two workers cannot wait for each other. No event loop ever waits here:
# requests' transactions run on the process's writer thread (app.db.database).

# Seconds a writer waits, at the gate or at SQLite's lock, before failing: a request that
# cannot write within it is told the database is busy rather than left hanging.
BUSY_TIMEOUT = 5.0


# How long this thread's write transactions may wait, where it is not BUSY_TIMEOUT: none at
# all on the event loop (a lock held by another program, such as the sqlite3 shell, would
# stop every request), what is left of the request's time in the thread that waits for it.
_patience = threading.local()


@contextlib.contextmanager
def patience(seconds: float) -> Iterator[None]:
    before = getattr(_patience, "seconds", None)
    _patience.seconds = max(seconds, 0.0)
    try:
        yield
    finally:
        _patience.seconds = before


def current_patience() -> float:
    seconds = getattr(_patience, "seconds", None)
    return BUSY_TIMEOUT if seconds is None else float(seconds)


def is_busy(error: BaseException) -> bool:
    """SQLite's "database is locked" (or our gate's), however SQLAlchemy wrapped it."""
    cause = getattr(error, "orig", None) or error
    return isinstance(cause, sqlite3.OperationalError) and "locked" in str(cause)


CHECKPOINT_EVERY = 300  # write transactions (of this process) between background checkpoints


def lock_path(database: str | None) -> Path | None:
    if not database or not is_plain_file(database) or fcntl is None:
        return None
    return Path(database).with_name(Path(database).name + ".writer-lock")


class WriterGate:
    """One per engine: the process-wide lock, then the cross-process file lock."""

    def __init__(self, lock_path: Path | None, *, timeout: float, database: str | None) -> None:
        self.lock_path = lock_path
        self.timeout = timeout
        self._threads = threading.Lock()  # this process's turn
        self._owner: int | None = None  # the thread holding the turn, and how many times
        self._depth = 0
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

    def enter(self) -> None:
        """Wait for this process's turn, then for the file lock; given back in leave(). A
        thread that holds the turn already (try_enter, then its transaction) goes on."""
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            return
        timeout = min(self.timeout, current_patience())
        if not self._threads.acquire(timeout=timeout):
            raise sqlite3.OperationalError(
                f"database is locked (no turn to write within {timeout:.1f} s)"
            )
        try:
            if self.lock_path is not None:
                # Blocks until the other process leaves (the kernel drops the lock of a
                # process that dies). Only one thread per process ever waits here.
                fcntl.flock(self._file(), fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise
        self._owner, self._depth = me, 1

    def try_enter(self) -> bool:
        """Take the turn now if nobody has it, in this process or another; False at once
        otherwise. Never waits: for the event loop (app.db.database)."""
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            return True
        if not self._threads.acquire(blocking=False):
            return False
        if self.lock_path is not None:
            try:
                fcntl.flock(self._file(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._threads.release()
                return False
        self._owner, self._depth = me, 1
        return True

    def adopt(self) -> None:
        """The turn another thread took (enter) now belongs to this one, which gives it back
        with leave(). The process's lock is a plain lock, released by whoever holds the turn."""
        assert self._depth == 1, "only a turn taken once can change hands"
        self._owner = threading.get_ident()

    def leave(self) -> None:
        self._depth -= 1
        if self._depth:
            return
        self._owner = None
        try:
            if self.lock_path is not None and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
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
    _busy_ms = int(BUSY_TIMEOUT * 1000)  # as set at connect (app.db.engine)

    def enter_gate(self) -> None:
        self.gate.enter()
        self._in_gate = True

    def be_patient(self) -> None:
        """SQLite's own wait for its lock, as long as this thread may wait (set only when it
        changes: the event loop and the threads share the connections)."""
        wanted = int(current_patience() * 1000)
        if wanted != self._busy_ms:
            self.execute(f"PRAGMA busy_timeout={wanted}")
            self._busy_ms = wanted

    def leave_gate(self) -> None:
        if self._in_gate:
            self._in_gate = False
            self.gate.leave()

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


def gated_connection_class(gate: WriterGate) -> type[_GatedConnection]:
    return type("GatedConnection", (_GatedConnection,), {"gate": gate})
