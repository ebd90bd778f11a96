"""Rows as API answers, with their open deadlines and lights computed for today."""

from __future__ import annotations

from datetime import date

from app.reception.context import Reception
from app.reception.domain import deadlines
from app.reception.domain.terms import Channel, ExtensionKind, RefusalGround, RequestState
from app.reception.models import Appeal, Instruction, Official, ReceptionDay, ReceptionRequest
from app.reception.schemas import (
    AppealOut,
    DayOut,
    DeadlineOut,
    InstructionOut,
    OfficialOut,
    RequestOut,
)
from app.reception.status import request_deadlines, worst


def request_out(rx: Reception, request: ReceptionRequest, today: date) -> RequestOut:
    assert request.id is not None
    official = rx.repo.official(request.official_id) if request.official_id else None
    open_deadlines = request_deadlines(
        request, rx.repo.instructions(request.id), today, rx.calendar
    )
    state = RequestState(request.state)
    return RequestOut(
        id=request.id,
        received_at=request.received_at,
        registered_on=request.registered_on,
        reply_due=request.reply_due,
        channel=Channel(request.channel),
        language=request.language,
        applicant_name=request.applicant_name,
        representative=request.representative,
        contact=request.contact,
        subject=request.subject,
        competence=request.competence,
        official=official.code if official else None,
        category=request.category,
        state=state,
        considered=state is not RequestState.NOT_CONSIDERED,
        notice_required=request.replied_on is None
        and state in (RequestState.NOT_CONSIDERED, RequestState.SCHEDULED),
        oral_record=rx.repo.oral_record(request.id) is not None,
        video_consent=request.video_consent,
        video_link=request.video_link,
        appointment_day=request.appointment_day,
        appointment_time=request.appointment_time,
        cabinet=official.cabinet if official else None,
        ticket_id=request.ticket_id,
        replied_on=request.replied_on,
        extension_kind=ExtensionKind(request.extension_kind) if request.extension_kind else None,
        extended_on=request.extended_on,
        extension_notice_due=request.extension_notice_due,
        refusal_ground=RefusalGround(request.refusal_ground) if request.refusal_ground else None,
        refusal_drafted_on=request.refusal_drafted_on,
        refusal_decision_from=request.refusal_decision_from,
        refused_on=request.refused_on,
        other_bodies_notice_due=request.other_bodies_notice_due,
        light=worst(open_deadlines),
        next_due=min((d.due for d in open_deadlines), default=None),
        deadlines=[DeadlineOut.of(d) for d in open_deadlines],
    )


def official_out(official: Official) -> OfficialOut:
    return OfficialOut(
        code=official.code,
        name_kk=official.name_kk,
        name_ru=official.name_ru,
        position_kk=official.position_kk,
        position_ru=official.position_ru,
        cabinet=official.cabinet,
    )


def day_out(rx: Reception, day: ReceptionDay, official: Official) -> DayOut:
    assert day.id is not None
    return DayOut(
        id=day.id,
        official=official.code,
        day=day.day,
        starts=day.starts,
        ends=day.ends,
        slot_minutes=day.slot_minutes,
        cancelled=day.cancelled_on is not None,
        proposal_due=deadlines.proposal_due(day.day, rx.calendar),
        final_list_due=deadlines.final_list_due(day.day, rx.calendar),
    )


def instruction_out(rx: Reception, row: Instruction, today: date) -> InstructionOut:
    assert row.id is not None
    return InstructionOut(
        id=row.id,
        text=row.text,
        executor=row.executor,
        due=row.due,
        done_on=row.done_on,
        light=None if row.done_on else deadlines.light(row.due, today, rx.calendar),
    )


def appeal_out(rx: Reception, appeal: Appeal, today: date) -> AppealOut:
    assert appeal.id is not None
    attached = [i for i in rx.repo.instructions(appeal.request_id) if i.appeal_id == appeal.id]
    return AppealOut(
        id=appeal.id,
        request_id=appeal.request_id,
        mark=appeal.mark,
        summary=appeal.summary,
        registered_on=appeal.registered_on,
        assignee=appeal.assignee,
        handled_by=rx.repo.handlers(appeal.id),
        under_control=appeal.closed_on is None,
        final_answer=appeal.final_answer,
        closed_on=appeal.closed_on,
        instructions=[instruction_out(rx, i, today) for i in attached],
    )
