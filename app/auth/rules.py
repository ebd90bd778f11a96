"""Where a staff member may act. Roles say what (app/auth/roles.py); these rules say where.

A person signs in AT a workplace or cabinet. Then:
- calling (call next, call a number) is allowed only at that workplace;
- recall, start, finish, no-show and return only for the ticket called to that workplace;
- transfer and cancel: anyone with MANAGE for any ticket; a server (SERVE) only for the
  ticket at their workplace.
An administrator may act anywhere. A token bound to no workplace (an API token asked for
without one; the sign-in page insists on one for consultants, officials and self-service
assistants) is not limited to a workplace: integrations act for the whole centre."""

from __future__ import annotations

from app.auth.errors import NotAtWorkplace, TicketNotYours
from app.auth.identity import Staff
from app.auth.roles import Permission, Role


def _unbound(staff: Staff) -> bool:
    return staff.role is Role.ADMIN or staff.workplace is None


def ensure_at_workplace(staff: Staff, workplace: str) -> None:
    """For calling at `workplace`."""
    if not _unbound(staff) and staff.workplace != workplace:
        raise NotAtWorkplace(signed_in=staff.workplace, workplace=workplace)


def ensure_serves_ticket(staff: Staff, ticket_workplace: str | None, display: str) -> None:
    """For recall, start, finish, no-show and return of a ticket."""
    if not _unbound(staff) and ticket_workplace != staff.workplace:
        raise TicketNotYours(display=display, workplace=staff.workplace)


def ensure_moves_ticket(staff: Staff, ticket_workplace: str | None, display: str) -> None:
    """For transfer and cancel of a ticket."""
    if staff.can(Permission.MANAGE):
        return
    ensure_serves_ticket(staff, ticket_workplace, display)
