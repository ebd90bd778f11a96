"""Problem-issue monitoring by district or city (003 App.2 p.7(1)–(5)) for integrations and
scripts: the /monitoring page's table as JSON, CSV or XLSX. Administrator and analyst only."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from openpyxl import Workbook

from app.api.downloads import CSV, XLSX, attachment, csv_text
from app.api.responses import API_RESPONSES
from app.config.centre import CentreConfig
from app.domain.monitoring import What
from app.edge.access import Reporter
from app.edge.deps import Tx
from app.schemas.fields import Day
from app.schemas.monitoring import MonitoringOut, previous_rows, table_rows

router = APIRouter(prefix="/api", tags=["statistics"], responses=API_RESPONSES)

From = Annotated[Day, Query(alias="from", description="first day, YYYY-MM-DD (centre-local)")]
To = Annotated[Day, Query(alias="to", description="last day, YYYY-MM-DD, included")]
Counted = Annotated[
    What,
    Query(description="booking requests registered, appeals filed at receptions, or both"),
]


async def read(tx: Tx, first: date, last: date, what: What) -> MonitoringOut:
    return MonitoringOut.of(await tx.read(lambda s: s.monitoring(first, last, what)))


@router.get("/monitoring", response_model_by_alias=True)
async def get_monitoring(
    tx: Tx, _: Reporter, first: From, last: To, what: Counted = What.ALL
) -> MonitoringOut:
    """Requests and appeals of the period by topic (rows) and district (columns), each cell,
    row and column with its count in the period of the same length just before it and the
    change. A period over 400 days, or ending before it starts, is refused (422)."""
    return await read(tx, first, last, what)


@router.get("/monitoring.csv", response_class=Response)
async def get_monitoring_csv(
    tx: Tx, _: Reporter, first: From, last: To, what: Counted = What.ALL
) -> Response:
    """The table as CSV (UTF-8 with BOM, so a spreadsheet opens it right): a row a topic with
    its total, previous total and change; then the districts' totals, previous and change."""
    out = await read(tx, first, last, what)
    return attachment(csv_text(table_rows(out)), CSV, f"{file_name(out)}.csv")


@router.get("/monitoring.xlsx", response_class=Response)
async def get_monitoring_xlsx(
    tx: Tx, _: Reporter, first: From, last: To, what: Counted = What.ALL
) -> Response:
    """The table as an Excel workbook; a second sheet holds the previous period's cells, a
    third the names of the topics and districts in Kazakh, Russian and English."""
    out = await read(tx, first, last, what)
    return attachment(xlsx_bytes(out, tx.site.centre), XLSX, f"{file_name(out)}.xlsx")


def xlsx_bytes(out: MonitoringOut, centre: CentreConfig) -> bytes:
    book = Workbook(write_only=True)
    for title, rows in (
        ("monitoring", table_rows(out)),
        ("previous period", previous_rows(out)),
        ("names", name_rows(centre)),
    ):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def name_rows(centre: CentreConfig) -> list[list[object]]:
    rows: list[list[object]] = [["list", "code", "kk", "ru", "en"]]
    for kind, choices in (("topic", centre.topics), ("district", centre.districts)):
        rows += [[kind, c.code, c.name.kk, c.name.ru, c.name.en] for c in choices]
    return rows


def file_name(out: MonitoringOut) -> str:
    """The filter in the name: monitoring-2026-10-01-2026-12-31-all."""
    return f"monitoring-{out.first.isoformat()}-{out.last.isoformat()}-{out.what.value}"
