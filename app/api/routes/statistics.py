"""The centre's statistics for integrations and scripts (000 p.40): the same numbers as the
/statistics page, as JSON, CSV or XLSX. Administrator and analyst only."""

from __future__ import annotations

import io
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from openpyxl import Workbook

from app.api.downloads import CSV, XLSX, attachment, csv_text
from app.api.responses import API_RESPONSES
from app.domain.statistics import Grouping
from app.edge.access import Reporter
from app.edge.deps import Now, Tx
from app.schemas.fields import Day
from app.schemas.statistics import (
    ASSISTANCE_COLUMNS,
    COLUMNS,
    SURVEY_COLUMNS,
    WORKPLACE_COLUMNS,
    StatisticsOut,
    flat,
    flat_assistance,
    flat_survey,
    flat_workplace,
)

router = APIRouter(prefix="/api", tags=["statistics"], responses=API_RESPONSES)

From = Annotated[Day, Query(alias="from", description="first day, YYYY-MM-DD (centre-local)")]
To = Annotated[Day, Query(alias="to", description="last day, YYYY-MM-DD, included")]
By = Annotated[Grouping, Query(description="how the rows are grouped")]


class Table(StrEnum):
    """The tables of the statistics page, each its own CSV."""

    GROUPS = "groups"  # the visitors by the chosen grouping, then the total
    WORKPLACES = "workplaces"  # each workplace's serving, paused and idle time
    SURVEY = "survey"  # the telephone survey by kind (000 p.38)
    ASSISTANCE = "assistance"  # the self-service zone's help by kind (001 p.11)


async def read(tx: Tx, first: date, last: date, by: Grouping, now: datetime) -> StatisticsOut:
    stats = await tx.read(lambda s: s.statistics(first, last, by, now))
    return StatisticsOut.of(stats)


@router.get("/statistics", response_model_by_alias=True)
async def get_statistics(
    tx: Tx, now: Now, _: Reporter, first: From, last: To, by: By = Grouping.ZONE
) -> StatisticsOut:
    """Counts, times (median, p90, max in minutes) and the share called within the zone's
    target wait, per group and in total. A period over 400 days, or ending before it starts,
    is refused (422)."""
    return await read(tx, first, last, by, now)


@router.get("/statistics.csv", response_class=Response)
async def get_statistics_csv(
    tx: Tx,
    now: Now,
    _: Reporter,
    first: From,
    last: To,
    by: By = Grouping.ZONE,
    table: Annotated[Table, Query(description="which table")] = Table.GROUPS,
) -> Response:
    """One table as CSV (UTF-8 with BOM, so a spreadsheet opens Kazakh and Russian text
    right): the groups' rows then the total, the survey or the self-service assistance."""
    stats = await read(tx, first, last, by, now)
    return attachment(csv_text(table_rows(stats, table)), CSV, f"{file_name(stats, table)}.csv")


@router.get("/statistics.xlsx", response_class=Response)
async def get_statistics_xlsx(
    tx: Tx, now: Now, _: Reporter, first: From, last: To, by: By = Grouping.ZONE
) -> Response:
    """Every table as an Excel workbook: the groups' rows then the total, the workplaces'
    time, the survey, the self-service assistance, a sheet each."""
    stats = await read(tx, first, last, by, now)
    return attachment(xlsx_bytes(stats), XLSX, f"{file_name(stats)}.xlsx")


def xlsx_bytes(stats: StatisticsOut) -> bytes:
    book = Workbook(write_only=True)
    for table in Table:
        name = f"by {stats.by.value}" if table is Table.GROUPS else table.value
        sheet = book.create_sheet(name)
        for row in table_rows(stats, table):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_rows(stats: StatisticsOut, table: Table) -> list[list[object]]:
    """The table's header, then its rows."""
    if table is Table.SURVEY:
        return [list(SURVEY_COLUMNS), *(flat_survey(r) for r in stats.survey)]
    if table is Table.WORKPLACES:
        return [list(WORKPLACE_COLUMNS), *(flat_workplace(r) for r in stats.workplaces)]
    if table is Table.ASSISTANCE:
        return [list(ASSISTANCE_COLUMNS), *(flat_assistance(r) for r in stats.assistance)]
    total = ["total", *flat(stats.total)[1:]]
    return [list(COLUMNS), *(flat(r) for r in stats.rows), total]


def file_name(stats: StatisticsOut, table: Table = Table.GROUPS) -> str:
    """The filter in the name: statistics-2026-11-01-2026-11-30-by-zone, and for the other
    tables survey-2026-11-01-2026-11-30 or assistance-…"""
    period = f"{stats.first.isoformat()}-{stats.last.isoformat()}"
    if table is Table.GROUPS:
        return f"statistics-{period}-by-{stats.by.value}"
    return f"{table.value}-{period}"
