"""What is known of each printer: the outcome of its last job or status request, kept in
`printer_state` so that every server process and every desk screen sees the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from app.repositories.print_jobs import PrintJobRepository
from app.tables.printing import PrinterState
from printer import PaperLevel, PrinterStatus

WRITE_ONLY_DETAIL: Final = "status not available"
"""printer's detail for a device that cannot be asked (status=0, file://)."""


def clip(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Seen:
    """What a job or a status request showed of a printer."""

    printer: str
    ok: bool
    kind: str | None = None
    detail: str = ""
    paper: PaperLevel | None = None


def record(jobs: PrintJobRepository, seen: Seen, now: datetime) -> None:
    row = jobs.printer(seen.printer) or PrinterState(printer=seen.printer)
    row.ok, row.checked_at = seen.ok, now
    if seen.ok:
        row.error_kind = row.detail = None
        row.last_ok_at = now
        if seen.paper is None and row.paper == PaperLevel.OUT.value:
            row.paper = PaperLevel.UNKNOWN.value  # it printed, so it has paper now
    else:
        row.error_kind, row.detail = seen.kind, clip(seen.detail)
    if seen.paper is not None:
        row.paper = seen.paper.value
    jobs.save_printer(row)


def seen_in(code: str, status: PrinterStatus) -> Seen:
    """What a status request's answer says of the printer."""
    if not status.reachable:
        return Seen(code, False, "offline", status.detail or "unreachable")
    if status.responded:
        if status.ready:
            return Seen(code, True, paper=status.paper)
        kind = "paper_out" if status.paper is PaperLevel.OUT else "not_ready"
        return Seen(code, False, kind, _describe(status), status.paper)
    if status.detail and status.detail != WRITE_ONLY_DETAIL:
        return Seen(code, False, "timeout", status.detail)
    return Seen(code, True)  # reachable, cannot be asked more: that is all anyone will know


def _describe(status: PrinterStatus) -> str:
    if status.paper is PaperLevel.OUT:
        return "out of paper"
    if status.cover_open:
        return "cover open"
    if status.error:
        return "printer error"
    if status.online is False:
        return "offline"
    return status.detail or "not ready"
