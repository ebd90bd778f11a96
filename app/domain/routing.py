"""Where a visitor goes, by why they came (001 p.8)."""

from __future__ import annotations

from enum import StrEnum

from app.domain.text import N_


class Purpose(StrEnum):
    CONSULTATION = "consultation"  # wants advice
    APPEAL_NO_TEXT = "appeal_no_text"  # a) wants to file an appeal, has no text
    APPEAL_ON_PAPER = "appeal_on_paper"  # b) has the appeal's text on paper
    BOOKING_OR_COMPLAINT = "booking_or_complaint"  # c) book a reception by leadership, complain
    BOOKED_RECEPTION = "booked_reception"  # d) arrives for a booked reception

    @property
    def zone(self) -> str:
        return _ZONES[self]

    @property
    def label(self) -> str:
        """As the visitor says it, at the kiosk ("I have no text")."""
        return _LABELS[self]

    @property
    def staff_label(self) -> str:
        """As staff name it about the visitor, on the desk and the workplace (12.13: the
        visitor's first-person words read oddly there)."""
        return _STAFF_LABELS[self]


_ZONES = {
    Purpose.CONSULTATION: "consultation",
    Purpose.APPEAL_NO_TEXT: "self_service",
    Purpose.APPEAL_ON_PAPER: "consultation",
    Purpose.BOOKING_OR_COMPLAINT: "consultation",
    Purpose.BOOKED_RECEPTION: "personal_reception",
}

_LABELS = {
    Purpose.CONSULTATION: N_("A consultation"),
    Purpose.APPEAL_NO_TEXT: N_("File an appeal — I have no text"),
    Purpose.APPEAL_ON_PAPER: N_("File an appeal — I have the text on paper"),
    Purpose.BOOKING_OR_COMPLAINT: N_("Book a reception with the akimat's leadership, or complain"),
    Purpose.BOOKED_RECEPTION: N_("I have a booked reception"),
}

_STAFF_LABELS = {
    Purpose.CONSULTATION: N_("Consultation"),
    Purpose.APPEAL_NO_TEXT: N_("Appeal, no written text (self-service)"),
    Purpose.APPEAL_ON_PAPER: N_("Appeal with its text on paper"),
    Purpose.BOOKING_OR_COMPLAINT: N_("Booking request for the leadership, or a complaint"),
    Purpose.BOOKED_RECEPTION: N_("Booked personal reception"),
}
