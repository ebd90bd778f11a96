"""After a restart, and now and then: jobs that lost their printer or their worker.

A restart loses nothing: queued jobs are in the database and the workers take them up at
start. A job a dead process was printing (its claim names a process that no longer runs on
this host, or its lease ran out) becomes `unsure`, since it may have printed."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Final

from app.domain.printing import JobState
from app.repositories.print_jobs import PrintJobRepository

log = logging.getLogger("qabyldau.printing")

LEASE: Final = timedelta(seconds=150)
"""Longer than any job may take (a printer URL's timeout is at most 120 s): a claim older
than this belongs to a worker that died."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def fail_orphans(jobs: PrintJobRepository, printers: Collection[str], now: datetime) -> None:
    """Queued jobs of printers no longer configured will never print: failed, for staff."""
    for job in jobs.queued_elsewhere(printers):
        job.state, job.finished_at = JobState.FAILED, now
        job.error_kind, job.last_error = "config", f"no printer {job.printer!r} any more"
        jobs.save(job)


def mark_interrupted(
    jobs: PrintJobRepository, now: datetime, *, me: str, mine_running: bool
) -> None:
    """Jobs whose worker died while printing them become unsure. `me` names this spooler's
    worker; `mine_running`: its own claims are in flight, not stale."""
    for job in jobs.being_printed():
        if job.claimed_by == me:
            if mine_running:
                continue  # ours, in flight
            stale = True  # ours from before this spooler started: cut short
        else:
            expired = job.claimed_at is None or now - job.claimed_at > LEASE
            stale = expired or _dead_here(job.claimed_by)
        if stale:
            job.state = JobState.UNSURE
            job.error_kind = "interrupted"
            job.last_error = "the server stopped while printing it"
            jobs.save(job)
            log.warning("print job %s was being printed by %s: unsure", job.id, job.claimed_by)


def _dead_here(claimed_by: str | None) -> bool:
    """The claim names a process on this host that no longer runs."""
    if not claimed_by:
        return True
    host, _, pid_text = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # another spooler of this very process (tests): its lease decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
