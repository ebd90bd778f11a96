"""What the rating API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.domain.feedback import COMMENT_MAX, SCORES, RatingSource
from app.schemas import ReadModel
from app.schemas.fields import Paragraph

# As the status page's address carries it (kiosk.status): 22 URL-safe characters today.
StatusToken = Annotated[str, Field(min_length=8, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


class RatingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: StatusToken | None = Field(
        default=None,
        description="the ticket's status token (the end of its status page's address, "
        "/t/{token}); may be left out by a paired feedback tablet",
    )
    score: Annotated[int, Field(ge=SCORES[0], le=SCORES[-1], description="1–5 stars")]
    comment: Annotated[
        Paragraph | None,
        Field(
            max_length=COMMENT_MAX,
            description=f"optional, at most {COMMENT_MAX} characters; kept for the centre "
            "only (never shown on a public screen) and deleted after its retention period",
        ),
    ] = None


class RatingOut(ReadModel):
    ticket_id: int
    score: int
    source: RatingSource
    at: datetime
