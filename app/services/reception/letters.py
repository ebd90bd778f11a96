"""Letters to the applicant, in the applicant's language (000 p.21): the reply with the date and
time (000 p.29), the notice that a request without substance is not considered (000 p.5), the
extension (000 p.30) and the draft refusal for a hearing (000 p.32)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.domain.reception import errors
from app.domain.reception.terms import ExtensionKind, RefusalGround, RequestState
from app.domain.text import N_
from app.services.reception.booking_requests import ensure_state, get
from app.services.reception.context import Reception
from app.tables.reception import ReceptionRequest

LETTER = N_("write a letter for")


class LetterKind(StrEnum):
    REPLY = "reply"
    NOT_CONSIDERED = "not-considered"
    EXTENSION = "extension"
    REFUSAL_DRAFT = "refusal-draft"


# Which request states each letter can be written in.
_STATES = {
    LetterKind.REPLY: (RequestState.SCHEDULED,),
    LetterKind.NOT_CONSIDERED: (RequestState.NOT_CONSIDERED,),
    LetterKind.EXTENSION: (
        RequestState.REGISTERED,
        RequestState.ACCEPTED,
        RequestState.SCHEDULED,
        RequestState.REFUSAL_DRAFTED,
    ),
    LetterKind.REFUSAL_DRAFT: (RequestState.REFUSAL_DRAFTED,),
}


def dotted(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def letter_context(
    reception: Reception, request: ReceptionRequest, kind: LetterKind, today: date
) -> dict[str, Any]:
    ensure_state(request, LETTER, *_STATES[kind])
    if kind is LetterKind.EXTENSION and request.extended_on is None:
        raise errors.NothingToNotify()
    language = request.language
    official = reception.repo.official(request.official_id) if request.official_id else None
    cabinet = reception.centre.workplace(official.cabinet) if official else None
    return {
        "kind": kind.value,
        "request": request,
        "centre_name": reception.centre.centre.name.in_(language),
        "today": dotted(today),
        "received": dotted(request.registered_on),
        "official_name": getattr(official, f"name_{language}", "") if official else "",
        "official_position": _mid_sentence(getattr(official, f"position_{language}", ""))
        if official
        else "",
        "cabinet": cabinet.name.in_(language) if cabinet else "",
        "appointment_day": dotted(request.appointment_day),
        "appointment_time": request.appointment_time.strftime("%H:%M")
        if request.appointment_time
        else "",
        "reply_due": dotted(request.reply_due),
        "reasoned": request.extension_kind == ExtensionKind.REASONED.value,
        "ground": RefusalGround(request.refusal_ground).label if request.refusal_ground else "",
        "decision_from": dotted(request.refusal_decision_from),
    }


def letter(reception: Reception, request_id: int, kind: LetterKind, now: datetime) -> Letter:
    """A letter to the applicant, in their language (000 p.21)."""
    request = get(reception, request_id)
    return Letter(request.language, letter_context(reception, request, kind, reception.today(now)))


@dataclass(frozen=True)
class Letter:
    language: str
    context: dict[str, Any]


def _mid_sentence(position: str) -> str:
    """A position starts a schedule's cell with a capital; inside a sentence of the letter it
    does not ("Вас примет заместитель акима района …")."""
    return position[:1].lower() + position[1:]
