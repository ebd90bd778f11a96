"""Queue events as the JSON the screens and integrations receive."""

from __future__ import annotations

from typing import Any

from app.config.centre import CentreConfig
from app.events import QueueEvent
from app.live.hub import Hub, Message


def workplace_info(centre: CentreConfig, code: str | None) -> dict[str, Any] | None:
    workplace = centre.workplace(code) if code else None
    if workplace is None:
        return None
    return {
        "code": workplace.code,
        "kind": workplace.kind,
        "number": workplace.number,
        "name": workplace.name.model_dump(),
    }


def event_message(event: QueueEvent, centre: CentreConfig) -> Message:
    payload = dict(event.payload)
    return {
        "type": event.type,
        "at": payload.get("at"),
        "ticket": payload.get("ticket", {"id": event.ticket_id}),
        "workplace": workplace_info(centre, payload.get("workplace")),
    }


class HubSink:
    """The EventSink of a running server: committed events go to the hub as messages."""

    def __init__(self, hub: Hub, centre: CentreConfig) -> None:
        self.hub = hub
        self.centre = centre

    def publish(self, event: QueueEvent) -> None:
        self.hub.publish(event_message(event, self.centre))
