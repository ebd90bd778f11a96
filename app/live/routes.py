"""`/ws/events`: the live feed of committed queue events, for the screens and integrations.

Messages are JSON: `{"type": "ticket.called", "at": ..., "ticket": {... "display", "language"},
"workplace": {...}}`; `{"type": "hello"}` first, and `{"type": "ping"}` whenever nothing else
was sent for HEARTBEAT seconds, so either side notices a dead link. A subscriber that stops
reading is dropped by the hub and closed; its screen reconnects and resyncs.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from app.auth.deps import authenticate_websocket
from app.live.hub import Subscription
from app.state import AppState

router = APIRouter(tags=["live"])

HEARTBEAT_SECONDS = 5.0
SEND_TIMEOUT_SECONDS = 5.0
POLICY_VIOLATION = 1008
PING = json.dumps({"type": "ping"})


async def _who(websocket: WebSocket) -> Any:
    if inspect.iscoroutinefunction(authenticate_websocket):
        return await authenticate_websocket(websocket)
    return await run_in_threadpool(authenticate_websocket, websocket)


@router.websocket("/ws/events")
async def events(websocket: WebSocket) -> None:
    if await _who(websocket) is None:
        await websocket.close(code=POLICY_VIOLATION, reason="sign in or pair this device")
        return
    state: AppState = websocket.app.state.qabyldau
    await websocket.accept()
    subscription = state.hub.subscribe()
    sender = asyncio.create_task(_send(websocket, subscription))
    try:
        while True:  # the client may send anything (e.g. "ping"); we only watch for close
            text = await websocket.receive_text()
            if text == "ping":
                subscription.put({"type": "pong"})
    except WebSocketDisconnect:
        pass
    finally:
        state.hub.unsubscribe(subscription)
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender


async def _send(websocket: WebSocket, subscription: Subscription) -> None:
    try:
        await websocket.send_text(json.dumps({"type": "hello", "heartbeat": HEARTBEAT_SECONDS}))
        while True:
            try:
                text = await asyncio.wait_for(subscription.next(), HEARTBEAT_SECONDS)
            except TimeoutError:
                text = PING
            if text is None:  # dropped by the hub for falling behind
                await websocket.close(code=1013, reason="too slow; reconnect")
                return
            await asyncio.wait_for(websocket.send_text(text), SEND_TIMEOUT_SECONDS)
    except (TimeoutError, WebSocketDisconnect, RuntimeError):
        with contextlib.suppress(Exception):
            await websocket.close(code=1011)
