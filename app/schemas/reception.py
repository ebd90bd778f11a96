"""What the personal-reception API takes and gives."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.domain.reception.terms import (
    FROM_PERSONAL_RECEPTION,
    Channel,
    DeadlineKind,
    ExtensionKind,
    Light,
    Notice,
    RefusalGround,
    RequestState,
)
from app.schemas import ReadModel
from app.schemas.fields import Day, Line, Moment, Paragraph

Text = Annotated[Paragraph, Field(max_length=10_000)]
Name = Annotated[Line, Field(min_length=1, max_length=200)]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
ReceptionLanguage = Literal["kk", "ru"]  # as the applicant chooses (000 p.21)


# Problem-issue monitoring (003 App.2 p.7). Optional here, for integrations that do not know
# them; the staff screens ask for both whenever the centre file lists topics and districts.
TOPIC = (
    "the problem issue's topic: a code of the centre file's [[topics]] (003 App.2 p.7); "
    "optional for integrations, an unknown code is refused (422)"
)
DISTRICT = (
    "the district or city the applicant lives in: a code of the centre file's [[districts]] "
    "(003 App.2 p.7); optional for integrations, an unknown code is refused (422)"
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RequestIn(Strict):
    received_at: Moment = Field(description="when it arrived, with its UTC offset")
    channel: Channel = Field(description="000 p.4")
    language: ReceptionLanguage
    applicant_name: Name
    contact: Annotated[Line, Field(max_length=200)]
    subject: Text = Field(
        description="the issue in substance; blank: registered all the same, as not "
        "considered, and the applicant is to be told (000 p.5–6)"
    )
    representative: Annotated[Line | None, Field(max_length=200)] = None
    competence: Annotated[Line | None, Field(max_length=200)] = None
    official: Code | None = Field(default=None, description="the official's code")
    category: Code | None = Field(default=None, description="out-of-turn category (000 p.12)")
    video_consent: bool = Field(default=False, description="000 p.13")
    video_link: Annotated[Line | None, Field(max_length=500)] = None
    topic: Code | None = Field(default=None, description=TOPIC)
    district: Code | None = Field(default=None, description=DISTRICT)


class AcceptIn(Strict):
    official: Code | None = None


class RefusalIn(Strict):
    ground: RefusalGround = Field(description="one of the five grounds of 000 p.15")


class ExtendIn(Strict):
    kind: ExtensionKind
    until: Day | None = Field(default=None, description="default: the longest allowed")
    reason: Text | None = None


class OtherBodiesIn(Strict):
    bodies: Annotated[Line, Field(min_length=1, max_length=500)]


class NoticeIn(Strict):
    kind: Notice
    on: Day | None = None


class AllocateIn(Strict):
    earliest: Day | None = Field(
        default=None,
        description="default: the first day whose final list is not yet due (001 p.15)",
    )


class CheckInIn(Strict):
    category: Code | None = None


class InstructionIn(Strict):
    text: Annotated[Line, Field(min_length=1, max_length=2000)]
    executor: Name
    due: Day


class ProtocolIn(Strict):
    decision: Annotated[Paragraph, Field(min_length=1, max_length=10_000)]
    instructions: list[InstructionIn] = []


class AppealIn(Strict):
    summary: Annotated[Paragraph, Field(min_length=1, max_length=10_000)]
    handled_before: list[Name] = Field(
        default=[], description="employees who handled the matter before (000 p.37)"
    )
    instructions: list[InstructionIn] = Field(
        default=[], description="protocol instructions attached to the appeal (000 p.23)"
    )
    topic: Code | None = Field(default=None, description=TOPIC + "; default: the request's")
    district: Code | None = Field(default=None, description=DISTRICT + "; default: the request's")


class AssignIn(Strict):
    employee: Name


class CloseIn(Strict):
    answer: Text


class OfficialIn(Strict):
    code: Code
    name_kk: Name
    name_ru: Name
    position_kk: Annotated[Line, Field(min_length=1, max_length=300)]
    position_ru: Annotated[Line, Field(min_length=1, max_length=300)]
    cabinet: Code


class DayIn(Strict):
    official: Code
    day: Day
    starts: time
    ends: time
    slot_minutes: Annotated[int, Field(ge=5, le=240)] = 20
    allow_day_off: bool = False


class ApproveIn(Strict):
    approved_by: Name


class AbsenceIn(Strict):
    reason: Annotated[Line, Field(min_length=1, max_length=300)]


# answers -------------------------------------------------------------------------------------


class DeadlineOut(ReadModel):
    kind: DeadlineKind
    due: date
    light: Light
    request_id: int | None
    reception_day_id: int | None
    instruction_id: int | None


class RequestOut(BaseModel):
    id: int
    received_at: datetime
    registered_on: date
    reply_due: date
    channel: Channel
    language: str
    applicant_name: str
    representative: str | None
    contact: str
    subject: str
    competence: str | None
    official: str | None
    category: str | None
    state: RequestState
    considered: bool = Field(description="False: no issue in substance (000 p.5)")
    notice_required: bool = Field(
        description="the applicant is still to be told: the reply, or that the request is "
        "not considered"
    )
    oral_record: bool = Field(description="entered in the protocol of oral requests (000 p.25)")
    video_consent: bool
    video_link: str | None
    topic: str | None = Field(description="003 App.2 p.7; null: not stated")
    district: str | None = Field(description="003 App.2 p.7; null: not stated")
    appointment_day: date | None
    appointment_time: time | None
    cabinet: str | None
    ticket_id: int | None
    replied_on: date | None
    extension_kind: ExtensionKind | None
    extended_on: date | None
    extension_notice_due: date | None
    refusal_ground: RefusalGround | None
    refusal_drafted_on: date | None
    refusal_decision_from: date | None
    refused_on: date | None
    other_bodies_notice_due: date | None
    light: Light | None = Field(description="the worst of its open deadlines (004 p.12.6)")
    next_due: date | None
    deadlines: list[DeadlineOut]


class OfficialOut(ReadModel):
    code: str
    name_kk: str
    name_ru: str
    position_kk: str
    position_ru: str
    cabinet: str


class DayOut(BaseModel):
    id: int
    official: str
    day: date
    starts: time
    ends: time
    slot_minutes: int
    cancelled: bool
    proposal_due: date
    final_list_due: date


class ScheduleOut(BaseModel):
    month: str
    approved_by: str | None
    approved_on: date | None
    days: list[DayOut]


class AbsenceOut(BaseModel):
    notice: str = Field(description="in_advance | short | late (000 p.16)")
    unbooked: list[int] = Field(description="requests to allocate again")


class TicketIssuedOut(BaseModel):
    request_id: int
    ticket_id: int
    display: str
    cabinet: str
    ahead: int


class InstructionOut(BaseModel):
    id: int
    text: str
    executor: str
    due: date
    done_on: date | None
    light: Light | None


class ProtocolOut(BaseModel):
    request_id: int
    decision: str
    recorded_by: str
    recorded_at: datetime
    instructions: list[InstructionOut]


class AppealOut(BaseModel):
    id: int
    request_id: int
    mark: str = Field(examples=[FROM_PERSONAL_RECEPTION], description="000 p.36")
    summary: str
    registered_on: date
    topic: str | None = Field(description="003 App.2 p.7; null: not stated")
    district: str | None = Field(description="003 App.2 p.7; null: not stated")
    assignee: str | None
    handled_by: list[str]
    under_control: bool
    final_answer: str | None
    closed_on: date | None
    instructions: list[InstructionOut]
