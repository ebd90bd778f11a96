"""`qabyldau demo simulate`: it says what it did, and it keeps away from real tickets and
from a pause under way unless told."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import cli
from app.cli.context import use_cases
from app.db.engine import make_engine
from app.domain.lifecycle import TicketState
from app.domain.workplace import PauseReason
from app.services.site import utc_now
from app.tables.queue import Ticket, TicketEvent

runner = CliRunner()
SUMMARY = re.compile(
    r"Simulated 1 working day \((\d{4}-\d\d-\d\d) – \1\): (\d+) tickets in [\d.]+ s\."
)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The command's database; open at every hour, so that a real ticket can be issued now."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("QABYLDAU_DATABASE_URL", url)
    monkeypatch.setenv("QABYLDAU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QABYLDAU_ALWAYS_OPEN", "1")
    return make_engine(url)


def tickets(engine: Engine) -> list[Ticket]:
    with Session(engine) as session:
        return list(session.exec(select(Ticket).order_by(Ticket.id)).all())  # type: ignore[arg-type]


def real_ticket() -> int:
    """A visitor's ticket from the kiosk, today, nobody has called yet."""
    with use_cases() as tx:
        issued = tx.write_now(
            lambda s: s.queue.issue(
                zone="consultation", language="kk", purpose=None, priority=None, now=utc_now()
            )
        )
    assert issued.ticket.id is not None
    return issued.ticket.id


def test_it_plays_the_days_and_says_how_many_and_how_long(database: Engine) -> None:
    done = runner.invoke(cli, ["demo", "simulate", "--days", "1", "--seed", "3"])
    assert done.exit_code == 0, done.output
    found = SUMMARY.search(done.output)
    assert found, done.output
    made = tickets(database)
    assert int(found.group(2)) == len(made) > 100
    assert {str(t.service_day) for t in made} == {found.group(1)}
    # Again: the day holds tickets already, so nothing is added twice.
    again = runner.invoke(cli, ["demo", "simulate", "--days", "1", "--seed", "3"])
    assert again.exit_code == 0, again.output
    assert "Simulated 0 working days: 0 tickets" in again.output
    assert "Skipped 1 working day that already held tickets." in again.output
    assert len(tickets(database)) == len(made)


def test_a_database_with_real_tickets_is_refused_unless_forced(database: Engine) -> None:
    real = real_ticket()
    refused = runner.invoke(cli, ["demo", "simulate", "--days", "1"])
    assert refused.exit_code == 2
    assert "the database holds 1 ticket not made by a simulation" in refused.output
    assert "--force" in refused.output
    assert [t.id for t in tickets(database)] == [real]  # untouched

    forced = runner.invoke(cli, ["demo", "simulate", "--days", "1", "--force"])
    assert forced.exit_code == 0, forced.output
    assert SUMMARY.search(forced.output), forced.output
    made = tickets(database)
    assert len(made) > 100
    [kept] = [t for t in made if t.id == real]
    assert kept.state is TicketState.WAITING  # nobody simulated called it
    simulated_days = {t.service_day for t in made if t.id != real}
    assert kept.service_day not in simulated_days  # never mixed into a real day
    with Session(database) as session:
        events = session.exec(select(TicketEvent).where(TicketEvent.ticket_id == real)).all()
    assert [e.action for e in events] == ["issue"]


def test_a_workplace_paused_now_is_refused(database: Engine) -> None:
    """Its pause would be ended by the simulation's resumes."""
    with use_cases() as tx:
        tx.write_now(
            lambda s: s.pauses.pause("window-2", PauseReason.BREAK, now=utc_now(), actor="x")
        )
    refused = runner.invoke(cli, ["demo", "simulate", "--days", "1"])
    assert refused.exit_code == 2
    assert "paused now: window-2" in refused.output
    assert tickets(database) == []
