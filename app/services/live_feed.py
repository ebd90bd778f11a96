"""Queue events as the JSON the screens and integrations receive."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.config.centre import CentreConfig
from app.domain.events import QueueEvent
from app.live.hub import Hub, Message

if TYPE_CHECKING:
    from app.services.announcements import Announcements

# Events the hall hears: their message carries `announcement`, the URL of the WAV to play.
ANNOUNCED = frozenset({"ticket.called", "ticket.recalled"})


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


def announcement_url(message: Message, speech: Announcements, *, prewarm: bool) -> str | None:
    """The announcement of a call message in the ticket's language; the same display the
    board shows, so text and voice agree. None when it cannot be said (chime only)."""
    ticket, workplace = message.get("ticket") or {}, message.get("workplace")
    if workplace is None or "display" not in ticket:
        return None
    return speech.announce(
        str(ticket["display"]),
        str(workplace["kind"]),
        int(workplace["number"]),
        str(ticket.get("language", "")),
        prewarm=prewarm,
    )


class HubSink:
    """The EventSink of a running server: committed events go to the hub as messages."""

    def __init__(self, hub: Hub, centre: CentreConfig, speech: Announcements | None = None) -> None:
        self.hub = hub
        self.centre = centre
        self.speech = speech

    def publish(self, event: QueueEvent) -> None:
        message = event_message(event, self.centre)
        if event.type in ANNOUNCED:
            # Only a string format here (this may run on the event loop); the WAV is made by
            # the pre-warm thread or by the board's request. Nobody subscribed in this
            # process means nobody will fetch it soon: skip the pre-warm then.
            prewarm = self.hub.subscriber_count > 0
            message["announcement"] = (
                None
                if self.speech is None
                else announcement_url(message, self.speech, prewarm=prewarm)
            )
        self.hub.publish(message)
