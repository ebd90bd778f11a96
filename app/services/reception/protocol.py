"""The protocol of a reception and its control: the decision and instructions with executors
and deadlines (000 p.23), appeals filed at the reception marked «жеке қабылдаудан» (000 p.36),
never assigned to an employee who handled them before (000 p.37), under control until a final
reasoned answer (000 p.35)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.access.identity import Staff
from app.domain.access.rules import ensure_records_reception
from app.domain.reception import deadlines, errors
from app.domain.reception.handlers import handled_before
from app.domain.reception.lifecycle import RequestAction
from app.domain.reception.terms import FROM_PERSONAL_RECEPTION, RequestState
from app.services.reception.booking_requests import ensure_state, get, move
from app.services.reception.classification import classified, ensure_classified
from app.services.reception.context import Reception
from app.tables.reception import Appeal, AppealHandler, Instruction, ProtocolEntry, ReceptionRequest

# A final answer must give reasons (000 p.35): a bare "done" or "refused" is not one.
MIN_ANSWER_LENGTH = 20


@dataclass(frozen=True)
class NewInstruction:
    text: str
    executor: str
    due: date


def record(
    reception: Reception,
    request_id: int,
    decision: str,
    instructions: Sequence[NewInstruction],
    *,
    now: datetime,
    by: Staff,
) -> ProtocolEntry:
    """Record the reception's result. The applicant was received: checked in at the desk, or
    by video conference with no ticket (000 p.13)."""
    request = get(reception, request_id, for_update=True)
    _ensure_records(reception, by, request, now)
    move(request, RequestAction.RECORD)
    entry = ProtocolEntry(
        request_id=request_id, decision=decision.strip(), recorded_by=by.username, recorded_at=now
    )
    reception.repo.add(entry)
    for item in instructions:
        add_instruction(reception, request_id, item)
    reception.repo.save(request)
    return entry


def add_instruction(
    reception: Reception, request_id: int, item: NewInstruction, appeal_id: int | None = None
) -> Instruction:
    row = Instruction(
        request_id=request_id,
        appeal_id=appeal_id,
        text=item.text.strip(),
        executor=item.executor.strip(),
        # A deadline on a day off moves to the next working day (004 p.12.14).
        due=reception.calendar.on_or_after(item.due),
    )
    reception.repo.add(row)
    return row


def complete_instruction(
    reception: Reception,
    instruction_id: int,
    *,
    now: datetime,
    by: Staff,
    of_request: int | None = None,
) -> Instruction:
    """Mark an instruction done. `of_request`: the request the screen's address names; an
    instruction of another request is not found there."""
    row = reception.repo.instruction(instruction_id)
    if row is None or (of_request is not None and row.request_id != of_request):
        raise errors.InstructionNotFound(key=instruction_id)
    _ensure_records(reception, by, get(reception, row.request_id), now)
    row.done_on = row.done_on or reception.today(now)
    reception.repo.save(row)
    return row


def file_appeal(
    reception: Reception,
    request_id: int,
    summary: str,
    earlier_handlers: Sequence[str],
    *,
    now: datetime,
    by: Staff,
    instructions: Sequence[NewInstruction] = (),
    topic: str | None = None,
    district: str | None = None,
    classification_required: bool = False,
) -> Appeal:
    """An appeal the applicant filed at the reception, registered with the mark «жеке
    қабылдаудан» (000 p.36). `earlier_handlers` are the employees who handled the matter before:
    none of them may be assigned it (000 p.37). Filed under a topic and district of the centre
    file's lists (003 App.2 p.7), by default its request's."""
    request = get(reception, request_id)
    _ensure_records(reception, by, request, now)
    ensure_state(
        request,
        RequestAction.RECORD.verb,
        RequestState.CHECKED_IN,
        RequestState.RECEIVED,
        RequestState.SCHEDULED,
    )
    topic, district = classified(reception, topic, district, required=False)
    # What is not given is the request's: a code it keeps from an older centre file included.
    topic, district = topic or request.topic, district or request.district
    if classification_required:
        ensure_classified(reception, topic, district)
    appeal = Appeal(
        request_id=request_id,
        mark=FROM_PERSONAL_RECEPTION,
        topic=topic,
        district=district,
        summary=summary.strip(),
        registered_on=deadlines.registration_day(now, reception.calendar),
    )
    reception.repo.add(appeal)
    assert appeal.id is not None
    for name in {" ".join(n.split()) for n in earlier_handlers if n.strip()}:
        reception.repo.add(AppealHandler(appeal_id=appeal.id, employee=name, since=now))
    for item in instructions:  # attached to the appeal (000 p.23)
        add_instruction(reception, request_id, item, appeal_id=appeal.id)
    return appeal


def assign(
    reception: Reception,
    appeal_id: int,
    employee: str,
    *,
    now: datetime,
    of_request: int | None = None,
) -> Appeal:
    """Assign the appeal, refusing anyone who handled it before (000 p.37)."""
    appeal = _open_appeal(reception, appeal_id, of_request)
    name = " ".join(employee.split())
    if handled_before(name, reception.repo.handlers(appeal_id)):
        raise errors.SameEmployee(employee=name)
    appeal.assignee = name
    reception.repo.save(appeal)
    reception.repo.add(AppealHandler(appeal_id=appeal_id, employee=name, since=now))
    return appeal


def close(
    reception: Reception,
    appeal_id: int,
    answer: str,
    *,
    now: datetime,
    of_request: int | None = None,
) -> Appeal:
    """Take the appeal off control: only with a final reasoned answer (000 p.35)."""
    appeal = _open_appeal(reception, appeal_id, of_request)
    text = answer.strip()
    if len(text) < MIN_ANSWER_LENGTH:
        raise errors.AnswerRequired()
    appeal.final_answer = text
    appeal.closed_on = reception.today(now)
    reception.repo.save(appeal)
    return appeal


def _open_appeal(reception: Reception, appeal_id: int, of_request: int | None) -> Appeal:
    """The appeal, still open; one of another request than `of_request` is not found."""
    appeal = reception.repo.appeal(appeal_id, for_update=True)
    if appeal is None or (of_request is not None and appeal.request_id != of_request):
        raise errors.AppealNotFound(key=appeal_id)
    if appeal.closed_on is not None:
        raise errors.AppealClosed(key=appeal_id)
    return appeal


def _ensure_records(
    reception: Reception, staff: Staff, request: ReceptionRequest, now: datetime
) -> None:
    official = reception.repo.official(request.official_id) if request.official_id else None
    ensure_records_reception(
        staff,
        cabinet=official.cabinet if official else None,
        booked_today=request.appointment_day == reception.today(now),
        key=request.id,
    )
