"""Pausing and resuming a workplace: a paused workplace takes no calls until it resumes
(app.repositories.tickets.is_paused), and each pause is kept from its start to its resume for
the workplace's paused time in the statistics."""

from __future__ import annotations

from datetime import datetime

from app.config.centre import Workplace
from app.domain import errors
from app.domain.events import QueueEvent
from app.domain.workplace import PauseReason
from app.repositories.unit import Unit
from app.services.site import Site
from app.tables.queue import WorkplacePause, WorkplaceStatus


class Pauses:
    def __init__(self, unit: Unit, site: Site) -> None:
        self.unit = unit
        self.tickets = unit.tickets
        self.centre = site.centre

    def pause(
        self, workplace_code: str, reason: PauseReason, *, now: datetime, actor: str | None
    ) -> WorkplaceStatus:
        workplace = self._workplace(workplace_code)
        self.tickets.lock_workplace(workplace.code)  # two taps at once make one pause
        status = self.tickets.workplace_status(workplace.code) or WorkplaceStatus(
            workplace=workplace.code
        )
        status.paused, status.reason, status.since, status.by = True, reason.value, now, actor
        self.tickets.save_status(status)
        # The history of pauses, for each workplace's paused time in the statistics: a pause
        # with another reason while paused carries on as the same pause.
        pause = self.tickets.open_pause(workplace.code)
        if pause is None:
            self.tickets.add_pause(
                WorkplacePause(
                    workplace=workplace.code, reason=reason.value, started_at=now, by=actor
                )
            )
        else:
            pause.reason = reason.value
        self.unit.emit(
            QueueEvent("workplace.paused", 0, {"at": now.isoformat(), "workplace": workplace.code})
        )
        return status

    def resume(self, workplace_code: str, *, now: datetime, actor: str | None) -> WorkplaceStatus:
        workplace = self._workplace(workplace_code)
        self.tickets.lock_workplace(workplace.code)
        status = self.tickets.workplace_status(workplace.code) or WorkplaceStatus(
            workplace=workplace.code
        )
        status.paused, status.reason, status.since, status.by = False, None, now, actor
        self.tickets.save_status(status)
        self.tickets.end_pauses(workplace.code, now)
        self.unit.emit(
            QueueEvent("workplace.resumed", 0, {"at": now.isoformat(), "workplace": workplace.code})
        )
        return status

    def _workplace(self, code: str) -> Workplace:
        workplace = self.centre.workplace(code)
        if workplace is None:
            raise errors.WorkplaceNotFound(key=code)
        return workplace
