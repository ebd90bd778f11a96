"""`/ws/events`: the live feed of committed queue events, for the screens and integrations.

Messages are JSON: `{"type": "ticket.called", "at": ..., "ticket": {... "display", "language"},
"workplace": {...}}`; `{"type": "hello"}` first, and `{"type": "ping"}` whenever nothing else
was sent for HEARTBEAT seconds, so either side notices a dead link. A subscriber that stops
reading is dropped by the hub and closed; its screen reconnects and resyncs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from app.edge.access import authenticate_websocket
from app.edge.deps import app_state
from app.live.hub import Subscription

router = APIRouter(tags=["live"])

HEARTBEAT_SECONDS = 5.0
SEND_TIMEOUT_SECONDS = 5.0
RECHECK_SECONDS = 3.0
POLICY_VIOLATION = 1008
PING = json.dumps({"type": "ping"})


@router.websocket("/ws/events")
async def events(websocket: WebSocket) -> None:
    if await authenticate_websocket(websocket) is None:
        await websocket.close(code=POLICY_VIOLATION, reason="sign in or pair this device")
        return
    state = app_state(websocket)
    await websocket.accept()
    subscription = state.hub.subscribe()
    sender = asyncio.create_task(_send(websocket, subscription))
    watcher = asyncio.create_task(_watch(websocket, sender))
    try:
        while True:  # the client may send anything (e.g. "ping"); we only watch for close
            text = await websocket.receive_text()
            if text == "ping":
                subscription.put({"type": "pong"})
    except WebSocketDisconnect:
        pass
    finally:
        state.hub.unsubscribe(subscription)
        for task in (sender, watcher):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _watch(websocket: WebSocket, sender: asyncio.Task[None]) -> None:
    """Close the feed within RECHECK_SECONDS of its credentials ending: a device revoked, a
    token or session signed out or expired, an account disabled."""
    while True:
        await asyncio.sleep(RECHECK_SECONDS)
        if await authenticate_websocket(websocket) is None:
            sender.cancel()
            with contextlib.suppress(Exception):
                await websocket.close(code=POLICY_VIOLATION, reason="signed out or revoked")
            return


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
