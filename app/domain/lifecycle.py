"""A ticket's life as a guarded state machine.

waiting ─call→ called ─start→ serving ─finish→ done ─reopen→ serving (within UNDO_WINDOW)
                │ ├─recall→ called (counted)
                │ ├─no_show→ no_show
                │ └─return_to_queue→ waiting
waiting/called/serving ─transfer→ waiting (in another zone, same issue time and priority)
waiting/called ─cancel→ cancelled
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from app.domain.errors import IllegalTransition, TooLateToUndo
from app.domain.text import N_


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def is_active(self) -> bool:
        return self in ACTIVE_STATES

    @property
    def word(self) -> str:
        return _STATE_WORDS[self]


_STATE_WORDS = {
    TicketState.WAITING: N_("waiting"),
    TicketState.CALLED: N_("called"),
    TicketState.SERVING: N_("being served"),
    TicketState.DONE: N_("done"),
    TicketState.NO_SHOW: N_("a no-show"),
    TicketState.CANCELLED: N_("cancelled"),
}

ACTIVE_STATES = frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.SERVING})


class Action(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    RETURN_TO_QUEUE = "return_to_queue"
    TRANSFER = "transfer"
    CANCEL = "cancel"
    REOPEN = "reopen"  # undo a mistaken Finish

    @property
    def verb(self) -> str:
        return _VERBS[self]


_VERBS = {
    Action.CALL: N_("call"),
    Action.RECALL: N_("recall"),
    Action.START: N_("start serving"),
    Action.FINISH: N_("finish"),
    Action.NO_SHOW: N_("mark a no-show"),
    Action.RETURN_TO_QUEUE: N_("return to the queue"),
    Action.TRANSFER: N_("transfer"),
    Action.CANCEL: N_("cancel"),
    Action.REOPEN: N_("reopen"),
}

S = TicketState
TRANSITIONS: dict[Action, dict[TicketState, TicketState]] = {
    Action.CALL: {S.WAITING: S.CALLED},
    Action.RECALL: {S.CALLED: S.CALLED},
    Action.START: {S.CALLED: S.SERVING},
    Action.FINISH: {S.SERVING: S.DONE},
    Action.NO_SHOW: {S.CALLED: S.NO_SHOW},
    Action.RETURN_TO_QUEUE: {S.CALLED: S.WAITING},
    Action.TRANSFER: {S.WAITING: S.WAITING, S.CALLED: S.WAITING, S.SERVING: S.WAITING},
    Action.CANCEL: {S.WAITING: S.CANCELLED, S.CALLED: S.CANCELLED},
    Action.REOPEN: {S.DONE: S.SERVING},
}

# How long a Finish may be undone: long enough to notice a wrong click or a visitor turning
# back at the door, short enough that the next visitor is not yet called (a workplace with a
# current ticket cannot reopen another) and the day's figures settle. No-show and transfer ask
# for a confirmation instead: their ticket may already be called elsewhere.
UNDO_WINDOW = timedelta(seconds=60)


def next_state(state: TicketState, action: Action, *, display: str) -> TicketState:
    """The state after `action`, or IllegalTransition naming the ticket and why."""
    allowed = TRANSITIONS[action]
    if state not in allowed:
        raise IllegalTransition(display=display, state=state.word, action=action.verb)
    return allowed[state]


def ensure_undoable(finished_at: datetime | None, now: datetime, *, display: str) -> None:
    """Refuse to reopen a ticket finished longer than UNDO_WINDOW ago."""
    if finished_at is None or now - finished_at > UNDO_WINDOW:
        raise TooLateToUndo(display=display, seconds=int(UNDO_WINDOW.total_seconds()))
