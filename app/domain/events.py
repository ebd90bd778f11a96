"""What happened to the queue, published only after the change is committed, so a
rolled-back ticket is never announced, printed or shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class QueueEvent:
    type: str  # "ticket.issued", "ticket.called", "ticket.recalled", "ticket.finished", …
    ticket_id: int
    payload: dict[str, Any] = field(default_factory=dict)


class EventSink(Protocol):
    def publish(self, event: QueueEvent) -> None: ...


class DiscardingSink:
    """Until a live feed is attached, events go nowhere."""

    def publish(self, event: QueueEvent) -> None:
        pass


class RecordingSink:
    """Keeps what was published; for tests of the code around the feed."""

    def __init__(self) -> None:
        self.events: list[QueueEvent] = []

    def publish(self, event: QueueEvent) -> None:
        self.events.append(event)
