"""What a database error means for the people using the centre: the disk refuses writes, the
database is busy past a request's patience, or it cannot be reached. The edge answers each as
a 503 in the reader's language; any other database error is a defect (a 500, logged)."""

from __future__ import annotations

import enum
import sqlite3

from sqlalchemy.exc import DBAPIError

# What the edge catches (a failure of the database itself, not of a statement of ours).
DATABASE_ERRORS: tuple[type[Exception], ...] = (DBAPIError, sqlite3.Error)

# PostgreSQL's SQLSTATEs for a read-only server, a lock or statement timeout, a full disk.
_PG_READ_ONLY = {"25006"}
_PG_BUSY = {"55P03", "57014", "40P01"}
_PG_FULL = {"53100"}


class Outage(enum.Enum):
    READ_ONLY = "read-only"
    FULL = "disk-full"
    BUSY = "busy"
    UNREACHABLE = "unreachable"


def outage_of(error: BaseException) -> Outage | None:
    """Which outage `error` shows, or None when it is not one (a bug, a constraint)."""
    cause = getattr(error, "orig", None) or error
    state = getattr(cause, "sqlstate", None)
    if state in _PG_READ_ONLY:
        return Outage.READ_ONLY
    if state in _PG_BUSY:
        return Outage.BUSY
    if state in _PG_FULL:
        return Outage.FULL
    text = str(cause).lower()
    if isinstance(cause, sqlite3.OperationalError):
        if "readonly" in text or "read-only" in text:
            return Outage.READ_ONLY
        if "locked" in text or "busy" in text:
            return Outage.BUSY
        if "disk is full" in text or "disk i/o" in text:
            return Outage.FULL
        return Outage.UNREACHABLE  # cannot open the file, no such table after a bad restore
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return Outage.UNREACHABLE
    if type(cause).__name__ in ("OperationalError", "ConnectionTimeout", "PoolTimeout"):
        return Outage.UNREACHABLE  # psycopg: the server is down or does not answer
    return None
