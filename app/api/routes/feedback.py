"""Visitors' ratings of their visit (000 p.38): `POST /api/tickets/{id}/feedback`.

Public: the ticket's status token (from its status page's address) is the key, and a wrong
one reads as an unknown ticket. A paired feedback tablet (its device cookie or bearer token)
may leave the token out: it rates the visits finished at its own workplace today."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from app.api.responses import API_RESPONSES
from app.domain.access.identity import Device, DeviceKind
from app.edge.access import optional_device
from app.edge.deps import Now, Tx
from app.edge.params import RowId
from app.schemas.feedback import RatingOut, RatingRequest
from app.schemas.tickets import ErrorOut

router = APIRouter(prefix="/api/tickets", tags=["feedback"], responses=API_RESPONSES)

Tablet = Annotated[Device | None, Depends(optional_device(DeviceKind.FEEDBACK))]


@router.post(
    "/{ticket_id}/feedback",
    status_code=status.HTTP_201_CREATED,
    responses={
        403: {
            "model": ErrorOut,
            "description": "From a feedback tablet: the visit was not finished at its "
            "workplace today",
        },
        404: {"model": ErrorOut, "description": "No such ticket, or the token is not its own"},
        409: {
            "model": ErrorOut,
            "description": "Rated already, not finished yet, or finished too long ago",
        },
        422: {
            "model": ErrorOut,
            "description": "A score outside 1–5, a comment over the limit, or no token",
        },
    },
)
async def rate_visit(
    ticket_id: RowId, body: RatingRequest, tx: Tx, now: Now, tablet: Tablet
) -> RatingOut:
    """Rate a finished visit: 1–5 stars and an optional short comment, once per ticket, for
    `[feedback] rating_days` after it was finished. The comment is not echoed."""
    rating = await tx.write(
        lambda s: s.feedback.rate(
            ticket_id,
            score=body.score,
            comment=body.comment,
            now=now,
            token=body.token,
            device=tablet,
        )
    )
    return RatingOut.model_validate(rating)
