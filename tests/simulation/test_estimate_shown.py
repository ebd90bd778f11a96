"""Issue 13.8: the estimate kept with a ticket is the one the visitor was given — on the
kiosk's screen, on the printed ticket and on the status page behind its QR code."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import ImageChops
from sqlmodel import Session, select

from app.domain.estimate import shown
from app.edge.state import AppState
from app.services.printing.ticket_text import ticket_print
from app.tables.printing import PrintJob
from app.tables.queue import Ticket
from printer import FakePrinter, render_ticket
from tests.conftest import Clock
from tests.kiosk.conftest import take_ticket, wait_for

WAIT = re.compile(r"~(\d+) ")


def minutes_on(page: str) -> int | None:
    found = WAIT.findall(page)
    assert len(found) <= 1, found
    return int(found[0]) if found else None


def test_the_kiosk_the_ticket_and_the_status_page_show_the_recorded_estimate(
    kiosk: TestClient,
    kiosk_app: FastAPI,
    kiosk_state: AppState,
    fake: FakePrinter,
    clock: Clock,
) -> None:
    """Nobody has called yet today: three free windows, 10 minutes a visit (the default).
    The first three are called at once — recorded 0, and nothing is shown, as for "no
    wait" — the fourth and fifth when the first visits end: ~10 min."""
    screens = [take_ticket(kiosk, language="ru") for _ in range(5)]
    with Session(kiosk_state.engine) as session:
        tickets = list(session.exec(select(Ticket).order_by(Ticket.id)).all())  # type: ignore[arg-type]
        jobs = {j.ticket_id: j for j in session.exec(select(PrintJob)).all()}
    assert [t.estimate_minutes for t in tickets] == [0, 0, 0, 10, 10]
    phone = TestClient(kiosk_app)
    for screen, ticket in zip(screens, tickets, strict=True):
        given = shown(ticket.estimate_minutes)
        assert minutes_on(screen) == given
        assert jobs[ticket.id or 0].wait_minutes == given
        assert minutes_on(phone.get(f"/t/{ticket.token}").text) == given
    # The paper says it too: each printed image is the ticket drawn with that estimate.
    wait_for(lambda: len(fake.jobs) == len(tickets))
    for image, ticket in zip(fake.jobs, tickets, strict=True):
        job = jobs[ticket.id or 0]
        drawn = ticket_print(
            kiosk_state.centre,
            ticket,
            ahead=job.ahead,
            wait_minutes=shown(ticket.estimate_minutes),
            status_url=job.status_url,
        )
        expected = render_ticket(drawn, image.width)
        assert ImageChops.difference(image.convert("1"), expected).getbbox() is None

    # Later the status page follows the queue with the same estimate made afresh: windows 1
    # and 2 call the first two, so the fifth has two ahead and two windows serving (window 3
    # has called nobody today): free in 10 minutes, then the third and fourth go, the fifth
    # waits for the next round.
    fifth = tickets[4]
    clock.advance(minutes=4)

    def call(workplace: str) -> None:
        kiosk_state.transactions.write_now(
            lambda s: s.queue.call_next(workplace, now=clock(), actor="consultant")
        )

    call("window-1")
    call("window-2")
    assert minutes_on(phone.get(f"/t/{fifth.token}").text) == 20
    clock.advance(minutes=6)
    assert minutes_on(phone.get(f"/t/{fifth.token}").text) == 14  # 10 − 6 left, then 10
    with Session(kiosk_state.engine) as session:
        kept = session.get(Ticket, fifth.id)
        assert kept is not None
        assert kept.estimate_minutes == 10  # what it was given stays
