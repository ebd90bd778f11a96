"""The one transaction path (app.db.database, app.services.transactions): a write commits or
rolls back as a whole, its side effects happen only after the commit, and the event loop
never waits for a write lock, not even the other worker's."""

from __future__ import annotations

import asyncio
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.db.database import Database
from app.db.engine import make_engine, writer_gate
from app.domain import errors
from app.domain.events import QueueEvent, RecordingSink
from app.edge.state import AppState
from app.schemas.tickets import TicketOut
from app.services.catalog import Services
from app.services.transactions import Transactions
from app.tables.queue import Ticket
from tests.api.helpers import call_next, issue
from tests.conftest import WORKING_MORNING

HELD = 0.6  # seconds the "other worker" keeps the file lock


@dataclass
class Busy:
    """A database file whose other worker holds the writer gate's file lock, as a second
    server process does while it writes: `other` is its descriptor (LOCK_UN to let go)."""

    engine: Engine
    database: Database
    other: int


@pytest.fixture
def busy(tmp_path: Path) -> Iterator[Busy]:
    engine = make_engine(f"sqlite:///{tmp_path / 'busy.sqlite3'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    gate = writer_gate(engine)
    assert gate is not None
    assert gate.lock_path is not None
    database = Database(engine)
    other = os.open(gate.lock_path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)  # what the gate takes before BEGIN IMMEDIATE
    yield Busy(engine, database, other)
    os.close(other)
    database.close()
    engine.dispose()


def test_the_event_loop_runs_on_while_another_process_holds_the_write_lock(busy: Busy) -> None:
    """A request's write waits for the other worker's turn off the loop: the loop goes on
    serving (here: ticking) meanwhile. (Blocking the loop on that lock froze every request
    of the worker, reads and websockets included, for as long as it waited.)"""
    database, other = busy.database, busy.other

    async def scenario() -> tuple[int, float]:
        ticks = 0
        stop = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        def insert(session: Session) -> None:
            session.connection().exec_driver_sql("INSERT INTO t VALUES (1)")

        loop = asyncio.get_running_loop()
        loop.call_later(HELD, fcntl.flock, other, fcntl.LOCK_UN)
        ticking = asyncio.create_task(ticker())
        started = time.monotonic()
        await database.write(insert)
        waited = time.monotonic() - started
        stop.set()
        await ticking
        return ticks, waited

    ticks, waited = asyncio.run(scenario())
    assert waited >= HELD * 0.9  # the write did wait for the other worker
    assert ticks >= HELD / 0.01 * 0.5  # and the loop kept running all that time
    with busy.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1


def test_writes_queued_behind_the_other_worker_run_in_order_each_on_its_own(
    busy: Busy,
) -> None:
    """While the other worker writes, this worker's writes queue; once the turn comes they
    run in the order they were asked, each its own transaction: one refused rolls back
    alone."""
    database, other = busy.database, busy.other

    def insert(value: int) -> Callable[[Session], int]:
        def work(session: Session) -> int:
            session.connection().exec_driver_sql(f"INSERT INTO t VALUES ({value})")
            if value == 3:
                raise errors.ZoneFull(zone="consultation")
            return value

        return work

    async def scenario() -> list[object]:
        asyncio.get_running_loop().call_later(0.2, fcntl.flock, other, fcntl.LOCK_UN)
        writes = [database.write(insert(value)) for value in range(1, 6)]
        return await asyncio.gather(*writes, return_exceptions=True)

    answers = asyncio.run(scenario())
    assert answers[:2] == [1, 2]
    assert isinstance(answers[2], errors.ZoneFull)
    assert answers[3:] == [4, 5]
    with busy.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT x FROM t ORDER BY rowid").scalars().all()
    assert rows == [1, 2, 4, 5]


def _transactions(state: AppState) -> tuple[Transactions, RecordingSink]:
    sink = RecordingSink()
    return Transactions(state.database, state.site, sink), sink


def _issue(s: Services) -> Ticket:
    return s.queue.issue(
        zone="consultation", language="kk", purpose=None, priority=None, now=WORKING_MORNING
    ).ticket


def test_side_effects_happen_after_the_commit_and_only_then(state: AppState) -> None:
    transactions, sink = _transactions(state)
    seen_in_hook: list[int] = []

    def issue_with_hook(s: Services) -> Ticket:
        ticket = _issue(s)
        # When the hook runs, the ticket is in the database for everyone to read.
        s.queue.unit.after_commit(lambda: seen_in_hook.append(_count(state)))
        return ticket

    transactions.write_now(issue_with_hook)
    assert seen_in_hook == [1]
    assert [e.type for e in sink.events] == ["ticket.issued"]

    def issue_then_refuse(s: Services) -> None:
        issue_with_hook(s)
        raise errors.ZoneFull(zone="consultation")

    with pytest.raises(errors.ZoneFull):
        transactions.write_now(issue_then_refuse)
    assert _count(state) == 1  # rolled back
    assert seen_in_hook == [1]  # no hook
    assert len(sink.events) == 1  # and nothing published


def test_a_read_that_leaves_side_effects_is_refused(state: AppState) -> None:
    """A read-only transaction is rolled back: what it emitted never happened."""
    transactions, sink = _transactions(state)

    def sneaky(s: Services) -> None:
        s.queue.unit.emit(QueueEvent("ticket.issued", 1))

    with pytest.raises(RuntimeError, match="read-only"):
        transactions.read_now(sneaky)
    assert sink.events == []


def test_a_request_runs_one_write_transaction(state: AppState) -> None:
    from app.edge.deps import RequestTransactions

    per_request = RequestTransactions(state.transactions)

    async def twice() -> None:
        await per_request.write(_issue)
        await per_request.write(_issue)

    with pytest.raises(RuntimeError, match="one write transaction"):
        asyncio.run(twice())
    assert _count(state) == 1


def test_the_answer_is_the_response_model_never_the_row(client: TestClient) -> None:
    """FastAPI serialises every route's answer through its response model (the old
    pre-serialised fast path skipped it): a ticket's answer carries no column the model does
    not name. The status page's secret token is only inside `status_url`, which staff get
    when they issue or read a ticket (issue 14), never in the answer to a call."""
    fields = set(TicketOut.model_fields)
    issued = issue(client)
    assert set(issued) == fields
    called = call_next(client, "window-1")
    assert called is not None
    assert set(called) == fields
    assert set(client.get(f"/api/tickets/{issued['id']}").json()) == fields
    with Session(client.app.state.qabyldau.engine) as session:  # type: ignore[attr-defined]
        token = session.exec(select(Ticket.token)).one()
    assert "token" not in issued
    assert issued["status_url"].endswith(f"/t/{token}")
    assert token not in str(called)  # the answer to a call names no status page


def _count(state: AppState) -> int:
    with Session(state.engine) as session:
        return len(session.exec(select(Ticket)).all())
