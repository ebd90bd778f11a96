"""The centre's statistics for integrations and scripts (000 p.40): the same numbers as the
/statistics page, as JSON, CSV or XLSX. Administrator and analyst only."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from openpyxl import Workbook

from app.api.responses import API_RESPONSES
from app.domain.statistics import Grouping
from app.edge.access import Reporter
from app.edge.deps import Tx
from app.schemas.fields import Day
from app.schemas.statistics import COLUMNS, StatisticsOut, flat

router = APIRouter(prefix="/api", tags=["statistics"], responses=API_RESPONSES)

From = Annotated[Day, Query(alias="from", description="first day, YYYY-MM-DD (centre-local)")]
To = Annotated[Day, Query(alias="to", description="last day, YYYY-MM-DD, included")]
By = Annotated[Grouping, Query(description="how the rows are grouped")]


async def read(tx: Tx, first: date, last: date, by: Grouping) -> StatisticsOut:
    stats = await tx.read(lambda s: s.statistics(first, last, by))
    return StatisticsOut.of(stats)


@router.get("/statistics", response_model_by_alias=True)
async def get_statistics(
    tx: Tx, _: Reporter, first: From, last: To, by: By = Grouping.ZONE
) -> StatisticsOut:
    """Counts, times (median, p90, max in minutes) and the share called within the zone's
    target wait, per group and in total. A period over 400 days, or ending before it starts,
    is refused (422)."""
    return await read(tx, first, last, by)


@router.get("/statistics.csv", response_class=Response)
async def get_statistics_csv(
    tx: Tx, _: Reporter, first: From, last: To, by: By = Grouping.ZONE
) -> Response:
    """The same table as CSV (UTF-8 with BOM, so a spreadsheet opens Kazakh and Russian text
    right), its rows then the total."""
    stats = await read(tx, first, last, by)
    return Response(
        csv_text(stats),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file_name(stats)}.csv"'},
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/statistics.xlsx", response_class=Response)
async def get_statistics_xlsx(
    tx: Tx, _: Reporter, first: From, last: To, by: By = Grouping.ZONE
) -> Response:
    """The same table as an Excel workbook: one sheet, its rows then the total."""
    stats = await read(tx, first, last, by)
    return Response(
        xlsx_bytes(stats),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{file_name(stats)}.xlsx"'},
    )


def xlsx_bytes(stats: StatisticsOut) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"by {stats.by.value}")
    sheet.append(list(COLUMNS))
    for row in stats.rows:
        sheet.append(flat(row))
    sheet.append(["total", *flat(stats.total)[1:]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(stats: StatisticsOut) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in stats.rows:
        writer.writerow(flat(row))
    writer.writerow(["total", *flat(stats.total)[1:]])
    return out.getvalue()


def file_name(stats: StatisticsOut) -> str:
    """The filter in the name: statistics-2026-11-01-2026-11-30-by-zone."""
    return f"statistics-{stats.first.isoformat()}-{stats.last.isoformat()}-by-{stats.by.value}"
