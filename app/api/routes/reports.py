"""The quarterly report (000 p.40) and the half-year draft (003 App.2 p.7(6)) as Excel
workbooks: the tables of the printable page (/reports/quarterly, /reports/half-year), a sheet
each, in Kazakh and Russian. Administrator and analyst only, as the statistics' exports."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from openpyxl import Workbook

from app.api.downloads import XLSX, attachment
from app.api.responses import API_RESPONSES
from app.domain.report_periods import FIRST_YEAR, LAST_YEAR, ReportKind
from app.edge.access import Reporter
from app.edge.deps import Now, Tx
from app.schemas.report_layout import NO_DATA, Both, Document, both
from app.schemas.report_tables import document

router = APIRouter(prefix="/api/reports", tags=["reports"], responses=API_RESPONSES)

# The bounds are the schema's, so that a script reads them there; the page says the same
# refusal in the reader's words (app.domain.reports).
Year = Annotated[
    int | None,
    Query(ge=FIRST_YEAR, le=LAST_YEAR, description="default: the last whole period's year"),
]
Quarter = Annotated[int | None, Query(ge=1, le=4, description="default: the last whole quarter")]
Half = Annotated[int | None, Query(ge=1, le=2, description="default: the last whole half")]
WORKBOOK: dict[int | str, dict[str, Any]] = {
    200: {"content": {XLSX: {}}, "description": "the workbook, a sheet a table"}
}


@router.get("/quarterly.xlsx", response_class=Response, responses=WORKBOOK)
async def quarterly_xlsx(
    tx: Tx,
    now: Now,
    _: Reporter,
    year: Year = None,
    quarter: Quarter = None,
) -> Response:
    """The quarterly report: visitors by zone and month, personal receptions per official,
    booking requests by channel and outcome, refusals by ground, deadlines met and missed,
    ratings and the telephone survey. A quarter other than 1–4 or a year outside 2000–2099 is
    refused (422); a quarter still to come is empty."""
    return await _workbook(tx, now, ReportKind.QUARTER, year, quarter)


@router.get("/half-year.xlsx", response_class=Response, responses=WORKBOOK)
async def half_year_xlsx(
    tx: Tx,
    now: Now,
    _: Reporter,
    year: Year = None,
    half: Half = None,
) -> Response:
    """The half-year draft: the quarterly report's tables over six months, and the problem
    issues by topic and district (003 App.2 p.7(1)–(2))."""
    return await _workbook(tx, now, ReportKind.HALF_YEAR, year, half)


async def _workbook(
    tx: Tx, now: datetime, kind: ReportKind, year: int | None, number: int | None
) -> Response:
    report = await tx.read(lambda s: s.reports.report(kind, year, number, now))
    doc = document(report, tx.site.centre)
    return attachment(xlsx_bytes(doc), XLSX, f"{doc.file_name}.xlsx")


def xlsx_bytes(doc: Document) -> bytes:
    """A sheet a table: its title and the period on the first row, the header on the second,
    then the rows (or "no data"). A text in both languages reads «Барлығы / Итого»."""
    book = Workbook(write_only=True)
    period = doc.period.joined()
    for part in doc.parts:
        for table in part.tables:
            sheet = book.create_sheet(table.code)
            sheet.append([f"{table.title.joined()} — {period}"])
            sheet.append([column.joined() for column in table.columns])
            for row in table.rows:
                sheet.append([c.joined() if isinstance(c, Both) else c for c in row.cells])
            if not table.rows:
                sheet.append([both(NO_DATA).joined()])
    book.properties.title = f"{doc.title.joined()} — {period}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
