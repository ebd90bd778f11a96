"""Open deadlines and their traffic lights (004 p.12.6): what each request still owes the
applicant, what each coming reception day needs, and the protocol's instructions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.calendar import WorkingCalendar
from app.domain.text import N_
from app.reception.domain import deadlines
from app.reception.domain.terms import LIGHT_ORDER, Light, RequestState
from app.reception.models import Instruction, Official, ReceptionDay, ReceptionRequest


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

# The reply is owed until it has gone out; a refusal decision is itself the answer.
_REPLY_OPEN = frozenset(
    {
        RequestState.REGISTERED,
        RequestState.NOT_CONSIDERED,
        RequestState.ACCEPTED,
        RequestState.SCHEDULED,
        RequestState.REFUSAL_DRAFTED,
    }
)


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due: date
    light: Light
    request_id: int | None = None
    reception_day_id: int | None = None
    instruction_id: int | None = None


def request_deadlines(
    request: ReceptionRequest,
    instructions: Iterable[Instruction],
    today: date,
    cal: WorkingCalendar,
) -> list[Deadline]:
    found: list[tuple[DeadlineKind, date, int | None]] = []
    if RequestState(request.state) in _REPLY_OPEN and request.replied_on is None:
        found.append((DeadlineKind.REPLY, request.reply_due, None))
    if request.extension_notice_due and request.extension_notified_on is None:
        found.append((DeadlineKind.EXTENSION_NOTICE, request.extension_notice_due, None))
    if request.other_bodies_notice_due and request.other_bodies_notified_on is None:
        found.append((DeadlineKind.OTHER_BODIES_NOTICE, request.other_bodies_notice_due, None))
    found += [(DeadlineKind.INSTRUCTION, i.due, i.id) for i in instructions if i.done_on is None]
    return [
        Deadline(kind, due, deadlines.light(due, today, cal), request.id, None, instruction)
        for kind, due, instruction in sorted(found, key=lambda f: f[1])
    ]


def day_deadlines(
    days: Iterable[tuple[ReceptionDay, Official]],
    undecided_officials: set[int],
    today: date,
    cal: WorkingCalendar,
) -> list[Deadline]:
    """For each coming reception day: the proposal (while requests to that official await
    one) and the final list (until it is sent)."""
    found: list[Deadline] = []
    for day, official in days:
        if day.cancelled_on is not None or day.day < today:
            continue
        if official.id in undecided_officials:
            due = deadlines.proposal_due(day.day, cal)
            found.append(
                Deadline(DeadlineKind.PROPOSAL, due, deadlines.light(due, today, cal), None, day.id)
            )
        if day.final_list_sent_on is None:
            due = deadlines.final_list_due(day.day, cal)
            found.append(
                Deadline(
                    DeadlineKind.FINAL_LIST, due, deadlines.light(due, today, cal), None, day.id
                )
            )
    return found


def worst(items: Sequence[Deadline]) -> Light | None:
    """The request's light: the worst of its open deadlines; None when nothing is owed."""
    lights = {d.light for d in items}
    return next((light for light in LIGHT_ORDER if light in lights), None)
