"""Letters to the applicant, in the applicant's language (000 p.21): the reply with the date and
time (000 p.29), the notice that a request without substance is not considered (000 p.5), the
extension (000 p.30) and the draft refusal for a hearing (000 p.32–33).

Each is a letter of the body the centre belongs to (the centre is no legal entity): the
letterhead, outgoing number, signatory and executor come from the centre file's [letters]."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.config.letters import LetterSettings
from app.domain.names import dative, gender_of
from app.domain.reception import errors
from app.domain.reception.terms import ExtensionKind, RefusalGround, RequestState
from app.domain.text import N_, dotted
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


# The outgoing number is the case file's index, the request and the letter: «04-12/7-1». Each
# kind goes out at most once per request (a reply or a not-considered notice, one extension,
# one draft refusal), so the number is never given twice.
_SERIAL = {
    LetterKind.REPLY: 1,
    LetterKind.NOT_CONSIDERED: 1,
    LetterKind.EXTENSION: 2,
    LetterKind.REFUSAL_DRAFT: 3,
}


def _letterhead(settings: LetterSettings | None, centre_name: dict[str, str]) -> dict[str, Any]:
    """The issuing body in Kazakh and Russian, side by side as on its letterhead (004 p.9.10:
    the state language, and Russian)."""
    if settings is None:
        return {"configured": False, "unit": centre_name}
    unit = settings.unit
    return {
        "configured": True,
        "issuer": {lang: settings.issuer.in_(lang) for lang in ("kk", "ru")},
        "unit": {lang: unit.in_(lang) for lang in ("kk", "ru")} if unit else centre_name,
        "address": {lang: settings.address.in_(lang) for lang in ("kk", "ru")},
        "phone": settings.phone,
        "email": settings.email or "",
    }


def letter_context(
    reception: Reception, request: ReceptionRequest, kind: LetterKind, today: date
) -> dict[str, Any]:
    ensure_state(request, LETTER, *_STATES[kind])
    if kind is LetterKind.EXTENSION and request.extended_on is None:
        raise errors.NothingToNotify()
    language = request.language
    official = reception.repo.official(request.official_id) if request.official_id else None
    cabinet = reception.centre.workplace(official.cabinet) if official else None
    settings = reception.centre.letters
    names = reception.centre.centre.name
    index = settings.outgoing_index if settings else ""
    return {
        "kind": kind.value,
        "request": request,
        "centre_name": names.in_(language),
        "letterhead": _letterhead(settings, {"kk": names.kk, "ru": names.ru}),
        "outgoing": f"{index}/{request.id}-{_SERIAL[kind]}" if index else "",
        "addressee": dative(request.applicant_name, language),
        "gender": gender_of(request.applicant_name) or "",
        "regulation": settings.regulation.in_(language) if settings else "",
        "address": settings.address.in_(language) if settings else "",
        "phone": settings.phone if settings else "",
        "signatory_position": settings.signatory.position.in_(language) if settings else "",
        "signatory_name": settings.signatory.name.in_(language) if settings else "",
        "executor_name": settings.executor.name.in_(language) if settings else "",
        "executor_phone": settings.executor.phone if settings else "",
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


# First words of a position that are common nouns (or adjectives of them): inside a sentence
# they are written small («Вас примет заместитель акима района», «Сізді аудан әкімінің
# орынбасары қабылдайды»). Any other first word is kept as written: it may be a place name
# («Бородулиха ауданы әкімінің орынбасары») or an abbreviation («ГУ «Отдел …»»).
_COMMON_FIRST_WORDS = re.compile(
    r"^(аудан\w*|облыс\w*|қала\w*|ауыл\w*|әкім\w*|орынбасар\w*|басшы\w*|бөлім\w*"
    r"|басқарма\w*|аппарат\w*|жетекші\w*|меңгеруші\w*|хатшы\w*|маман\w*|кеңесші\w*"
    r"|төраға\w*|бас|бірінші|жер|заместител\w*|руководител\w*|начальник\w*|глав\w*"
    r"|аким\w*|советник\w*|помощник\w*|председател\w*|директор\w*|секретар\w*"
    r"|заведующ\w*|перв\w*|специалист\w*|ведущ\w*|старш\w*|районн\w*|областн\w*"
    r"|городск\w*|сельск\w*)$"
)


def _mid_sentence(position: str) -> str:
    """A position starts a schedule's cell with a capital; inside a sentence of the letter a
    common noun does not, a proper name or an abbreviation does."""
    first = position.split(maxsplit=1)[0] if position.strip() else ""
    if first and not first.isupper() and _COMMON_FIRST_WORDS.match(first.lower()):
        return position[:1].lower() + position[1:]
    return position
