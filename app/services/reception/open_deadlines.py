"""Open deadlines and their traffic lights (004 p.12.6): what each request still owes the
applicant, what each coming reception day needs, and the protocol's instructions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from app.domain.calendar import WorkingCalendar
from app.domain.reception import deadlines
from app.domain.reception.terms import LIGHT_ORDER, Deadline, DeadlineKind, Light, RequestState
from app.services.reception.context import Reception
from app.tables.reception import Instruction, Official, ReceptionDay, ReceptionRequest

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


def request_deadlines(
    request: ReceptionRequest,
    instructions: Iterable[Instruction],
    today: date,
    cal: WorkingCalendar,
) -> list[Deadline]:
    found: list[tuple[DeadlineKind, date, int | None]] = []
    if request.state in _REPLY_OPEN and request.replied_on is None:
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


def every_open(reception: Reception, now: datetime) -> list[Deadline]:
    """Every open deadline, soonest first: replies and notices owed to applicants, proposals
    and final lists of coming reception days, protocol instructions."""
    today = reception.today(now)
    found: list[Deadline] = []
    undecided: set[int] = set()
    for request in reception.repo.requests():
        assert request.id is not None
        instructions = reception.repo.instructions(request.id)
        found += request_deadlines(request, instructions, today, reception.calendar)
        if request.state is RequestState.REGISTERED and request.official_id is not None:
            undecided.add(request.official_id)
    days = [(day, official) for day, official, _ in reception.repo.days(today)]
    found += day_deadlines(days, undecided, today, reception.calendar)
    return sorted(found, key=lambda d: d.due)
