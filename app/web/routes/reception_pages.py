"""The two pages of booking requests on the staff screens — the list with the registration form,
and one request's card with its decisions, protocol and appeals — and the answers their forms
give: a redirect after every change (a reload repeats nothing), or the page again with the
refusal said in place and what was typed kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from app.config.centre import CentreConfig
from app.domain.access.errors import NotYourReception
from app.domain.access.identity import Staff
from app.domain.access.roles import Permission
from app.domain.access.rules import ensure_reads_request, ensure_records_reception
from app.domain.reception.terms import (
    FROM_PERSONAL_RECEPTION,
    Channel,
    ExtensionKind,
    Notice,
    RefusalGround,
    RequestState,
)
from app.domain.text import N_
from app.edge.deps import RequestTransactions
from app.edge.templating import render, request_language, translator
from app.edge.validation import describe
from app.schemas.reception import RequestOut
from app.services.reception import overview

RECORDABLE = (RequestState.SCHEDULED, RequestState.CHECKED_IN, RequestState.RECEIVED)
LIST = "reception/requests.html"
CARD = "reception/request.html"

# What a redirect after a change says on the page it lands on (`?done=`).
DONE: Mapping[str, str] = {
    "registered": N_("The request is registered."),
    "accepted": N_("Accepted: the request will be given a day and time of the schedule."),
    "allocated": N_("Accepted requests given a day and time: {count}."),
    "refusal_drafted": N_("The draft refusal is recorded: print it and hand it to the applicant."),
    "refused": N_("The refusal is decided."),
    "extended": N_("The review is extended: tell the applicant with the extension letter."),
    "other_bodies": N_("Recorded: tell the applicant that other bodies take part."),
    "notice": N_("Recorded as sent to the applicant."),
    "protocol": N_("The protocol of the reception is recorded."),
    "appeal": N_("The appeal is registered with the mark «{mark}»."),
    "assigned": N_("The appeal is assigned."),
    "closed": N_("The appeal is taken off control."),
    "instruction_done": N_("The instruction is marked done."),
}


def done_redirect(request: Request, path: str, done: str, **params: object) -> RedirectResponse:
    query = urlencode({"done": done, "lang": request_language(request), **params})
    return RedirectResponse(f"{path}?{query}", status_code=303)


def done_message(request: Request) -> str | None:
    code = request.query_params.get("done", "")
    if code not in DONE:
        return None
    _ = translator(request_language(request))
    count = request.query_params.get("count", "")
    return str(_(DONE[code], count=count if count.isdigit() else "—", mark=FROM_PERSONAL_RECEPTION))


def problems(request: Request, error: ValidationError, labels: Mapping[str, str]) -> str:
    """What is wrong with a form, each field by the label the person saw."""
    language = request_language(request)
    _ = translator(language)
    said = []
    for problem in error.errors():
        loc = problem.get("loc", ())
        field = str(loc[0]) if loc else ""
        shown = dict(problem) | {"loc": (_(labels[field]),) if field in labels else loc}
        said.append(describe(shown, language))
    return "; ".join(said)


def classification_choices(centre: CentreConfig) -> dict[str, Any]:
    """The lists a request and an appeal are filed under (003 App.2 p.7), for the selects of
    their forms and the names on their cards."""
    return {
        "topics": centre.topics,
        "districts": centre.districts,
        "topic_names": {t.code: t.name for t in centre.topics},
        "district_names": {d.code: d.name for d in centre.districts},
    }


def may_decide(staff: Staff) -> bool:
    """The reception-room staff decide on requests (000 p.26–32); officials read them."""
    return staff.can(Permission.ISSUE)


def _common(staff: Staff) -> dict[str, Any]:
    return {
        "staff": staff,
        "workplace": None,
        "may_decide": may_decide(staff),
        "channels": list(Channel),
        "grounds": list(RefusalGround),
        "extension_kinds": list(ExtensionKind),
        "notices": list(Notice),
        "states": RequestState,
        "appeal_mark": FROM_PERSONAL_RECEPTION,
    }


async def list_page(
    request: Request,
    tx: RequestTransactions,
    now: datetime,
    staff: Staff,
    *,
    values: Mapping[str, str] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    def read(s: Any) -> tuple[Any, Any, Any]:
        reception = s.reception
        return (
            overview.all_requests(reception, now),
            overview.officials(reception),
            overview.open_appeals(reception, now),
        )

    rows, officials, appeals = await tx.read(read)
    if not may_decide(staff):
        # An official reads the requests booked to the cabinet signed in at, nothing else.
        ensure_reads_request(staff, cabinet=staff.workplace, key="—")
        cabinets = {o.code: o.cabinet for o in officials}
        rows = [r for r in rows if cabinets.get(r.official or "") == staff.workplace]
        appeals = []
    local_now = now.astimezone(tx.site.calendar.tz)
    context = _common(staff) | {
        "rows": rows,
        "officials": officials,
        "appeals": appeals,
        "categories": tx.site.centre.categories,
        **classification_choices(tx.site.centre),
        "today": tx.site.today(now),
        "now_local": local_now.strftime("%Y-%m-%dT%H:%M"),
        "values": values or {},
        "error": error,
        "done": done_message(request),
    }
    return render(request, LIST, context, status_code=status_code)


async def card_page(
    request: Request,
    tx: RequestTransactions,
    now: datetime,
    staff: Staff,
    request_id: int,
    *,
    values: Mapping[str, str] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    def read(s: Any) -> tuple[overview.RequestCard, Sequence[Any]]:
        reception = s.reception
        return overview.request_card(reception, request_id, now), overview.officials(reception)

    card, officials = await tx.read(read)
    official = next((o for o in officials if o.code == card.request.official), None)
    ensure_reads_request(staff, cabinet=official.cabinet if official else None, key=request_id)
    today = tx.site.today(now)
    context = _common(staff) | {
        "card": card,
        "r": card.request,
        "official": official,
        "officials": officials,
        "cabinet": tx.site.centre.workplace(official.cabinet) if official else None,
        **classification_choices(tx.site.centre),
        "today": today,
        "tz": tx.site.calendar.tz,
        "may_record": may_record(
            staff, card.request, official.cabinet if official else None, today
        ),
        "values": values or {},
        "error": error,
        "done": done_message(request),
        "next": request.url.path,
    }
    return render(request, CARD, context, status_code=status_code)


def may_record(staff: Staff, found: RequestOut, cabinet: str | None, today: date) -> bool:
    """Whether the protocol and appeal forms are offered, by the same rule the use case
    enforces (000 p.23, p.36)."""
    if found.state not in RECORDABLE:
        return False
    booked_today = found.appointment_day == today
    try:
        ensure_records_reception(staff, cabinet=cabinet, booked_today=booked_today, key=found.id)
    except NotYourReception:
        return False
    return True
