"""Request dependencies of the personal-reception routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app.api.deps import QueueDep
from app.auth.deps import Permission, Staff, require
from app.reception.context import Reception


def get_reception(queue: QueueDep) -> Reception:
    """On the request's queue service: one transaction, committed when the route returns,
    queue events (a check-in's ticket) published after the commit."""
    return Reception(queue)


ReceptionDep = Annotated[Reception, Depends(get_reception)]
# Protocol of a reception: the reception-room staff (000 p.23, p.34) or the official at the
# cabinet's monoblock.
Recorder = Annotated[Staff, Depends(require(Permission.ISSUE, Permission.SERVE))]
