"""Booking requests: registering (never refused, 000 p.6), accepting, refusing on the grounds of
000 p.15 after a hearing (000 p.32), extending (000 p.30), inviting other bodies (000 p.19)
and recording that the applicant was told."""

from __future__ import annotations

from datetime import date, datetime

from app.domain import errors as queue_errors
from app.domain.reception import deadlines, errors, reach
from app.domain.reception.lifecycle import RequestAction, first_state, next_state
from app.domain.reception.terms import Channel, ExtensionKind, Notice, RefusalGround, RequestState
from app.domain.text import N_, dotted
from app.schemas.reception import RequestIn
from app.services.reception.classification import classified
from app.services.reception.context import Reception
from app.tables.reception import Official, OralRecord, ReceptionRequest

# Verbs for WrongRequestState of what a state allows without changing it.
EXTEND, NOTIFY = N_("extend"), N_("notify")


def register(
    reception: Reception,
    new: RequestIn,
    *,
    now: datetime,
    actor: str,
    classification_required: bool = False,
) -> ReceptionRequest:
    """Register a request; this never refuses one (000 p.6). One without the issue in
    substance is registered as not considered, and the applicant is to be told (000 p.5).
    Its topic and district are codes of the centre file's lists (003 App.2 p.7); the staff
    screens ask for both (`classification_required`), integrations may leave them out."""
    if new.received_at > now:
        raise errors.ReceivedLater()
    if not reach.received_within_reach(new.received_at, now):
        raise errors.ReceivedLongAgo()
    if new.category is not None and reception.centre.category(new.category) is None:
        allowed = ", ".join(c.code for c in reception.centre.categories)
        raise queue_errors.UnknownCategory(value=new.category, allowed=allowed)
    topic, district = classified(
        reception, new.topic, new.district, required=classification_required
    )
    official = _official(reception, new.official) if new.official else None
    link = (new.video_link or "").strip() or None
    if link and not new.video_consent:
        raise errors.VideoWithoutConsent()
    registered_on = deadlines.registration_day(new.received_at, reception.calendar)
    subject = new.subject.strip()
    request = ReceptionRequest(
        received_at=new.received_at,
        registered_on=registered_on,
        channel=new.channel.value,
        language=new.language,
        applicant_name=new.applicant_name.strip(),
        representative=(new.representative or "").strip() or None,
        contact=new.contact.strip(),
        subject=subject,
        competence=(new.competence or "").strip() or None,
        category=new.category,
        official_id=official.id if official else None,
        topic=topic,
        district=district,
        video_consent=new.video_consent,
        video_link=link,
        state=first_state(subject),
        registered_by=actor,
        reply_due=deadlines.reply_due(registered_on, reception.calendar),
    )
    reception.repo.add(request)
    if new.channel.oral:  # the separate protocol of oral requests (000 p.25)
        assert request.id is not None
        reception.repo.add(
            OralRecord(
                request_id=request.id,
                received_at=new.received_at,
                by_phone=new.channel is Channel.CALL_CENTRE,
                taken_by=actor,
                statement=subject,
            )
        )
    return request


def get(reception: Reception, request_id: int, *, for_update: bool = False) -> ReceptionRequest:
    request = reception.repo.request(request_id, for_update=for_update)
    if request is None:
        raise errors.RequestNotFound(key=request_id)
    return request


def ensure_state(request: ReceptionRequest, action: str, *allowed: RequestState) -> None:
    """For what a request's state allows without changing it (an extension, a letter)."""
    if request.state not in allowed:
        raise errors.WrongRequestState(key=request.id, state=request.state.label, action=action)


def move(request: ReceptionRequest, action: RequestAction) -> None:
    """Move the request along its life (app.domain.reception.lifecycle), or refuse."""
    request.state = next_state(request.state, action, key=request.id)


def _official(reception: Reception, code: str) -> Official:
    official = reception.repo.official_by_code(code)
    if official is None or not official.active:
        raise errors.OfficialNotFound(key=code)
    return official


def accept(
    reception: Reception, request_id: int, *, official: str | None, now: datetime
) -> ReceptionRequest:
    """The proposal is a date (000 p.26): the applicant will be received by `official`. After a
    hearing a drafted refusal may still end in acceptance."""
    request = get(reception, request_id, for_update=True)
    move(request, RequestAction.ACCEPT)
    if official is not None:
        request.official_id = _official(reception, official).id
    if request.official_id is None:
        raise errors.OfficialRequired()
    request.refusal_ground = request.refusal_drafted_on = request.refusal_decision_from = None
    reception.repo.save(request)
    return request


def draft_refusal(
    reception: Reception, request_id: int, ground: RefusalGround, *, now: datetime
) -> ReceptionRequest:
    """The proposal is a refusal on one of the grounds of 000 p.15: its draft goes to the
    applicant for a hearing today, so the decision can come 3 working days later (000 p.32)."""
    request = get(reception, request_id, for_update=True)
    move(request, RequestAction.DRAFT_REFUSAL)
    today = reception.today(now)
    request.refusal_ground = ground.value
    request.refusal_drafted_on = today
    request.refusal_decision_from = deadlines.earliest_refusal_decision(today, reception.calendar)
    reception.repo.save(request)
    return request


def decide_refusal(reception: Reception, request_id: int, *, now: datetime) -> ReceptionRequest:
    """Refuse, once the hearing period of 000 p.32 is over. The decision is the answer to the
    applicant, so it also closes the reply deadline."""
    request = get(reception, request_id, for_update=True)
    move(request, RequestAction.REFUSE)
    today = reception.today(now)
    assert request.refusal_decision_from is not None
    if today < request.refusal_decision_from:
        raise errors.RefusalTooEarly(earliest=dotted(request.refusal_decision_from))
    request.refused_on = today
    request.replied_on = request.replied_on or today
    reception.repo.save(request)
    return request


def extend(
    reception: Reception,
    request_id: int,
    kind: ExtensionKind,
    *,
    until: date | None,
    reason: str | None,
    now: datetime,
) -> ReceptionRequest:
    """Extend review of a complex issue to 30 calendar days from registration, or by a
    reasoned decision up to the two-month cap (000 p.30; G9 read in deadlines.py). The
    applicant is to be told within 3 working days."""
    request = get(reception, request_id, for_update=True)
    ensure_state(
        request,
        EXTEND,
        RequestState.REGISTERED,
        RequestState.ACCEPTED,
        RequestState.REFUSAL_DRAFTED,
    )
    reason = (reason or "").strip() or None
    if kind is ExtensionKind.COMPLEX:
        cap = deadlines.complex_extension_until(request.registered_on, reception.calendar)
    else:
        if reason is None:
            raise errors.ReasonRequired()
        cap = deadlines.reasoned_extension_cap(request.registered_on, reception.calendar)
    new_due = reception.calendar.on_or_after(until) if until is not None else cap
    if new_due > cap:
        raise errors.ExtensionTooLong(cap=dotted(cap))
    if new_due <= request.reply_due:
        raise errors.ExtensionNotLater(current=dotted(request.reply_due))
    today = reception.today(now)
    request.reply_due = new_due
    request.extension_kind = kind.value
    request.extension_reason = reason
    request.extended_on = today
    request.extension_notice_due = deadlines.extension_notice_due(today, reception.calendar)
    request.extension_notified_on = None
    reception.repo.save(request)
    return request


def ask_other_bodies(
    reception: Reception, request_id: int, bodies: str, *, now: datetime
) -> ReceptionRequest:
    """Other bodies were asked to take part (000 p.18): the applicant is told within 2 working
    days (000 p.19)."""
    request = get(reception, request_id, for_update=True)
    ensure_state(
        request,
        NOTIFY,
        RequestState.REGISTERED,
        RequestState.ACCEPTED,
        RequestState.SCHEDULED,
    )
    today = reception.today(now)
    request.other_bodies = bodies.strip()
    request.other_bodies_asked_on = today
    request.other_bodies_notice_due = deadlines.other_bodies_notice_due(today, reception.calendar)
    request.other_bodies_notified_on = None
    reception.repo.save(request)
    return request


def record_notice(
    reception: Reception, request_id: int, notice: Notice, *, on: date | None, now: datetime
) -> ReceptionRequest:
    """The letter went out on `on` (default today): its deadline is met or missed for good."""
    request = get(reception, request_id, for_update=True)
    day = on or reception.today(now)
    if notice is Notice.REPLY:
        # A reply tells the date and time, so it needs them; or says the request is not
        # considered (000 p.5).
        ensure_state(request, NOTIFY, RequestState.SCHEDULED, RequestState.NOT_CONSIDERED)
        request.replied_on = day
    elif notice is Notice.EXTENSION:
        if request.extended_on is None:
            raise errors.NothingToNotify()
        request.extension_notified_on = day
    else:
        if request.other_bodies_asked_on is None:
            raise errors.NothingToNotify()
        request.other_bodies_notified_on = day
    reception.repo.save(request)
    return request
