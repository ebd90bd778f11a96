"""The record of a reception from the staff screens: its protocol — the decision and the
instructions with executors and deadlines (000 p.23) — and the appeals filed at it, marked
«жеке қабылдаудан» (000 p.36), then their control: assigned to someone who never handled the
matter before (000 p.37), closed only with a reasoned answer (000 p.35). The official records
from the cabinet's monoblock, the reception-room staff from the request's card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from app.domain.access.identity import Staff
from app.domain.text import N_
from app.edge.access import Issuer, Recorder
from app.edge.deps import Now, RequestTransactions, Tx
from app.edge.errors import safe_next
from app.edge.htmx import attempt
from app.edge.params import RowId
from app.schemas.fields import Paragraph
from app.schemas.reception import InstructionIn, Name
from app.services.catalog import Services
from app.services.reception import protocol
from app.services.reception.protocol import NewInstruction
from app.web.routes.reception_pages import card_page, done_redirect, problems

router = APIRouter(prefix="/reception", tags=["screens"], include_in_schema=False)
INSTRUCTION_LABELS = {"text": N_("Instruction"), "executor": N_("Executor"), "due": N_("Deadline")}
MAX_INSTRUCTIONS = 20


def instructions_of(form: FormData) -> list[NewInstruction]:
    """The instruction rows of a form; a row left wholly blank is no instruction."""
    rows = zip(
        form.getlist("instruction_text"),
        form.getlist("instruction_executor"),
        form.getlist("instruction_due"),
        strict=False,
    )
    found = []
    for text, executor, due in list(rows)[:MAX_INSTRUCTIONS]:
        values = {"text": str(text), "executor": str(executor), "due": str(due)}
        if not any(v.strip() for v in values.values()):
            continue
        item = InstructionIn.model_validate(values)
        found.append(NewInstruction(item.text, item.executor, item.due))
    return found


async def _record(
    request: Request,
    tx: RequestTransactions,
    now: datetime,
    staff: Staff,
    request_id: int,
    done: str,
    work: Callable[[Services, list[NewInstruction]], object],
) -> Response:
    """Read the instruction rows, run the use case, go back where the form came from; on a
    refusal, the request's card says it with what was typed kept."""
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    back = safe_next(values.get("next")) or f"/reception/requests/{request_id}"
    try:
        items = instructions_of(form)
    except ValidationError as exc:
        error = problems(request, exc, INSTRUCTION_LABELS)
        return await card_page(
            request, tx, now, staff, request_id, values=values, error=error, status_code=422
        )
    outcome = await attempt(request, tx.write(lambda s: work(s, items)))
    if outcome.error is not None:
        return await card_page(
            request, tx, now, staff, request_id, values=values, error=outcome.error,
            status_code=outcome.status_code,
        )  # fmt: skip
    return done_redirect(request, back, done)


@router.post("/requests/{request_id}/protocol", response_class=HTMLResponse)
async def record_protocol(
    request: Request,
    request_id: RowId,
    tx: Tx,
    now: Now,
    staff: Recorder,
    decision: Annotated[Paragraph, Form(min_length=1, max_length=10_000)],
) -> Response:
    """The decision of the reception and its instructions (000 p.23)."""
    return await _record(
        request, tx, now, staff, request_id, "protocol",
        lambda s, items: protocol.record(
            s.reception, request_id, decision, items, now=now, by=staff
        ),
    )  # fmt: skip


@router.post("/requests/{request_id}/appeals", response_class=HTMLResponse)
async def file_appeal(
    request: Request,
    request_id: RowId,
    tx: Tx,
    now: Now,
    staff: Recorder,
    summary: Annotated[Paragraph, Form(min_length=1, max_length=10_000)],
    handled_before: Annotated[Paragraph, Form(max_length=2_000)] = "",
    topic: Annotated[str, Form(max_length=40)] = "",
    district: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """An appeal filed at the reception (000 p.36); the employees who handled the matter
    before, one a line, may never be assigned it (000 p.37). Its topic and district (003 App.2
    p.7) are asked for where the centre file lists them; the form offers the request's."""
    earlier = [line for line in handled_before.splitlines() if line.strip()]
    return await _record(
        request, tx, now, staff, request_id, "appeal",
        lambda s, items: protocol.file_appeal(
            s.reception, request_id, summary, earlier, now=now, by=staff, instructions=items,
            topic=topic or None, district=district or None, classification_required=True,
        ),
    )  # fmt: skip


@router.post("/requests/{request_id}/instructions/{instruction_id}/done")
async def instruction_done(
    request: Request, request_id: RowId, instruction_id: RowId, tx: Tx, now: Now, staff: Recorder
) -> Response:
    return await _record(
        request, tx, now, staff, request_id, "instruction_done",
        lambda s, _items: protocol.complete_instruction(
            s.reception, instruction_id, now=now, by=staff, of_request=request_id
        ),
    )  # fmt: skip


@router.post("/requests/{request_id}/appeals/{appeal_id}/assign", response_class=HTMLResponse)
async def assign_appeal(
    request: Request,
    request_id: RowId,
    appeal_id: RowId,
    tx: Tx,
    now: Now,
    staff: Issuer,
    employee: Annotated[Name, Form()],
) -> Response:
    """Refused in the form for anyone who handled the matter before (000 p.37)."""
    return await _record(
        request, tx, now, staff, request_id, "assigned",
        lambda s, _items: protocol.assign(
            s.reception, appeal_id, employee, now=now, of_request=request_id
        ),
    )  # fmt: skip


@router.post("/requests/{request_id}/appeals/{appeal_id}/close", response_class=HTMLResponse)
async def close_appeal(
    request: Request,
    request_id: RowId,
    appeal_id: RowId,
    tx: Tx,
    now: Now,
    staff: Issuer,
    answer: Annotated[Paragraph, Form(max_length=10_000)],
) -> Response:
    """Off control only with the final reasoned answer (000 p.35)."""
    return await _record(
        request, tx, now, staff, request_id, "closed",
        lambda s, _items: protocol.close(
            s.reception, appeal_id, answer, now=now, of_request=request_id
        ),
    )  # fmt: skip
