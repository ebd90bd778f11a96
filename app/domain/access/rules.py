"""Where a staff member may act. Roles say what (app/domain/access/roles.py); these rules say where.

A person signs in AT a workplace or cabinet. Then:
- calling (call next, call a number) is allowed only at that workplace;
- recall, start, finish, no-show and return only for the ticket called to that workplace;
- transfer and cancel: anyone with MANAGE for any ticket; a server (SERVE) only for the
  ticket at their workplace.
An administrator may act anywhere. Consultants, officials and self-service assistants sign in
(a session or an API token alike) at a workplace of the zone they serve, and only there
(app.domain.access.roles.may_work_at): no token of theirs acts centre-wide."""

from __future__ import annotations

from app.domain.access.errors import (
    NotAtWorkplace,
    NotYourReception,
    NotYourRequest,
    NoWorkplace,
    TicketNotYours,
)
from app.domain.access.identity import Staff
from app.domain.access.roles import Permission, Role
from app.domain.lifecycle import Action


def _unbound(staff: Staff) -> bool:
    """Only the administrator acts anywhere. (A token of a serving role bound to no workplace
    is refused at sign-in; one left from before acts nowhere.)"""
    return staff.role is Role.ADMIN


def ensure_at_workplace(staff: Staff, workplace: str) -> None:
    """For calling at `workplace`."""
    if not _unbound(staff) and staff.workplace is None:
        raise NoWorkplace()
    if not _unbound(staff) and staff.workplace != workplace:
        raise NotAtWorkplace(signed_in=staff.workplace, workplace=workplace)


def ensure_serves_ticket(staff: Staff, ticket_workplace: str | None, display: str) -> None:
    """For recall, start, finish, no-show and return of a ticket."""
    if not _unbound(staff) and staff.workplace is None:
        raise NoWorkplace()
    if not _unbound(staff) and ticket_workplace != staff.workplace:
        raise TicketNotYours(display=display, workplace=staff.workplace)


def ensure_moves_ticket(staff: Staff, ticket_workplace: str | None, display: str) -> None:
    """For transfer and cancel of a ticket."""
    if staff.can(Permission.MANAGE):
        return
    ensure_serves_ticket(staff, ticket_workplace, display)


def ensure_may_move(
    staff: Staff, action: Action, ticket_workplace: str | None, display: str
) -> None:
    """For any move of a ticket: transfer and cancel as above, every other one only for the
    ticket at one's own workplace."""
    if action in (Action.TRANSFER, Action.CANCEL):
        ensure_moves_ticket(staff, ticket_workplace, display)
    else:
        ensure_serves_ticket(staff, ticket_workplace, display)


def ensure_records_reception(
    staff: Staff, *, cabinet: str | None, booked_today: bool, key: object
) -> None:
    """For the protocol of a reception, its instructions and the appeals filed at it
    (000 p.23, p.34, p.36): the reception-room staff (ISSUE), or the official signed in at the
    request's cabinet on the day of its reception; nobody else (a consultant, a self-service
    assistant, an official in another cabinet or on another day)."""
    if staff.can(Permission.ISSUE):
        return
    if staff.role is Role.OFFICIAL and staff.workplace == cabinet and booked_today:
        return
    raise NotYourReception(key=key, cabinet=cabinet or "—")


def ensure_reads_request(staff: Staff, *, cabinet: str | None, key: object) -> None:
    """For a booking request's card (applicant, contact, subject): the reception-room staff
    (ISSUE), or the official signed in at the cabinet the request is booked to; a consultant
    or an official of another cabinet reads none of it (001 p.2: personal data only where
    the work needs it)."""
    if staff.can(Permission.ISSUE):
        return
    if staff.role is Role.OFFICIAL and cabinet is not None and staff.workplace == cabinet:
        return
    raise NotYourRequest(key=key, cabinet=cabinet or "—")
