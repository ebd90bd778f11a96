"""How the event loop's write transactions take their turn at SQLite's writer gate without
the loop ever waiting for it.

A write that finds the gate free (no other thread of this process and no other worker is
writing) runs at once, on the loop: a fraction of a millisecond of work. Otherwise it joins a
queue, and one thread waits for the turn on the queue's behalf, the other worker's file lock
included. Once it has the turn it hands it to the loop, which runs the queued transactions
one after another (each its own transaction, committed or rolled back on its own) for up to
BATCH_SECONDS, gives the turn back and, if more are queued, sends the thread to wait again.

Why not run each transaction on a writer thread: under load the thread, holding the turn,
waits for the GIL that the loop holds while it parses the next requests, and the other
worker waits for the turn all that time. Measured with two workers, that cost a quarter more
CPU per request than running the transactions on the loop; the turn's one hand-over per batch
costs little. And why not wait for the turn on the loop, as an earlier version did: while the
other worker wrote, every request of this worker stood still, reads and websockets included.

Nothing waits longer than PATIENCE: on the loop a transaction does not wait for SQLite's lock
at all (another program holding it, the sqlite3 shell say, would stop every request), but is
handed to a thread that waits for what is left of its time; a write still queued when its time
is up fails as "database is locked", which the edge answers as a 503 in the reader's language.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future as ThreadFuture
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session

from app.db.gate import BUSY_TIMEOUT, WriterGate, is_busy, patience

T = TypeVar("T")
Work = Callable[[Session], Any]
Run = Callable[[Work], Any]

BATCH_SECONDS = 0.010  # the most the loop spends on one turn's queued transactions
PATIENCE = BUSY_TIMEOUT  # the most a request's write waits, for the turn and for SQLite
SWEEP_SECONDS = 0.5  # how often writes queued beyond their time are failed


def _locked(waited: float) -> sqlite3.OperationalError:
    return sqlite3.OperationalError(f"database is locked (no turn to write within {waited:.0f} s)")


@dataclass(slots=True)
class _Queued:
    run: Run
    work: Work
    done: asyncio.Future[Any]
    deadline: float  # time.monotonic()


class LoopTurns:
    def __init__(self, gate: WriterGate) -> None:
        self.gate = gate
        self._queued: deque[_Queued] = deque()
        self._waiting = False  # the thread is waiting for the turn
        self._waiter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-turn")
        # Transactions that found SQLite's lock taken by another program wait here.
        self._patient = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-patient")
        self._sweeping = False

    async def write(
        self, run: Callable[[Callable[[Session], T]], T], work: Callable[[Session], T]
    ) -> T:
        """`run(work)` with the turn held: at once if the gate is free and nobody is queued
        before it, else after those queued before it."""
        deadline = time.monotonic() + PATIENCE
        if not self._queued and self.gate.try_enter():
            try:
                with patience(0):
                    return run(work)
            except Exception as error:
                if not is_busy(error):
                    raise
            finally:
                self.gate.leave()
            return await self._patiently(run, work, deadline)
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        self._queued.append(_Queued(run, work, done, deadline))
        if not self._waiting:
            self._wait_for_turn(loop)
        if not self._sweeping:
            self._sweeping = True
            loop.call_later(SWEEP_SECONDS, self._sweep, loop)
        return await done

    def _wait_for_turn(self, loop: asyncio.AbstractEventLoop) -> None:
        self._waiting = True
        waited: ThreadFuture[None] = self._waiter.submit(self.gate.enter)
        waited.add_done_callback(
            lambda _f: loop.call_soon_threadsafe(self._take_turn, waited, loop)
        )

    def _take_turn(self, waited: ThreadFuture[None], loop: asyncio.AbstractEventLoop) -> None:
        self._waiting = False
        failure = waited.exception()
        if failure is not None:  # no turn within the gate's timeout: the first in line fails
            first = self._queued.popleft()
            if not first.done.done():
                first.done.set_exception(failure)
        else:
            self.gate.adopt()  # the thread's turn is the loop's now
            try:
                self._run_queued(loop)
            finally:
                self.gate.leave()
        if self._queued:
            self._wait_for_turn(loop)

    def _run_queued(self, loop: asyncio.AbstractEventLoop) -> None:
        deadline = time.monotonic() + BATCH_SECONDS
        while self._queued:
            queued = self._queued.popleft()
            if queued.done.done():  # the request is gone, or its time ran out
                continue
            try:
                with patience(0):
                    result = queued.run(queued.work)
            except BaseException as exc:  # the request's own refusal or failure
                if is_busy(exc):  # SQLite's lock is another program's: wait off the loop
                    self._hand_over(queued, loop)
                else:
                    queued.done.set_exception(exc)
            else:
                queued.done.set_result(result)
            if time.monotonic() >= deadline:
                return

    def _sweep(self, loop: asyncio.AbstractEventLoop) -> None:
        """Fail the writes queued longer than PATIENCE (the oldest are first in line)."""
        now = time.monotonic()
        while self._queued and self._queued[0].deadline <= now:
            queued = self._queued.popleft()
            if not queued.done.done():
                queued.done.set_exception(_locked(PATIENCE))
        if self._queued:
            loop.call_later(SWEEP_SECONDS, self._sweep, loop)
        else:
            self._sweeping = False

    def _hand_over(self, queued: _Queued, loop: asyncio.AbstractEventLoop) -> None:
        async def in_thread() -> None:
            try:
                result = await self._patiently(queued.run, queued.work, queued.deadline)
            except BaseException as exc:
                if not queued.done.done():
                    queued.done.set_exception(exc)
            else:
                if not queued.done.done():
                    queued.done.set_result(result)

        loop.create_task(in_thread())

    async def _patiently(
        self,
        run: Callable[[Callable[[Session], T]], T],
        work: Callable[[Session], T],
        deadline: float,
    ) -> T:
        """`run(work)` in a thread that may wait for SQLite's lock until `deadline`."""

        def attempt() -> T:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _locked(PATIENCE)
            with patience(left):
                return run(work)

        return await asyncio.get_running_loop().run_in_executor(self._patient, attempt)

    def close(self) -> None:
        self._waiter.shutdown(wait=True)
        self._patient.shutdown(wait=True)
