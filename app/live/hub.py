"""Fan-out of committed queue events to websocket subscribers in this process.

Routes run in worker threads and publish after their commit; the hub hands each message to
every subscriber's own bounded queue on the event loop, so one slow or dead screen never
delays the others: a subscriber whose queue is full is dropped, and its screen reconnects
and resyncs. `Hub` is the interface; fan-out between worker processes (e.g. PostgreSQL
LISTEN/NOTIFY) can sit behind it without touching publishers or subscribers.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

Message = dict[str, Any]
QUEUE_LIMIT = 256


class Hub(Protocol):
    def publish(self, message: Message) -> None:
        """Thread-safe; never blocks the caller."""

    def subscribe(self, accepts: Callable[[Message], bool] = ...) -> Subscription: ...

    def unsubscribe(self, subscription: Subscription) -> None: ...

    @property
    def subscriber_count(self) -> int:
        """Screens listening now (in this process): with none, nobody will fetch a call's
        announcement soon, so it is not made ahead."""
        ...


@dataclass(eq=False)
class Subscription:
    accepts: Callable[[Message], bool]
    # Messages as JSON text, encoded once for all subscribers.
    queue: asyncio.Queue[str | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE_LIMIT)
    )
    dropped: bool = False

    async def next(self) -> str | None:
        """The next message, or None once the hub dropped this subscriber."""
        return await self.queue.get()

    def put(self, message: Message) -> None:
        """A message for this subscriber alone (e.g. a reply to its ping)."""
        self.queue.put_nowait(json.dumps(message, ensure_ascii=False))


def _everything(_message: Message) -> bool:
    return True


class LocalHub:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subscriptions: set[Subscription] = set()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Called once the server's event loop runs (application startup)."""
        self._loop = loop

    @property
    def subscriber_count(self) -> int:
        return len(self._subscriptions)

    def publish(self, message: Message) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return  # nobody can be listening yet
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._fan_out(message)
        else:
            loop.call_soon_threadsafe(self._fan_out, message)

    def subscribe(self, accepts: Callable[[Message], bool] = _everything) -> Subscription:
        subscription = Subscription(accepts)
        self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    def _fan_out(self, message: Message) -> None:
        text = json.dumps(message, ensure_ascii=False)
        for subscription in list(self._subscriptions):
            if not subscription.accepts(message):
                continue
            try:
                subscription.queue.put_nowait(text)
            except asyncio.QueueFull:
                self._drop(subscription)

    def _drop(self, subscription: Subscription) -> None:
        log.warning("dropping a websocket subscriber that stopped reading")
        self._subscriptions.discard(subscription)
        subscription.dropped = True
        while not subscription.queue.empty():
            subscription.queue.get_nowait()
        subscription.queue.put_nowait(None)


class RecordingHub:
    """For unit tests of the code around the hub: keeps what is published, with a settable
    number of listeners (the real fan-out is proven on real websockets: tests/live)."""

    def __init__(self, subscribers: int = 1) -> None:
        self.messages: list[Message] = []
        self.subscribers = subscribers

    def publish(self, message: Message) -> None:
        self.messages.append(message)

    def subscribe(self, accepts: Callable[[Message], bool] = _everything) -> Subscription:
        raise NotImplementedError("a recording hub has no live subscribers")

    def unsubscribe(self, subscription: Subscription) -> None:
        pass

    @property
    def subscriber_count(self) -> int:
        return self.subscribers
