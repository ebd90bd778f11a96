"""Fields as the API takes them. Text has no control or direction characters (a NUL breaks
PostgreSQL, a bidi mark makes one name display as another) and names are one line; dates lie
in this century, so that no deadline arithmetic runs off the calendar (9999-12-31 plus a
month is an overflow, not a date)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field

from app.domain.text import N_, hidden_characters

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def _one_line(value: str) -> str:
    if hidden_characters(value, lines=False):
        raise ValueError(N_("must be one line of visible characters"))
    return value


def _visible(value: str) -> str:
    if hidden_characters(value):
        raise ValueError(N_("must not contain control or direction characters"))
    return value


def _this_century(value: datetime) -> datetime:
    if not FIRST_DAY <= value.date() <= LAST_DAY:
        raise ValueError(N_("must lie in the years 2000 to 2099"))
    return value


Line = Annotated[str, AfterValidator(_one_line)]
Paragraph = Annotated[str, AfterValidator(_visible)]
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Moment = Annotated[AwareDatetime, AfterValidator(_this_century)]
