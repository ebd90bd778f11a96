"""Request dependencies as typed aliases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session

from app.auth.deps import CurrentStaff
from app.services.queue import QueueService
from app.state import AppState


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.qabyldau
    return state


StateDep = Annotated[AppState, Depends(get_state)]


async def get_now(state: StateDep) -> datetime:
    return state.clock()


Now = Annotated[datetime, Depends(get_now)]


async def get_queue(state: StateDep) -> AsyncIterator[QueueService]:
    """One transaction per request: committed when the route returns, rolled back on any
    error; events are published only after the commit."""
    session = Session(state.engine, expire_on_commit=False)
    service = QueueService(session, state.centre, state.calendar)
    try:
        yield service
    except BaseException:
        if session.in_transaction():
            await run_in_threadpool(session.close)  # rolls back
        else:
            session.close()  # the route rolled back already (app.api.transactions)
        raise
    if session.in_transaction():
        await run_in_threadpool(_commit_and_close, session)
    else:
        session.close()  # the route committed already (app.api.transactions): no I/O left
    for event in service.events:
        state.events.publish(event)


def _commit_and_close(session: Session) -> None:
    with session:
        session.commit()


# scope="function": commit before the response is sent, so a 2xx means it is stored.
QueueDep = Annotated[QueueService, Depends(get_queue, scope="function")]


def staff_actor(staff: CurrentStaff) -> str:
    """Who is acting: the signed-in staff member's username, recorded on the ticket's call
    and on every ticket event. Anonymous callers and devices are refused (app.auth.deps)."""
    return staff.username


Actor = Annotated[str, Depends(staff_actor)]
