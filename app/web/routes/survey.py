"""The selective telephone survey's pages (000 p.38), for the administrator and volunteers:
draw a sample, see past samples and their progress, call down a sample's list and record what
each call gave. Phone numbers are shown here and nowhere else.

Forms post and redirect (303), so a reload never draws or records twice; a refusal is said on
the page it came from, in the reader's language, with what was typed kept."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from app.domain.access.identity import Staff
from app.domain.phone import dialled, spaced
from app.domain.survey import (
    MAX_PERIOD_DAYS,
    REMARKS_MAX,
    SAMPLE_SIZES,
    SATISFACTION,
    SEEDS,
    CallResult,
    SurveyKind,
)
from app.edge.access import Surveyor
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.htmx import attempt
from app.edge.params import BlankIsNone, RowId
from app.edge.templating import render
from app.schemas.fields import Day
from app.services.survey import Sheet

router = APIRouter(prefix="/survey", tags=["screens"], include_in_schema=False)
SAMPLES = "staff/survey.html"
SHEET = "staff/survey_sample.html"
DEFAULT_SIZE = 20
DEFAULT_DAYS = 30  # the last month's visits, unless another period is chosen
NO_STORE = {"Cache-Control": "no-store"}


class DrawForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: SurveyKind
    period_from: Day
    period_to: Day
    size: int  # SAMPLE_SIZES, checked by the survey (app.domain.survey.ensure_draw)
    seed: Annotated[int | None, BlankIsNone] = None


class CallForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    result: CallResult
    satisfied: Annotated[int | None, BlankIsNone] = None
    # REMARKS_MAX is checked by the survey; this only bounds what is read at all.
    remarks: Annotated[str, Field(max_length=REMARKS_MAX * 4)] = ""


def _local(tx: RequestTransactions) -> Any:
    tz = ZoneInfo(tx.site.centre.centre.timezone)

    def local(instant: datetime | None) -> str:
        return instant.astimezone(tz).strftime("%d.%m.%Y %H:%M") if instant else "—"

    return local


async def _samples_page(
    request: Request,
    tx: RequestTransactions,
    staff: Staff,
    now: datetime,
    *,
    form: dict[str, Any] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    samples = await tx.read(lambda s: s.survey.samples())
    today = tx.site.today(now)
    context = {
        "staff": staff,
        "workplace": None,
        "samples": samples,
        "kinds": list(SurveyKind),
        "kind_labels": {k.value: k.label for k in SurveyKind},
        "form": form
        or {
            "kind": SurveyKind.CONSULTATION.value,
            "period_from": (today - timedelta(days=DEFAULT_DAYS)).isoformat(),
            "period_to": today.isoformat(),
            "size": DEFAULT_SIZE,
            "seed": "",
        },
        "sizes": SAMPLE_SIZES,
        "seeds": SEEDS,
        "max_days": MAX_PERIOD_DAYS,
        "local": _local(tx),
        "error": error,
    }
    return render(request, SAMPLES, context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
async def samples_page(request: Request, tx: Tx, now: Now, staff: Surveyor) -> HTMLResponse:
    return await _samples_page(request, tx, staff, now)


@router.post("/samples", response_model=None)
async def draw_sample(
    request: Request,
    form: Annotated[DrawForm, Form()],
    tx: Tx,
    now: Now,
    staff: Surveyor,
) -> Response:
    outcome = await attempt(
        request,
        tx.write(
            lambda s: s.survey.draw(
                staff,
                form.kind,
                form.period_from,
                form.period_to,
                form.size,
                seed=form.seed,
                now=now,
            )
        ),
    )
    if outcome.result is None:
        typed = form.model_dump(mode="json") | {"seed": "" if form.seed is None else form.seed}
        return await _samples_page(
            request,
            tx,
            staff,
            now,
            form=typed,
            error=outcome.error,
            status_code=outcome.status_code,
        )
    return RedirectResponse(f"/survey/samples/{outcome.result.id}", status_code=303)


async def _sheet_page(
    request: Request,
    tx: RequestTransactions,
    staff: Staff,
    sample_id: int,
    *,
    check: bool = False,
    error: str | None = None,
    error_call: int | None = None,
    typed: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    sheet: Sheet = await tx.read(lambda s: s.survey.sheet(sample_id))
    reproduced = None
    if check:
        drawn, again = await tx.read(
            lambda s: (s.survey.drawn(sample_id), s.survey.reproduce(sample_id))
        )
        reproduced = drawn == again
    centre = tx.site.centre
    context = {
        "staff": staff,
        "workplace": None,
        "sheet": sheet,
        "sample": sheet.sample,
        "kind": SurveyKind(sheet.sample.kind),
        "zones": {z.code: z.name for z in centre.zones},
        "workplaces": {w.code: w.name for w in centre.workplaces},
        "results": list(CallResult),
        "results_by_value": {r.value: r for r in CallResult},
        "spaced": spaced,
        "dialled": dialled,
        "scores": SATISFACTION,
        "remarks_max": REMARKS_MAX,
        "local": _local(tx),
        "reproduced": reproduced,
        "error": error,
        "error_call": error_call,
        "typed": typed or {},
    }
    # Phone numbers: not kept in the browser's cache of a shared computer.
    return render(request, SHEET, context, status_code=status_code, headers=NO_STORE)


@router.get("/samples/{sample_id}", response_class=HTMLResponse)
async def sample_page(
    request: Request, sample_id: RowId, tx: Tx, staff: Surveyor, check: bool = False
) -> HTMLResponse:
    """`?check=true`: draw the sample again from its seed and say whether the list is the
    same (it is, unless the data of its period changed since)."""
    return await _sheet_page(request, tx, staff, sample_id, check=check)


@router.post("/samples/{sample_id}/calls/{call_id}", response_model=None)
async def record_call(
    request: Request,
    sample_id: RowId,
    call_id: RowId,
    form: Annotated[CallForm, Form()],
    tx: Tx,
    now: Now,
    staff: Surveyor,
) -> Response:
    outcome = await attempt(
        request,
        tx.write(
            lambda s: s.survey.record(
                staff,
                sample_id,
                call_id,
                form.result,
                satisfied=form.satisfied,
                remarks=form.remarks,
                now=now,
            )
        ),
    )
    if outcome.result is None:
        return await _sheet_page(
            request,
            tx,
            staff,
            sample_id,
            error=outcome.error,
            error_call=call_id,
            typed=form.model_dump(mode="json"),
            status_code=outcome.status_code,
        )
    return RedirectResponse(f"/survey/samples/{sample_id}#call-{call_id}", status_code=303)
