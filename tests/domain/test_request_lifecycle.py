"""A booking request's life: every (action, state) pair, legal or not, against a table written
here from the regulation, not from the code's own table."""

from __future__ import annotations

import itertools

import pytest

from app.domain.reception.errors import WrongRequestState
from app.domain.reception.lifecycle import (
    FINAL_STATES,
    RequestAction,
    first_state,
    next_state,
)
from app.domain.reception.terms import RequestState

A = RequestAction
S = RequestState

# Written out from 000 and 001 p.15:
# - accepted (a date is proposed, 000 p.26) from registered, or after a hearing that did not
#   end in refusal (000 p.32-33);
# - a refusal is drafted for a hearing before or after acceptance, and decided after it;
# - accepted requests get a time of the approved schedule (000 p.28); an official's absence
#   (000 p.16) takes the time back, so the request waits to be allocated again;
# - on the day the applicant checks in (001 p.15); the protocol (000 p.23) is recorded after
#   check-in, or for a video reception with no ticket (000 p.13).
EXPECTED: dict[tuple[RequestAction, RequestState], RequestState] = {
    (A.ACCEPT, S.REGISTERED): S.ACCEPTED,
    (A.ACCEPT, S.REFUSAL_DRAFTED): S.ACCEPTED,
    (A.DRAFT_REFUSAL, S.REGISTERED): S.REFUSAL_DRAFTED,
    (A.DRAFT_REFUSAL, S.ACCEPTED): S.REFUSAL_DRAFTED,
    (A.REFUSE, S.REFUSAL_DRAFTED): S.REFUSED,
    (A.ALLOCATE, S.ACCEPTED): S.SCHEDULED,
    (A.UNBOOK, S.SCHEDULED): S.ACCEPTED,
    (A.CHECK_IN, S.SCHEDULED): S.CHECKED_IN,
    (A.RECORD, S.CHECKED_IN): S.RECEIVED,
    (A.RECORD, S.SCHEDULED): S.RECEIVED,
}

ALL_PAIRS = list(itertools.product(RequestAction, RequestState))


def test_the_product_has_every_pair() -> None:
    assert len(ALL_PAIRS) == 7 * 8
    assert set(EXPECTED) <= set(ALL_PAIRS)


@pytest.mark.parametrize(
    ("action", "state"), ALL_PAIRS, ids=[f"{a.value}-from-{s.value}" for a, s in ALL_PAIRS]
)
def test_transition(action: RequestAction, state: RequestState) -> None:
    expected = EXPECTED.get((action, state))
    if expected is not None:
        assert next_state(state, action, key=7) is expected
        return
    with pytest.raises(WrongRequestState) as caught:
        next_state(state, action, key=7)
    error = caught.value
    assert (error.status_code, error.code) == (409, "wrong_request_state")
    assert error.params == {"key": 7, "state": state.label, "action": action.verb}


def test_intake_never_refuses_000_p6_and_blank_is_not_considered_000_p5() -> None:
    assert first_state("Жер учаскесі туралы") is S.REGISTERED
    assert first_state("   ") is S.NOT_CONSIDERED
    assert first_state("") is S.NOT_CONSIDERED


@pytest.mark.parametrize("state", [S.NOT_CONSIDERED, S.REFUSED, S.RECEIVED])
def test_answered_requests_move_no_more(state: RequestState) -> None:
    assert state in FINAL_STATES
    for action in RequestAction:
        with pytest.raises(WrongRequestState):
            next_state(state, action, key=1)


def test_every_action_has_a_readable_verb() -> None:
    verbs = [a.verb for a in RequestAction]
    assert all(v and v.strip() == v and "_" not in v for v in verbs)
    assert len(set(verbs)) == len(verbs)
