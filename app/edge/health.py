"""What health says of the database: whether a write transaction can begin and change
things now, and if not, which outage it is (read-only, disk full, busy, unreachable)."""

from __future__ import annotations

from app.db.failures import DATABASE_ERRORS, outage_of
from app.edge.deps import RequestTransactions

DATABASE_OK = "ok"


async def database_state(tx: RequestTransactions) -> str:
    try:
        writable = await tx.write(lambda s: s.writable())
    except DATABASE_ERRORS as error:
        outage = outage_of(error)
        if outage is None:
            raise
        return outage.value
    return DATABASE_OK if writable else "read-only"
