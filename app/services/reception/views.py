"""Rows as API answers, with their open deadlines and lights computed for today."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.domain.reception import deadlines
from app.domain.reception.terms import Channel, ExtensionKind, RefusalGround, RequestState
from app.schemas.reception import (
    AppealOut,
    DayOut,
    DeadlineOut,
    InstructionOut,
    OfficialOut,
    ProtocolOut,
    RequestOut,
    ScheduleOut,
)
from app.services.reception.context import Reception
from app.services.reception.open_deadlines import request_deadlines, worst
from app.services.reception.schedules import month_end
from app.tables.reception import (
    Appeal,
    Instruction,
    Official,
    ProtocolEntry,
    ReceptionDay,
    ReceptionRequest,
)


def request_out(reception: Reception, request: ReceptionRequest, today: date) -> RequestOut:
    assert request.id is not None
    official = reception.repo.official(request.official_id) if request.official_id else None
    open_deadlines = request_deadlines(
        request, reception.repo.instructions(request.id), today, reception.calendar
    )
    state = request.state
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
        oral_record=reception.repo.oral_record(request.id) is not None,
        video_consent=request.video_consent,
        video_link=request.video_link,
        topic=request.topic,
        district=request.district,
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
        deadlines=[DeadlineOut.model_validate(d) for d in open_deadlines],
    )


def official_out(official: Official) -> OfficialOut:
    return OfficialOut.model_validate(official)


def officials_out(reception: Reception) -> list[OfficialOut]:
    """Who receives (000 p.2, 001 p.15)."""
    return [official_out(o) for o in reception.repo.officials() if o.active]


def schedule_out(reception: Reception, first: date) -> ScheduleOut:
    """The month's schedule as published (000 p.8): its days only once approved."""
    schedule = reception.repo.schedule(first)
    approved = schedule is not None and schedule.approved_on is not None
    days = reception.repo.days(first, month_end(first)) if approved else []
    return ScheduleOut(
        month=first.strftime("%Y-%m"),
        approved_by=schedule.approved_by if schedule else None,
        approved_on=schedule.approved_on if schedule else None,
        days=[day_out(reception, d, o) for d, o, _ in days],
    )


def reception_day_out(reception: Reception, day: ReceptionDay) -> DayOut:
    official = reception.repo.official(day.official_id)
    assert official is not None
    return day_out(reception, day, official)


def day_out(reception: Reception, day: ReceptionDay, official: Official) -> DayOut:
    assert day.id is not None
    return DayOut(
        id=day.id,
        official=official.code,
        day=day.day,
        starts=day.starts,
        ends=day.ends,
        slot_minutes=day.slot_minutes,
        cancelled=day.cancelled_on is not None,
        proposal_due=deadlines.proposal_due(day.day, reception.calendar),
        final_list_due=deadlines.final_list_due(day.day, reception.calendar),
    )


def instruction_out(reception: Reception, row: Instruction, today: date) -> InstructionOut:
    assert row.id is not None
    return InstructionOut(
        id=row.id,
        text=row.text,
        executor=row.executor,
        due=row.due,
        done_on=row.done_on,
        light=None if row.done_on else deadlines.light(row.due, today, reception.calendar),
    )


def appeal_out(reception: Reception, appeal: Appeal, today: date) -> AppealOut:
    assert appeal.id is not None
    attached = [
        i for i in reception.repo.instructions(appeal.request_id) if i.appeal_id == appeal.id
    ]
    return AppealOut(
        id=appeal.id,
        request_id=appeal.request_id,
        mark=appeal.mark,
        summary=appeal.summary,
        registered_on=appeal.registered_on,
        topic=appeal.topic,
        district=appeal.district,
        assignee=appeal.assignee,
        handled_by=reception.repo.handlers(appeal.id),
        under_control=appeal.closed_on is None,
        final_answer=appeal.final_answer,
        closed_on=appeal.closed_on,
        instructions=[instruction_out(reception, i, today) for i in attached],
    )


def protocol_out(reception: Reception, entry: ProtocolEntry, today: date) -> ProtocolOut:
    instructions = reception.repo.instructions(entry.request_id)
    return ProtocolOut(
        request_id=entry.request_id,
        decision=entry.decision,
        recorded_by=entry.recorded_by,
        recorded_at=entry.recorded_at,
        instructions=[instruction_out(reception, i, today) for i in instructions],
    )


def requests_out(
    reception: Reception, states: Sequence[RequestState] | None, today: date
) -> list[RequestOut]:
    """Requests in order of registration (of the given states), with their deadlines."""
    return [request_out(reception, r, today) for r in reception.repo.requests(states)]


def appeals_out(reception: Reception, *, open_only: bool, today: date) -> list[AppealOut]:
    return [appeal_out(reception, a, today) for a in reception.repo.appeals(open_only=open_only)]
