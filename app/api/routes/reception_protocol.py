"""The protocol of a reception and its control (000 p.23, p.34–37), and the traffic-light list
of every open deadline (004 p.12.6)."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.api.responses import API_RESPONSES
from app.edge.access import Issuer, Recorder
from app.edge.deps import Now, Tx
from app.edge.params import RowId
from app.schemas.reception import (
    AppealIn,
    AppealOut,
    AssignIn,
    CloseIn,
    DeadlineOut,
    InstructionOut,
    ProtocolIn,
    ProtocolOut,
)
from app.services.catalog import Services
from app.services.reception import protocol, views
from app.services.reception.open_deadlines import every_open
from app.services.reception.protocol import NewInstruction

router = APIRouter(prefix="/api", tags=["personal reception"], responses=API_RESPONSES)


@router.post("/reception-requests/{request_id}/protocol", status_code=status.HTTP_201_CREATED)
async def record_protocol(
    request_id: RowId, body: ProtocolIn, tx: Tx, now: Now, staff: Recorder
) -> ProtocolOut:
    """The reception's decision and its instructions with executors and deadlines (000 p.23);
    a deadline on a day off moves to the next working day (004 p.12.14)."""
    items = [NewInstruction(i.text, i.executor, i.due) for i in body.instructions]

    def record(s: Services) -> ProtocolOut:
        reception = s.reception
        entry = protocol.record(reception, request_id, body.decision, items, now=now, by=staff)
        return views.protocol_out(reception, entry, reception.today(now))

    return await tx.write(record)


@router.post("/reception-instructions/{instruction_id}/done")
async def instruction_done(
    instruction_id: RowId, tx: Tx, now: Now, staff: Recorder
) -> InstructionOut:
    def done(s: Services) -> InstructionOut:
        row = protocol.complete_instruction(s.reception, instruction_id, now=now, by=staff)
        return views.instruction_out(s.reception, row, s.reception.today(now))

    return await tx.write(done)


@router.post("/reception-requests/{request_id}/appeals", status_code=status.HTTP_201_CREATED)
async def file_appeal(
    request_id: RowId, body: AppealIn, tx: Tx, now: Now, staff: Recorder
) -> AppealOut:
    """An appeal filed at the reception, marked «жеке қабылдаудан» (000 p.36). Name in
    `handled_before` the employees who handled the matter before (000 p.37). `topic` and
    `district` (003 App.2 p.7) default to the request's."""
    items = [NewInstruction(i.text, i.executor, i.due) for i in body.instructions]

    def file(s: Services) -> AppealOut:
        reception = s.reception
        appeal = protocol.file_appeal(
            reception,
            request_id,
            body.summary,
            body.handled_before,
            now=now,
            by=staff,
            instructions=items,
            topic=body.topic,
            district=body.district,
        )
        return views.appeal_out(reception, appeal, reception.today(now))

    return await tx.write(file)


@router.get("/reception-appeals")
async def list_appeals(tx: Tx, now: Now, _: Issuer, under_control: bool = True) -> list[AppealOut]:
    """Appeals from receptions; by default those still under control (000 p.35), each with
    its instructions' traffic lights."""

    today = tx.site.today(now)
    return await tx.read(
        lambda s: views.appeals_out(s.reception, open_only=under_control, today=today)
    )


@router.post("/reception-appeals/{appeal_id}/assign")
async def assign_appeal(appeal_id: RowId, body: AssignIn, tx: Tx, now: Now, _: Issuer) -> AppealOut:
    """Assign the appeal to an employee; refused (409 `same_employee`) for anyone who handled
    it before (000 p.37)."""

    def assign(s: Services) -> AppealOut:
        appeal = protocol.assign(s.reception, appeal_id, body.employee, now=now)
        return views.appeal_out(s.reception, appeal, s.reception.today(now))

    return await tx.write(assign)


@router.post("/reception-appeals/{appeal_id}/close")
async def close_appeal(appeal_id: RowId, body: CloseIn, tx: Tx, now: Now, _: Issuer) -> AppealOut:
    """Take the appeal off control with the final reasoned answer (000 p.35)."""

    def close(s: Services) -> AppealOut:
        appeal = protocol.close(s.reception, appeal_id, body.answer, now=now)
        return views.appeal_out(s.reception, appeal, s.reception.today(now))

    return await tx.write(close)


@router.get("/reception-deadlines")
async def list_deadlines(tx: Tx, now: Now, _: Issuer) -> list[DeadlineOut]:
    """Every open deadline, soonest first, with its traffic light: replies and notices owed to
    applicants, proposals and final lists of coming reception days, protocol instructions."""
    found = await tx.read(lambda s: every_open(s.reception, now))
    return [DeadlineOut.model_validate(d) for d in found]
