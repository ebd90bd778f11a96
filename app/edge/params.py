"""Parameters many routes share, bounded where the database is: an id beyond a 32-bit
integer is not a row of ours (and overflows PostgreSQL's integer with a 500)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import BeforeValidator

MAX_ROW_ID = 2_147_483_647

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
RowIdQuery = Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)]


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


# An empty form field is no value (a browser sends "" for an untouched number input).
BlankIsNone = BeforeValidator(_blank_is_none)
