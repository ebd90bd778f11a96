"""A booking request's life as a guarded state machine (000 p.4–37), the shape of a ticket's
(app.domain.lifecycle).

registered ─accept→ accepted ─allocate→ scheduled ─check_in→ checked_in ─record→ received
    │  └─draft_refusal→ refusal_drafted ─refuse (≥ 3 WD later, 000 p.32)→ refused
    │                        └─accept→ accepted                 scheduled ─record→ received
    └ (no issue in substance) not_considered (000 p.5)             (a video reception, 000 p.13)
accepted ─draft_refusal→ refusal_drafted          scheduled ─unbook (absence, 000 p.16)→ accepted
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.reception.errors import WrongRequestState
from app.domain.reception.terms import RequestState
from app.domain.text import N_


class RequestAction(StrEnum):
    ACCEPT = "accept"  # the proposal is a date: the official will receive (000 p.26)
    DRAFT_REFUSAL = "draft_refusal"  # the proposal is a refusal, sent for a hearing (000 p.32)
    REFUSE = "refuse"  # decided after the hearing, on a ground of 000 p.15
    ALLOCATE = "allocate"  # a time of the approved schedule, in order of registration (000 p.28)
    UNBOOK = "unbook"  # the official cannot receive that day (000 p.16): to be allocated again
    CHECK_IN = "check_in"  # came on the day: a ticket to the cabinet (001 p.15)
    RECORD = "record"  # the protocol of the reception (000 p.23)

    @property
    def verb(self) -> str:
        return _VERBS[self]


_VERBS = {
    RequestAction.ACCEPT: N_("accept"),
    RequestAction.DRAFT_REFUSAL: N_("propose a refusal for"),
    RequestAction.REFUSE: N_("refuse"),
    RequestAction.ALLOCATE: N_("give a time on the schedule to"),
    RequestAction.UNBOOK: N_("take the booked time back from"),
    RequestAction.CHECK_IN: N_("check in"),
    RequestAction.RECORD: N_("record"),
}

S = RequestState
TRANSITIONS: dict[RequestAction, dict[RequestState, RequestState]] = {
    RequestAction.ACCEPT: {S.REGISTERED: S.ACCEPTED, S.REFUSAL_DRAFTED: S.ACCEPTED},
    RequestAction.DRAFT_REFUSAL: {S.REGISTERED: S.REFUSAL_DRAFTED, S.ACCEPTED: S.REFUSAL_DRAFTED},
    RequestAction.REFUSE: {S.REFUSAL_DRAFTED: S.REFUSED},
    RequestAction.ALLOCATE: {S.ACCEPTED: S.SCHEDULED},
    RequestAction.UNBOOK: {S.SCHEDULED: S.ACCEPTED},
    RequestAction.CHECK_IN: {S.SCHEDULED: S.CHECKED_IN},
    # Received in the cabinet after checking in, or by video conference with no ticket.
    RequestAction.RECORD: {S.CHECKED_IN: S.RECEIVED, S.SCHEDULED: S.RECEIVED},
}

# Where nothing more happens to the request itself (its appeals and instructions live on).
FINAL_STATES = frozenset({S.NOT_CONSIDERED, S.REFUSED, S.RECEIVED})


def first_state(subject: str) -> RequestState:
    """Intake never refuses (000 p.6): a request without the issue in substance is registered
    as not considered, and the applicant is told (000 p.5)."""
    return S.REGISTERED if subject.strip() else S.NOT_CONSIDERED


def next_state(state: RequestState, action: RequestAction, *, key: object) -> RequestState:
    """The state after `action`, or WrongRequestState naming the request and why."""
    allowed = TRANSITIONS[action]
    if state not in allowed:
        raise WrongRequestState(key=key, state=state.label, action=action.verb)
    return allowed[state]
