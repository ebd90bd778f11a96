"""Admit fewer requests at once than the thread pool has threads, so the pool cannot deadlock.

Sync routes, sync dependencies and the token look-up run in AnyIO's thread pool (40 threads
per process). A request's database transaction is committed when its `scope="function"`
dependency exits, and FastAPI runs that exit only after it has validated the response, which
for a sync route is one more trip through the same pool. Under load every thread could be
taken by requests waiting for the database (SQLite's write lock, PostgreSQL's row lock on a
zone counter, a free pooled connection) while the one transaction they wait for cannot commit
because its response validation is waiting for a thread: nothing moves until the 30 s
timeouts fail them all (seen with 100 requests in flight against two workers).

Here each request waits for a slot on the event loop, holding no thread, before anything
runs; there are fewer slots than threads, so an admitted request always finds a thread. The
slot is given back when the response starts (its transaction is committed by then) or a
websocket is accepted or closed, so long-lived streams and sockets do not keep one.
"""

from __future__ import annotations

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADROOM = 8  # threads left over for whatever runs outside admitted requests

_slots: RunVar[anyio.Semaphore] = RunVar("qabyldau_admission_slots")

RELEASING = frozenset({"http.response.start", "websocket.accept", "websocket.close"})


def _semaphore() -> anyio.Semaphore:
    try:
        return _slots.get()
    except LookupError:
        threads = int(anyio.to_thread.current_default_thread_limiter().total_tokens)
        slots = anyio.Semaphore(max(1, threads - HEADROOM))
        _slots.set(slots)
        return slots


class AdmissionLimit:
    """Pure ASGI middleware: at most (thread pool size - HEADROOM) requests of this process
    past this point at once; the rest wait, in order, without holding a thread."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        slots = _semaphore()
        await slots.acquire()
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                slots.release()

        async def send_and_release(message: Message) -> None:
            if message["type"] in RELEASING:
                release()
            await send(message)

        try:
            await self.app(scope, receive, send_and_release)
        finally:
            release()
