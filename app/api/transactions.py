"""Route classes that keep a queue transaction short: the time it holds SQLite's write lock
(or PostgreSQL's lock on a zone counter or ticket row) is what bounds the whole queue.

`CommitInRouteThread`: the route's transaction is committed, and its answer serialised, in
the thread that ran the route. `QueueDep` commits when its `scope="function"` dependency
exits, but FastAPI runs that exit only after it has validated the response, which for a sync
route is another trip through the thread pool, plus two turns of a busy event loop: measured
under load, ~6 ms per transaction of which well under 1 ms was database work, and the queue
stalled at ~130 requests/s. Here the commit follows the route function at once and a pydantic
model returned is turned into JSON right after it (FastAPI would do that in one more trip to
the pool, ~0.5 ms of CPU on this machine, more than the whole issue transaction). The
dependency's later commit then finds nothing to do and publishes the events as before. An
exception rolls back at once, in the same thread, so the lock is never held while the error
travels up.

`QueueRoute`, for the queue's hot API (issue, call, start, finish...), goes one step further
on an embedded database: when no other thread of this process is in a write transaction, the
route runs on the event loop itself, start to commit, without yielding. Its SQLite work
takes a fraction of a millisecond and the two trips to the thread pool and back cost more
CPU than all of it; a worker that never waits on its own threads for the write lock also
hands it on sooner (issuing went from 487 to 847 tickets/s with two workers). Otherwise, and
always on PostgreSQL (network round trips, row locks that may be held for long), the route
goes to the thread pool as before. Blocking the loop on the other worker's file lock cannot
deadlock: a transaction holding it never needs that loop (see app.db.engine.WriterGate).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from app.db.engine import writer_gate
from app.services.queue import QueueService

Endpoint = Callable[..., Any]


def _services(kwargs: dict[str, Any]) -> list[QueueService]:
    return [value for value in kwargs.values() if isinstance(value, QueueService)]


def _commit_after(endpoint: Endpoint, status_code: int) -> Endpoint:
    @functools.wraps(endpoint)  # FastAPI reads the wrapped function's parameters
    def endpoint_then_commit(*args: Any, **kwargs: Any) -> Any:
        services = _services(kwargs)
        try:
            result = endpoint(*args, **kwargs)
            for service in services:
                service.session.commit()
        except BaseException:
            for service in services:
                service.session.rollback()
            raise
        if isinstance(result, BaseModel):
            return Response(
                result.__pydantic_serializer__.to_json(result),
                status_code=status_code,
                media_type="application/json",
            )
        return result

    return endpoint_then_commit


def _on_loop_when_free(endpoint: Endpoint) -> Endpoint:
    @functools.wraps(endpoint)
    async def on_loop_or_in_pool(*args: Any, **kwargs: Any) -> Any:
        services = _services(kwargs)
        bind = services[0].session.get_bind() if len(services) == 1 else None
        gate = writer_gate(bind) if isinstance(bind, Engine) else None
        if gate is not None and gate.hold():
            try:
                return endpoint(*args, **kwargs)
            finally:
                gate.release_hold()
        return await run_in_threadpool(functools.partial(endpoint, *args, **kwargs))

    return on_loop_or_in_pool


def _is_sync(endpoint: Endpoint) -> bool:
    return not (
        inspect.iscoroutinefunction(endpoint)
        or inspect.isgeneratorfunction(endpoint)
        or inspect.isasyncgenfunction(endpoint)
    )


class CommitInRouteThread(APIRoute):
    def __init__(self, path: str, endpoint: Endpoint, **kwargs: Any) -> None:
        if _is_sync(endpoint):
            endpoint = self.wrap(_commit_after(endpoint, kwargs.get("status_code") or 200))
        super().__init__(path, endpoint, **kwargs)

    @staticmethod
    def wrap(endpoint: Endpoint) -> Endpoint:
        return endpoint


class QueueRoute(CommitInRouteThread):
    @staticmethod
    def wrap(endpoint: Endpoint) -> Endpoint:
        return _on_loop_when_free(endpoint)
