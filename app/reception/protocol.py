"""The protocol of a reception and its control: the decision and instructions with executors
and deadlines (000 p.23), appeals filed at the reception marked «жеке қабылдаудан» (000 p.36),
never assigned to an employee who handled them before (000 p.37), under control until a final
reasoned answer (000 p.35)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.reception import errors
from app.reception.context import Reception
from app.reception.domain import deadlines
from app.reception.domain.handlers import handled_before
from app.reception.domain.terms import FROM_PERSONAL_RECEPTION, RequestState
from app.reception.models import Appeal, AppealHandler, Instruction, ProtocolEntry
from app.reception.requests import RECORD, ensure_state, get

# A final answer must give reasons (000 p.35): a bare "done" or "refused" is not one.
MIN_ANSWER_LENGTH = 20


@dataclass(frozen=True)
class NewInstruction:
    text: str
    executor: str
    due: date


def record(
    rx: Reception,
    request_id: int,
    decision: str,
    instructions: Sequence[NewInstruction],
    *,
    now: datetime,
    actor: str,
) -> ProtocolEntry:
    """Record the reception's result. The applicant was received: checked in at the desk, or
    by video conference with no ticket (000 p.13)."""
    request = get(rx, request_id, for_update=True)
    ensure_state(request, RECORD, RequestState.CHECKED_IN, RequestState.SCHEDULED)
    entry = ProtocolEntry(
        request_id=request_id, decision=decision.strip(), recorded_by=actor, recorded_at=now
    )
    rx.repo.add(entry)
    for item in instructions:
        add_instruction(rx, request_id, item)
    request.state = RequestState.RECEIVED.value
    rx.session.add(request)
    return entry


def add_instruction(
    rx: Reception, request_id: int, item: NewInstruction, appeal_id: int | None = None
) -> Instruction:
    row = Instruction(
        request_id=request_id,
        appeal_id=appeal_id,
        text=item.text.strip(),
        executor=item.executor.strip(),
        # A deadline on a day off moves to the next working day (004 p.12.14).
        due=rx.calendar.on_or_after(item.due),
    )
    rx.repo.add(row)
    return row


def complete_instruction(rx: Reception, instruction_id: int, *, now: datetime) -> Instruction:
    row = rx.repo.instruction(instruction_id)
    if row is None:
        raise errors.InstructionNotFound(key=instruction_id)
    row.done_on = row.done_on or rx.today(now)
    rx.session.add(row)
    return row


def file_appeal(
    rx: Reception,
    request_id: int,
    summary: str,
    earlier_handlers: Sequence[str],
    *,
    now: datetime,
    instructions: Sequence[NewInstruction] = (),
) -> Appeal:
    """An appeal the applicant filed at the reception, registered with the mark «жеке
    қабылдаудан» (000 p.36). `earlier_handlers` are the employees who handled the matter before:
    none of them may be assigned it (000 p.37)."""
    request = get(rx, request_id)
    ensure_state(
        request, RECORD, RequestState.CHECKED_IN, RequestState.RECEIVED, RequestState.SCHEDULED
    )
    appeal = Appeal(
        request_id=request_id,
        mark=FROM_PERSONAL_RECEPTION,
        summary=summary.strip(),
        registered_on=deadlines.registration_day(now, rx.calendar),
    )
    rx.repo.add(appeal)
    assert appeal.id is not None
    for name in {" ".join(n.split()) for n in earlier_handlers if n.strip()}:
        rx.repo.add(AppealHandler(appeal_id=appeal.id, employee=name, since=now))
    for item in instructions:  # attached to the appeal (000 p.23)
        add_instruction(rx, request_id, item, appeal_id=appeal.id)
    return appeal


def assign(rx: Reception, appeal_id: int, employee: str, *, now: datetime) -> Appeal:
    """Assign the appeal, refusing anyone who handled it before (000 p.37)."""
    appeal = _open_appeal(rx, appeal_id)
    name = " ".join(employee.split())
    if handled_before(name, rx.repo.handlers(appeal_id)):
        raise errors.SameEmployee(employee=name)
    appeal.assignee = name
    rx.session.add(appeal)
    rx.repo.add(AppealHandler(appeal_id=appeal_id, employee=name, since=now))
    return appeal


def close(rx: Reception, appeal_id: int, answer: str, *, now: datetime) -> Appeal:
    """Take the appeal off control: only with a final reasoned answer (000 p.35)."""
    appeal = _open_appeal(rx, appeal_id)
    text = answer.strip()
    if len(text) < MIN_ANSWER_LENGTH:
        raise errors.AnswerRequired()
    appeal.final_answer = text
    appeal.closed_on = rx.today(now)
    rx.session.add(appeal)
    return appeal


def _open_appeal(rx: Reception, appeal_id: int) -> Appeal:
    appeal = rx.repo.appeal(appeal_id, for_update=True)
    if appeal is None:
        raise errors.AppealNotFound(key=appeal_id)
    if appeal.closed_on is not None:
        raise errors.AppealClosed(key=appeal_id)
    return appeal
