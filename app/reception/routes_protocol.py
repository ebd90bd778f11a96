"""The protocol of a reception and its control (000 p.23, p.34–37), and the traffic-light list
of every open deadline (004 p.12.6)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from app.api.deps import Now
from app.api.errors import ERROR_RESPONSES
from app.auth.api import AUTH_RESPONSES
from app.auth.deps import Issuer
from app.reception import protocol
from app.reception.deps import ReceptionDep, Recorder
from app.reception.domain.terms import RequestState
from app.reception.protocol import NewInstruction
from app.reception.schemas import (
    AppealIn,
    AppealOut,
    AssignIn,
    CloseIn,
    DeadlineOut,
    InstructionOut,
    ProtocolIn,
    ProtocolOut,
)
from app.reception.status import day_deadlines, request_deadlines
from app.reception.views import appeal_out, instruction_out

router = APIRouter(
    prefix="/api", tags=["personal reception"], responses={**ERROR_RESPONSES, **AUTH_RESPONSES}
)
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("/reception-requests/{request_id}/protocol", status_code=status.HTTP_201_CREATED)
def record_protocol(
    request_id: Id, body: ProtocolIn, rx: ReceptionDep, now: Now, staff: Recorder
) -> ProtocolOut:
    """The reception's decision and its instructions with executors and deadlines (000 p.23);
    a deadline on a day off moves to the next working day (004 p.12.14)."""
    items = [NewInstruction(i.text, i.executor, i.due) for i in body.instructions]
    entry = protocol.record(rx, request_id, body.decision, items, now=now, actor=staff.username)
    today = rx.today(now)
    return ProtocolOut(
        request_id=request_id,
        decision=entry.decision,
        recorded_by=entry.recorded_by,
        recorded_at=entry.recorded_at,
        instructions=[instruction_out(rx, i, today) for i in rx.repo.instructions(request_id)],
    )


@router.post("/reception-instructions/{instruction_id}/done")
def instruction_done(instruction_id: Id, rx: ReceptionDep, now: Now, _: Recorder) -> InstructionOut:
    row = protocol.complete_instruction(rx, instruction_id, now=now)
    return instruction_out(rx, row, rx.today(now))


@router.post("/reception-requests/{request_id}/appeals", status_code=status.HTTP_201_CREATED)
def file_appeal(
    request_id: Id, body: AppealIn, rx: ReceptionDep, now: Now, _: Recorder
) -> AppealOut:
    """An appeal filed at the reception, marked «жеке қабылдаудан» (000 p.36). Name in
    `handled_before` the employees who handled the matter before (000 p.37)."""
    items = [NewInstruction(i.text, i.executor, i.due) for i in body.instructions]
    appeal = protocol.file_appeal(
        rx, request_id, body.summary, body.handled_before, now=now, instructions=items
    )
    return appeal_out(rx, appeal, rx.today(now))


@router.get("/reception-appeals")
def list_appeals(
    rx: ReceptionDep, now: Now, _: Issuer, under_control: bool = True
) -> list[AppealOut]:
    """Appeals from receptions; by default those still under control (000 p.35), each with
    its instructions' traffic lights."""
    today = rx.today(now)
    return [appeal_out(rx, a, today) for a in rx.repo.appeals(open_only=under_control)]


@router.post("/reception-appeals/{appeal_id}/assign")
def assign_appeal(
    appeal_id: Id, body: AssignIn, rx: ReceptionDep, now: Now, _: Issuer
) -> AppealOut:
    """Assign the appeal to an employee; refused (409 `same_employee`) for anyone who handled
    it before (000 p.37)."""
    return appeal_out(rx, protocol.assign(rx, appeal_id, body.employee, now=now), rx.today(now))


@router.post("/reception-appeals/{appeal_id}/close")
def close_appeal(appeal_id: Id, body: CloseIn, rx: ReceptionDep, now: Now, _: Issuer) -> AppealOut:
    """Take the appeal off control with the final reasoned answer (000 p.35)."""
    return appeal_out(rx, protocol.close(rx, appeal_id, body.answer, now=now), rx.today(now))


@router.get("/reception-deadlines")
def list_deadlines(rx: ReceptionDep, now: Now, _: Issuer) -> list[DeadlineOut]:
    """Every open deadline, soonest first, with its traffic light: replies and notices owed to
    applicants, proposals and final lists of coming reception days, protocol instructions."""
    today = rx.today(now)
    found = []
    undecided: set[int] = set()
    for request in rx.repo.requests():
        assert request.id is not None
        found += request_deadlines(request, rx.repo.instructions(request.id), today, rx.calendar)
        if request.state == RequestState.REGISTERED.value and request.official_id is not None:
            undecided.add(request.official_id)
    days = [(day, official) for day, official, _ in rx.repo.days(today)]
    found += day_deadlines(days, undecided, today, rx.calendar)
    return [DeadlineOut.of(d) for d in sorted(found, key=lambda d: d.due)]
