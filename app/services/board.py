"""What the waiting-hall board shows: numbers and workplaces, never names."""

from __future__ import annotations

from datetime import date, datetime

from app.config.centre import CentreConfig
from app.repositories.tickets import TicketRepository
from app.schemas.board import Board, BoardCall
from app.tables.queue import Ticket

LAST_CALLS = 8


def _board_call(
    centre: CentreConfig, ticket: Ticket, workplace_code: str, at: datetime
) -> BoardCall | None:
    workplace = centre.workplace(workplace_code)
    if workplace is None:  # removed from the centre file since the call
        return None
    return BoardCall(
        ticket=ticket.display,
        zone=ticket.zone,
        language=ticket.language,
        workplace=workplace.code,
        workplace_kind=workplace.kind,
        workplace_number=workplace.number,
        workplace_name=workplace.name,
        called_at=at,
    )


def build_board(tickets: TicketRepository, centre: CentreConfig, day: date) -> Board:
    current = [
        call
        for t in tickets.at_workplaces(day)
        if t.workplace
        and t.called_at
        and (call := _board_call(centre, t, t.workplace, t.called_at)) is not None
    ]
    # Each ticket once, at its latest call or recall (12.1: a recalled ticket was listed
    # twice); recalls are few, so a few times the rows the board shows are enough to read.
    last: list[BoardCall] = []
    seen: set[int | None] = set()
    for event, t in tickets.last_calls(day, LAST_CALLS * 4):
        if t.id in seen or not event.workplace:
            continue
        seen.add(t.id)
        if (call := _board_call(centre, t, event.workplace, event.at)) is not None:
            last.append(call)
        if len(last) == LAST_CALLS:
            break
    counts = tickets.waiting_counts(day)
    waiting = {z.code: counts.get(z.code, 0) for z in centre.zones if z.issues_tickets}
    return Board(current=current, last_calls=last, waiting=waiting)
