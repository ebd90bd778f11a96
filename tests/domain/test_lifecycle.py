"""A ticket's life: every (action, state) pair, legal or not, against a table written here."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.errors import IllegalTransition, TooLateToUndo
from app.domain.lifecycle import ACTIVE_STATES, Action, TicketState, ensure_undoable, next_state

W, C, SV = TicketState.WAITING, TicketState.CALLED, TicketState.SERVING
D, NS, X = TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED

# The expected machine, written out by hand from the intended life of a ticket:
# waiting → called → serving → done; a called visitor may be recalled, miss the call
# (no-show) or be put back; waiting/called/serving tickets may be transferred to another
# zone (they wait there); only tickets not yet served may be cancelled; a finish may be undone
# (the visitor is served again).
EXPECTED: dict[tuple[Action, TicketState], TicketState] = {
    (Action.CALL, W): C,
    (Action.RECALL, C): C,
    (Action.START, C): SV,
    (Action.FINISH, SV): D,
    (Action.NO_SHOW, C): NS,
    (Action.RETURN_TO_QUEUE, C): W,
    (Action.TRANSFER, W): W,
    (Action.TRANSFER, C): W,
    (Action.TRANSFER, SV): W,
    (Action.CANCEL, W): X,
    (Action.CANCEL, C): X,
    (Action.REOPEN, D): SV,
}

ALL_PAIRS = list(itertools.product(Action, TicketState))


def test_the_product_has_every_pair() -> None:
    assert len(ALL_PAIRS) == 9 * 6
    assert set(EXPECTED) <= set(ALL_PAIRS)


@pytest.mark.parametrize(
    ("action", "state"), ALL_PAIRS, ids=[f"{a.value}-from-{s.value}" for a, s in ALL_PAIRS]
)
def test_transition(action: Action, state: TicketState) -> None:
    expected = EXPECTED.get((action, state))
    if expected is not None:
        assert next_state(state, action, display="К-115") is expected
    else:
        with pytest.raises(IllegalTransition) as caught:
            next_state(state, action, display="К-115")
        error = caught.value
        assert error.status_code == 409
        assert error.code == "illegal_transition"
        assert error.params["display"] == "К-115"
        assert error.params["state"] == state.word
        assert error.params["action"] == action.verb
        assert "К-115" in str(error)


@pytest.mark.parametrize("state", [D, NS, X])
def test_finished_tickets_are_final_but_a_finish_may_be_undone(state: TicketState) -> None:
    assert not state.is_active
    for action in Action:
        if (action, state) == (Action.REOPEN, D):
            continue
        with pytest.raises(IllegalTransition):
            next_state(state, action, display="1")


def test_a_finish_is_undone_only_within_the_window() -> None:
    finished = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    ensure_undoable(finished, finished + timedelta(seconds=60), display="К-115")
    with pytest.raises(TooLateToUndo) as caught:
        ensure_undoable(finished, finished + timedelta(seconds=61), display="К-115")
    assert caught.value.params == {"display": "К-115", "seconds": 60}
    with pytest.raises(TooLateToUndo):  # never finished: nothing to undo
        ensure_undoable(None, finished, display="К-115")


def test_active_states_are_those_that_still_hold_a_number() -> None:
    assert frozenset({W, C, SV}) == ACTIVE_STATES
    assert all(s.is_active for s in (W, C, SV))


def test_every_state_and_action_has_a_readable_word() -> None:
    words = [s.word for s in TicketState] + [a.verb for a in Action]
    assert all(w and w.strip() == w and "_" not in w for w in words)
