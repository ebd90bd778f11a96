"""The vocabulary of personal reception: channels, states, refusal grounds, extensions.

Each enum carries an English label marked for translation, shown on staff screens and in
letters in the reader's (or the applicant's) language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.text import N_


class Channel(StrEnum):
    """Where a booking request came from (000 p.4)."""

    EGOV = "egov"  # the e-government portal
    EOTINISH = "eotinish"  # the «Электрондық жолданымдар» / e-Otinish system (gap G6)
    PAPER = "paper"  # on paper, including by hand
    ORAL = "oral"  # told to the reception staff in person
    CALL_CENTRE = "call_centre"  # the reception rooms' call centre

    @property
    def oral(self) -> bool:
        """Oral requests, in person or by telephone, also go into a separate protocol
        (000 p.25); a call-centre request is one made by telephone."""
        return self in (Channel.ORAL, Channel.CALL_CENTRE)

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.EGOV: N_("e-government portal"),
    Channel.EOTINISH: N_("e-Otinish"),
    Channel.PAPER: N_("on paper"),
    Channel.ORAL: N_("orally at the centre"),
    Channel.CALL_CENTRE: N_("call centre"),
}


class RequestState(StrEnum):
    REGISTERED = "registered"  # waiting for the proposal: a date or a refusal (000 p.26)
    NOT_CONSIDERED = "not_considered"  # no issue in substance: not considered (000 p.5)
    ACCEPTED = "accepted"  # a reception will be given; not yet on the schedule
    SCHEDULED = "scheduled"  # given a day and time of the approved schedule (000 p.28)
    REFUSAL_DRAFTED = "refusal_drafted"  # the draft refusal is with the applicant (000 p.32)
    REFUSED = "refused"  # refused on a ground of 000 p.15
    CHECKED_IN = "checked_in"  # came on the day and holds a ticket to the cabinet
    RECEIVED = "received"  # received; the protocol holds the decision (000 p.23)

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    RequestState.REGISTERED: N_("registered"),
    RequestState.NOT_CONSIDERED: N_("not considered"),
    RequestState.ACCEPTED: N_("accepted"),
    RequestState.SCHEDULED: N_("scheduled"),
    RequestState.REFUSAL_DRAFTED: N_("refusal drafted"),
    RequestState.REFUSED: N_("refused"),
    RequestState.CHECKED_IN: N_("checked in"),
    RequestState.RECEIVED: N_("received"),
}

# Requests the centre still owes the applicant an answer about (the reply of 000 p.29).
AWAITING_REPLY = frozenset({RequestState.REGISTERED, RequestState.ACCEPTED})


class RefusalGround(StrEnum):
    """The only five cases in which a booking is not made (000 p.15)."""

    OUTSIDE_COMPETENCE = "outside_competence"  # 1) not within the local executive body's remit
    CASE_DECIDED = "case_decided"  # 2) an administrative decision on the same subject/grounds
    COURT_ACT = "court_act"  # 3) a court act in force on the same subject/grounds/person
    APPEAL_RETURNED = "appeal_returned"  # 4) the body or official returned the appeal
    APPEAL_WITHDRAWN = "appeal_withdrawn"  # 5) the applicant's withdrawal was accepted

    @property
    def label(self) -> str:
        return _GROUND_LABELS[self]


_GROUND_LABELS = {
    RefusalGround.OUTSIDE_COMPETENCE: N_(
        "the issue is outside the competence of the local executive bodies"
    ),
    RefusalGround.CASE_DECIDED: N_(
        "an administrative body or official has already decided an administrative case on the "
        "same subject and grounds concerning the applicant"
    ),
    RefusalGround.COURT_ACT: N_(
        "a court act in force exists on the same subject and grounds concerning the applicant"
    ),
    RefusalGround.APPEAL_RETURNED: N_("the administrative body or official returned the appeal"),
    RefusalGround.APPEAL_WITHDRAWN: N_(
        "the administrative body or official accepted the applicant's withdrawal of the appeal"
    ),
}


class ExtensionKind(StrEnum):
    """000 p.30: a complex issue (up to 30 calendar days from registration) or a reasoned
    decision (a reasonable period, at most two months; see deadlines.reasoned_extension_cap)."""

    COMPLEX = "complex"
    REASONED = "reasoned"


class Light(StrEnum):
    """The traffic light of 004 p.12.6 («бағдаршам»)."""

    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _LIGHT_LABELS[self]


_LIGHT_LABELS = {
    Light.OK: N_("on time"),
    Light.DUE_SOON: N_("due soon"),
    Light.OVERDUE: N_("overdue"),
}

# The worst first: a request's light is the worst of its open deadlines.
LIGHT_ORDER = (Light.OVERDUE, Light.DUE_SOON, Light.OK)


class AbsenceNotice(StrEnum):
    """How an official's notice that they cannot receive (000 p.16) was given."""

    IN_ADVANCE = "in_advance"  # at least 2 working days before the reception
    SHORT = "short"  # later, up to and including the day itself: allowed (gap G9)
    LATE = "late"  # after the reception day: a breach


# The mark on appeals filed at a reception (000 p.36), in the state language as registered.
FROM_PERSONAL_RECEPTION = "жеке қабылдаудан"


class Notice(StrEnum):
    """Letters whose sending closes a deadline."""

    REPLY = "reply"  # date and time (000 p.29), or "not considered" (000 p.5)
    EXTENSION = "extension"  # 000 p.30
    OTHER_BODIES = "other_bodies"  # 000 p.19


class DeadlineKind(StrEnum):
    REPLY = "reply"  # 000 p.29 (and p.5 for a request not considered)
    EXTENSION_NOTICE = "extension_notice"  # 000 p.30
    OTHER_BODIES_NOTICE = "other_bodies_notice"  # 000 p.19
    PROPOSAL = "proposal"  # 000 p.26
    FINAL_LIST = "final_list"  # 001 p.15
    INSTRUCTION = "instruction"  # 000 p.23, p.34

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    DeadlineKind.REPLY: N_("reply to the applicant"),
    DeadlineKind.EXTENSION_NOTICE: N_("tell the applicant of the extension"),
    DeadlineKind.OTHER_BODIES_NOTICE: N_("tell the applicant other bodies were invited"),
    DeadlineKind.PROPOSAL: N_("proposal: a date or a refusal"),
    DeadlineKind.FINAL_LIST: N_("final list of those to be received"),
    DeadlineKind.INSTRUCTION: N_("protocol instruction"),
}


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due: date
    light: Light
    request_id: int | None = None
    reception_day_id: int | None = None
    instruction_id: int | None = None
